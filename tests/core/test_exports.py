"""The export jobs' browser page (progress polled with htmx, then the download) and the
purge of old jobs. The API's side is in tests/api/test_export_jobs.py."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from core.exports.build import export_jobs_purge
from core.exports.tasks import purge_export_jobs
from core.models import ExportJob
from tests.factories import IncidentFactory
from verification.statuses import Status

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def claims(cast, category):
    now = timezone.now()
    return IncidentFactory.create_batch(
        8, status=Status.UNDER_REVIEW, submitted_at=now - timedelta(days=1), occurred_at=T0
    )


def test_the_claim_list_download_streams_when_small(client, cast, claims):
    client.force_login(cast["afg_officer"])
    assert 'data-testid="export-csv"' in client.get("/claims/").content.decode()
    response = client.get("/claims/export.csv", {"status": "under_review"})
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 + len(claims)
    assert not ExportJob.objects.exists()


def test_a_large_claim_list_download_becomes_a_job_with_a_progress_page(
    client, cast, claims, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_ASYNC_THRESHOLD = 5
    client.force_login(cast["afg_officer"])
    response = client.get("/claims/export.csv")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/{job.pk}/"

    page = client.get(response["Location"]).content.decode()
    assert 'data-status="queued"' in page
    assert 'hx-trigger="every 2s"' in page  # polls while the job runs

    with django_capture_on_commit_callbacks(execute=True):
        client.get("/claims/export.csv")
    done = ExportJob.objects.get(status="done")
    fragment = client.get(f"/exports/{done.pk}/", headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert "<html" not in text and 'data-status="done"' in text
    assert "hx-trigger" not in text  # finished: no more polling
    download = client.get(f"/exports/{done.pk}/download/")
    assert download.status_code == 200
    assert len(b"".join(download.streaming_content).decode().splitlines()) == 1 + len(claims)

    refused = client.get(f"/exports/{job.pk}/download/")
    assert refused.status_code == 409
    assert 'data-code="EXPORT_NOT_READY"' in refused.content.decode()


@pytest.mark.parametrize("other", ["pak_officer", "secretariat", "observer"])
def test_another_user_gets_404_for_the_page_and_the_file(
    client, cast, claims, settings, other, django_capture_on_commit_callbacks
):
    settings.EXPORT_ASYNC_THRESHOLD = 5
    client.force_login(cast["afg_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/claims/export.csv")
    job = ExportJob.objects.get()
    client.force_login(cast[other])
    assert client.get(f"/exports/{job.pk}/").status_code == 404
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404


def test_the_purge_deletes_expired_jobs_and_their_files(
    client, cast, claims, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_ASYNC_THRESHOLD = 5
    client.force_login(cast["afg_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/claims/export.csv")
        client.get("/claims/export.csv")
    old, fresh = ExportJob.objects.order_by("created_at")
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)
    ExportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    assert purge_export_jobs() == 1
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not storage.exists(name)
    assert fresh.file.storage.exists(fresh.file.name)
    assert export_jobs_purge() == 0


def test_the_purge_runs_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["purge-export-jobs"]
    assert entry["task"] == "exports.purge"
