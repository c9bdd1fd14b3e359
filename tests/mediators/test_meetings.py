"""Review meetings: a generated agenda and joint decisions that close disputed claims."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import CommonError, ServiceError
from incidents.models import Incident
from mediators.models import AgendaReason
from mediators.services import agenda_item_decide, meeting_close, meeting_schedule
from tests.factories import meeting_begun, reply_first
from verification.error_codes import ReviewError
from verification.statuses import Status


def schedule(secretariat, days=3):
    return meeting_schedule(
        actor=secretariat,
        title="Implementation review",
        scheduled_for=timezone.now() + timedelta(days=days),
    )


def test_agenda_is_generated_from_disputed_overdue_and_awaiting_reply(file_claim, cast):
    disputed = file_claim("disputed")
    awaiting = file_claim("under_review")
    overdue = file_claim("under_review", by="afg_officer")
    type(overdue).objects.filter(pk=overdue.pk).update(findings_overdue_at=timezone.now())
    decided = file_claim("verified")
    meeting = schedule(cast["secretariat"])
    reasons = {item.incident_id: item.reason for item in meeting.items.all()}
    assert reasons[disputed.pk] == AgendaReason.DISPUTED
    assert reasons[awaiting.pk] == AgendaReason.AWAITING_REPLY
    assert reasons[overdue.pk] == AgendaReason.OVERDUE
    assert decided.pk not in reasons
    assert AuditEvent.objects.filter(action="placed_on_agenda").count() == 3


def test_a_claim_is_on_one_open_agenda_only(file_claim, cast):
    file_claim("disputed")
    first = schedule(cast["secretariat"], days=3)
    second = schedule(cast["secretariat"], days=10)
    assert first.items.count() == 1
    assert second.items.count() == 0


def test_meeting_decision_closes_a_disputed_claim(file_claim, cast):
    claim = file_claim("disputed")
    meeting = schedule(cast["secretariat"])
    item = meeting.items.get(incident=claim)
    agenda_item_decide(
        actor=cast["secretariat"],
        item=item,
        minutes="Co-chairs agreed after the site visit.",
        outcome="verified",
        grade="probable",
        intent="accidental",
    )
    claim.refresh_from_db()
    assert claim.status == Status.VERIFIED
    assert claim.grade == "probable"
    assert claim.intent == "accidental"  # the meeting's intent is the record's
    item.refresh_from_db()
    assert item.decision_intent == "accidental"
    event = AuditEvent.objects.get(subject_id=claim.pk, action="meeting_decision")
    assert event.payload["minutes"] == "Co-chairs agreed after the site visit."
    assert event.payload["intent"] == "accidental"


@pytest.mark.parametrize(
    ("outcome", "intent"),
    [("verified", ""), ("verified", "on purpose"), ("inconclusive", "deliberate")],
)
def test_a_verified_decision_says_its_intent_and_only_it(file_claim, cast, outcome, intent):
    claim = file_claim("disputed")
    item = schedule(cast["secretariat"]).items.get(incident=claim)
    with pytest.raises(ServiceError) as refused:
        agenda_item_decide(
            actor=cast["secretariat"],
            item=item,
            minutes="Agreed.",
            outcome=outcome,
            grade="probable",
            intent=intent,
        )
    assert refused.value.code == CommonError.VALIDATION_ERROR
    assert set(refused.value.fields) == {"intent"}
    claim.refresh_from_db()
    assert claim.status == Status.DISPUTED


def test_no_meeting_decision_while_the_accused_party_may_still_reply(file_claim, cast):
    claim = file_claim("under_review")
    # A claim disputed before the right of reply came first: its window is still open.
    Incident.objects.filter(pk=claim.pk).update(status=Status.DISPUTED)
    item = schedule(cast["secretariat"]).items.get(incident=claim)
    with pytest.raises(ServiceError) as refused:
        agenda_item_decide(
            actor=cast["secretariat"],
            item=item,
            minutes="Agreed.",
            outcome="inconclusive",
            grade="possible",
        )
    assert refused.value.code == ReviewError.REPLY_PENDING
    item.refresh_from_db()
    assert item.decided_at is None
    reply_first(cast["afg_officer"], claim)
    agenda_item_decide(
        actor=cast["secretariat"],
        item=item,
        minutes="Agreed once the reply was in.",
        outcome="inconclusive",
        grade="possible",
    )
    claim.refresh_from_db()
    assert claim.status == Status.INCONCLUSIVE


def test_decision_needs_minutes_and_happens_once(file_claim, cast):
    claim = file_claim("disputed")
    item = schedule(cast["secretariat"]).items.get(incident=claim)
    with pytest.raises(ServiceError) as refused:
        agenda_item_decide(
            actor=cast["secretariat"], item=item, minutes=" ", outcome="verified", grade="probable"
        )
    assert refused.value.code == CommonError.VALIDATION_ERROR
    agenda_item_decide(
        actor=cast["secretariat"],
        item=item,
        minutes="Agreed.",
        outcome="inconclusive",
        grade="possible",
    )
    with pytest.raises(ServiceError) as refused:
        agenda_item_decide(
            actor=cast["secretariat"],
            item=item,
            minutes="Again.",
            outcome="verified",
            grade="possible",
        )
    assert refused.value.code == ReviewError.ALREADY_RECORDED


@pytest.mark.parametrize("role", ["pak_officer", "tur_reviewer", "observer"])
def test_only_the_secretariat_schedules_and_decides(file_claim, cast, role):
    claim = file_claim("disputed")
    with pytest.raises(ServiceError) as refused:
        schedule(cast[role])
    assert refused.value.code == CommonError.PERMISSION_DENIED
    item = schedule(cast["secretariat"]).items.get(incident=claim)
    with pytest.raises(ServiceError) as refused:
        agenda_item_decide(
            actor=cast[role], item=item, minutes="x", outcome="verified", grade="possible"
        )
    assert refused.value.code == CommonError.PERMISSION_DENIED


def test_a_closed_meeting_takes_no_decisions(file_claim, cast):
    claim = file_claim("disputed")
    meeting = meeting_begun(schedule(cast["secretariat"]))
    meeting_close(actor=cast["secretariat"], meeting=meeting, minutes="Adjourned.")
    with pytest.raises(ServiceError) as refused:
        agenda_item_decide(
            actor=cast["secretariat"],
            item=meeting.items.get(incident=claim),
            minutes="x",
            outcome="verified",
            grade="possible",
        )
    assert refused.value.code == CommonError.ILLEGAL_TRANSITION


def test_meeting_in_the_past_is_refused(cast):
    with pytest.raises(ServiceError) as refused:
        schedule(cast["secretariat"], days=-1)
    assert refused.value.fields.keys() == {"scheduled_for"}


def test_a_claim_answering_to_two_reasons_goes_on_the_agenda_once(file_claim, cast):
    # An appeal waiting and a denial not yet heard named the same claim twice, and the
    # second row broke agenda_item_once_per_meeting: the sweep or the scheduling rolled
    # back whole.
    from django.db import transaction

    from mediators.services import _add_items

    meeting = schedule(cast["secretariat"])
    claim = file_claim("verified")
    candidates = {AgendaReason.ACCESS_DENIED: [claim.pk], AgendaReason.APPEAL: [claim.pk]}

    with transaction.atomic():
        items = _add_items(meeting, candidates, actor=None, now=timezone.now())

    assert [(i.incident_id, i.reason) for i in items] == [(claim.pk, AgendaReason.ACCESS_DENIED)]
    assert list(meeting.items.values_list("incident_id", "reason")) == [
        (claim.pk, AgendaReason.ACCESS_DENIED)
    ]
    assert AuditEvent.objects.filter(action="placed_on_agenda", subject_id=claim.pk).count() == 1
