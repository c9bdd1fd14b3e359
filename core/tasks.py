"""Background jobs of the API plumbing. Thin and safe to run twice."""

from celery import shared_task

from core.api.idempotency import idempotency_keys_purge


@shared_task(name="api.purge_idempotency_keys", acks_late=True)
def purge_idempotency_keys() -> int:
    return idempotency_keys_purge()
