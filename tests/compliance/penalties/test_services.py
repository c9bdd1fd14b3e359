"""Every transition of a penalty case and every refusal, asserted by stable code."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from compliance.models import (
    AgendaEntry,
    AgendaReason,
    PenaltyCase,
    PenaltyGround,
    PenaltyMeasure,
)
from compliance.penalties.appeals import penalty_appeal, penalty_decide_at_meeting
from compliance.penalties.error_codes import PenaltyError
from compliance.penalties.measures import penalty_measure_create
from compliance.penalties.services import (
    penalty_open,
    penalty_record_decision,
    penalty_withdraw,
)
from core.errors import CommonError, ServiceError
from notifications.models import Notification

from .conftest import STATES


def refused(code, fn, **kwargs):
    with pytest.raises(ServiceError) as caught:
        fn(**kwargs)
    assert caught.value.code == code, caught.value.detail
    return caught.value


def events(case):
    return list(
        AuditEvent.objects.filter(subject_type="penalty_case", subject_id=case.pk)
        .order_by("sequence")
        .values_list("action", flat=True)
    )


# --- opening ----------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["secretariat", "tur_reviewer"])
def test_secretariat_or_a_reviewer_opens_a_case(open_case, missed_commitment, by, afg):
    commitment = missed_commitment()
    case = open_case(by=by, commitments=[commitment.reference])
    assert case.status == "proposed"
    assert case.reference.startswith(f"PEN-AFG-{timezone.now().year}-")
    assert {g.incident_id or g.commitment_id for g in case.grounds.all()} == {
        case.grounds.get(incident__isnull=False).incident_id,
        commitment.pk,
    }
    assert events(case) == ["opened"]
    assert Notification.objects.filter(kind="penalty_proposed").exists()


def test_references_count_up_per_party_and_year(open_case):
    first, second = open_case(), open_case()
    assert int(second.reference[-4:]) == int(first.reference[-4:]) + 1


@pytest.mark.parametrize("by", ["pak_officer", "afg_officer", "observer"])
def test_others_may_not_open(cast, afg, measure, verified_claim, by):
    refused(
        CommonError.PERMISSION_DENIED,
        penalty_open,
        actor=cast[by],
        party=afg,
        measure=measure,
        rationale="r",
        claims=[verified_claim.reference],
    )


def test_no_grounds_is_refused(secretariat, afg, measure):
    refused(
        PenaltyError.PENALTY_GROUNDS_REQUIRED,
        penalty_open,
        actor=secretariat,
        party=afg,
        measure=measure,
        rationale="No grounds at all.",
    )
    assert not PenaltyCase.objects.exists()


def test_grounds_against_the_other_party_are_refused(
    secretariat, pak, measure, verified_claim, missed_commitment, afg
):
    commitment = missed_commitment(afg)
    error = refused(
        PenaltyError.PENALTY_GROUND_INELIGIBLE,
        penalty_open,
        actor=secretariat,
        party=pak,  # the claim accuses Afghanistan, the commitment is Afghanistan's
        measure=measure,
        rationale="Wrong party.",
        claims=[verified_claim.reference],
        commitments=[commitment.reference],
    )
    assert set(error.fields) == {"claims", "commitments"}
    assert not PenaltyCase.objects.exists()


@pytest.mark.parametrize("state", ["under_review", "disputed", "not_verified", "draft"])
def test_claims_not_verified_are_refused(secretariat, afg, measure, file_claim, state):
    claim = file_claim(state, by="pak_officer")
    refused(
        PenaltyError.PENALTY_GROUND_INELIGIBLE,
        penalty_open,
        actor=secretariat,
        party=afg,
        measure=measure,
        rationale="Not verified.",
        claims=[claim.reference],
    )


def test_commitments_not_missed_are_refused(secretariat, afg, measure, make_commitment):
    commitment = make_commitment()  # due in 30 days
    refused(
        PenaltyError.PENALTY_GROUND_INELIGIBLE,
        penalty_open,
        actor=secretariat,
        party=afg,
        measure=measure,
        rationale="Not missed yet.",
        commitments=[commitment.reference],
    )


def test_unknown_references_are_refused(secretariat, afg, measure):
    refused(
        PenaltyError.PENALTY_GROUND_INELIGIBLE,
        penalty_open,
        actor=secretariat,
        party=afg,
        measure=measure,
        rationale="Nothing there.",
        claims=["PAK-2025-99999"],
    )


def test_an_inactive_measure_and_an_empty_rationale_are_refused(
    secretariat, afg, measure, verified_claim
):
    kwargs = dict(actor=secretariat, party=afg, claims=[verified_claim.reference])
    refused(CommonError.VALIDATION_ERROR, penalty_open, measure=measure, rationale=" ", **kwargs)
    PenaltyMeasure.objects.filter(pk=measure.pk).update(is_active=False)
    measure.refresh_from_db()
    refused(
        PenaltyError.PENALTY_MEASURE_INACTIVE,
        penalty_open,
        measure=measure,
        rationale="r",
        **kwargs,
    )


def test_the_database_refuses_an_ineligible_ground(open_case, file_claim, make_commitment):
    case = open_case()
    unverified = file_claim("under_review", by="pak_officer")
    own_claim = file_claim("verified", by="afg_officer")  # Pakistan accused
    pending = make_commitment()
    for bad in (
        PenaltyGround(case=case, incident=unverified),
        PenaltyGround(case=case, incident=own_claim),
        PenaltyGround(case=case, commitment=pending),
    ):
        with pytest.raises(IntegrityError, match="PENALTY_GROUND_INELIGIBLE"), transaction.atomic():
            bad.save()
    ground = case.grounds.get()
    ground.incident = own_claim
    with pytest.raises(IntegrityError, match="PENALTY_GROUND_INELIGIBLE"), transaction.atomic():
        ground.save()


def test_the_databases_refusal_reaches_the_caller_as_the_stable_code(
    secretariat, afg, measure, verified_claim, monkeypatch
):
    from compliance.penalties import services

    # As if the claim had changed between the service's check and the insert.
    monkeypatch.setattr(
        services,
        "resolve_grounds",
        lambda actor, party, claims, commitments: ([verified_claim], []),
    )
    verified_claim.__class__.objects.filter(pk=verified_claim.pk).update(
        status="disputed", intent=""
    )
    refused(
        PenaltyError.PENALTY_GROUND_INELIGIBLE,
        penalty_open,
        actor=secretariat,
        party=afg,
        measure=measure,
        rationale="Raced.",
        claims=[verified_claim.reference],
    )
    assert not PenaltyCase.objects.exists()


# --- the co-chairs' two keys ------------------------------------------------------------


def test_both_approve_puts_the_measure_in_effect_and_opens_the_appeal_window(
    open_case, cast, measure
):
    case = open_case()
    penalty_record_decision(
        actor=cast["tur_reviewer"], case=case, decision="approve", reason="Yes", version=1
    )
    case.refresh_from_db()
    assert case.status == "proposed"
    penalty_record_decision(
        actor=cast["qat_reviewer"], case=case, decision="approve", reason="Yes", version=2
    )
    case.refresh_from_db()
    assert case.status == "in_effect"
    assert case.appeal_due_at == case.approved_at + timedelta(days=measure.appeal_days)
    assert events(case) == ["opened", "decision_recorded", "decision_recorded", "approved"]


def test_both_reject_rejects(open_case):
    case = open_case("rejected")
    assert case.rejected_at is not None and case.approved_at is None
    assert events(case)[-1] == "rejected"


def test_one_rejection_keeps_the_measure_from_taking_effect_and_splits(open_case, meeting, cast):
    case = open_case("split")
    assert case.approved_at is None
    assert events(case)[-1] == "split"
    decided = penalty_decide_at_meeting(
        actor=cast["secretariat"],
        case=case,
        meeting=meeting,
        outcome="approve",
        minutes="Approved at the meeting.",
    )
    assert decided.status == "in_effect"
    assert decided.split_meeting == meeting and decided.appeal_due_at is not None


def test_a_split_case_rejected_at_the_meeting(open_case, meeting, secretariat):
    case = penalty_decide_at_meeting(
        actor=secretariat,
        case=open_case("split"),
        meeting=meeting,
        outcome="reject",
        minutes="Rejected.",
    )
    assert case.status == "rejected" and case.split_minutes == "Rejected."


def test_a_second_decision_by_the_same_cochair_is_refused(open_case, cast):
    case = open_case()
    penalty_record_decision(actor=cast["tur_reviewer"], case=case, decision="approve", reason="Y")
    other_tur = cast["tur_reviewer"].__class__.objects.create_user(
        username="tur2", role="reviewer", cochair=cast["tur_reviewer"].cochair
    )
    for actor in (cast["tur_reviewer"], other_tur):
        refused(
            PenaltyError.PENALTY_ALREADY_DECIDED,
            penalty_record_decision,
            actor=actor,
            case=case,
            decision="reject",
            reason="Changed my mind.",
        )


@pytest.mark.parametrize("by", ["secretariat", "afg_officer", "pak_officer", "observer"])
def test_only_reviewers_decide(open_case, cast, by):
    refused(
        CommonError.PERMISSION_DENIED,
        penalty_record_decision,
        actor=cast[by],
        case=open_case(),
        decision="approve",
        reason="r",
    )


def test_a_decision_needs_a_valid_choice_a_reason_and_the_current_version(open_case, cast):
    case = open_case()
    reviewer = cast["tur_reviewer"]
    kwargs = dict(actor=reviewer, case=case)
    refused(
        CommonError.VALIDATION_ERROR,
        penalty_record_decision,
        decision="maybe",
        reason="r",
        **kwargs,
    )
    refused(
        CommonError.VALIDATION_ERROR,
        penalty_record_decision,
        decision="approve",
        reason="",
        **kwargs,
    )
    refused(
        CommonError.STALE_VERSION,
        penalty_record_decision,
        decision="approve",
        reason="r",
        version=7,
        **kwargs,
    )


@pytest.mark.parametrize("state", [s for s in STATES if s != "proposed"])
def test_decisions_only_while_proposed(open_case, cast, state):
    refused(
        CommonError.ILLEGAL_TRANSITION,
        penalty_record_decision,
        actor=cast["tur_reviewer"],
        case=open_case(state),
        decision="approve",
        reason="r",
    )


# --- appeal -----------------------------------------------------------------------------


def test_the_penalised_party_appeals_once(open_case, afg_officer, meeting, secretariat):
    case = open_case("in_effect")
    case = penalty_appeal(actor=afg_officer, case=case, grounds="Not our forces.")
    assert case.status == "appealed" and case.appealed_by == afg_officer
    refused(
        PenaltyError.PENALTY_ALREADY_APPEALED,
        penalty_appeal,
        actor=afg_officer,
        case=case,
        grounds="Again.",
    )
    upheld = penalty_decide_at_meeting(
        actor=secretariat, case=case, meeting=meeting, outcome="uphold", minutes="Upheld."
    )
    assert upheld.status == "upheld"
    refused(
        PenaltyError.PENALTY_ALREADY_APPEALED,
        penalty_appeal,
        actor=afg_officer,
        case=upheld,
        grounds="Once more.",
    )


def test_overturned_on_appeal(open_case):
    case = open_case("overturned")
    assert case.appeal_minutes and case.appeal_decided_at
    assert events(case)[-2:] == ["appealed", "meeting_decision"]


@pytest.mark.parametrize("by", ["pak_officer"])
def test_the_other_party_may_not_appeal(open_case, cast, by):
    refused(
        PenaltyError.PENALTY_NOT_PENALISED_PARTY,
        penalty_appeal,
        actor=cast[by],
        case=open_case("in_effect"),
        grounds="Too lenient.",
    )


@pytest.mark.parametrize("by", ["secretariat", "tur_reviewer", "observer"])
def test_only_officers_appeal(open_case, cast, by):
    refused(
        CommonError.PERMISSION_DENIED,
        penalty_appeal,
        actor=cast[by],
        case=open_case("in_effect"),
        grounds="g",
    )


@pytest.mark.parametrize("state", ["proposed", "split", "rejected", "withdrawn"])
def test_no_appeal_before_the_measure_takes_effect(open_case, afg_officer, state):
    refused(
        CommonError.ILLEGAL_TRANSITION,
        penalty_appeal,
        actor=afg_officer,
        case=open_case(state),
        grounds="g",
    )


@pytest.mark.parametrize(
    "offset, allowed",
    [
        (timedelta(seconds=-1), True),
        (timedelta(0), False),  # the window closes at appeal_due_at itself
        (timedelta(seconds=1), False),
        (timedelta(days=3), False),
    ],
)
def test_the_appeal_window_at_and_around_its_deadline(open_case, afg_officer, offset, allowed):
    case = open_case("in_effect")
    with time_machine.travel(case.appeal_due_at + offset, tick=False):
        if allowed:
            assert penalty_appeal(actor=afg_officer, case=case, grounds="g").status == "appealed"
        else:
            refused(
                PenaltyError.PENALTY_APPEAL_WINDOW_CLOSED,
                penalty_appeal,
                actor=afg_officer,
                case=case,
                grounds="g",
            )


def test_an_appeal_needs_grounds(open_case, afg_officer):
    refused(
        CommonError.VALIDATION_ERROR,
        penalty_appeal,
        actor=afg_officer,
        case=open_case("in_effect"),
        grounds="  ",
    )


# --- meeting decisions ------------------------------------------------------------------


def test_meeting_decision_refusals(open_case, cast, meeting):
    secretariat = cast["secretariat"]
    appealed = open_case("appealed")
    kwargs = dict(case=appealed, meeting=meeting)
    refused(
        CommonError.PERMISSION_DENIED,
        penalty_decide_at_meeting,
        actor=cast["tur_reviewer"],
        outcome="uphold",
        minutes="m",
        **kwargs,
    )
    refused(
        CommonError.VALIDATION_ERROR,
        penalty_decide_at_meeting,
        actor=secretariat,
        outcome="approve",  # a split case's outcome, not an appeal's
        minutes="m",
        **kwargs,
    )
    refused(
        CommonError.VALIDATION_ERROR,
        penalty_decide_at_meeting,
        actor=secretariat,
        outcome="uphold",
        minutes="",
        **kwargs,
    )
    meeting.status = "closed"
    meeting.save()
    refused(
        CommonError.ILLEGAL_TRANSITION,
        penalty_decide_at_meeting,
        actor=secretariat,
        outcome="uphold",
        minutes="m",
        **kwargs,
    )


@pytest.mark.parametrize("state", ["proposed", "in_effect", "rejected", "upheld", "withdrawn"])
def test_meetings_decide_only_split_or_appealed_cases(open_case, secretariat, meeting, state):
    refused(
        CommonError.ILLEGAL_TRANSITION,
        penalty_decide_at_meeting,
        actor=secretariat,
        case=open_case(state),
        meeting=meeting,
        outcome="approve",
        minutes="m",
    )


def test_deciding_marks_the_cases_agenda_entry(open_case, secretariat, meeting):
    case = open_case("split")
    entry = AgendaEntry.objects.create(
        meeting=meeting,
        reason=AgendaReason.PENALTY_SPLIT,
        penalty_case=case,
        added_at=timezone.now(),
    )
    penalty_decide_at_meeting(
        actor=secretariat, case=case, meeting=meeting, outcome="reject", minutes="No."
    )
    entry.refresh_from_db()
    assert entry.decided_at is not None and entry.minutes == "No."


# --- withdrawal -------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["proposed", "split"])
def test_the_opener_or_the_secretariat_withdraws_before_approval(open_case, cast, state):
    mine = open_case(state, by="tur_reviewer")
    assert penalty_withdraw(actor=cast["tur_reviewer"], case=mine, reason="r").status == (
        "withdrawn"
    )
    theirs = open_case(state, by="tur_reviewer")
    refused(
        CommonError.PERMISSION_DENIED,
        penalty_withdraw,
        actor=cast["qat_reviewer"],
        case=theirs,
        reason="r",
    )
    refused(
        CommonError.VALIDATION_ERROR,
        penalty_withdraw,
        actor=cast["secretariat"],
        case=theirs,
        reason="",
    )
    assert penalty_withdraw(actor=cast["secretariat"], case=theirs, reason="r").status == (
        "withdrawn"
    )
    assert events(theirs)[-1] == "withdrawn"


@pytest.mark.parametrize("state", ["in_effect", "rejected", "appealed", "upheld", "withdrawn"])
def test_no_withdrawal_after_approval_or_decision(open_case, secretariat, state):
    refused(
        CommonError.ILLEGAL_TRANSITION,
        penalty_withdraw,
        actor=secretariat,
        case=open_case(state),
        reason="r",
    )


# --- the catalogue and the audit chain ---------------------------------------------------


def test_the_secretariat_manages_the_catalogue(secretariat, tur_reviewer):
    refused(
        CommonError.PERMISSION_DENIED,
        penalty_measure_create,
        actor=tur_reviewer,
        data={"code": "x", "label": "X"},
    )
    refused(
        CommonError.VALIDATION_ERROR,
        penalty_measure_create,
        actor=secretariat,
        data={"code": "x", "label": "X", "appeal_days": 0},
    )
    created = penalty_measure_create(
        actor=secretariat, data={"code": "x", "label": "X", "appeal_days": 7}
    )
    assert created.appeal_days == 7


def test_every_state_leaves_an_intact_audit_chain(open_case):
    for state in STATES:
        open_case(state)
    assert audit_verify_chain().ok
