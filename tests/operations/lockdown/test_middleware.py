"""Each mode across pages and the API: read-only refuses every write with 503
READ_ONLY_MODE and shows a banner; no-access signs out and refuses everyone but the
secretariat, by session and by token (503 NO_ACCESS_MODE)."""

import pytest
from django.test import Client
from django.urls import reverse

from incidents.models import Incident
from notifications.models import Notification

pytestmark = pytest.mark.django_db

CLAIM = {
    "alleged_actor": "Unidentified armed group",
    "occurred_at": "2026-01-01T10:00:00Z",
    "latitude": "34.13300",
    "longitude": "71.08300",
    "place_name": "Torkham",
    "narrative": "Mortar rounds landed near the crossing.",
}


# --- read-only ------------------------------------------------------------------------
def test_read_only_pages_read_with_a_banner_and_refuse_writes(browser_as, switch):
    officer = browser_as("pak_officer")
    assert 'data-testid="lockdown-banner"' not in officer.get(reverse("claim-list")).text
    switch("read_only")
    page = officer.get(reverse("claim-list"))
    assert page.status_code == 200
    assert 'data-testid="lockdown-banner" data-mode="read_only"' in page.text
    refused = officer.post(reverse("claim-create"), {"narrative": "x"})
    assert refused.status_code == 503
    assert 'data-code="READ_ONLY_MODE"' in refused.text
    assert not Incident.objects.exists()


def test_read_only_keeps_notifications_unread(cast, browser_as, switch):
    switch("read_only")  # tells pak_officer, among others
    officer = browser_as("pak_officer")
    assert officer.post(reverse("notifications-read")).status_code == 503
    assert Notification.objects.filter(user=cast["pak_officer"], read_at__isnull=True).exists()


def test_read_only_api_refuses_writes_and_answers_reads(api_as, afg, category, switch):
    switch("read_only")
    client = api_as("pak_officer")
    assert client.get("/api/v1/incidents/").status_code == 200
    refused = client.post(
        "/api/v1/incidents/",
        {**CLAIM, "accused_party": afg.code, "category": category.code},
        format="json",
    )
    assert refused.status_code == 503
    assert refused.json()["code"] == "READ_ONLY_MODE"
    assert not Incident.objects.exists()


def test_read_only_still_signs_in_and_out(cast, switch):
    switch("read_only")
    client = Client()
    signed_in = client.post(reverse("login"), {"login": "pak_officer", "password": "pw"})
    assert signed_in.status_code == 302
    assert client.get("/").wsgi_request.user == cast["pak_officer"]
    assert client.post(reverse("logout")).status_code == 302
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_read_only_still_lets_a_person_change_their_password(cast, browser_as, switch):
    switch("read_only")
    officer = browser_as("pak_officer")
    changed = officer.post(
        reverse("password_change"),
        {
            "oldpassword": "pw",
            "password1": "a-long-new-passphrase-2026",
            "password2": "a-long-new-passphrase-2026",
        },
    )
    assert changed.status_code == 302
    cast["pak_officer"].refresh_from_db()
    assert cast["pak_officer"].check_password("a-long-new-passphrase-2026")


def test_read_only_api_token_sign_in_still_works(cast, switch):
    switch("read_only")
    answer = Client().post(
        "/api/v1/auth/token/",
        {"username": "pak_officer", "password": "pw"},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["token"]


# --- no-access ------------------------------------------------------------------------
def test_no_access_signs_out_a_party_officer_on_the_next_page(browser_as, switch):
    officer = browser_as("pak_officer")
    switch("no_access")
    refused = officer.get(reverse("claim-list"))
    assert refused.status_code == 503
    assert 'data-code="NO_ACCESS_MODE"' in refused.text
    assert not officer.get("/").wsgi_request.user.is_authenticated


@pytest.mark.parametrize("name", ["pak_officer", "tur_reviewer", "observer"])
def test_no_access_refuses_every_token_but_the_secretariats(api_as, switch, name):
    switch("no_access")
    refused = api_as(name).get("/api/v1/incidents/")
    assert refused.status_code == 503
    assert refused.json()["code"] == "NO_ACCESS_MODE"
    assert api_as("secretariat").get("/api/v1/incidents/").status_code == 200


def test_no_access_refuses_a_sign_in_but_the_secretariats(cast, switch):
    switch("no_access")
    officer = Client()
    refused = officer.post(reverse("login"), {"login": "pak_officer", "password": "pw"})
    assert refused.status_code == 503
    assert not officer.get("/").wsgi_request.user.is_authenticated
    token = Client().post(
        "/api/v1/auth/token/",
        {"username": "pak_officer", "password": "pw"},
        content_type="application/json",
    )
    assert token.status_code == 503 and token.json()["code"] == "NO_ACCESS_MODE"
    secretariat = Client()
    assert (
        secretariat.post(reverse("login"), {"login": "secretariat", "password": "pw"})
    ).status_code == 302
    page = secretariat.get(reverse("claim-list"))
    assert page.status_code == 200
    assert 'data-mode="no_access"' in page.text


# --- the secretariat's page -----------------------------------------------------------
@pytest.mark.parametrize("name", ["pak_officer", "afg_officer", "tur_reviewer", "observer"])
def test_only_the_secretariat_sees_and_uses_the_lockdown_page(browser_as, name):
    client = browser_as(name)
    assert client.get(reverse("lockdown")).status_code == 403
    posted = client.post(reverse("lockdown"), {"mode": "read_only", "reason": "x"})
    assert posted.status_code == 403
    assert client.post(reverse("lockdown-sessions"), {"confirm": "on"}).status_code == 403


def test_the_secretariat_switches_from_the_page_and_back_while_frozen(browser_as):
    client = browser_as("secretariat")
    page = client.get(reverse("lockdown"))
    assert 'data-mode="normal"' in page.text
    switched = client.post(reverse("lockdown"), {"mode": "read_only", "reason": "Compromise."})
    assert switched.status_code == 302
    page = client.get(reverse("lockdown"))
    assert 'data-testid="current-mode" data-mode="read_only"' in page.text
    assert "Compromise." in page.text  # in the history
    back = client.post(reverse("lockdown"), {"mode": "normal", "reason": "Contained."})
    assert back.status_code == 302
    assert 'data-mode="normal"' in client.get(reverse("lockdown")).text


def test_the_page_refuses_bad_input_with_a_message(browser_as):
    client = browser_as("secretariat")
    answer = client.post(reverse("lockdown"), {"mode": "normal", "reason": "Nothing to do."})
    assert answer.status_code == 400
    assert "already" in answer.text
    answer = client.post(reverse("lockdown"), {"mode": "sealed", "reason": ""})
    assert answer.status_code == 400


def test_sign_out_everyone_from_the_page_keeps_the_secretariat_in(browser_as):
    officer, secretariat = browser_as("pak_officer"), browser_as("secretariat")
    assert secretariat.post(reverse("lockdown-sessions")).status_code == 400  # unconfirmed
    assert officer.get("/").wsgi_request.user.is_authenticated
    done = secretariat.post(reverse("lockdown-sessions"), {"confirm": "on"})
    assert done.status_code == 302
    assert not officer.get("/").wsgi_request.user.is_authenticated
    assert secretariat.get(reverse("lockdown")).status_code == 200


def test_read_only_still_lets_a_client_revoke_its_token(cast, api_as, switch):
    from core.models import ApiToken

    switch("read_only")
    client = api_as("pak_officer")
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert not ApiToken.objects.filter(user=cast["pak_officer"]).exists()
