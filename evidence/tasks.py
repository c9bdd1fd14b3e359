"""Background jobs. Thin: each calls one service and is safe to run twice."""

from celery import shared_task

from .analysis import evidence_analyse_by_id


@shared_task(name="evidence.analyse", acks_late=True)
def analyse(evidence_type: str, evidence_id: int) -> bool:
    return evidence_analyse_by_id(evidence_type=evidence_type, evidence_id=evidence_id)
