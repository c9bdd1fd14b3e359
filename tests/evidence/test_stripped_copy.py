"""A filer's choice to keep an image's GPS position from the other party: the original
kept for the filing party and the mediators, a copy without location (hashed and checked
on its own) served to the other party, by the API and the browser alike."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import Client
from rest_framework.test import APIClient

from audit.models import AuditEvent
from evidence import synthetic
from evidence.models import LocationStrip
from incidents.models import Evidence
from tests.api.support import assert_error
from tests.evidence.test_location import gps_tags, jpeg_with_gps

CALLERS = ["pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer"]
# What each caller downloads of PAK's photo: the original, the copy without location, or
# nothing (the observer does not see an undecided claim).
GETS = ("original", "stripped", "original", "original", "original", None)
LAT, LON = 34.612345, 71.498765  # the photo's position, far from the claim's own place


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def page(user):
    client = Client()
    client.force_login(user)
    return client


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def photo_with_gps():
    return jpeg_with_gps(lat=LAT, lon=LON)


@pytest.fixture
def filed(cast, make_claim, media_root, photo_with_gps, django_capture_on_commit_callbacks):
    """PAK uploads a photo carrying its position through the API, asking to strip it."""
    claim = make_claim()
    with django_capture_on_commit_callbacks(execute=True):
        response = api(cast["pak_officer"]).post(
            f"/api/v1/incidents/{claim.reference}/evidence/",
            {
                "file": SimpleUploadedFile("position.jpg", photo_with_gps),
                "strip_location": "true",
            },
            format="multipart",
        )
    assert response.status_code == 201, response.content
    assert response.json()["location_strip"] == "stripped"
    return {"claim": claim, "evidence": Evidence.objects.get(pk=response.json()["id"])}


def test_the_copy_is_stored_beside_the_untouched_original(filed, photo_with_gps):
    evidence = filed["evidence"]
    assert evidence.location_strip == LocationStrip.STRIPPED
    assert evidence.sha256 == sha(photo_with_gps)
    with evidence.file.open("rb") as stored:
        assert stored.read() == photo_with_gps
    with evidence.stripped_file.open("rb") as stored:
        copy = stored.read()
    assert gps_tags(copy) == {}
    assert evidence.stripped_sha256 == sha(copy) != evidence.sha256
    assert evidence.stripped_size == len(copy)
    event = AuditEvent.objects.get(subject_ref=filed["claim"].reference, action="evidence_added")
    assert event.payload["location_strip"] == "stripped"
    assert event.payload["stripped_sha256"] == evidence.stripped_sha256


@pytest.mark.parametrize(("caller", "gets"), list(zip(CALLERS, GETS, strict=True)))
@pytest.mark.parametrize("via", ["api", "browser"])
def test_who_downloads_which_copy(caller, gets, via, cast, filed, photo_with_gps):
    claim, evidence = filed["claim"], filed["evidence"]
    if via == "api":
        url = f"/api/v1/incidents/{claim.reference}/evidence/{evidence.pk}/"
        response = api(cast[caller]).get(url)
    else:
        response = page(cast[caller]).get(f"/claims/{claim.reference}/evidence/{evidence.pk}/")
    if gets is None:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    data = body_of(response)
    if gets == "original":
        assert data == photo_with_gps
        assert gps_tags(data)
    else:
        assert data != photo_with_gps
        assert gps_tags(data) == {}
        assert sha(data) == evidence.stripped_sha256 != evidence.sha256
    assert response["Digest"] == f"sha-256={sha(data)}"


@pytest.mark.parametrize("caller", CALLERS[:5])
@pytest.mark.parametrize("via", ["api", "browser"])
def test_previews_carry_no_position(caller, via, cast, filed):
    claim, evidence = filed["claim"], filed["evidence"]
    if via == "api":
        url = f"/api/v1/incidents/{claim.reference}/evidence/{evidence.pk}/preview/"
        response = api(cast[caller]).get(url)
    else:
        url = f"/claims/{claim.reference}/evidence/{evidence.pk}/preview/"
        response = page(cast[caller]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert gps_tags(response.content) == {}


def test_the_other_party_never_sees_the_coordinates(cast, filed):
    claim = filed["claim"]
    listing = f"/api/v1/incidents/{claim.reference}/evidence/"
    shown = f"{LAT:.2f}"  # "34.61"; the claim's own place is 34.133
    # The mediators' panel shows where the photo was taken (so the check can fail)...
    reviewer = api(cast["tur_reviewer"]).get(listing).json()[0]
    assert f"{reviewer['analysis']['latitude']:.2f}" == shown
    assert shown in page(cast["tur_reviewer"]).get(f"/claims/{claim.reference}/").content.decode()
    # ...the other party learns nothing of it, in the API or on the page.
    other = api(cast["afg_officer"]).get(listing).json()
    assert other[0]["analysis"] is None
    assert shown not in json.dumps(other)
    html = page(cast["afg_officer"]).get(f"/claims/{claim.reference}/").content.decode()
    assert shown not in html
    assert 'data-testid="location-removed"' in html
    assert filed["evidence"].stripped_sha256 in html


def test_the_browser_form_offers_the_choice(
    cast, make_claim, media_root, photo_with_gps, django_capture_on_commit_callbacks
):
    claim = make_claim()
    officer = page(cast["pak_officer"])
    assert "Remove the GPS position" in officer.get(f"/claims/{claim.reference}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(
            f"/claims/{claim.reference}/evidence/",
            {
                "evidence": [SimpleUploadedFile("position.jpg", photo_with_gps)],
                "evidence_visibility": "parties",
                "evidence_strip_location": "on",
            },
        )
    assert response.status_code == 302, response.content[:500]
    evidence = claim.evidence.get()
    assert evidence.location_strip == LocationStrip.STRIPPED
    download = page(cast["afg_officer"]).get(f"/claims/{claim.reference}/evidence/{evidence.pk}/")
    assert gps_tags(body_of(download)) == {}
    html = officer.get(f"/claims/{claim.reference}/").content.decode()
    assert "Location removed for the other party" in html


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plain.jpg", synthetic.jpeg_bytes(synthetic.scene(5))),
        ("statement.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"),
    ],
)
def test_a_file_without_a_position_has_nothing_to_strip(name, data, cast, make_claim, media_root):
    claim = make_claim()
    response = api(cast["pak_officer"]).post(
        f"/api/v1/incidents/{claim.reference}/evidence/",
        {"file": SimpleUploadedFile(name, data), "strip_location": "true"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["location_strip"] == "nothing_to_strip"
    assert response.json()["stripped_sha256"] is None
    evidence = Evidence.objects.get()
    assert not evidence.stripped_file
    download = api(cast["afg_officer"]).get(
        f"/api/v1/incidents/{claim.reference}/evidence/{evidence.pk}/"
    )
    assert body_of(download) == data
    html = page(cast["afg_officer"]).get(f"/claims/{claim.reference}/").content.decode()
    assert 'data-testid="location-none"' in html


def test_without_the_choice_the_other_party_gets_the_original(
    cast, make_claim, media_root, photo_with_gps
):
    claim = make_claim()
    response = api(cast["pak_officer"]).post(
        f"/api/v1/incidents/{claim.reference}/evidence/",
        {"file": SimpleUploadedFile("position.jpg", photo_with_gps)},
        format="multipart",
    )
    assert response.json()["location_strip"] == "not_asked"
    url = f"/api/v1/incidents/{claim.reference}/evidence/{response.json()['id']}/"
    assert body_of(api(cast["afg_officer"]).get(url)) == photo_with_gps


def test_a_position_that_cannot_be_removed_refuses_the_upload(cast, make_claim, media_root):
    claim = make_claim()
    cut_short = jpeg_with_gps()[:-4000]  # the EXIF is readable, the picture is not
    response = api(cast["pak_officer"]).post(
        f"/api/v1/incidents/{claim.reference}/evidence/",
        {"file": SimpleUploadedFile("short.jpg", cut_short), "strip_location": "true"},
        format="multipart",
    )
    assert_error(response, 400, "LOCATION_NOT_REMOVABLE", field="strip_location")
    assert not Evidence.objects.exists()
    assert not any(Path(media_root).rglob("*-nolocation"))


def test_an_altered_copy_is_not_served_and_fails_verification(cast, filed, photo_with_gps):
    claim, evidence = filed["claim"], filed["evidence"]
    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    assert "2 files match" in out.getvalue()

    Path(evidence.stripped_file.path).write_bytes(b"\xff\xd8 not the copy that was hashed")

    url = f"/api/v1/incidents/{claim.reference}/evidence/{evidence.pk}/"
    assert_error(api(cast["afg_officer"]).get(url), 500, "EVIDENCE_INTEGRITY_FAILED")
    assert body_of(api(cast["pak_officer"]).get(url)) == photo_with_gps  # the original is fine
    failed = AuditEvent.objects.get(action="evidence_integrity_failed")
    assert failed.payload["copy"] == "stripped"
    with pytest.raises(CommandError, match=r"copy without location"):
        call_command("verify_evidence")


def test_the_database_holds_a_copy_exactly_when_stripped(filed):
    evidence = filed["evidence"]
    fields = {
        f.name: getattr(evidence, f.name)
        for f in Evidence._meta.concrete_fields
        if f.name not in ("id", "stored_name")
    }
    for broken in (
        {"stripped_sha256": "", "stripped_file": "", "stripped_size": None},
        {"location_strip": LocationStrip.NOT_ASKED},
        {"location_strip": "sometimes"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Evidence.objects.bulk_create([Evidence(**{**fields, **broken})])
