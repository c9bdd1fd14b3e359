"""The accused party's right of reply: once, in time."""

from datetime import timedelta

import pytest
import time_machine

from audit.models import AuditEvent
from core.errors import CommonError, ServiceError
from incidents.models import Finding, Reply
from verification import permissions
from verification.error_codes import ReviewError
from verification.selectors import findings_open_at
from verification.services import review_record_finding, review_reply
from verification.statuses import Status
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


# --- the right of reply comes first: findings wait for the reply or the window's close ----


def find(actor, claim, outcome="inconclusive"):
    return review_record_finding(
        actor=actor, record=claim, outcome=outcome, grade="possible", reasoning="Imagery."
    )


def test_a_finding_while_the_reply_window_is_open_is_refused(file_claim, cast):
    claim = file_claim("under_review")
    assert findings_open_at(claim) == claim.reply_due_at
    assert not permissions.can_record_finding.test(cast["tur_reviewer"], claim)
    for reviewer in ("tur_reviewer", "qat_reviewer"):
        with pytest.raises(ServiceError) as refused:
            find(cast[reviewer], claim)
        assert refused.value.code == ReviewError.REPLY_PENDING
    assert not Finding.objects.filter(incident=claim).exists()
    assert not AuditEvent.objects.filter(subject_id=claim.pk, action="finding_recorded").exists()


def test_on_the_windows_last_second_a_finding_still_waits(file_claim, cast):
    claim = file_claim("under_review")
    with (
        time_machine.travel(claim.reply_due_at, tick=False),
        pytest.raises(ServiceError) as refused,
    ):
        find(cast["tur_reviewer"], claim)
    assert refused.value.code == ReviewError.REPLY_PENDING


def test_a_finding_is_allowed_once_the_reply_is_filed(file_claim, cast):
    claim = file_claim("under_review")
    filed = reply(cast["afg_officer"], claim)
    claim.refresh_from_db()
    assert findings_open_at(claim) == filed.filed_at  # before the window's end
    assert permissions.can_record_finding.test(cast["tur_reviewer"], claim)
    find(cast["tur_reviewer"], claim)
    find(cast["qat_reviewer"], claim)
    claim.refresh_from_db()
    assert claim.status == Status.INCONCLUSIVE


def test_a_finding_is_allowed_once_the_window_has_closed_unanswered(file_claim, cast):
    claim = file_claim("under_review")
    with time_machine.travel(claim.reply_due_at + timedelta(seconds=1), tick=False):
        assert permissions.can_record_finding.test(cast["tur_reviewer"], claim)
        find(cast["tur_reviewer"], claim)
        find(cast["qat_reviewer"], claim)
    claim.refresh_from_db()
    assert claim.status == Status.INCONCLUSIVE
    assert not Reply.objects.filter(incident=claim).exists()


def test_a_finding_is_allowed_once_the_sweep_closed_the_window(file_claim, cast):
    claim = file_claim("under_review")
    run_sweep(as_of=claim.reply_due_at + timedelta(minutes=1))
    claim.refresh_from_db()
    # the sweep's flag closes the window, whatever the clock says
    find(cast["tur_reviewer"], claim)
    assert Finding.objects.filter(incident=claim).count() == 1


def test_the_refusal_writes_nothing_and_does_not_hide_a_bad_body(file_claim, cast):
    claim = file_claim("under_review")
    with pytest.raises(ServiceError) as refused:
        review_record_finding(
            actor=cast["tur_reviewer"],
            record=claim,
            outcome="maybe",
            grade="possible",
            reasoning="",
        )
    # the right of reply is checked on the locked row before the body's fields
    assert refused.value.code == ReviewError.REPLY_PENDING
    claim.refresh_from_db()
    assert claim.status == Status.UNDER_REVIEW and claim.version == 1
