"""Exports over EXPORT_ASYNC_THRESHOLD rows: the API answers 202 with a status URL, an
export job builds the same file the synchronous export streams, only for its requester."""

import csv
import dataclasses
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone

from core.exports import registry
from core.exports.build import PROGRESS_STEPS, export_job_build
from core.models import ExportJob
from tests.factories import IncidentFactory
from verification.statuses import Status

pytestmark = pytest.mark.django_db

CSV = "/api/v1/incidents/export.csv"
GEOJSON = "/api/v1/incidents/export.geojson"
T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def claims(cast, pak, afg, category):
    """Twelve claims both parties see, and three pak drafts only pak (and the secretariat)
    sees."""
    now = timezone.now()
    seen_by_both = [
        IncidentFactory(
            status=Status.UNDER_REVIEW,
            submitted_at=now - timedelta(days=1),
            occurred_at=T0 + timedelta(hours=i),
            narrative=f"Shelling, round {i}.",
        )
        for i in range(12)
    ]
    drafts = [
        IncidentFactory(occurred_at=T0 + timedelta(days=1, hours=i), narrative="Pak draft.")
        for i in range(3)
    ]
    return {"shared": seen_by_both, "pak_drafts": drafts}


@pytest.fixture
def threshold(settings):
    settings.EXPORT_ASYNC_THRESHOLD = 5
    return settings


def streamed(client, path, query=None) -> bytes:
    response = client.get(path, query or {})
    assert response.status_code == 200, response.content
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def start_job(client, path, query, capture):
    with capture(execute=True):
        response = client.get(path, query or {})
    assert response.status_code == 202, response.content
    body = response.json()
    assert response["Location"] == body["status_url"]
    return body


@pytest.mark.parametrize("path", [CSV, GEOJSON])
@pytest.mark.parametrize("query", [{}, {"status": "under_review"}], ids=["all", "filtered"])
def test_over_the_threshold_a_job_builds_the_file_the_stream_gives(
    api_as, claims, settings, threshold, path, query, django_capture_on_commit_callbacks
):
    client = api_as("pak_officer")
    settings.EXPORT_ASYNC_THRESHOLD = 10_000
    expected = streamed(client, path, query)
    settings.EXPORT_ASYNC_THRESHOLD = 5

    accepted = start_job(client, path, query, django_capture_on_commit_callbacks)
    assert accepted["status"] == "queued"
    assert accepted["download_url"] is None

    status = client.get(accepted["status_url"])
    assert status.status_code == 200
    body = status.json()
    rows = 12 if query else 15
    assert body["status"] == "done"
    assert body["progress"] == {"done": rows, "total": rows}
    assert body["error_code"] is None
    download = client.get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == (
        "text/csv; charset=utf-8" if path == CSV else "application/geo+json"
    )
    assert b"".join(download.streaming_content) == expected


def test_the_job_sees_only_what_its_requester_sees(
    api_as, claims, threshold, django_capture_on_commit_callbacks
):
    afg = api_as("afg_officer")
    body = start_job(afg, CSV, {}, django_capture_on_commit_callbacks)
    job = afg.get(body["status_url"]).json()
    content = b"".join(afg.get(job["download_url"]).streaming_content).decode()
    references = [row["reference"] for row in csv.DictReader(io.StringIO(content))]
    assert sorted(references) == sorted(c.reference for c in claims["shared"])
    assert not {c.reference for c in claims["pak_drafts"]} & set(references)


@pytest.mark.parametrize("other", ["afg_officer", "secretariat", "tur_reviewer"])
def test_nobody_but_the_requester_reads_the_status_or_the_file(
    api_as, claims, threshold, other, django_capture_on_commit_callbacks
):
    body = start_job(api_as("pak_officer"), CSV, {}, django_capture_on_commit_callbacks)
    download_url = body["status_url"] + "download/"
    for url in (body["status_url"], download_url):
        response = api_as(other).get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "NOT_FOUND"
        assert api_as().get(url).status_code == 401


def test_an_unknown_job_is_404(api_as, claims):
    response = api_as("pak_officer").get("/api/v1/exports/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


def test_progress_moves_in_bounded_steps_while_the_job_runs(
    api_as, cast, category, threshold, monkeypatch, django_capture_on_commit_callbacks
):
    now = timezone.now()
    IncidentFactory.create_batch(
        450, status=Status.UNDER_REVIEW, submitted_at=now - timedelta(days=1), occurred_at=T0
    )
    seen = []
    kind = registry.export_kind("claims.csv")

    def watched(user, parameters):
        for chunk, done in kind.chunks(user, parameters):
            job = ExportJob.objects.get()
            seen.append((job.status, job.progress_done, job.progress_total))
            yield chunk, done

    monkeypatch.setitem(registry._KINDS, "claims.csv", dataclasses.replace(kind, chunks=watched))
    client = api_as("afg_officer")
    body = start_job(client, CSV, {}, django_capture_on_commit_callbacks)

    assert {status for status, _, _ in seen} == {"running"}
    assert {total for _, _, total in seen} == {450}
    done = [progress for _, progress, _ in seen]
    assert done == sorted(done) and done[0] == 0 and 0 < done[-1] < 450
    final = client.get(body["status_url"]).json()
    assert final["progress"] == {"done": 450, "total": 450}


def test_the_build_runs_a_bounded_number_of_queries(
    api_as, cast, category, threshold, django_assert_max_num_queries
):
    now = timezone.now()
    IncidentFactory.create_batch(
        450, status=Status.UNDER_REVIEW, submitted_at=now - timedelta(days=1), occurred_at=T0
    )
    client = api_as("afg_officer")
    job_id = client.get(CSV).json()["id"]  # not built: no commit callbacks ran
    # start, user, count, total, rows, finish: a few each, plus at most one per step.
    with django_assert_max_num_queries(12 + PROGRESS_STEPS):
        job = export_job_build(job_id=job_id)
    assert job.status == "done"
    with django_assert_max_num_queries(2):  # token, job
        assert client.get(f"/api/v1/exports/{job_id}/").json()["status"] == "done"


def test_a_failed_build_records_failed_with_a_code(
    api_as, claims, threshold, monkeypatch, django_capture_on_commit_callbacks
):
    kind = registry.export_kind("claims.csv")

    def broken(user, parameters):
        yield "reference\n", 0
        raise RuntimeError("the disk is full")

    monkeypatch.setitem(registry._KINDS, "claims.csv", dataclasses.replace(kind, chunks=broken))
    client = api_as("pak_officer")
    body = start_job(client, CSV, {}, django_capture_on_commit_callbacks)

    status = client.get(body["status_url"]).json()
    assert status["status"] == "failed"
    assert status["error_code"] == "EXPORT_FAILED"
    assert status["download_url"] is None
    response = client.get(body["status_url"] + "download/")
    assert response.status_code == 409
    assert response.json()["code"] == "EXPORT_FAILED"
    job = ExportJob.objects.get()
    assert not job.file and job.finished_at is not None
    # Idempotent: running it again leaves the failed job as it is.
    assert export_job_build(job_id=job.pk) is None
    assert ExportJob.objects.get().status == "failed"


def test_a_requester_switched_off_meanwhile_gets_a_failed_job(api_as, cast, claims, threshold):
    client = api_as("pak_officer")
    job_id = client.get(CSV).json()["id"]
    cast["pak_officer"].is_active = False
    cast["pak_officer"].save()
    job = export_job_build(job_id=job_id)
    assert (job.status, job.error_code) == ("failed", "PERMISSION_DENIED")


def test_not_ready_and_expired_downloads_are_refused_with_their_codes(
    api_as, claims, threshold, django_capture_on_commit_callbacks
):
    client = api_as("pak_officer")
    queued = client.get(CSV).json()  # its build never dispatched
    response = client.get(queued["status_url"] + "download/")
    assert response.status_code == 409
    assert response.json()["code"] == "EXPORT_NOT_READY"

    done = start_job(client, CSV, {}, django_capture_on_commit_callbacks)
    ExportJob.objects.filter(pk=done["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(done["status_url"] + "download/")
    assert response.status_code == 410
    assert response.json()["code"] == "EXPORT_EXPIRED"


def test_a_second_delivery_of_the_task_changes_nothing(
    api_as, claims, threshold, django_capture_on_commit_callbacks
):
    client = api_as("pak_officer")
    body = start_job(client, CSV, {}, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get(pk=body["id"])
    assert export_job_build(job_id=job.pk) is None
    again = ExportJob.objects.get(pk=job.pk)
    assert (again.status, again.file.name, again.finished_at) == (
        "done",
        job.file.name,
        job.finished_at,
    )


def test_bad_filters_over_the_threshold_answer_400_and_start_nothing(api_as, claims, threshold):
    response = api_as("pak_officer").get(CSV, {"status": "nonsense"})
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert "status" in response.json()["fields"]
    assert not ExportJob.objects.exists()


def test_at_the_threshold_the_export_still_streams(api_as, claims, settings):
    settings.EXPORT_ASYNC_THRESHOLD = 15  # pak sees exactly 15
    content = streamed(api_as("pak_officer"), GEOJSON)
    assert len(json.loads(content)["features"]) == 15
    assert not ExportJob.objects.exists()
