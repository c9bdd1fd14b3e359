"""Two keys: a claim is decided only by both co-chairs' findings."""

import pytest
from django.db import IntegrityError, transaction

from audit.models import AuditEvent
from core.errors import CommonError, ServiceError
from incidents.models import Finding, Incident
from tests.factories import intent_of
from verification.error_codes import ReviewError
from verification.selectors import findings_visible_to
from verification.services import review_record_finding
from verification.statuses import Status


def record(actor, claim, outcome, grade="probable", intent=None):
    return review_record_finding(
        actor=actor,
        record=claim,
        outcome=outcome,
        grade=grade,
        reasoning="Reviewed imagery.",
        intent=intent_of(outcome) if intent is None else intent,
    )


@pytest.mark.parametrize("outcome", ["verified", "not_verified", "inconclusive"])
def test_same_outcome_from_both_decides(file_claim, cast, outcome):
    claim = file_claim("replied")
    record(cast["tur_reviewer"], claim, outcome, "confirmed")
    record(cast["qat_reviewer"], claim, outcome, "possible")
    claim.refresh_from_db()
    assert claim.status == outcome
    assert claim.outcome == outcome
    assert claim.grade == "possible"  # the weaker of the two grades
    assert claim.closed_at is not None
    assert AuditEvent.objects.filter(subject_id=claim.pk, action="decided").count() == 1


def test_different_outcomes_make_it_disputed(file_claim, cast):
    claim = file_claim("replied")
    record(cast["tur_reviewer"], claim, "verified")
    record(cast["qat_reviewer"], claim, "inconclusive")
    claim.refresh_from_db()
    assert claim.status == Status.DISPUTED
    assert claim.outcome == ""
    event = AuditEvent.objects.get(subject_id=claim.pk, action="disputed")
    assert set(event.payload["differing_views"]) == {"TUR", "QAT"}


def test_one_finding_decides_nothing(file_claim, cast):
    claim = file_claim("replied")
    record(cast["tur_reviewer"], claim, "verified")
    claim.refresh_from_db()
    assert claim.status == Status.UNDER_REVIEW


def test_a_finding_is_hidden_from_the_other_cochair_until_both_are_in(file_claim, cast):
    claim = file_claim("one_finding")  # TUR has recorded
    claim.refresh_from_db()
    assert [
        f.cochair.code for f in findings_visible_to(user=cast["tur_reviewer"], incident=claim)
    ] == ["TUR"]
    assert list(findings_visible_to(user=cast["qat_reviewer"], incident=claim)) == []
    assert list(findings_visible_to(user=cast["pak_officer"], incident=claim)) == []
    assert list(findings_visible_to(user=cast["afg_officer"], incident=claim)) == []
    assert len(findings_visible_to(user=cast["secretariat"], incident=claim)) == 1
    # the timeline does not give the outcome away either
    event = AuditEvent.objects.get(subject_id=claim.pk, action="finding_recorded")
    assert "outcome" not in event.payload
    record(cast["qat_reviewer"], claim, "verified")
    claim.refresh_from_db()
    assert len(findings_visible_to(user=cast["qat_reviewer"], incident=claim)) == 2
    assert len(findings_visible_to(user=cast["afg_officer"], incident=claim)) == 2


def test_a_cochair_records_only_once(file_claim, cast):
    claim = file_claim("one_finding")
    with pytest.raises(ServiceError) as refused:
        record(cast["tur_reviewer"], claim, "not_verified")
    assert refused.value.code == ReviewError.ALREADY_RECORDED


def test_the_database_holds_one_finding_per_cochair(file_claim, cast):
    claim = file_claim("one_finding")
    first = Finding.objects.get(incident=claim)
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.create(
            incident=claim,
            cochair=first.cochair,
            reviewer=first.reviewer,
            outcome="verified",
            grade="confirmed",
            reasoning="again",
            recorded_at=first.recorded_at,
        )


def test_an_unassigned_reviewer_cannot_record(file_claim, cast, tur):
    from tests.factories import UserFactory

    other = UserFactory(username="tur_reviewer_2", role="reviewer", cochair=tur)
    claim = file_claim("under_review")
    with pytest.raises(ServiceError) as refused:
        record(other, claim, "verified")
    assert refused.value.code == ReviewError.NOT_ASSIGNED


@pytest.mark.parametrize(
    "field,value", [("outcome", "maybe"), ("grade", "certain"), ("reasoning", "")]
)
def test_bad_finding_input_is_a_validation_error(file_claim, cast, field, value):
    claim = file_claim("replied")
    kwargs = dict(outcome="verified", grade="probable", reasoning="Seen.")
    kwargs[field] = value
    with pytest.raises(ServiceError) as refused:
        review_record_finding(actor=cast["tur_reviewer"], record=claim, **kwargs)
    assert refused.value.code == CommonError.VALIDATION_ERROR
    assert field in refused.value.fields
    assert not Finding.objects.filter(incident=claim).exists()


# --- intent: each co-chair's reading of a verified violation --------------------------------


@pytest.mark.parametrize(
    ("outcome", "intent"),
    [
        ("verified", ""),
        ("verified", "on purpose"),
        ("not_verified", "deliberate"),
        ("inconclusive", "undetermined"),
    ],
)
def test_intent_is_required_on_a_verified_finding_and_forbidden_otherwise(
    file_claim, cast, outcome, intent
):
    claim = file_claim("replied")
    with pytest.raises(ServiceError) as refused:
        record(cast["tur_reviewer"], claim, outcome, intent=intent)
    assert refused.value.code == CommonError.VALIDATION_ERROR
    assert set(refused.value.fields) == {"intent"}
    assert not Finding.objects.filter(incident=claim).exists()


def test_the_database_holds_intent_to_verified_findings(file_claim, cast):
    claim = file_claim("one_finding")
    first = Finding.objects.get(incident=claim)
    assert first.intent == "deliberate"
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.filter(pk=first.pk).update(intent="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.filter(pk=first.pk).update(outcome="not_verified")


def test_agreed_intents_are_the_records(file_claim, cast):
    claim = file_claim("replied")
    record(cast["tur_reviewer"], claim, "verified", intent="accidental")
    record(cast["qat_reviewer"], claim, "verified", intent="accidental")
    claim.refresh_from_db()
    assert claim.status == Status.VERIFIED
    assert claim.intent == "accidental"


def test_differing_intents_are_shown_not_disputed(file_claim, cast):
    claim = file_claim("replied")
    record(cast["tur_reviewer"], claim, "verified", intent="deliberate")
    record(cast["qat_reviewer"], claim, "verified", intent="undetermined")
    claim.refresh_from_db()
    assert claim.status == Status.VERIFIED  # the outcome stays the two-key verdict
    assert claim.intent == "differing"
    event = AuditEvent.objects.get(subject_id=claim.pk, action="decided")
    assert event.payload["intent"] == "differing"
    assert {code: view["intent"] for code, view in event.payload["findings"].items()} == {
        "TUR": "deliberate",
        "QAT": "undetermined",
    }


def test_a_record_not_verified_carries_no_intent(file_claim, cast):
    claim = file_claim("not_verified")
    assert claim.intent == ""
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=claim.pk).update(intent="deliberate")


def test_the_first_findings_intent_is_withheld_until_both_are_in(file_claim, cast):
    claim = file_claim("replied")
    record(cast["tur_reviewer"], claim, "verified", intent="deliberate")
    claim.refresh_from_db()
    for name in ("qat_reviewer", "pak_officer", "afg_officer", "observer"):
        assert not any(f.intent for f in findings_visible_to(user=cast[name], incident=claim)), name
    event = AuditEvent.objects.get(subject_id=claim.pk, action="finding_recorded")
    assert "intent" not in event.payload and "deliberate" not in str(event.payload)
    record(cast["qat_reviewer"], claim, "verified", intent="deliberate")
    claim.refresh_from_db()
    assert [f.intent for f in findings_visible_to(user=cast["afg_officer"], incident=claim)] == [
        "deliberate",
        "deliberate",
    ]
