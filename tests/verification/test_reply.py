"""The accused party's right of reply: once, in time."""

from datetime import timedelta

import pytest
import time_machine

from audit.models import AuditEvent
from core.errors import CommonError, ServiceError
from incidents.models import Reply
from verification.error_codes import ReviewError
from verification.services import review_reply
from verification.sweep import run_sweep


def reply(actor, claim, position="denies"):
    return review_reply(
        actor=actor, record=claim, position=position, narrative="Our forces were not there."
    )


def test_reply_in_time(file_claim, cast):
    claim = file_claim("under_review")
    answer = reply(cast["afg_officer"], claim, "partially_accepts")
    assert answer.position == "partially_accepts"
    assert AuditEvent.objects.filter(subject_id=claim.pk, action="reply_filed").count() == 1


def test_reply_on_the_last_second_is_in_time(file_claim, cast):
    claim = file_claim("under_review")
    with time_machine.travel(claim.reply_due_at, tick=False):
        reply(cast["afg_officer"], claim)
    assert Reply.objects.filter(incident=claim).exists()


def test_late_reply_is_refused(file_claim, cast):
    claim = file_claim("under_review")
    with (
        time_machine.travel(claim.reply_due_at + timedelta(seconds=1), tick=False),
        pytest.raises(ServiceError) as refused,
    ):
        reply(cast["afg_officer"], claim)
    assert refused.value.code == ReviewError.REPLY_WINDOW_CLOSED
    assert not Reply.objects.filter(incident=claim).exists()


def test_no_reply_is_recorded_when_the_window_lapses(file_claim, cast):
    claim = file_claim("under_review")
    run_sweep(as_of=claim.reply_due_at + timedelta(minutes=1))
    claim.refresh_from_db()
    assert claim.reply_overdue_at is not None
    assert AuditEvent.objects.filter(subject_id=claim.pk, action="reply_window_closed").count() == 1
    # the review continues; the closed window stays closed even if the clock is wound back
    with pytest.raises(ServiceError) as refused:
        reply(cast["afg_officer"], claim)
    assert refused.value.code == ReviewError.REPLY_WINDOW_CLOSED


def test_only_one_reply(file_claim, cast):
    claim = file_claim("under_review")
    reply(cast["afg_officer"], claim)
    with pytest.raises(ServiceError) as refused:
        reply(cast["afg_officer"], claim, "accepts")
    assert refused.value.code == ReviewError.ALREADY_RECORDED


def test_reporting_party_cannot_reply_to_its_own_claim(file_claim, cast):
    claim = file_claim("under_review")
    with pytest.raises(ServiceError) as refused:
        reply(cast["pak_officer"], claim)
    assert refused.value.code == CommonError.NOT_YOUR_PARTY


@pytest.mark.parametrize(
    "position,narrative,field", [("maybe", "x", "position"), ("denies", " ", "narrative")]
)
def test_bad_reply_input(file_claim, cast, position, narrative, field):
    claim = file_claim("under_review")
    with pytest.raises(ServiceError) as refused:
        review_reply(
            actor=cast["afg_officer"], record=claim, position=position, narrative=narrative
        )
    assert refused.value.code == CommonError.VALIDATION_ERROR
    assert field in refused.value.fields
