"""Background jobs of the audit trail. Thin and safe to run twice."""

from celery import shared_task

from .publication import audit_publish_chain_head


@shared_task(name="audit.publish_chain_head", acks_late=True)
def publish_chain_head() -> dict:
    publication = audit_publish_chain_head()
    return {
        "day": publication.record.day.isoformat(),
        "sequence": publication.record.sequence,
        "hash": publication.record.hash,
        "published": publication.created,
    }
