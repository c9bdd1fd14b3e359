# syntax=docker/dockerfile:1
# One image for web (gunicorn), worker (celery worker), beat (celery beat) and migrate;
# docker-compose.yml picks the command. Production settings, non-root, static files
# collected at build time and served by WhiteNoise.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/data/media \
    PG_DUMP=/usr/lib/postgresql/16/bin/pg_dump \
    PG_RESTORE=/usr/lib/postgresql/16/bin/pg_restore \
    WEB_CONCURRENCY=3

# libmagic: python-magic checks evidence content types from the bytes.
# gettext: msgfmt compiles the message catalogues at build time (compilemessages below).
# pg_dump and pg_restore of the server's major version (postgres:16 in docker-compose.yml)
# for `manage.py backup` / `restore`: bookworm ships 15, so they come from the PostgreSQL
# project's apt repository, set up by Debian's own postgresql-common script with the
# signing key that package carries.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates gettext libmagic1 postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, from the runtime lock alone (every package pinned, every file's hash
# checked: no test or development tool, no honcho), so that this layer is rebuilt only
# when the lock changes. The project declares no packages: the code runs from /app.
COPY requirements/runtime.txt /tmp/requirements.txt
RUN pip install --require-hashes -r /tmp/requirements.txt && rm /tmp/requirements.txt

# The code, listed one by one: nothing else from the working tree (no .venv, no local
# database, no .env) ends up in the image. tests/test_deployment.py checks that every
# local Django app is listed here.
COPY manage.py gunicorn.conf.py ./
COPY config ./config
COPY core ./core
COPY accounts ./accounts
COPY audit ./audit
COPY evidence ./evidence
COPY notifications ./notifications
COPY incidents ./incidents
COPY verification ./verification
COPY translations ./translations
COPY mediators ./mediators
COPY compliance ./compliance
COPY api ./api
COPY operations ./operations
COPY templates ./templates
COPY locale ./locale
COPY static ./static

# Static files and the compiled message catalogues at build time. The key and hosts are
# throwaway values that exist only for this command (production settings require them);
# the real ones come at run time.
# Evidence directory: a named volume mounted here starts with this ownership.
RUN DJANGO_SECRET_KEY=collectstatic-build-only-not-a-secret \
    LOG_SIGNING_KEY=collectstatic-build-only-not-a-key \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 \
    python manage.py collectstatic --noinput \
    && python manage.py compilemessages \
    && mkdir -p /data/media \
    && chown 10001:10001 /data/media

# By number, so that the platform can tell it is not root without reading /etc/passwd.
USER 10001:10001

EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind=0.0.0.0:8000", "--worker-tmp-dir=/dev/shm", "--access-logfile=-"]
