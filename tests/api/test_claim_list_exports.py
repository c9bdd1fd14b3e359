"""The claim list's downloads: CSV and GeoJSON of the list's current filter, signed in
with the session, byte for byte the files the API gives the same user for the same
filter; over EXPORT_ASYNC_THRESHOLD rows, the export job and its progress page."""

import html
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.shortcuts import resolve_url
from django.utils import timezone

from core.models import ExportJob
from tests.factories import IncidentFactory
from verification.statuses import Status

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
PAGE = {"export-csv": "/claims/export.csv", "export-geojson": "/claims/export.geojson"}
API = {
    "export-csv": "/api/v1/incidents/export.csv",
    "export-geojson": "/api/v1/incidents/export.geojson",
}


@pytest.fixture
def claims(cast, pak, afg, category):
    now = timezone.now()
    decided = dict(status=Status.VERIFIED, outcome="verified", grade="probable", closed_at=now)
    return {
        "pak_draft": IncidentFactory(occurred_at=T0),
        "open": IncidentFactory(
            status=Status.UNDER_REVIEW, submitted_at=now - timedelta(days=1), occurred_at=T0
        ),
        "verified_south": IncidentFactory(
            **decided, submitted_at=now, province="Balochistan", occurred_at=T0
        ),
        "verified_north": IncidentFactory(
            **decided,
            submitted_at=now,
            reporting_party=afg,
            accused_party=pak,
            province="Khost",
            occurred_at=T0 + timedelta(hours=1),
        ),
    }


def links(page: str) -> dict[str, str]:
    """The list's download links, by test id."""
    found = re.findall(r'href="([^"]+)" data-testid="(export-[a-z]+)"', page)
    return {testid: html.unescape(href) for href, testid in found}


def body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def test_the_links_carry_the_filter_but_not_the_page_the_sort_or_empty_fields(client, cast, claims):
    client.force_login(cast["secretariat"])
    query = "status=verified&province=Balochistan&sort=reference&page=1&search=&bbox="
    found = links(client.get(f"/claims/?{query}").content.decode())
    assert set(found) == set(PAGE)
    for testid, href in found.items():
        path, _, rest = href.partition("?")
        assert path == PAGE[testid]
        assert parse_qs(rest) == {"status": ["verified"], "province": ["Balochistan"]}


def test_the_links_follow_a_filter_applied_in_place(client, cast, claims):
    """htmx swaps the results only: the links live in them, so they carry the new filter."""
    client.force_login(cast["secretariat"])
    fragment = client.get(
        "/claims/?status=verified",
        headers={"HX-Request": "true", "HX-Target": "claim-results"},
    ).content.decode()
    assert "<html" not in fragment
    for href in links(fragment).values():
        assert parse_qs(urlsplit(href).query) == {"status": ["verified"]}


@pytest.mark.parametrize("name", ["secretariat", "pak_officer", "afg_officer", "observer"])
@pytest.mark.parametrize("query", [{}, {"status": "verified"}, {"province": "Khost"}], ids=str)
@pytest.mark.parametrize("testid", sorted(PAGE))
def test_the_file_equals_the_apis_for_the_same_user_and_filter(
    client, api_as, cast, claims, name, query, testid
):
    client.force_login(cast[name])
    page = client.get(PAGE[testid], query)
    api = api_as(name).get(API[testid], query)
    assert body(page) == body(api)
    for header in ("Content-Type", "Content-Disposition", "Cache-Control"):
        assert page[header] == api[header]


@pytest.mark.parametrize("testid", sorted(PAGE))
def test_an_observer_downloads_only_the_decided_claims(client, cast, claims, testid):
    client.force_login(cast["observer"])
    text = body(client.get(PAGE[testid])).decode()
    for name, claim in claims.items():
        assert (claim.reference in text) == name.startswith("verified"), name


@pytest.mark.parametrize("testid", sorted(PAGE))
def test_a_large_download_becomes_a_job_of_the_same_kind(
    client, cast, claims, settings, testid, django_capture_on_commit_callbacks
):
    settings.EXPORT_ASYNC_THRESHOLD = 1
    client.force_login(cast["observer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(PAGE[testid], {"status": "verified"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/{job.pk}/"
    assert job.parameters == {"status": ["verified"]}
    download = client.get(f"/exports/{job.pk}/download/")
    assert download["Content-Type"] == job.content_type
    text = b"".join(download.streaming_content).decode()
    assert claims["verified_south"].reference in text
    assert claims["open"].reference not in text


@pytest.mark.parametrize("testid", sorted(PAGE))
def test_a_bad_filter_goes_back_to_the_list(client, cast, claims, testid):
    client.force_login(cast["secretariat"])
    response = client.get(PAGE[testid], {"occurred_after": "not a date"})
    assert response.status_code == 302
    assert response["Location"].startswith("/claims/?")


@pytest.mark.parametrize("testid", sorted(PAGE))
def test_signed_out_the_download_asks_to_sign_in(client, claims, settings, testid):
    response = client.get(PAGE[testid])
    assert response.status_code == 302
    assert response["Location"].startswith(f"{resolve_url(settings.LOGIN_URL)}?next=")
    assert not ExportJob.objects.exists()
