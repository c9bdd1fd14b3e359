"""Action reports are edited as drafts and amended after submission by the claims' own
services (verification.services.claim_update_draft / review_amend), through the registry."""

import pytest

from audit.models import AuditEvent
from compliance.models import ActionReportRevision
from core.errors import CommonError, ServiceError
from verification.services import review_amend, review_update_draft


@pytest.fixture
def commitment(make_commitment):
    return make_commitment()


def events(report):
    return list(
        AuditEvent.objects.filter(subject_type="action_report", subject_id=report.pk)
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def test_the_obligated_party_edits_its_draft(commitment, make_report, afg_officer):
    report = make_report(commitment)
    report = review_update_draft(
        actor=afg_officer, record=report, data={"quantity": 5}, expected_version=1
    )
    assert report.quantity == 5 and report.version == 2
    assert events(report)[-1] == "draft_edited"
    last = AuditEvent.objects.filter(subject_id=report.pk, action="draft_edited").get()
    assert last.payload == {"fields": ["quantity"]}


def test_a_stale_draft_edit_is_refused(commitment, make_report, afg_officer):
    report = make_report(commitment)
    review_update_draft(actor=afg_officer, record=report, data={"quantity": 5})
    with pytest.raises(ServiceError) as exc:
        review_update_draft(
            actor=afg_officer, record=report, data={"quantity": 6}, expected_version=1
        )
    assert exc.value.code == CommonError.STALE_VERSION


@pytest.mark.parametrize(
    ("actor", "state", "code"),
    [
        ("pak_officer", "draft", CommonError.NOT_YOUR_PARTY),
        ("tur_reviewer", "draft", CommonError.PERMISSION_DENIED),
        ("secretariat", "draft", CommonError.PERMISSION_DENIED),
        ("afg_officer", "submitted", CommonError.ILLEGAL_TRANSITION),
    ],
)
def test_who_edits_a_draft(commitment, make_report, cast, actor, state, code):
    report = make_report(commitment, state=state)
    with pytest.raises(ServiceError) as exc:
        review_update_draft(actor=cast[actor], record=report, data={"quantity": 5})
    assert exc.value.code == code


def test_the_draft_edit_validates_like_the_create(commitment, make_report, afg_officer):
    report = make_report(commitment)
    with pytest.raises(ServiceError) as exc:
        review_update_draft(actor=afg_officer, record=report, data={"latitude": None})
    assert exc.value.code == CommonError.VALIDATION_ERROR and "latitude" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        review_update_draft(actor=afg_officer, record=report, data={"commitment": None})
    assert exc.value.fields == {"commitment": ["Unknown field."]}


def test_an_amendment_keeps_the_old_text(commitment, make_report, afg_officer, tur_reviewer):
    report = make_report(commitment, state="submitted")
    report = review_amend(
        actor=afg_officer,
        record=report,
        data={"quantity": 2, "narrative": "One compound raided, not two."},
        reason="The second compound was raided by the provincial police.",
        expected_version=report.version,
    )
    assert (report.quantity, report.version, report.status) == (2, 2, "under_review")
    revision = ActionReportRevision.objects.get(action_report=report)
    assert revision.number == 1
    assert revision.changed_fields == ["narrative", "quantity"]
    assert revision.previous_content["quantity"] == 3
    assert revision.previous_content["narrative"] == "Two compounds raided; weapons seized."
    assert events(report)[-1] == "amended"
    # The assigned reviewers hear of it, as for a claim.
    assert tur_reviewer.notifications.filter(kind="amended").exists()


@pytest.mark.parametrize(
    ("actor", "state", "code"),
    [
        ("afg_officer", "draft", CommonError.ILLEGAL_TRANSITION),
        ("afg_officer", "verified", CommonError.ILLEGAL_TRANSITION),
        ("afg_officer", "withdrawn", CommonError.ILLEGAL_TRANSITION),
        ("pak_officer", "submitted", CommonError.NOT_YOUR_PARTY),
        ("tur_reviewer", "submitted", CommonError.PERMISSION_DENIED),
        ("secretariat", "submitted", CommonError.PERMISSION_DENIED),
    ],
)
def test_who_amends_and_when(commitment, make_report, cast, actor, state, code):
    report = make_report(commitment, state=state)
    with pytest.raises(ServiceError) as exc:
        review_amend(actor=cast[actor], record=report, data={"quantity": 1}, reason="Typo")
    assert exc.value.code == code


def test_an_amendment_needs_a_reason_and_a_change(commitment, make_report, afg_officer):
    report = make_report(commitment, state="submitted")
    with pytest.raises(ServiceError) as exc:
        review_amend(actor=afg_officer, record=report, data={"quantity": 1}, reason=" ")
    assert "reason" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        review_amend(actor=afg_officer, record=report, data={"quantity": 3}, reason="Same")
    assert exc.value.code == CommonError.VALIDATION_ERROR
    with pytest.raises(ServiceError) as exc:
        review_amend(
            actor=afg_officer,
            record=report,
            data={"quantity": 1},
            reason="Typo",
            expected_version=7,
        )
    assert exc.value.code == CommonError.STALE_VERSION
    assert not ActionReportRevision.objects.exists()
