"""API tokens expire API_TOKEN_TTL after they were issued (401 TOKEN_EXPIRED), a new
one can then be requested, and DELETE revokes them."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .support import assert_error

pytestmark = pytest.mark.django_db

TTL = timedelta(hours=48)


@pytest.fixture(autouse=True)
def ttl(settings):
    settings.API_TOKEN_TTL = TTL


def issue(username="observer"):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": "pw"}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def with_token(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_works_until_its_ttl_has_passed(cast):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        key = issue()
    with time_machine.travel(start + TTL - timedelta(seconds=1), tick=False):
        assert with_token(key).get("/api/v1/incidents/").status_code == 200
    with time_machine.travel(start + TTL, tick=False):
        response = with_token(key).get("/api/v1/incidents/")
        assert_error(response, 401, "TOKEN_EXPIRED")
        assert response["WWW-Authenticate"].startswith("Token")


def test_the_ttl_comes_from_the_setting(cast, settings):
    settings.API_TOKEN_TTL = timedelta(minutes=5)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        key = issue()
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert_error(with_token(key).get("/api/v1/incidents/"), 401, "TOKEN_EXPIRED")


def test_after_expiry_a_new_token_is_issued_and_the_old_one_stays_dead(cast):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        old = issue()
    with time_machine.travel(start + TTL + timedelta(hours=1), tick=False):
        new = issue()
        assert new != old
        assert with_token(new).get("/api/v1/incidents/").status_code == 200
        assert_error(with_token(old).get("/api/v1/incidents/"), 401, "AUTHENTICATION_FAILED")
    assert list(Token.objects.filter(user=cast["observer"]).values_list("key", flat=True)) == [new]


def test_asking_again_before_expiry_returns_the_same_token(cast):
    assert issue() == issue()


def test_delete_revokes_only_the_callers_token(cast):
    mine, theirs = issue("observer"), issue("pak_officer")

    assert with_token(mine).delete("/api/v1/auth/token/").status_code == 204

    assert_error(with_token(mine).get("/api/v1/incidents/"), 401, "AUTHENTICATION_FAILED")
    assert with_token(theirs).get("/api/v1/incidents/").status_code == 200


def test_an_expired_token_cannot_be_used_to_sign_in_to_anything_else(cast):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        key = issue("pak_officer")
    with time_machine.travel(start + TTL, tick=False):
        client = with_token(key)
        assert_error(client.post("/api/v1/incidents/", {}, format="json"), 401, "TOKEN_EXPIRED")
        assert_error(client.delete("/api/v1/auth/token/"), 401, "TOKEN_EXPIRED")
