# syntax=docker/dockerfile:1
# One image for web (gunicorn), worker (celery worker), beat (celery beat) and migrate;
# docker-compose.yml picks the command. Production settings, non-root, static files
# collected at build time and served by WhiteNoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/data/media \
    WEB_CONCURRENCY=3

# libmagic: python-magic checks evidence content types from the bytes.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libmagic1 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so that this layer is rebuilt only when
# the dependencies change. The project declares no packages: the code runs from /app.
COPY pyproject.toml /tmp/build/
RUN pip install /tmp/build && rm -rf /tmp/build

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
COPY mediators ./mediators
COPY compliance ./compliance
COPY api ./api
COPY operations ./operations
COPY templates ./templates
COPY static ./static

# Static files at build time. The key and hosts are throwaway values that exist only for
# this command (production settings require them); the real ones come at run time.
# Evidence directory: a named volume mounted here starts with this ownership.
RUN DJANGO_SECRET_KEY=collectstatic-build-only-not-a-secret \
    LOG_SIGNING_KEY=collectstatic-build-only-not-a-key \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 \
    python manage.py collectstatic --noinput \
    && mkdir -p /data/media \
    && chown app:app /data/media

USER app

EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind=0.0.0.0:8000", "--worker-tmp-dir=/dev/shm", "--access-logfile=-"]
