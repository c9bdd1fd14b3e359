"""A party's record counts standing findings only: a verified finding under a pending
appeal is shown apart, one overturned on appeal is no longer a violation, one upheld is."""

from datetime import timedelta

import pytest
from django.utils import timezone

from compliance.records.party import party_record
from compliance.records.report import implementation_report, summary_rows
from incidents.appeals.services import appeal_decide, appeal_file


def record(afg, user):
    today = timezone.now().date()
    return party_record(afg, start=today - timedelta(days=30), end=today, user=user)


def appeal(cast, claim):
    return appeal_file(actor=cast["afg_officer"], incident=claim, grounds="New imagery.")


def decide(cast, appealed, decision):
    appeal_decide(
        actor=cast["secretariat"],
        appeal=appealed,
        decision=decision,
        minutes="Heard both delegations.",
        meeting_label="Review meeting",
    )


@pytest.mark.parametrize("role", ["secretariat", "observer", "pak_officer"])
def test_only_standing_findings_count(file_claim, cast, afg, role):
    standing = file_claim("verified")
    pending = file_claim("verified")
    upheld = file_claim("verified")
    overturned = file_claim("verified")
    appeal(cast, pending)
    decide(cast, appeal(cast, upheld), "uphold")
    decide(cast, appeal(cast, overturned), "overturn")

    violations = record(afg, cast[role])["violations"]

    assert violations["total"] == 2  # standing and upheld
    assert violations["under_appeal"] == 1
    assert sum(row["count"] for row in violations["by_category"]) == 2
    overturned.refresh_from_db()
    assert overturned.status == "not_verified"
    assert standing.status == "verified"


def test_the_report_lists_standing_findings_and_shows_those_under_appeal(file_claim, cast):
    file_claim("verified")
    appeal(cast, file_claim("verified"))
    today = timezone.now().date()
    report = implementation_report(
        start=today - timedelta(days=30), end=today, user=cast["secretariat"]
    )
    assert report["new_violations"]["total"] == 1
    assert len(report["new_violations"]["rows"]) == 1
    by_party = {r["party"]["code"]: r["violations"] for r in report["records"]}
    assert by_party["AFG"] == {**by_party["AFG"], "total": 1, "under_appeal": 1}
    rows = {row[0]: row[1:] for row in summary_rows(report["records"])}
    assert sorted(rows["· verified, under appeal (not counted)"]) == ["0", "1"]
