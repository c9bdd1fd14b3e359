import os

import structlog
from celery import Celery
from celery.signals import setup_logging
from django_structlog.celery.signals import bind_extra_task_metadata
from django_structlog.celery.steps import DjangoStructLogInitStep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("ceasefire")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Each line a task logs carries its id and name (django-structlog's worker signals).
app.steps["worker"].add(DjangoStructLogInitStep)


@setup_logging.connect
def _settings_logging(**kwargs):
    """Workers and beat log as the web does (settings.LOGGING: LOG_FORMAT, level),
    instead of Celery's own format."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


def _bind_task_name(sender, task=None, **kwargs):
    """The task's name on every line it logs, beside the id django-structlog binds."""
    structlog.contextvars.bind_contextvars(task=task.name)


bind_extra_task_metadata.connect(_bind_task_name, dispatch_uid="ceasefire-task-name")


@app.task(name="ceasefire.ping")
def ping():
    """Round trip used by the health check tooling and the worker integration test."""
    return "pong"
