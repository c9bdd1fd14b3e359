import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("ceasefire")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="ceasefire.ping")
def ping():
    """Round trip used by the health check tooling and the worker integration test."""
    return "pong"
