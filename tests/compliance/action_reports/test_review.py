"""One review for claims and action reports: the same services, transition table and
audit trail walk both, and refuse both in the same way."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from audit.models import AuditEvent
from core.errors import CommonError, ServiceError
from verification.error_codes import ReviewError
from verification.review import reviewable_of
from verification.selectors import (
    assignments_active,
    findings_open_at,
    findings_visible_to,
    reply_for,
)
from verification.services import (
    review_decide_at_meeting,
    review_record_finding,
    review_reply,
    review_submit,
    review_withdraw,
)


@pytest.fixture
def filed(file_claim, make_commitment, make_report):
    """filed(kind) -> (draft, filer, answering officer, audit subject type)."""

    def make(kind):
        if kind == "claim":
            return file_claim("draft"), "pak_officer", "afg_officer", "incident"
        report = make_report(make_commitment())
        return report, "afg_officer", "pak_officer", "action_report"

    return make


@pytest.mark.parametrize("kind", ["claim", "action_report"])
def test_the_same_review_walks_claims_and_action_reports(filed, cast, kind):
    record, filer, answerer, subject_type = filed(kind)

    record = review_submit(actor=cast[filer], record=record)
    assert record.status == "under_review"
    assert {a.cochair.code for a in assignments_active(record)} == {"TUR", "QAT"}
    assert record.reply_due_at and record.findings_due_at

    with pytest.raises(ServiceError) as exc:
        review_reply(actor=cast[filer], record=record, position="denies", narrative="No.")
    assert exc.value.code == CommonError.NOT_YOUR_PARTY
    review_reply(actor=cast[answerer], record=record, position="denies", narrative="Never.")
    assert reply_for(record).position == "denies"

    review_record_finding(
        actor=cast["tur_reviewer"],
        record=record,
        outcome="verified",
        grade="confirmed",
        reasoning="Imagery.",
        intent="deliberate",
    )
    # One co-chair's finding stays hidden from the other co-chair and the parties.
    assert list(findings_visible_to(user=cast["qat_reviewer"], incident=record)) == []
    assert list(findings_visible_to(user=cast[answerer], incident=record)) == []
    with pytest.raises(ServiceError) as exc:
        review_withdraw(actor=cast[filer], record=record)
    assert exc.value.code == CommonError.ILLEGAL_TRANSITION

    review_record_finding(
        actor=cast["qat_reviewer"],
        record=record,
        outcome="not_verified",
        grade="possible",
        reasoning="Witnesses disagree.",
    )
    record.refresh_from_db()
    assert record.status == "disputed"

    record = review_decide_at_meeting(
        actor=cast["secretariat"],
        record=record,
        outcome="verified",
        grade="probable",
        minutes="The meeting accepted the imagery.",
        intent="accidental",
    )
    assert (record.status, record.outcome, record.grade) == ("verified", "verified", "probable")
    assert record.intent == "accidental"
    actions = list(
        AuditEvent.objects.filter(subject_type=subject_type, subject_id=record.pk)
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == [
        "created",
        "submitted",
        "assigned",
        "reply_filed",
        "finding_recorded",
        "finding_recorded",
        "disputed",
        "meeting_decision",
    ]


@pytest.mark.parametrize("kind", ["claim", "action_report"])
def test_only_assigned_reviewers_record_findings(filed, cast, kind):
    record, filer, _, _ = filed(kind)
    record = review_submit(actor=cast[filer], record=record)
    for actor, code in (
        ("secretariat", CommonError.PERMISSION_DENIED),
        (filer, CommonError.PERMISSION_DENIED),
    ):
        with pytest.raises(ServiceError) as exc:
            review_record_finding(
                actor=cast[actor],
                record=record,
                outcome="verified",
                grade="confirmed",
                reasoning="x",
            )
        assert exc.value.code == code


@pytest.mark.parametrize("first", ["claim", "action_report"])
def test_reviewer_load_counts_claims_and_action_reports_alike(
    file_claim, make_commitment, make_report, tur, qat, first
):
    """A reviewer carrying an open action report is as loaded as one carrying a claim:
    the next record of either kind goes to the reviewers who carry nothing."""
    from tests.factories import UserFactory

    UserFactory(username="tur_reviewer_2", role="reviewer", cochair=tur)
    UserFactory(username="qat_reviewer_2", role="reviewer", cochair=qat)
    commitment = make_commitment()

    def reviewers(record):
        return sorted(a.reviewer.username for a in assignments_active(record))

    make = {
        "claim": lambda: file_claim("under_review"),
        "action_report": lambda: make_report(commitment, state="under_review"),
    }
    second = "claim" if first == "action_report" else "action_report"
    one = make[first]()
    two = make[second]()
    assert set(reviewers(one)).isdisjoint(reviewers(two))
    # Everyone now carries one open record: the least recently assigned come first again.
    three = make[first]()
    assert set(reviewers(three)) == set(reviewers(one))


@pytest.mark.parametrize("kind", ["claim", "action_report"])
def test_the_answering_partys_reply_comes_before_any_finding(filed, cast, kind):
    record, filer, answerer, _ = filed(kind)
    record = review_submit(actor=cast[filer], record=record)
    assert findings_open_at(record) == record.reply_due_at

    def find(reviewer):
        return review_record_finding(
            actor=cast[reviewer],
            record=record,
            outcome="verified",
            grade="probable",
            reasoning="Imagery.",
            intent="undetermined",
        )

    with pytest.raises(ServiceError) as exc:
        find("tur_reviewer")
    assert exc.value.code == ReviewError.REPLY_PENDING
    assert not reviewable_of(record).findings(record).exists()

    review_reply(actor=cast[answerer], record=record, position="accepts", narrative="Yes.")
    record.refresh_from_db()
    assert findings_open_at(record) == record.replied_at
    find("tur_reviewer")
    find("qat_reviewer")
    record.refresh_from_db()
    assert (record.status, record.intent) == ("verified", "undetermined")


@pytest.mark.parametrize("kind", ["claim", "action_report"])
def test_no_meeting_decision_while_the_answering_party_may_reply(filed, cast, kind):
    record, filer, _, _ = filed(kind)
    record = review_submit(actor=cast[filer], record=record)
    # A record disputed before the right of reply came first: its window is still open.
    type(record).objects.filter(pk=record.pk).update(status="disputed")
    record.refresh_from_db()
    with pytest.raises(ServiceError) as exc:
        review_decide_at_meeting(
            actor=cast["secretariat"],
            record=record,
            outcome="inconclusive",
            grade="possible",
            minutes="Unclear.",
        )
    assert exc.value.code == ReviewError.REPLY_PENDING
    record.refresh_from_db()
    assert record.status == "disputed"


def test_an_action_reports_summary_names_its_party_and_commitment(make_commitment, make_report):
    report = make_report(make_commitment())
    summary = reviewable_of(report).summary

    assert summary(report) == f"by {report.party.name} on {report.commitment.reference}"
    with translation.override("tr"):
        expected = gettext("by %(party)s on %(commitment)s") % {
            "party": report.party.name,
            "commitment": report.commitment.reference,
        }
        assert summary(report) == expected
