"""The review engine's own pages: the reviewer's queue, the assignment overview, the header."""

from datetime import timedelta

import pytest
from django.utils import timezone

from incidents.models import Incident

ACTIONS = {
    "edit": "/edit/",
    "submit": "/submit/",
    "amend": "/amend/",
    "reply": "/reply/",
    "finding": "/finding/",
    "assign": "/assign/",
    "withdraw": "/withdraw/",
    "evidence": "/evidence/",
}

# Which action links/forms each role gets on a claim in each state.
MATRIX = [
    ("draft", "pak_officer", {"edit", "submit", "withdraw", "evidence"}),
    ("draft", "secretariat", set()),
    ("under_review", "pak_officer", {"amend", "withdraw", "evidence"}),
    ("under_review", "afg_officer", {"reply", "evidence"}),
    # The finding form waits for the accused party's reply (or its window's close).
    ("under_review", "tur_reviewer", set()),
    ("under_review", "qat_reviewer", set()),
    ("replied", "tur_reviewer", {"finding"}),
    ("replied", "qat_reviewer", {"finding"}),
    ("under_review", "secretariat", {"assign"}),
    ("one_finding", "pak_officer", {"amend", "evidence"}),
    ("one_finding", "tur_reviewer", set()),
    ("one_finding", "qat_reviewer", {"finding"}),
    ("disputed", "secretariat", {"assign"}),
    ("verified", "pak_officer", {"evidence"}),
    ("verified", "afg_officer", set()),
    ("verified", "tur_reviewer", set()),
    ("verified", "observer", set()),
]


def claim_url(claim, suffix=""):
    return f"/claims/{claim.reference}/{suffix.lstrip('/')}"


def test_queue_lists_my_claims_overdue_first_with_countdowns(client, file_claim, cast):
    soon = file_claim("under_review")
    late = file_claim("under_review", by="afg_officer")
    done = file_claim("one_finding")
    Incident.objects.filter(pk=late.pk).update(
        findings_due_at=timezone.now() - timedelta(hours=2),
        findings_overdue_at=timezone.now(),
    )
    client.force_login(cast["tur_reviewer"])
    body = client.get("/queue/").content.decode()
    # The claims awaiting a finding; the sections below (suggested links) may name others.
    body = body.split('<table class="claims queue">')[1].split("</table>")[0]
    assert body.index(late.reference) < body.index(soon.reference)
    assert done.reference not in body  # TUR's finding is in
    assert 'data-countdown="' in body
    assert "overdue" in body
    client.force_login(cast["qat_reviewer"])
    assert done.reference in client.get("/queue/").content.decode()


@pytest.mark.parametrize("name", ["pak_officer", "secretariat", "observer"])
def test_queue_is_for_reviewers(client, cast, name):
    client.force_login(cast[name])
    response = client.get("/queue/")
    assert response.status_code == 403
    assert b"Not allowed" in response.content


def test_assignment_overview_is_the_secretariats(client, file_claim, cast):
    claim = file_claim("under_review")
    client.force_login(cast["secretariat"])
    body = client.get("/assignments/").content.decode()
    assert claim.reference in body and "tur_reviewer" in body
    client.force_login(cast["tur_reviewer"])
    assert client.get("/assignments/").status_code == 403


def test_header_shows_role_organisation_and_links(client, cast):
    client.force_login(cast["tur_reviewer"])
    body = client.get("/").content.decode()
    assert "Mediator reviewer" in body and "Türkiye" in body
    assert 'href="/queue/"' in body and 'href="/meetings/"' in body
    assert 'href="/claims/new/"' not in body and 'href="/assignments/"' not in body
    client.force_login(cast["pak_officer"])
    body = client.get("/").content.decode()
    assert "Delegation officer" in body and "Pakistan" in body
    assert 'href="/claims/new/"' in body and 'href="/queue/"' not in body
