"""The party found against appeals a final finding once, in its window; the meeting
upholds or overturns it, and the claim keeps its first finding beside the decision."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import CommonError, ServiceError
from incidents.appeals.error_codes import AppealError
from incidents.appeals.models import Appeal, AppealStatus
from incidents.appeals.services import appeal_decide, appeal_file
from mediators.models import AgendaItem, AgendaReason
from mediators.services import agenda_item_decide, meeting_refresh_agenda, meeting_schedule
from notifications.models import Notification
from verification.statuses import Status

from .conftest import GROUNDS


@pytest.mark.parametrize(
    ("state", "against", "other"),
    [("verified", "afg_officer", "pak_officer"), ("not_verified", "pak_officer", "afg_officer")],
)
def test_only_the_party_found_against_appeals(file_claim, appeal_of, cast, state, against, other):
    claim = file_claim(state)
    with pytest.raises(ServiceError) as error:
        appeal_of(claim, by=other)
    assert error.value.code == AppealError.APPEAL_NOT_YOUR_PARTY
    appeal = appeal_of(claim, by=against)
    claim.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING
    assert appeal.party_id == cast[against].party_id
    assert appeal.appealed_outcome == state
    assert claim.appeal_status == AppealStatus.PENDING
    assert claim.status == state  # the finding stands until the meeting decides


@pytest.mark.parametrize("role", ["tur_reviewer", "secretariat", "observer"])
def test_only_officers_appeal(file_claim, appeal_of, role):
    claim = file_claim("verified")
    with pytest.raises(ServiceError) as error:
        appeal_of(claim, by=role)
    assert error.value.code == CommonError.PERMISSION_DENIED


def test_a_second_appeal_is_refused(file_claim, appeal_of):
    claim = file_claim("verified")
    appeal_of(claim)
    with pytest.raises(ServiceError) as error:
        appeal_of(claim)
    assert error.value.code == AppealError.APPEAL_ALREADY_FILED
    assert Appeal.objects.filter(incident=claim).count() == 1


def test_the_database_holds_one_appeal_per_claim(file_claim, appeal_of):
    appeal = appeal_of(file_claim("verified"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.create(
            incident=appeal.incident,
            party=appeal.party,
            appealed_outcome="verified",
            grounds="Again.",
            filed_by=appeal.filed_by,
            filed_at=appeal.filed_at,
        )


def test_a_decided_appeal_needs_minutes_in_the_database(file_claim, appeal_of):
    appeal = appeal_of(file_claim("verified"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.filter(pk=appeal.pk).update(status="upheld", decided_at=appeal.filed_at)


def test_an_appeal_past_its_window_is_refused(file_claim, appeal_of, category):
    claim = file_claim("verified")
    due = claim.closed_at + timedelta(days=category.appeal_days)
    with time_machine.travel(due, tick=False), pytest.raises(ServiceError) as error:
        appeal_of(claim)
    assert error.value.code == AppealError.APPEAL_WINDOW_CLOSED
    with time_machine.travel(due - timedelta(seconds=1), tick=False):
        assert appeal_of(claim).status == AppealStatus.PENDING


def test_the_window_is_the_categorys(file_claim, appeal_of, category):
    category.appeal_days = 2
    category.save()
    claim = file_claim("verified")
    with (
        time_machine.travel(claim.closed_at + timedelta(days=3), tick=False),
        pytest.raises(ServiceError) as error,
    ):
        appeal_of(claim)
    assert error.value.code == AppealError.APPEAL_WINDOW_CLOSED


@pytest.mark.parametrize("state", ["under_review", "disputed", "inconclusive"])
def test_an_undecided_or_inconclusive_claim_is_not_appealable(file_claim, appeal_of, state):
    claim = file_claim(state)
    for by in ("pak_officer", "afg_officer"):
        with pytest.raises(ServiceError) as error:
            appeal_of(claim, by=by)
        assert error.value.code == AppealError.APPEAL_NOT_APPEALABLE


def test_blank_grounds_write_nothing(file_claim, cast):
    claim = file_claim("verified")
    for grounds in ("", "   ", "\u200b", "Bad\u202eorder"):
        with pytest.raises(ServiceError) as error:
            appeal_file(actor=cast["afg_officer"], incident=claim, grounds=grounds)
        assert error.value.code == CommonError.VALIDATION_ERROR
        assert "grounds" in error.value.fields
    claim.refresh_from_db()
    assert claim.appeal_status == AppealStatus.NONE
    assert not Appeal.objects.exists()


def test_filing_is_on_the_trail_without_the_grounds(file_claim, appeal_of, cast):
    claim = file_claim("verified")
    appeal_of(claim)
    event = AuditEvent.objects.get(subject_id=claim.pk, action="appeal_filed")
    assert event.actor == cast["afg_officer"]
    assert event.payload["party"] == "AFG"
    assert "grounds" not in event.payload
    assert GROUNDS not in str(event.payload)
    assert len(event.payload["grounds_sha256"]) == 64
    kinds = set(Notification.objects.filter(kind="appeal_filed").values_list("user_id", flat=True))
    assert {cast[name].pk for name in ("pak_officer", "afg_officer", "secretariat")} <= kinds
    assert {cast["tur_reviewer"].pk, cast["qat_reviewer"].pk} <= kinds


def test_an_appeal_goes_on_the_next_meetings_agenda(file_claim, appeal_of, meeting):
    claim = file_claim("verified")
    appeal_of(claim)
    item = meeting.items.get(incident=claim)
    assert item.reason == AgendaReason.APPEAL
    placed = AuditEvent.objects.get(subject_id=claim.pk, action="placed_on_agenda")
    assert placed.payload == {"meeting": meeting.pk, "reason": "appeal"}


def test_an_appeal_filed_before_any_meeting_is_placed_when_one_is_scheduled(
    file_claim, appeal_of, cast
):
    claim = file_claim("verified")
    appeal_of(claim)
    assert not AgendaItem.objects.exists()
    meeting = meeting_schedule(
        actor=cast["secretariat"],
        title="Next review",
        scheduled_for=timezone.now() + timedelta(days=5),
    )
    assert meeting.items.get(incident=claim).reason == AgendaReason.APPEAL
    assert meeting_refresh_agenda(actor=cast["secretariat"], meeting=meeting) == []


def decide(cast, claim, meeting, decision, minutes="Heard both delegations on the new imagery."):
    item = meeting.items.get(incident=claim)
    return agenda_item_decide(
        actor=cast["secretariat"], item=item, minutes=minutes, appeal_decision=decision
    )


def test_the_meeting_upholds_the_finding(file_claim, appeal_of, meeting, cast):
    claim = file_claim("verified")
    appeal_of(claim)
    item = decide(cast, claim, meeting, "uphold")
    claim.refresh_from_db()
    appeal = claim.appeals.get()
    assert claim.status == Status.VERIFIED
    assert claim.appeal_status == appeal.status == AppealStatus.UPHELD
    assert appeal.decided_by == cast["secretariat"]
    assert appeal.minutes == item.minutes
    assert appeal.meeting == str(meeting)
    event = AuditEvent.objects.get(subject_id=claim.pk, action="appeal_upheld")
    assert event.from_status == event.to_status == "verified"
    assert Notification.objects.filter(kind="appeal_upheld", user=cast["pak_officer"]).exists()


@pytest.mark.parametrize(
    ("state", "turned"), [("verified", "not_verified"), ("not_verified", "verified")]
)
def test_the_meeting_overturns_the_finding_and_keeps_the_first(
    file_claim, appeal_of, meeting, cast, state, turned
):
    claim = file_claim(state)
    appeal_of(claim)
    decide(cast, claim, meeting, "overturn")
    claim.refresh_from_db()
    assert claim.status == claim.outcome == turned
    assert claim.appeal_status == AppealStatus.OVERTURNED
    assert claim.appeals.get().appealed_outcome == state
    # The first findings and the two-key decision stay as recorded.
    assert set(claim.findings.values_list("outcome", flat=True)) == {state}
    decided = AuditEvent.objects.get(subject_id=claim.pk, action="decided")
    assert decided.to_status == state
    event = AuditEvent.objects.get(subject_id=claim.pk, action="appeal_overturned")
    assert (event.from_status, event.to_status) == (state, turned)
    assert event.payload["outcome"] == turned


def test_an_appeal_is_decided_once_and_with_minutes(file_claim, appeal_of, meeting, cast):
    claim = file_claim("verified")
    appeal = appeal_of(claim)
    with pytest.raises(ServiceError) as error:
        decide(cast, claim, meeting, "overturn", minutes="  ")
    assert error.value.code == CommonError.VALIDATION_ERROR
    with pytest.raises(ServiceError) as error:
        decide(cast, claim, meeting, "")
    assert error.value.code == CommonError.VALIDATION_ERROR
    decide(cast, claim, meeting, "uphold")
    with pytest.raises(ServiceError) as error:
        appeal_decide(
            actor=cast["secretariat"],
            appeal=appeal,
            decision="overturn",
            minutes="Again.",
            meeting_label="Later",
        )
    assert error.value.code == AppealError.APPEAL_ALREADY_DECIDED


@pytest.mark.parametrize("role", ["tur_reviewer", "pak_officer", "afg_officer", "observer"])
def test_only_the_secretariat_decides_an_appeal(file_claim, appeal_of, cast, role):
    appeal = appeal_of(file_claim("verified"))
    with pytest.raises(ServiceError) as error:
        appeal_decide(
            actor=cast[role], appeal=appeal, decision="overturn", minutes="x", meeting_label="m"
        )
    assert error.value.code == CommonError.PERMISSION_DENIED


def test_other_items_take_no_appeal_decision(file_claim, meeting, cast):
    claim = file_claim("disputed")
    meeting_refresh_agenda(actor=cast["secretariat"], meeting=meeting)
    with pytest.raises(ServiceError) as error:
        decide(cast, claim, meeting, "overturn")
    assert error.value.code == CommonError.VALIDATION_ERROR


def test_the_sweep_places_an_appeal_that_waits_for_a_meeting(file_claim, appeal_of, cast):
    from mediators.models import ReviewMeeting
    from verification.sweep import run_sweep

    claim = file_claim("verified")
    appeal_of(claim)
    # A meeting made without generating its agenda: the appeal is not on it yet.
    meeting = ReviewMeeting.objects.create(
        title="Next review",
        scheduled_for=timezone.now() + timedelta(days=2),
        created_by=cast["secretariat"],
    )
    assert not meeting.items.exists()
    report = run_sweep(as_of=timezone.now())
    assert claim.reference in report.flagged["agenda"]
    assert meeting.items.get(incident=claim).reason == AgendaReason.APPEAL
    assert run_sweep(as_of=timezone.now()).flagged["agenda"] == []  # once
