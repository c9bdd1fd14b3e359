"""The claim page's appeal: the form for the party found against while the window is
open, the appeal's state for everyone who sees the claim (grounds and files for
observers only once decided), and the meeting's agenda deciding it."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from incidents.appeals.models import Appeal, AppealEvidence, AppealStatus

from .conftest import GROUNDS

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def page(client, user, claim):
    client.force_login(user)
    response = client.get(f"/claims/{claim.reference}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("viewer", "form"),
    [
        ("afg_officer", True),
        ("pak_officer", False),
        ("tur_reviewer", False),
        ("secretariat", False),
        ("observer", False),
    ],
)
def test_the_form_is_for_the_party_found_against(client, file_claim, cast, viewer, form):
    claim = file_claim("verified")
    body = page(client, cast[viewer], claim)
    assert ('data-testid="appeal-form"' in body) is form
    due = claim.closed_at + timedelta(days=claim.category.appeal_days)
    assert due.strftime("%Y-%m-%d %H:%M") in body  # the deadline, for the party or all


def test_no_form_once_the_window_closed(client, file_claim, cast, category):
    claim = file_claim("verified")
    with time_machine.travel(claim.closed_at + timedelta(days=category.appeal_days), tick=False):
        body = page(client, cast["afg_officer"], claim)
        assert 'data-testid="appeal-form"' not in body
        response = client.post(f"/claims/{claim.reference}/appeal/", {"grounds": GROUNDS})
    assert response.status_code in (403, 404)
    assert not Appeal.objects.exists()


def test_filing_from_the_page_with_a_file(client, file_claim, cast, media_root):
    claim = file_claim("verified")
    client.force_login(cast["afg_officer"])
    response = client.post(
        f"/claims/{claim.reference}/appeal/",
        {
            "grounds": GROUNDS,
            "evidence": [SimpleUploadedFile("new.png", PNG, content_type="image/png")],
            "evidence_visibility": "parties",
        },
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get(incident=claim)
    assert appeal.status == AppealStatus.PENDING
    assert AppealEvidence.objects.filter(appeal=appeal).count() == 1
    body = page(client, cast["pak_officer"], claim)
    assert "Under appeal" in body and GROUNDS in body and "new.png" in body
    assert 'data-testid="appeal-form"' not in page(client, cast["afg_officer"], claim)


def test_blank_grounds_answer_the_page_with_the_error(client, file_claim, cast):
    claim = file_claim("verified")
    client.force_login(cast["afg_officer"])
    response = client.post(f"/claims/{claim.reference}/appeal/", {"grounds": "  "})
    assert response.status_code == 400
    assert not Appeal.objects.exists()


def test_observers_see_the_appeal_not_its_grounds_until_decided(
    client, file_claim, appeal_of, meeting, cast
):
    claim = file_claim("verified")
    appeal_of(claim)
    body = page(client, cast["observer"], claim)
    assert "Under appeal" in body
    assert GROUNDS not in body
    assert "shown once the review meeting has decided" in body
    assert GROUNDS in page(client, cast["tur_reviewer"], claim)

    client.force_login(cast["secretariat"])
    item = meeting.items.get(incident=claim)
    response = client.post(
        f"/meetings/{meeting.pk}/items/{item.pk}/decide/",
        {f"item{item.pk}-appeal_decision": "overturn", f"item{item.pk}-minutes": "New imagery."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    body = page(client, cast["observer"], claim)
    assert GROUNDS in body
    assert "Overturned on appeal" in body
    assert "First finding" in body and "Verified" in body
    assert "the claim stands as not verified" in body


def test_the_agenda_shows_the_appeal_with_its_decision_form(
    client, file_claim, appeal_of, meeting, cast
):
    claim = file_claim("verified")
    appeal_of(claim)
    client.force_login(cast["secretariat"])
    body = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert claim.reference in body
    assert "Appeal of a final finding" in body
    assert "Overturn the finding" in body
