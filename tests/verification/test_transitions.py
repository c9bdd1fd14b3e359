"""Every workflow action × every role × the states it may or may not start from."""

import pytest

from core.errors import CommonError, ServiceError
from verification.error_codes import ReviewError
from verification.services import (
    review_assign,
    review_record_finding,
    review_reply,
    review_submit,
    review_withdraw,
)
from verification.statuses import Status
from verification.workflow import TRANSITIONS, check_transition

ROLES = ["pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer"]


def act(action, actor, claim):
    if action == "submit":
        return review_submit(actor=actor, record=claim)
    if action == "withdraw":
        return review_withdraw(actor=actor, record=claim, reason="Filed in error.")
    if action == "reply":
        return review_reply(actor=actor, record=claim, position="denies", narrative="Not us.")
    if action == "finding":
        return review_record_finding(
            actor=actor,
            record=claim,
            outcome="verified",
            grade="probable",
            reasoning="Seen.",
            intent="undetermined",
        )
    if action == "assign":
        return review_assign(actor=actor, record=claim)
    raise ValueError(action)


# (action, state) -> {role: expected error code, or None when allowed}. PAK filed every claim.
DENIED_TO_ALL_BUT = {
    ("submit", "draft"): ("pak_officer", {"afg_officer": CommonError.NOT_YOUR_PARTY}),
    ("withdraw", "draft"): ("pak_officer", {"afg_officer": CommonError.NOT_YOUR_PARTY}),
    ("withdraw", "under_review"): ("pak_officer", {"afg_officer": CommonError.NOT_YOUR_PARTY}),
    ("reply", "under_review"): (
        "afg_officer",
        {"pak_officer": CommonError.NOT_YOUR_PARTY},
    ),
    ("finding", "replied"): ("tur_reviewer", {}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action,state", list(DENIED_TO_ALL_BUT))
def test_only_the_right_role_may_act(file_claim, cast, role, action, state):
    allowed_role, specific = DENIED_TO_ALL_BUT[(action, state)]
    claim = file_claim(state)
    if role == allowed_role or (action == "finding" and role == "qat_reviewer"):
        act(action, cast[role], claim)
        return
    with pytest.raises(ServiceError) as refused:
        act(action, cast[role], claim)
    expected = specific.get(role, CommonError.PERMISSION_DENIED)
    if action == "finding" and cast[role].role != "reviewer":
        expected = CommonError.PERMISSION_DENIED
    assert refused.value.code == expected


ILLEGAL = [
    ("submit", "under_review", "pak_officer"),
    ("submit", "verified", "pak_officer"),
    ("withdraw", "verified", "pak_officer"),
    ("withdraw", "disputed", "pak_officer"),
    ("withdraw", "one_finding", "pak_officer"),
    ("reply", "draft", "afg_officer"),
    ("reply", "verified", "afg_officer"),
    ("finding", "verified", "tur_reviewer"),
    ("finding", "disputed", "qat_reviewer"),
    ("assign", "draft", "secretariat"),
    ("assign", "verified", "secretariat"),
]


@pytest.mark.parametrize("action,state,role", ILLEGAL)
def test_illegal_moves_are_refused_with_a_stable_code(file_claim, cast, action, state, role):
    claim = file_claim(state)
    before = claim.status
    with pytest.raises(ServiceError) as refused:
        act(action, cast[role], claim)
    assert refused.value.code in (CommonError.ILLEGAL_TRANSITION, ReviewError.ALREADY_RECORDED)
    claim.refresh_from_db()
    assert claim.status == before


def test_the_table_knows_every_service_action():
    assert set(TRANSITIONS) == {
        "submit",
        "assign",
        "reassign",
        "reply",
        "record_finding",
        "decide_at_meeting",
        "amend",
        "withdraw",
        "overturn_on_appeal",
    }
    with pytest.raises(ServiceError) as refused:
        check_transition("submit", Status.VERIFIED)
    assert refused.value.code == CommonError.ILLEGAL_TRANSITION


def test_submit_freezes_content_and_starts_the_clocks(file_claim, category):
    claim = file_claim("under_review")
    assert claim.status == Status.UNDER_REVIEW  # both co-chairs had a reviewer: auto-assigned
    assert claim.assignment_due_at == claim.submitted_at + category.assignment_window
    assert claim.findings_due_at == claim.submitted_at + category.findings_window
    assert claim.reply_due_at == claim.assigned_at + category.reply_window


def test_submit_without_reviewers_stays_submitted(pak_officer, afg, category):
    from incidents.services import incident_create_draft
    from tests.conftest import claim_data

    claim = incident_create_draft(officer=pak_officer, data=claim_data(afg, category))
    claim = review_submit(actor=pak_officer, record=claim)
    assert claim.status == Status.SUBMITTED
    assert claim.assignments.count() == 0
    assert claim.reply_due_at is None


def test_withdraw_before_any_finding(file_claim, cast):
    claim = file_claim("under_review")
    claim = review_withdraw(actor=cast["pak_officer"], record=claim, reason="Duplicate.")
    assert claim.status == Status.WITHDRAWN
    assert claim.assignments.filter(ended_at__isnull=True).count() == 0
