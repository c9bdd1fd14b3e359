from decimal import Decimal

import pytest

from audit.models import AuditEvent
from compliance.action_reports.selectors import action_report_visible_to
from compliance.action_reports.services import (
    action_evidence_add,
    action_report_create_draft,
    action_report_submit,
    action_report_withdraw,
)
from compliance.models import ActionReport
from core.errors import CommonError, ServiceError
from evidence.error_codes import EvidenceError
from tests.api.support import ELF, upload

from ..conftest import report_data


@pytest.fixture
def commitment(make_commitment):
    return make_commitment()


def test_the_obligated_party_reports_and_submits(commitment, afg_officer, pak_officer):
    report = action_report_create_draft(
        actor=afg_officer, commitment=commitment, data=report_data()
    )
    assert report.reference.startswith("ACT-AFG-")
    assert report.status == "draft"
    report = action_report_submit(actor=afg_officer, report=report)
    assert report.status == "submitted" and report.submitted_at
    actions = list(
        AuditEvent.objects.filter(subject_type="action_report", subject_id=report.pk).values_list(
            "action", flat=True
        )
    )
    assert actions == ["created", "submitted"]
    assert pak_officer.notifications.filter(kind="action_report_submitted").exists()


@pytest.mark.parametrize(
    ("actor", "code"),
    [
        ("pak_officer", CommonError.NOT_YOUR_PARTY),
        ("tur_reviewer", CommonError.PERMISSION_DENIED),
        ("secretariat", CommonError.PERMISSION_DENIED),
        ("observer", CommonError.PERMISSION_DENIED),
    ],
)
def test_only_the_obligated_party_reports_actions(cast, commitment, actor, code):
    with pytest.raises(ServiceError) as exc:
        action_report_create_draft(actor=cast[actor], commitment=commitment, data=report_data())
    assert exc.value.code == code
    assert not ActionReport.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"quantity": -1}, "quantity"),
        ({"latitude": None}, "latitude"),
        ({"latitude": Decimal("51.5"), "longitude": Decimal("-0.12")}, "latitude"),
        ({"narrative": ""}, "narrative"),
        ({"action_date": "2999-01-01"}, "action_date"),
    ],
)
def test_invalid_reports_are_refused_by_field(commitment, afg_officer, overrides, field):
    with pytest.raises(ServiceError) as exc:
        action_report_create_draft(
            actor=afg_officer, commitment=commitment, data=report_data(**overrides)
        )
    assert exc.value.code == CommonError.VALIDATION_ERROR
    assert field in exc.value.fields


def test_a_report_without_a_location_is_accepted(commitment, afg_officer):
    report = action_report_create_draft(
        actor=afg_officer,
        commitment=commitment,
        data=report_data(latitude=None, longitude=None, place_name=""),
    )
    assert report.latitude is None


def test_the_other_party_never_sees_a_draft(commitment, make_report, cast):
    draft = make_report(commitment)
    submitted = make_report(commitment, state="submitted")
    verified = make_report(commitment, state="verified")
    seen = {
        name: set(action_report_visible_to(user).values_list("pk", flat=True))
        for name, user in cast.items()
    }
    assert seen["afg_officer"] == {draft.pk, submitted.pk, verified.pk}
    assert seen["secretariat"] == {draft.pk, submitted.pk, verified.pk}
    assert seen["pak_officer"] == seen["tur_reviewer"] == {submitted.pk, verified.pk}
    assert seen["observer"] == {verified.pk}


def test_submit_twice_is_an_illegal_transition(commitment, make_report, afg_officer):
    report = make_report(commitment, state="submitted")
    with pytest.raises(ServiceError) as exc:
        action_report_submit(actor=afg_officer, report=report)
    assert exc.value.code == CommonError.ILLEGAL_TRANSITION


def test_withdraw_before_review_only(commitment, make_report, afg_officer, pak_officer):
    report = make_report(commitment, state="submitted")
    with pytest.raises(ServiceError) as exc:
        action_report_withdraw(actor=pak_officer, report=report)
    assert exc.value.code == CommonError.NOT_YOUR_PARTY
    report = action_report_withdraw(actor=afg_officer, report=report, reason="Duplicate")
    assert report.status == "withdrawn"
    decided = make_report(commitment, state="verified")
    with pytest.raises(ServiceError) as exc:
        action_report_withdraw(actor=afg_officer, report=decided)
    assert exc.value.code == CommonError.ILLEGAL_TRANSITION


def test_evidence_uses_the_claims_checks(commitment, make_report, afg_officer, pak_officer):
    report = make_report(commitment)
    evidence = action_evidence_add(user=afg_officer, report=report, upload=upload())
    assert evidence.content_type == "image/png" and len(evidence.sha256) == 64
    assert AuditEvent.objects.filter(subject_id=report.pk, action="evidence_added").exists()
    with pytest.raises(ServiceError) as exc:
        action_evidence_add(user=afg_officer, report=report, upload=upload("x.png", ELF))
    assert exc.value.code == EvidenceError.UNSUPPORTED_FILE_TYPE
    with pytest.raises(ServiceError) as exc:
        action_evidence_add(user=pak_officer, report=report, upload=upload())
    assert exc.value.code == CommonError.NOT_YOUR_PARTY
