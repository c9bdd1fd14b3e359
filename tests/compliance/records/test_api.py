"""GET /api/v1/parties/{code}/record/ and /api/v1/reports/implementation/: the record as
the selector gives it, per role; refusals in the project's error shape."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from compliance.records.party import party_record
from compliance.records.report_csv import CSV_TABLES
from tests.factories_records import ReferralFactory, VerifiedClaimFactory


@pytest.fixture
def seeded(afg, pak, category, make_commitment):
    now = timezone.now()
    for n in range(3):
        VerifiedClaimFactory(accused_party=afg, category=category, occurred_at=now - timedelta(n))
    VerifiedClaimFactory(
        accused_party=pak, reporting_party=afg, category=category, occurred_at=now - timedelta(2)
    )
    make_commitment(session_date=now.date() - timedelta(60), due_date=now.date() - timedelta(2))
    ReferralFactory(to_party=afg, from_party=pak, sent_at=now - timedelta(days=9))
    ReferralFactory(
        to_party=afg,
        from_party=pak,
        sent_at=now - timedelta(days=5),
        acknowledged_after=timedelta(hours=2),
    )


def period_query(days=30):
    today = timezone.now().date()
    return {"from": (today - timedelta(days=days)).isoformat(), "to": today.isoformat()}


def test_the_record_is_the_selectors(api_as, cast, afg, seeded):
    query = period_query()
    response = api_as("pak_officer").get("/api/v1/parties/AFG/record/", query)
    assert response.status_code == 200
    body = response.json()
    today = timezone.now().date()
    expected = party_record(
        afg, start=today - timedelta(days=30), end=today, user=cast["pak_officer"]
    )
    assert body == expected
    assert body["violations"]["total"] == 3
    assert body["commitments"]["due_and_missed"] == 1
    assert body["referrals"]["received"] == 2


def test_observers_get_no_referral_figures(api_as, seeded):
    body = api_as("observer").get("/api/v1/parties/AFG/record/", period_query()).json()
    assert body["referrals"] is None
    assert body["violations"]["total"] == 3


def test_unknown_party_is_404(api_as, seeded):
    response = api_as("secretariat").get("/api/v1/parties/XYZ/record/")
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


def test_anonymous_is_401(api_as, seeded):
    response = api_as(None).get("/api/v1/parties/AFG/record/")
    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"


@pytest.mark.parametrize("path", ["/api/v1/parties/AFG/record/", "/api/v1/reports/implementation/"])
@pytest.mark.parametrize(
    "query,field",
    [
        ({"from": "2025-11-02", "to": "2025-11-01"}, "from"),
        ({"from": "not-a-date"}, "from"),
        ({"from": "1900-01-01", "to": "2025-01-01"}, "to"),
    ],
)
def test_a_bad_period_is_400(api_as, cast, path, query, field):
    response = api_as("secretariat").get(path, query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert list(body["fields"]) == [field]


@pytest.mark.parametrize(
    "query,field",
    [
        ({"format": "xls"}, "format"),
        ({"format": ""}, "format"),
        ({"table": "x"}, "table"),
        ({"table": ""}, "table"),
        ({"from": ""}, "from"),
    ],
)
def test_the_report_refuses_unknown_outputs(api_as, cast, query, field):
    response = api_as("secretariat").get("/api/v1/reports/implementation/", query)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_the_default_period_is_the_last_90_days(api_as, cast):
    body = api_as("secretariat").get("/api/v1/parties/AFG/record/").json()
    today = timezone.now().date()
    assert body["period"] == {
        "from": (today - timedelta(days=90)).isoformat(),
        "to": today.isoformat(),
    }


def test_the_report_matches_the_record(api_as, cast, afg, pak, seeded):
    query = period_query()
    report = api_as("tur_reviewer").get("/api/v1/reports/implementation/", query).json()
    records = {
        code: api_as("tur_reviewer").get(f"/api/v1/parties/{code}/record/", query).json()
        for code in ("AFG", "PAK")
    }
    assert [r["party"]["code"] for r in report["records"]] == ["AFG", "PAK"]
    for record in report["records"]:
        assert record == records[record["party"]["code"]]
    assert report["new_violations"]["total"] == 4
    assert len(report["new_violations"]["rows"]) == 4
    assert report["commitments_missed"]["total"] == 1
    assert report["overdue_referrals"]["total"] == 1  # never acknowledged, clock run out


def test_csv_tables_have_their_columns(api_as, seeded):
    client = api_as("secretariat")
    for table, (columns, _) in CSV_TABLES.items():
        response = client.get(
            "/api/v1/reports/implementation/", {**period_query(), "format": "csv", "table": table}
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == columns
    records = client.get(
        "/api/v1/reports/implementation/", {**period_query(), "format": "csv"}
    ).content.decode()
    assert "AFG,violations,total,3" in records.splitlines()
    violations = client.get(
        "/api/v1/reports/implementation/",
        {**period_query(), "format": "csv", "table": "violations"},
    ).content.decode()
    assert len(violations.strip().splitlines()) == 1 + 4


def test_observers_csv_has_no_referrals(api_as, seeded):
    client = api_as("observer")
    query = {**period_query(), "format": "csv"}
    records = client.get("/api/v1/reports/implementation/", query).content.decode()
    assert ",referrals" not in records
    referrals = client.get(
        "/api/v1/reports/implementation/", {**query, "table": "referrals"}
    ).content.decode()
    assert referrals.strip().splitlines() == [",".join(CSV_TABLES["referrals"][0])]


def test_the_pdf_opens_and_holds_the_periods_figures(api_as, seeded):
    query = period_query()
    response = api_as("secretariat").get(
        "/api/v1/reports/implementation/", {**query, "format": "pdf"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    start, end = (date.fromisoformat(query[k]) for k in ("from", "to"))
    assert f"{start:%-d %b %Y} to {end:%-d %b %Y}" in text
    assert "Verified violations" in text
    assert "Afghanistan" in text and "Pakistan" in text
    assert "Referrals received" in text
    assert "1 of 2 (50%)" in text  # acknowledged in time
    assert "Verified violations by month" in text  # the chart's title


def test_the_schema_describes_both(api_as, cast):
    schema = api_as("secretariat").get("/api/schema/", {"format": "json"}).content.decode()
    assert "/api/v1/parties/{code}/record/" in schema
    assert "/api/v1/reports/implementation/" in schema


@pytest.mark.parametrize("actor,listed", [("secretariat", 3), ("observer", 2)])
def test_the_reports_penalties(api_as, afg, pak, seeded, actor, listed):
    from tests.factories_records import PenaltyCaseFactory

    in_effect = PenaltyCaseFactory(party=afg, status="in_effect")
    PenaltyCaseFactory(party=afg, status="rejected")  # decided in the period; not for observers
    PenaltyCaseFactory(party=afg, status="proposed")  # neither in effect nor decided
    PenaltyCaseFactory(party=pak, status="overturned")  # decided on appeal in the period
    report = api_as(actor).get("/api/v1/reports/implementation/", period_query()).json()
    penalties = report["penalties"]
    assert penalties["total"] == len(penalties["rows"]) == listed
    assert [r["in_effect"] for r in penalties["rows"] if r["reference"] == in_effect.reference] == [
        True
    ]
    assert [r["penalties"]["in_effect"] for r in report["records"]] == [1, 0]
    pdf = api_as(actor).get("/api/v1/reports/implementation/", {**period_query(), "format": "pdf"})
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert in_effect.reference in text


def test_the_record_and_the_report_count_verified_violations_by_intent(
    api_as, client, cast, afg, category
):
    now = timezone.now()
    intents = ["deliberate", "deliberate", "accidental", "undetermined", "differing", "differing"]
    for n, intent in enumerate(intents):
        VerifiedClaimFactory(
            accused_party=afg, category=category, occurred_at=now - timedelta(n), intent=intent
        )
    expected = {"deliberate": 2, "accidental": 1, "undetermined": 1, "differing": 2}
    query = period_query()
    api = api_as("observer")

    record = api.get("/api/v1/parties/AFG/record/", query).json()
    assert record["violations"]["by_intent"] == expected
    assert record["violations"]["total"] == sum(expected.values())
    report = api.get("/api/v1/reports/implementation/", query).json()
    (afg_record,) = [r for r in report["records"] if r["party"]["code"] == "AFG"]
    assert afg_record["violations"]["by_intent"] == expected

    lines = api.get("/api/v1/reports/implementation/", {**query, "format": "csv"})
    lines = lines.content.decode().splitlines()
    for intent, count in expected.items():
        assert f"AFG,violations_by_intent,{intent},{count}" in lines

    pdf = api.get("/api/v1/reports/implementation/", {**query, "format": "pdf"})
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "deliberate" in text and "co-chairs' intents differ" in text

    client.force_login(cast["observer"])
    page = client.get("/compliance/reports/implementation/", query).content.decode()
    assert "· co-chairs&#x27; intents differ" in page or "· co-chairs' intents differ" in page
