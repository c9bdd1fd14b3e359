"""Reads of the trail: the transparency log's heads, the sizes proofs may use, events, and
the changes made by hand to people and reference data."""

from django.db.models import QuerySet

from core.changes import CHANGE_ACTIONS

from .changes import RECORD_TYPES
from .models import AuditEvent, SignedTreeHead
from .tree import log_size
from .visibility import event_visible_to


def signed_heads():
    return SignedTreeHead.objects.all()


def latest_head() -> SignedTreeHead | None:
    return SignedTreeHead.objects.order_by("-timestamp", "-id").first()


def head_of_size(size: int) -> SignedTreeHead | None:
    return SignedTreeHead.objects.filter(tree_size=size).order_by("-timestamp", "-id").first()


def provable_size(size: int) -> bool:
    """Proofs are given only at sizes the parties can hold us to: a signed head's, or
    the log's current size."""
    return size == log_size() or SignedTreeHead.objects.filter(tree_size=size).exists()


def log_event_visible(*, user, sequence: int) -> AuditEvent | None:
    """The event at `sequence` if `user` may see it (audit.visibility); None otherwise,
    whether it exists or not."""
    event = AuditEvent.objects.filter(sequence=sequence).first()
    if event is None or not event_visible_to(user, event):
        return None
    return event


def record_changes(*, record_type: str = "") -> QuerySet:
    """The changes made by hand, newest first, optionally of one record type."""
    events = AuditEvent.objects.filter(action__in=CHANGE_ACTIONS, subject_type__in=RECORD_TYPES)
    if record_type:
        events = events.filter(subject_type=record_type)
    return events.select_related("actor").order_by("-sequence")
