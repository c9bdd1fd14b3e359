"""API tokens (core.api.tokens, core.api.authentication): stored only as a hash, found by
one indexed lookup, useless past their expiry (401 TOKEN_EXPIRED), their last use
recorded at most once a minute, revoked per person or for everyone."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.crypto import hash_token
from rest_framework.test import APIClient

from core.api.tokens import (
    token_create,
    token_revoke_all,
    tokens_by_key,
    tokens_revoke_everyone,
)
from core.errors import ServiceError
from core.models import ApiToken

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


# --- stored only as a hash -------------------------------------------------------------


def test_only_a_hash_of_the_secret_is_stored(pak_officer):
    token, secret = token_create(user=pak_officer, name="Field laptop")

    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in {str(value) for value in row.values()}
    assert row["digest"] == hash_token(secret)
    assert len(secret) == 64
    assert with_token(secret).get("/api/v1/incidents/").status_code == 200


def test_what_the_database_holds_cannot_be_replayed(pak_officer):
    """A dump of the table alone (digest, key prefix, every column) authenticates nobody."""
    token, secret = token_create(user=pak_officer, name="Field laptop")
    row = ApiToken.objects.filter(pk=token.pk).values().get()

    for stolen in [row["digest"], row["token_key"], str(row["id"]), row["digest"][:64]]:
        assert_error(with_token(stolen).get("/api/v1/incidents/"), 401, "AUTHENTICATION_FAILED")
    # The secret itself still works: the refusals above are not a broken token.
    assert with_token(secret).get("/api/v1/incidents/").status_code == 200


def test_a_secret_sharing_the_lookup_key_but_not_the_digest_is_refused(pak_officer):
    _, secret = token_create(user=pak_officer, name="Field laptop")
    forged = secret[:15] + ("0" if secret[15] != "0" else "1") + secret[16:]

    assert_error(with_token(forged).get("/api/v1/incidents/"), 401, "AUTHENTICATION_FAILED")


# --- expiry ----------------------------------------------------------------------------


def test_a_token_works_until_its_expiry(cast):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        key = issue()
    with time_machine.travel(start + TTL - timedelta(seconds=1), tick=False):
        assert with_token(key).get("/api/v1/incidents/").status_code == 200
    with time_machine.travel(start + TTL, tick=False):
        response = with_token(key).get("/api/v1/incidents/")
        assert_error(response, 401, "TOKEN_EXPIRED")
        assert response["WWW-Authenticate"].startswith("Token")


def test_the_issued_ttl_comes_from_the_setting(cast, settings):
    settings.API_TOKEN_TTL = timedelta(minutes=5)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        key = issue()
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert_error(with_token(key).get("/api/v1/incidents/"), 401, "TOKEN_EXPIRED")


def test_a_chosen_expiry_is_kept_and_bounded(pak_officer, settings):
    settings.API_TOKEN_MAX_TTL = timedelta(days=30)
    now = timezone.now()
    token, _ = token_create(user=pak_officer, name="Short", expires_at=now + timedelta(days=2))
    assert token.expiry == now + timedelta(days=2)

    for expires_at in [now - timedelta(seconds=1), now + timedelta(days=31)]:
        with pytest.raises(ServiceError) as refusal:
            token_create(user=pak_officer, name="Bad", expires_at=expires_at)
        assert refusal.value.code == "VALIDATION_ERROR"
        assert "expires_at" in refusal.value.fields


def test_issuing_after_expiry_clears_the_dead_tokens(cast):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        old = issue()
    with time_machine.travel(start + TTL + timedelta(hours=1), tick=False):
        new = issue()
        assert with_token(new).get("/api/v1/incidents/").status_code == 200
        assert_error(with_token(old).get("/api/v1/incidents/"), 401, "AUTHENTICATION_FAILED")
    digests = ApiToken.objects.filter(user=cast["observer"]).values_list("digest", flat=True)
    assert list(digests) == [hash_token(new)]


def test_an_expired_token_cannot_be_used_for_anything(cast):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        key = issue("pak_officer")
    with time_machine.travel(start + TTL, tick=False):
        client = with_token(key)
        assert_error(client.post("/api/v1/incidents/", {}, format="json"), 401, "TOKEN_EXPIRED")
        assert_error(client.delete("/api/v1/auth/token/"), 401, "TOKEN_EXPIRED")
        assert_error(client.get("/api/v1/tokens/"), 401, "TOKEN_EXPIRED")


def test_an_inactive_users_token_is_refused(pak_officer):
    _, secret = token_create(user=pak_officer, name="Field laptop")
    pak_officer.is_active = False
    pak_officer.save()

    assert_error(with_token(secret).get("/api/v1/incidents/"), 401, "AUTHENTICATION_FAILED")


# --- last use, and what a request costs ------------------------------------------------


def test_last_use_is_recorded_at_most_once_a_minute(pak_officer):
    token, secret = token_create(user=pak_officer, name="Field laptop")
    assert token.last_used_at is None
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        with_token(secret).get("/api/v1/parties/")
    token.refresh_from_db()
    assert token.last_used_at == start

    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        with_token(secret).get("/api/v1/parties/")
    token.refresh_from_db()
    assert token.last_used_at == start

    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        with_token(secret).get("/api/v1/parties/")
    token.refresh_from_db()
    assert token.last_used_at == start + timedelta(seconds=61)


def queries_of(secret, path):
    with CaptureQueriesContext(connection) as queries:
        assert with_token(secret).get(path).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_an_authenticated_request_costs_one_lookup_and_a_write_a_minute(pak_officer):
    _, secret = token_create(user=pak_officer, name="Field laptop")
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        first = queries_of(secret, "/api/v1/tokens/")
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        again = queries_of(secret, "/api/v1/tokens/")

    # The token with its user in one query, the list; the first use also writes last use.
    assert len(first) == 3, first
    assert first[-2].startswith("UPDATE")
    assert len(again) == 2, again
    assert "token_key" in again[0] and "JOIN" in again[0]


def test_the_lookup_gives_what_the_orm_gives(pak_officer, afg_officer):
    pak_officer.last_login = timezone.now()
    pak_officer.save()
    token, _ = token_create(user=pak_officer, name="Field laptop")
    token_create(user=afg_officer, name="Other")

    found = tokens_by_key(token.token_key)

    expected = list(ApiToken.objects.select_related("user").filter(token_key=token.token_key))
    assert len(found) == len(expected) == 1
    for model, got, wanted in (
        (ApiToken, found[0], expected[0]),
        (type(pak_officer), found[0].user, expected[0].user),
    ):
        assert type(got) is model
        assert got._state.adding is False
        for field in model._meta.concrete_fields:
            assert getattr(got, field.attname) == getattr(wanted, field.attname), field.name
            assert type(getattr(got, field.attname)) is type(getattr(wanted, field.attname))
    assert tokens_by_key("0" * len(token.token_key)) == []


def test_the_lookup_converts_only_where_the_database_needs_it():
    from core.api.tokens import _lookup

    # SQLite gives dates and UUIDs as text; PostgreSQL gives them typed, with nothing to do.
    assert _lookup(connection.alias)[2] is (connection.vendor == "sqlite")


# --- revocation ------------------------------------------------------------------------


def test_revoking_a_users_tokens_leaves_everyone_elses(pak_officer, afg_officer):
    _, mine = token_create(user=pak_officer, name="One")
    _, also_mine = token_create(user=pak_officer, name="Two")
    _, theirs = token_create(user=afg_officer, name="Theirs")

    assert token_revoke_all(user=pak_officer) == 2

    for secret in (mine, also_mine):
        assert_error(with_token(secret).get("/api/v1/incidents/"), 401, "AUTHENTICATION_FAILED")
    assert with_token(theirs).get("/api/v1/incidents/").status_code == 200


def test_revoking_everyones_tokens(pak_officer, afg_officer):
    secrets = [token_create(user=u, name="T")[1] for u in (pak_officer, afg_officer)]

    assert tokens_revoke_everyone() == 2

    assert not ApiToken.objects.exists()
    for secret in secrets:
        assert_error(with_token(secret).get("/api/v1/incidents/"), 401, "AUTHENTICATION_FAILED")


def test_delete_on_the_token_endpoint_revokes_only_the_token_sent(cast):
    mine, my_other, theirs = issue("observer"), issue("observer"), issue("pak_officer")

    assert with_token(mine).delete("/api/v1/auth/token/").status_code == 204

    assert_error(with_token(mine).get("/api/v1/incidents/"), 401, "AUTHENTICATION_FAILED")
    assert with_token(my_other).get("/api/v1/incidents/").status_code == 200
    assert with_token(theirs).get("/api/v1/incidents/").status_code == 200
