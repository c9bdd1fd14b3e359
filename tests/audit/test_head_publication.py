"""Once a day the chain head (sequence and hash) goes to every officer of both parties
and to the secretariat, as a notification (and its email), so that a history rewritten
later no longer matches what they hold. Once per day, however often the task runs."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from audit.models import AuditEvent, ChainHead, ChainHeadPublication
from audit.publication import audit_publish_chain_head
from audit.services import audit_verify_chain
from audit.tasks import publish_chain_head
from config.celery_app import app
from notifications.models import Notification

from .conftest import TABLE, append_only_bypassed, record_events

pytestmark = pytest.mark.django_db


def published_to(kind="audit_chain_head"):
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_the_head_goes_to_both_parties_and_the_secretariat(cast):
    record_events(4, actor=cast["pak_officer"])
    head = ChainHead.objects.get()

    publication = audit_publish_chain_head()

    assert publication.created
    assert (publication.record.sequence, publication.record.hash) == (head.sequence, head.hash)
    assert publication.record.chain_intact
    assert published_to() == {"pak_officer", "afg_officer", "secretariat"}
    note = Notification.objects.filter(kind="audit_chain_head").first()
    assert f"sequence: {head.sequence}" in note.body
    assert f"hash: {head.hash}" in note.body
    assert "verified intact" in note.body


def test_publishing_is_itself_on_the_chain(cast):
    record_events(2)
    head = ChainHead.objects.get()

    audit_publish_chain_head()

    event = AuditEvent.objects.get(action="chain_head_published")
    assert event.sequence == head.sequence + 1
    assert event.payload["sequence"] == head.sequence
    assert event.payload["hash"] == head.hash
    assert event.payload["recipients"] == 3
    assert audit_verify_chain().ok


def test_once_a_day_however_often_it_runs(cast):
    record_events(2)
    day = timezone.now()
    with time_machine.travel(day, tick=False):
        first = audit_publish_chain_head()
        record_events(1, first_subject=10)
        again = audit_publish_chain_head()

    assert not again.created
    assert again.record == first.record
    assert Notification.objects.filter(kind="audit_chain_head").count() == 3
    assert AuditEvent.objects.filter(action="chain_head_published").count() == 1

    with time_machine.travel(day + timedelta(days=1), tick=False):
        next_day = audit_publish_chain_head()
    assert next_day.created
    assert next_day.record.sequence > first.record.sequence
    assert ChainHeadPublication.objects.count() == 2
    assert Notification.objects.filter(kind="audit_chain_head").count() == 6


def test_the_beat_task_publishes_and_a_retry_sends_nothing_more(cast):
    record_events(3)

    first = publish_chain_head.delay().get()
    second = publish_chain_head.delay().get()

    assert first["published"] and not second["published"]
    assert first["sequence"] == second["sequence"] == 3
    assert first["hash"] == second["hash"]
    assert Notification.objects.filter(kind="audit_chain_head").count() == 3


def test_the_beat_schedule_runs_it_once_a_day():
    entry = settings.CELERY_BEAT_SCHEDULE["publish-audit-chain-head"]
    schedule = entry["schedule"]

    assert entry["task"] == "audit.publish_chain_head"
    assert entry["task"] in app.tasks
    assert len(schedule.hour) == 1 and len(schedule.minute) == 1
    assert schedule.day_of_week == set(range(7))
    assert schedule.day_of_month == set(range(1, 32))


def test_a_broken_chain_is_published_with_a_warning(cast):
    record_events(4)
    with append_only_bypassed() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET action = 'edited' WHERE sequence = 2")  # noqa: S608

    publication = audit_publish_chain_head()

    assert publication.created and not publication.record.chain_intact
    note = Notification.objects.filter(kind="audit_chain_head").first()
    assert "did NOT verify: event #2" in note.body


def test_a_rewritten_history_no_longer_leads_to_the_published_hash(cast):
    """The point of publishing: recomputing every hash after a change makes the chain
    verify again, but the event at the published sequence no longer has the hash the
    parties were sent."""
    from audit.services import event_content, event_hash, event_leaf_hash

    record_events(4)
    published = audit_publish_chain_head().record
    with append_only_bypassed() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET subject_ref = 'FORGED' WHERE sequence = 2")  # noqa: S608
        prev = AuditEvent.objects.get(sequence=1).hash
        for event in AuditEvent.objects.filter(sequence__gte=2).order_by("sequence"):
            digest = event_hash(prev, event_content(event))
            cursor.execute(
                f"UPDATE {TABLE} SET prev_hash = %s, hash = %s, leaf_hash = %s "  # noqa: S608
                "WHERE sequence = %s",
                [prev, digest, event_leaf_hash(event_content(event)), event.sequence],
            )
            prev = digest
        ChainHead.objects.filter(pk=1).update(hash=prev)

    assert audit_verify_chain().ok  # the database alone cannot tell
    assert AuditEvent.objects.get(sequence=published.sequence).hash != published.hash


def test_inactive_cast_reviewers_and_observers_are_not_sent_it(cast):
    cast["afg_officer"].is_active = False
    cast["afg_officer"].save()

    audit_publish_chain_head()

    assert published_to() == {"pak_officer", "secretariat"}
