"""The page /account/tokens/ (accounts.views): a person's own tokens, the secret shown
on the answer to the form only, revoked one by one; nobody else's."""

import pytest
from django.test import Client
from knox.crypto import hash_token

from core.models import ApiToken
from tests.factories import api_token

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_creating_a_token_shows_its_secret_once(pak_officer):
    client = signed_in(pak_officer)

    response = client.post("/account/tokens/", {"name": "Laptop", "scope": "read", "days": 30})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["created"]["secret"]
    assert secret in response.content.decode()
    token = ApiToken.objects.get(user=pak_officer)
    assert (token.name, token.scope, token.digest) == ("Laptop", "read", hash_token(secret))
    again = client.get("/account/tokens/")
    assert secret not in again.content.decode()
    assert "Laptop" in again.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "scope": "read", "days": 30},
        {"name": "X", "scope": "admin", "days": 30},
        {"name": "X", "scope": "read", "days": 0},
        {"name": "X", "scope": "read", "days": 99999},
        {"name": "X", "scope": "read", "days": "soon"},
    ],
)
def test_bad_input_is_a_form_error_not_a_token(pak_officer, data):
    response = signed_in(pak_officer).post("/account/tokens/", data)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_revoking_one_token_leaves_the_others(pak_officer):
    keep, drop = api_token(pak_officer, name="Keep"), api_token(pak_officer, name="Drop")
    drop_id = ApiToken.objects.get(digest=hash_token(drop)).pk

    response = signed_in(pak_officer).post(f"/account/tokens/{drop_id}/revoke/")

    assert response.status_code == 302
    assert list(ApiToken.objects.values_list("digest", flat=True)) == [hash_token(keep)]


def test_another_persons_token_cannot_be_revoked_nor_seen(pak_officer, afg_officer):
    theirs = api_token(afg_officer, name="Kabul desk")
    theirs_id = ApiToken.objects.get(digest=hash_token(theirs)).pk
    client = signed_in(pak_officer)

    client.post(f"/account/tokens/{theirs_id}/revoke/")

    assert ApiToken.objects.filter(pk=theirs_id).exists()
    assert "Kabul desk" not in client.get("/account/tokens/").content.decode()


def test_the_page_needs_a_signed_in_user(client):
    response = client.get("/account/tokens/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_revoking_needs_a_post(pak_officer):
    token_id = ApiToken.objects.get(digest=hash_token(api_token(pak_officer))).pk

    assert signed_in(pak_officer).get(f"/account/tokens/{token_id}/revoke/").status_code == 405
    assert ApiToken.objects.filter(pk=token_id).exists()
