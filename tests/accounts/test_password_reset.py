"""\"Forgot password\" by e-mail through allauth: a single-use link that expires; a reset
or a change signs out every other session and revokes the person's API tokens."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from core.models import ApiToken
from tests.accounts.support import password_step, signed_in
from tests.factories import api_token

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "granite-ledger-harbour-41"
LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)")


@pytest.fixture
def pak_officer(pak_officer):
    pak_officer.email = "amina@mofa.example"
    pak_officer.save()
    return pak_officer


def ask_for_reset(email="amina@mofa.example") -> str | None:
    response = Client().post("/accounts/password/reset/", {"email": email})
    assert response.status_code == 302
    links = [m.group(1) for message in mail.outbox if (m := LINK.search(message.body))]
    return links[-1] if links else None


def set_password(link: str, password=NEW_PASSWORD):
    client = Client()
    opened = client.get(link)
    if opened.status_code != 302:
        return opened
    return client.post(opened["Location"], {"password1": password, "password2": password})


def test_the_link_sets_a_new_password_once(pak_officer):
    link = ask_for_reset()
    assert link is not None

    done = set_password(link)
    assert done.status_code == 302
    pak_officer.refresh_from_db()
    assert pak_officer.check_password(NEW_PASSWORD)

    again = set_password(link, password="another-granite-ledger-77")
    assert again.status_code == 200 and again.context["token_fail"]
    pak_officer.refresh_from_db()
    assert pak_officer.check_password(NEW_PASSWORD)


def test_the_link_expires(pak_officer, settings):
    link = ask_for_reset()

    with time_machine.travel(
        timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    ):
        response = set_password(link)

    assert response.status_code == 200 and response.context["token_fail"]
    pak_officer.refresh_from_db()
    assert pak_officer.check_password("pw")


def test_an_unknown_address_sends_nothing_and_says_the_same(pak_officer):
    assert ask_for_reset("nobody@elsewhere.example") is None
    assert not any(LINK.search(message.body) for message in mail.outbox)


def test_a_reset_signs_out_every_session_and_revokes_the_tokens(pak_officer):
    elsewhere, _ = password_step(pak_officer)
    api_token(pak_officer)

    assert set_password(ask_for_reset()).status_code == 302

    assert elsewhere.get("/claims/").status_code == 302
    assert not ApiToken.objects.filter(user=pak_officer).exists()


def test_a_change_keeps_this_session_and_ends_the_others(pak_officer):
    here, _ = password_step(pak_officer)
    elsewhere, _ = password_step(pak_officer, address="203.0.113.9")
    api_token(pak_officer)

    response = here.post(
        "/accounts/password/",
        {"oldpassword": "pw", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert signed_in(here) and here.get("/claims/").status_code == 200
    assert elsewhere.get("/claims/").status_code == 302
    assert not ApiToken.objects.filter(user=pak_officer).exists()


def test_the_reset_request_form_reports_a_bad_address(client):
    response = client.post("/accounts/password/reset/", {"email": "not an address"})

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
