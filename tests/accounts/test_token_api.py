"""A person's API tokens through the API (accounts.api): the token endpoint with the
second factor when the policy requires it, and /api/v1/tokens/ to list, create and
revoke one by one."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from knox.crypto import hash_token
from rest_framework.test import APIClient

from core.models import ApiToken
from tests.api.support import assert_error
from tests.factories import api_token

pytestmark = pytest.mark.django_db


def with_token(secret):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def sign_in(username="tur_reviewer", **extra):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": "pw", **extra}, format="json"
    )


# --- the token endpoint ----------------------------------------------------------------


def test_the_token_endpoint_answers_a_write_token_named_api(cast):
    response = sign_in("pak_officer")

    assert response.status_code == 200
    body = response.json()
    assert {"token", "expires"} <= set(body)
    assert (body["name"], body["scope"]) == ("API", "write")
    assert ApiToken.objects.get(digest=hash_token(body["token"])).user == cast["pak_officer"]


@pytest.fixture
def policy_requires_it():
    with (
        mock.patch("accounts.second_factor.required_for", return_value=True) as required,
        mock.patch("accounts.second_factor.verify", side_effect=lambda u, c: c == "123456"),
    ):
        yield required


def test_without_the_second_factor_a_reviewer_gets_no_token(cast, policy_requires_it):
    body = assert_error(sign_in(), 401, "SECOND_FACTOR_REQUIRED", field="otp")

    assert "token" not in body
    assert policy_requires_it.call_args.args == (cast["tur_reviewer"],)
    assert not ApiToken.objects.exists()


def test_a_wrong_second_factor_is_refused(cast, policy_requires_it):
    assert_error(sign_in(otp="654321"), 401, "SECOND_FACTOR_INVALID", field="otp")
    assert not ApiToken.objects.exists()


def test_a_wrong_password_is_refused_before_the_second_factor_is_asked(cast, policy_requires_it):
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "tur_reviewer", "password": "wrong", "otp": "123456"},
        format="json",
    )
    assert_error(response, 401, "AUTHENTICATION_FAILED")
    policy_requires_it.assert_not_called()


def test_with_a_current_code_the_reviewer_gets_a_token(cast, policy_requires_it):
    response = sign_in(otp="123456")

    assert response.status_code == 200
    assert with_token(response.json()["token"]).get("/api/v1/incidents/").status_code == 200


def test_wrong_second_factors_count_towards_the_lockout(cast, policy_requires_it, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(otp="000000")

    assert_error(sign_in(otp="123456"), 429, "LOCKED_OUT")


def test_a_user_the_policy_does_not_cover_needs_no_code(cast):
    with mock.patch("accounts.second_factor.required_for", return_value=False):
        assert sign_in("observer").status_code == 200


# --- /api/v1/tokens/ -------------------------------------------------------------------


def test_a_created_token_shows_its_secret_once(cast):
    client = with_token(api_token(cast["pak_officer"]))

    response = client.post("/api/v1/tokens/", {"name": "Dashboard", "scope": "read"}, format="json")

    assert response.status_code == 201
    body = response.json()
    secret = body["token"]
    assert ApiToken.objects.get(pk=body["id"]).digest == hash_token(secret)
    listed = client.get("/api/v1/tokens/").json()
    assert {t["name"] for t in listed} == {"Tests", "Dashboard"}
    assert all("token" not in t for t in listed)
    assert secret not in str(listed)
    assert with_token(secret).get("/api/v1/incidents/").status_code == 200


def test_the_list_shows_last_use_and_only_the_callers_tokens(cast):
    secret = api_token(cast["pak_officer"], name="Laptop")
    api_token(cast["afg_officer"], name="Theirs")

    listed = with_token(secret).get("/api/v1/tokens/").json()

    assert [t["name"] for t in listed] == ["Laptop"]
    assert listed[0]["last_used_at"] is not None
    assert set(listed[0]) == {"id", "name", "scope", "created", "expires", "last_used_at"}


def test_revoking_one_token_leaves_the_others(cast):
    keep = api_token(cast["pak_officer"], name="Keep")
    drop = api_token(cast["pak_officer"], name="Drop")
    drop_id = ApiToken.objects.get(digest=hash_token(drop)).pk

    assert with_token(keep).delete(f"/api/v1/tokens/{drop_id}/").status_code == 204

    assert_error(with_token(drop).get("/api/v1/incidents/"), 401, "AUTHENTICATION_FAILED")
    assert with_token(keep).get("/api/v1/incidents/").status_code == 200


def test_another_persons_token_is_not_found_and_stays(cast):
    theirs = api_token(cast["afg_officer"])
    theirs_id = ApiToken.objects.get(digest=hash_token(theirs)).pk

    response = with_token(api_token(cast["pak_officer"])).delete(f"/api/v1/tokens/{theirs_id}/")

    assert_error(response, 404, "NOT_FOUND")
    assert with_token(theirs).get("/api/v1/incidents/").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "A", "scope": "admin"}, "scope"),
        ({"name": "A", "expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
        ({"name": "A", "expires_at": "not a date"}, "expires_at"),
    ],
)
def test_a_bad_token_request_names_the_field(cast, body, field):
    response = with_token(api_token(cast["pak_officer"])).post(
        "/api/v1/tokens/", body, format="json"
    )
    assert_error(response, 400, "VALIDATION_ERROR", field=field)


def test_a_token_cannot_make_one_that_outlives_it(cast):
    secret = api_token(cast["pak_officer"])  # expires in 7 days
    later = (timezone.now() + timedelta(days=30)).isoformat()

    response = with_token(secret).post(
        "/api/v1/tokens/", {"name": "Longer", "expires_at": later}, format="json"
    )

    assert_error(response, 400, "VALIDATION_ERROR", field="expires_at")


def test_a_read_only_token_cannot_make_or_revoke_tokens(cast):
    reader = api_token(cast["pak_officer"], scope="read")
    other_id = ApiToken.objects.get(digest=hash_token(api_token(cast["pak_officer"]))).pk
    client = with_token(reader)

    assert_error(client.post("/api/v1/tokens/", {"name": "X"}, format="json"), 403, "TOKEN_SCOPE")
    assert_error(client.delete(f"/api/v1/tokens/{other_id}/"), 403, "TOKEN_SCOPE")
    assert_error(client.delete("/api/v1/auth/token/"), 403, "TOKEN_SCOPE")
    assert client.get("/api/v1/tokens/").status_code == 200
    assert ApiToken.objects.filter(user=cast["pak_officer"]).count() == 2


def test_anonymous_callers_see_no_tokens(cast):
    assert_error(APIClient().get("/api/v1/tokens/"), 401, "NOT_AUTHENTICATED")


def test_the_real_policy_asks_a_reviewer_for_a_current_totp_code(cast, settings):
    # No stand-ins: the migration's policy (required of the reviewers), allauth's TOTP.
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.core.cache import cache

    from accounts.models import Role, SecondFactorPolicy, SecondFactorRule
    from tests.accounts.support import totp_code

    settings.SECOND_FACTOR_POLICY_ENFORCED = True  # the test settings switch it off
    cache.clear()
    assert SecondFactorPolicy.objects.get(role=Role.REVIEWER).rule == SecondFactorRule.REQUIRED
    secret = generate_totp_secret()
    TOTP.activate(cast["tur_reviewer"], secret)

    assert_error(sign_in(), 401, "SECOND_FACTOR_REQUIRED", field="otp")
    assert_error(
        sign_in(otp="000000" if totp_code(secret) != "000000" else "111111"),
        401,
        "SECOND_FACTOR_INVALID",
        field="otp",
    )
    answer = sign_in(otp=totp_code(secret))
    assert answer.status_code == 200 and answer.json()["token"]
    assert sign_in("pak_officer").status_code == 200  # officers are offered it, not asked
