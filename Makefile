# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEMO_PASSWORD ?= ceasefire-demo-2025
PORT ?= 8000

.PHONY: run test install install-test lock lock-check lint migrate seed messages messages-extract messages-check check-deploy bench load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs come from the locks in requirements/ (every package pinned, every file's hash
# checked), never from pyproject.toml's ranges; the project itself is then linked in
# without dependencies. `make lock` refreshes the locks after pyproject.toml changes.
# local = runtime + honcho (for `make run`); dev = runtime + every extra.
$(VENV)/.installed: requirements/local.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/local.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Recompiles requirements/*.txt from pyproject.toml with uv, keeping today's pins where
# they still fit; `make lock UPGRADE=1` moves every pin to the newest version allowed.
lock: install-test
	$(BIN)/python scripts/lock.py $(if $(UPGRADE),--upgrade)

# Fails when a lock was compiled from other dependency lists than pyproject.toml's.
lock-check: install-test
	$(BIN)/python scripts/lock.py --check

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo --password '$(DEMO_PASSWORD)' --min-claims 600

# The catalogues (locale/<language>/LC_MESSAGES/django.po) compiled to the .mo files Django
# reads; needs GNU gettext's msgfmt (Debian: apt-get install gettext).
messages: install
	$(BIN)/python manage.py compilemessages --ignore=$(VENV) --ignore=node_modules

# After marking new strings: adds them to every catalogue, untranslated, for translation.
MAKEMESSAGES = $(BIN)/python manage.py makemessages --no-obsolete --no-location --ignore=$(VENV) \
	  --ignore=staticfiles --ignore=tests --ignore=bench --ignore=docs \
	  -l ur -l ps -l fa_AF -l tr -l ar

messages-extract: install
	$(MAKEMESSAGES)

# Fails when the same extraction would add or remove a msgid (a marked string missing
# from the catalogues, or an entry the code no longer uses); leaves the catalogues as
# they were. Header dates, order and wrapping are not compared.
messages-check: install
	$(BIN)/python scripts/messages_check.py -- $(MAKEMESSAGES)

run: seed messages
	@mkdir -p .run/broker/queue .run/broker/processed
	@echo "Starting web on http://127.0.0.1:$(PORT), Celery worker and beat. Demo password: $(DEMO_PASSWORD)"
	PORT=$(PORT) $(BIN)/honcho start -f Procfile.dev

test: install-test messages
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r . -q
	$(BIN)/lint-imports

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=$$(openssl rand -hex 32) \
	LOG_SIGNING_KEY=$$(openssl rand -base64 32) \
	DJANGO_ALLOWED_HOSTS=mechanism.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

# Figures at a million claims on PostgreSQL (BENCH_DATABASE_URL; see bench/run.py).
bench: install-test
	$(BIN)/python -m bench.run

# The real mix under locust (bench/locustfile.py): 50 users for 2 minutes against gunicorn,
# PostgreSQL and Redis (BENCH_BROKER_URL); prints the requests, errors and p99.
load: install-test
	BENCH_ONLY=load $(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .run db.sqlite3 db.sqlite3-wal db.sqlite3-shm
