"""Passwords are hashed with argon2, and changing one signs the user out everywhere:
other browser sessions end and every API token is revoked."""

from io import StringIO

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.core.management import call_command
from django.test import Client, override_settings
from rest_framework.test import APIClient

from accounts.models import User
from config.settings import base
from core.models import ApiToken

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "granite-ledger-harbour-41"


def test_argon2_is_the_first_hasher_everywhere_but_the_tests():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_a_new_password_is_stored_as_argon2id(pak_officer):
    pak_officer.set_password(NEW_PASSWORD)
    pak_officer.save()

    stored = User.objects.get(pk=pak_officer.pk).password
    assert stored.startswith("argon2$argon2id$")
    assert identify_hasher(stored).algorithm == "argon2"


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_an_older_hash_is_upgraded_to_argon2_at_the_next_sign_in(pak_officer):
    User.objects.filter(pk=pak_officer.pk).update(
        password=make_password(NEW_PASSWORD, hasher="pbkdf2_sha256")
    )

    response = Client().post("/accounts/login/", {"login": "pak_officer", "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert User.objects.get(pk=pak_officer.pk).password.startswith("argon2$")


def signed_in(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": user.username, "password": "pw"})
    assert response.status_code == 302
    assert client.get("/claims/").status_code == 200
    return client


def token_client(user) -> APIClient:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": user.username, "password": "pw"}, format="json"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/incidents/").status_code == 200
    return client


def test_changing_the_password_ends_other_sessions_and_revokes_api_tokens(pak_officer):
    here, elsewhere = signed_in(pak_officer), signed_in(pak_officer)
    api = token_client(pak_officer)

    response = here.post(
        "/accounts/password/",
        {"oldpassword": "pw", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/"
    # The session that changed it stays signed in...
    assert here.get("/claims/").status_code == 200
    # ...every other one is signed out, and every API token is gone.
    assert elsewhere.get("/claims/").status_code == 302
    assert elsewhere.get("/claims/")["Location"].startswith("/accounts/login/")
    assert not ApiToken.objects.filter(user=pak_officer).exists()
    assert api.get("/api/v1/incidents/").json()["code"] == "AUTHENTICATION_FAILED"


def test_a_wrong_old_password_changes_nothing(pak_officer):
    here, elsewhere = signed_in(pak_officer), signed_in(pak_officer)
    api = token_client(pak_officer)

    response = here.post(
        "/accounts/password/",
        {"oldpassword": "nope", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "oldpassword" in response.context["form"].errors
    assert elsewhere.get("/claims/").status_code == 200
    assert api.get("/api/v1/incidents/").status_code == 200


def test_a_password_reset_by_an_administrator_revokes_the_tokens_too(pak_officer, afg_officer):
    api = token_client(pak_officer)
    other = token_client(afg_officer)

    pak_officer.set_password(NEW_PASSWORD)
    pak_officer.save()

    assert api.get("/api/v1/incidents/").status_code == 401
    assert other.get("/api/v1/incidents/").status_code == 200


def test_saving_a_user_without_a_new_password_keeps_the_tokens(pak_officer):
    api = token_client(pak_officer)

    pak_officer.first_name = "Amina"
    pak_officer.save()

    assert api.get("/api/v1/incidents/").status_code == 200


def test_the_password_page_needs_a_signed_in_user(client):
    response = client.get("/accounts/password/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_password_set_in_the_admin_signs_out_every_session_of_that_user(
    pak_officer, afg_officer, secretariat
):
    laptop, phone = signed_in(pak_officer), signed_in(pak_officer)
    bystander = signed_in(afg_officer)
    api = token_client(pak_officer)
    admin = Client()
    admin.force_login(secretariat)

    response = admin.post(
        f"/admin/accounts/user/{pak_officer.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302
    assert laptop.get("/claims/").status_code == 302
    assert phone.get("/claims/").status_code == 302
    assert api.get("/api/v1/incidents/").status_code == 401
    assert bystander.get("/claims/").status_code == 200
    assert signed_in_with(pak_officer, NEW_PASSWORD).get("/claims/").status_code == 200


def test_changepassword_signs_out_every_session_and_revokes_the_tokens(pak_officer, monkeypatch):
    laptop = signed_in(pak_officer)
    api = token_client(pak_officer)
    answers = iter([NEW_PASSWORD, NEW_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))

    call_command("changepassword", "pak_officer", stdout=StringIO())

    assert laptop.get("/claims/").status_code == 302
    assert api.get("/api/v1/incidents/").status_code == 401


def test_the_api_called_with_another_sessions_cookie_is_signed_out_too(pak_officer):
    elsewhere = signed_in(pak_officer)
    assert elsewhere.get("/api/v1/incidents/").status_code == 200

    pak_officer.set_password(NEW_PASSWORD)
    pak_officer.save()

    assert elsewhere.get("/api/v1/incidents/").status_code in (401, 403)


def signed_in_with(user, password) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": user.username, "password": password})
    assert response.status_code == 302
    return client
