from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence import synthetic
from incidents.services import evidence_add
from tests.factories import IncidentFactory
from verification.statuses import Status

OCCURRED = datetime(2025, 6, 2, 6, 0, tzinfo=UTC)
SUBMITTED = datetime(2025, 6, 3, 9, 0, tzinfo=UTC)
TORKHAM = (Decimal("34.13300"), Decimal("71.08300"))


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def make_claim(pak_officer, afg_officer, category):
    def make(**kwargs):
        kwargs.setdefault("status", Status.SUBMITTED)
        kwargs.setdefault("submitted_at", SUBMITTED)
        return IncidentFactory(
            category=category,
            reporting_party=pak_officer.party,
            accused_party=afg_officer.party,
            created_by=pak_officer,
            occurred_at=OCCURRED,
            latitude=TORKHAM[0],
            longitude=TORKHAM[1],
            **kwargs,
        )

    return make


@pytest.fixture
def attach(django_capture_on_commit_callbacks, media_root):
    """Attach bytes to a claim as its officer would, running the analysis task (eager)
    that the upload queues on commit."""

    def attach(user, claim, data: bytes, name="photo.jpg", content_type="image/jpeg", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return evidence_add(
                user=user,
                incident=claim,
                upload=SimpleUploadedFile(name, data, content_type=content_type),
                **kwargs,
            )

    return attach


@pytest.fixture
def photo():
    return synthetic.jpeg_bytes(synthetic.scene(3))
