from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence import synthetic
from evidence.models import Visibility
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


@pytest.fixture
def recycled_world(pak_officer, afg_officer, make_claim, attach, photo):
    """AFG's own draft holds a photo; PAK files the same photo on a submitted claim.
    Only AFG (and the secretariat) can see the draft."""
    draft = make_claim(status=Status.DRAFT, submitted_at=None)
    draft.reporting_party, draft.accused_party = afg_officer.party, pak_officer.party
    draft.created_by = afg_officer
    draft.save()
    attach(afg_officer, draft, photo)
    claim = make_claim()
    attach(pak_officer, claim, photo)
    return {"draft": draft, "claim": claim}


@pytest.fixture
def preview_world(pak_officer, make_claim, attach):
    claim = make_claim()
    open_file = attach(pak_officer, claim, synthetic.jpeg_bytes(synthetic.scene(3)))
    hidden = attach(
        pak_officer,
        claim,
        synthetic.jpeg_bytes(synthetic.scene(5)),
        visibility=Visibility.MEDIATORS_ONLY,
    )
    draft = make_claim(status=Status.DRAFT, submitted_at=None)
    draft_file = attach(pak_officer, draft, synthetic.jpeg_bytes(synthetic.scene(6)))
    return {
        "claim": claim,
        "open": open_file,
        "hidden": hidden,
        "draft": draft,
        "draft_file": draft_file,
    }
