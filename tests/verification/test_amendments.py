"""After submission, corrections are amendments: a new version with a reason; the old text is kept."""

import pytest

from audit.models import AuditEvent
from core.errors import CommonError, ServiceError
from incidents.services import incident_update_draft
from verification.services import review_amend


def test_amendment_keeps_the_old_text(file_claim, cast):
    claim = file_claim("under_review")
    old = claim.narrative
    claim = review_amend(
        actor=cast["pak_officer"],
        record=claim,
        data={"narrative": "Corrected: three mortar rounds.", "killed_civilian_high": 2},
        reason="Sector command corrected the count.",
    )
    assert claim.narrative == "Corrected: three mortar rounds."
    assert claim.version == 2
    revision = claim.revisions.get()
    assert revision.number == 1
    assert revision.previous_content["narrative"] == old
    assert revision.changed_fields == ["killed_civilian_high", "narrative"]
    event = AuditEvent.objects.get(subject_id=claim.pk, action="amended")
    assert event.payload["reason"] == "Sector command corrected the count."


def test_submitted_content_cannot_be_edited_as_a_draft(file_claim, cast):
    claim = file_claim("under_review")
    with pytest.raises(ServiceError) as refused:
        incident_update_draft(officer=cast["pak_officer"], incident=claim, data={"narrative": "x"})
    assert refused.value.code == CommonError.ILLEGAL_TRANSITION


@pytest.mark.parametrize(
    "data,reason,field",
    [
        ({"narrative": "x"}, "", "reason"),
        ({"colour": "red"}, "typo", "colour"),
        ({}, "nothing", "non_field_errors"),
        ({"killed_civilian_low": 5, "killed_civilian_high": 1}, "count", "killed_civilian_high"),
    ],
)
def test_bad_amendments_write_nothing(file_claim, cast, data, reason, field):
    claim = file_claim("under_review")
    with pytest.raises(ServiceError) as refused:
        review_amend(actor=cast["pak_officer"], record=claim, data=data, reason=reason)
    assert refused.value.code == CommonError.VALIDATION_ERROR
    assert field in refused.value.fields
    claim.refresh_from_db()
    assert claim.version == 1
    assert not claim.revisions.exists()


def test_accused_party_cannot_be_amended(file_claim, cast, pak):
    claim = file_claim("under_review")
    with pytest.raises(ServiceError) as refused:
        review_amend(
            actor=cast["pak_officer"], record=claim, data={"accused_party": pak}, reason="x"
        )
    assert "accused_party" in refused.value.fields


def test_only_the_reporting_party_amends(file_claim, cast):
    claim = file_claim("under_review")
    with pytest.raises(ServiceError) as refused:
        review_amend(actor=cast["afg_officer"], record=claim, data={"narrative": "x"}, reason="x")
    assert refused.value.code == CommonError.NOT_YOUR_PARTY


@pytest.mark.parametrize("state", ["draft", "verified"])
def test_no_amendment_before_submission_or_after_decision(file_claim, cast, state):
    claim = file_claim(state)
    with pytest.raises(ServiceError) as refused:
        review_amend(actor=cast["pak_officer"], record=claim, data={"narrative": "x"}, reason="x")
    assert refused.value.code == CommonError.ILLEGAL_TRANSITION


def test_stale_version_is_refused(file_claim, cast):
    claim = file_claim("under_review")
    with pytest.raises(ServiceError) as refused:
        review_amend(
            actor=cast["pak_officer"],
            record=claim,
            data={"narrative": "x"},
            reason="x",
            expected_version=7,
        )
    assert refused.value.code == CommonError.STALE_VERSION
