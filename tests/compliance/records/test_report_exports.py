"""The report's files over EXPORT_ASYNC_THRESHOLD claims in the period: the API answers
202 and an export job builds them; the browser's links lead to the job's page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import ExportJob
from tests.factories import api_token
from tests.factories_records import ReferralFactory, VerifiedClaimFactory

pytestmark = pytest.mark.django_db

REPORT = "/api/v1/reports/implementation/"


@pytest.fixture
def seeded(afg, pak, category):
    now = timezone.now()
    for n in range(4):
        VerifiedClaimFactory(accused_party=afg, category=category, occurred_at=now - timedelta(n))
    ReferralFactory(to_party=afg, from_party=pak, sent_at=now - timedelta(days=9))


def api(user):
    client = APIClient()
    token = api_token(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def period():
    today = timezone.now().date()
    return {"from": (today - timedelta(days=30)).isoformat(), "to": today.isoformat()}


@pytest.mark.parametrize("table", ["records", "violations"])
def test_a_large_report_csv_is_built_by_a_job_equal_to_the_direct_answer(
    cast, seeded, settings, period, table, django_capture_on_commit_callbacks
):
    client = api(cast["tur_reviewer"])
    query = {**period, "format": "csv", "table": table}
    direct = client.get(REPORT, query)
    assert direct.status_code == 200
    settings.EXPORT_ASYNC_THRESHOLD = 3
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.get(REPORT, query)
    assert accepted.status_code == 202, accepted.content
    status = client.get(accepted["Location"]).json()
    assert status["status"] == "done"
    assert status["progress"] == {"done": 4, "total": 4}
    download = client.get(status["download_url"])
    assert download["Content-Disposition"] == direct["Content-Disposition"]
    assert b"".join(download.streaming_content) == direct.content
    assert api(cast["pak_officer"]).get(accepted["Location"]).status_code == 404


def test_a_large_report_pdf_is_built_by_a_job(
    cast, seeded, settings, period, django_capture_on_commit_callbacks
):
    settings.EXPORT_ASYNC_THRESHOLD = 3
    client = api(cast["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.get(REPORT, {**period, "format": "pdf"})
    assert accepted.status_code == 202
    job = ExportJob.objects.get()
    assert job.parameters["from"] == [period["from"]] and job.parameters["to"] == [period["to"]]
    download = client.get(client.get(accepted["Location"]).json()["download_url"])
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_json_report_is_always_answered_at_once(cast, seeded, settings, period):
    settings.EXPORT_ASYNC_THRESHOLD = 0
    response = api(cast["secretariat"]).get(REPORT, period)
    assert response.status_code == 200
    assert "records" in response.json()
    assert not ExportJob.objects.exists()


def test_the_report_page_links_its_files_to_jobs_when_large(
    client, cast, seeded, settings, period, django_capture_on_commit_callbacks
):
    settings.EXPORT_ASYNC_THRESHOLD = 3
    client.force_login(cast["secretariat"])
    body = client.get("/compliance/reports/implementation/", period).content.decode()
    assert "/compliance/reports/implementation/download/?from=" in body
    assert "/api/v1/reports/implementation/?from=" not in body

    with django_capture_on_commit_callbacks(execute=True):
        started = client.get(
            "/compliance/reports/implementation/download/", {**period, "format": "pdf"}
        )
    job = ExportJob.objects.get()
    assert started.status_code == 302 and started["Location"] == f"/exports/{job.pk}/"
    page = client.get(started["Location"])
    assert page.status_code == 200
    assert f"/exports/{job.pk}/download/" in page.content.decode()


def test_the_browser_download_of_a_small_report_goes_to_the_api(client, cast, seeded, period):
    client.force_login(cast["secretariat"])
    response = client.get(
        "/compliance/reports/implementation/download/", {**period, "format": "csv"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/api/v1/reports/implementation/?")
    assert "format=csv" in response["Location"]
    assert (
        client.get("/compliance/reports/implementation/download/", {"format": "doc"}).status_code
        == 404
    )


def test_the_report_counts_access_denied_in_json_csv_and_pdf(cast, file_claim, afg, period):
    from incidents.denials.services import access_denial_record

    access_denial_record(
        actor=cast["secretariat"],
        incident=file_claim("under_review"),
        data={
            "denying_party": afg,
            "began_at": timezone.now(),
            "latitude": "34.13",
            "longitude": "71.09",
            "place_name": "Torkham",
            "denied_by": "Border post",
            "refused": "Entry to the site.",
        },
    )
    client = api(cast["secretariat"])
    report = client.get(REPORT, period).json()
    by_party = {r["party"]["code"]: r["access_denied"] for r in report["records"]}
    assert by_party == {
        "AFG": {"total": 1, "still_open": 1},
        "PAK": {"total": 0, "still_open": 0},
    }
    rows = client.get(REPORT, {**period, "format": "csv", "table": "records"}).content.decode()
    assert "AFG,access_denied,total,1" in rows.replace("\r", "")
    assert client.get(REPORT, {**period, "format": "pdf"}).status_code == 200
