"""Who sees what of an appeal: both parties, the mediators and the secretariat see all of
it on claims they see; observers see that it exists and its outcome, its grounds and
files only once decided, in the API and on the audit trail alike."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from audit.models import AuditEvent
from audit.visibility import event_visible_to
from incidents.appeals.selectors import appeal_get_visible, appeal_grounds_visible
from incidents.appeals.services import appeal_decide, appeal_evidence_add
from tests.factories import api_token

from .conftest import GROUNDS
from .test_views import PNG


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


@pytest.fixture
def appealed(file_claim, appeal_of, cast, media_root):
    claim = file_claim("verified")
    appeal = appeal_of(claim)
    appeal_evidence_add(
        user=cast["afg_officer"],
        appeal=appeal,
        upload=SimpleUploadedFile("new.png", PNG, content_type="image/png"),
    )
    return appeal


def uphold(cast, appeal):
    appeal_decide(
        actor=cast["secretariat"],
        appeal=appeal,
        decision="uphold",
        minutes="Heard both.",
        meeting_label="Review meeting",
    )
    appeal.refresh_from_db()


@pytest.mark.parametrize(
    "viewer", ["pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat"]
)
def test_parties_and_mediators_see_the_grounds_at_once(appealed, cast, viewer):
    assert appeal_grounds_visible(cast[viewer], appealed)
    body = api(cast[viewer]).get(f"/api/v1/incidents/{appealed.reference}/appeal/").json()
    assert body["grounds"] == GROUNDS
    assert body["status"] == "pending"


def test_observers_see_the_grounds_and_files_once_decided(appealed, cast):
    observer = cast["observer"]
    client = api(observer)
    url = f"/api/v1/incidents/{appealed.reference}/appeal/"
    body = client.get(url).json()
    assert (body["status"], body["grounds"]) == ("pending", None)
    assert client.get(f"{url}evidence/").status_code == 404
    detail = client.get(f"/api/v1/incidents/{appealed.reference}/").json()
    assert detail["appeal_status"] == "pending"

    uphold(cast, appealed)
    body = client.get(url).json()
    assert (body["status"], body["grounds"]) == ("upheld", GROUNDS)
    assert body["minutes"] == "Heard both."
    assert [f["original_name"] for f in client.get(f"{url}evidence/").json()] == ["new.png"]


def test_the_trail_never_carries_the_grounds_and_the_files_events_wait(appealed, cast):
    observer = cast["observer"]
    events = api(observer).get(f"/api/v1/incidents/{appealed.reference}/events/").json()
    assert "appeal_filed" in {e["action"] for e in events}
    assert GROUNDS not in str(events)
    file_event = AuditEvent.objects.get(subject_type="appeal", action="evidence_added")
    assert not event_visible_to(observer, file_event)
    assert event_visible_to(cast["pak_officer"], file_event)
    uphold(cast, appealed)
    assert event_visible_to(observer, file_event)


def test_an_appeal_is_seen_only_with_its_claim(file_claim, appeal_of, cast):
    appeal = appeal_of(file_claim("verified"))
    assert appeal_get_visible(user=cast["observer"], reference=appeal.reference) == appeal
    assert appeal_get_visible(user=cast["observer"], reference="PAK-2025-99999") is None
