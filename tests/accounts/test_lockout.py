"""django-axes locks an account out after repeated failed sign-ins, on the sign-in page
and on the API token endpoint alike, counting both together. A locked-out caller gets
429 (LOCKED_OUT in the API's error shape) even with the right password, until the
cool-off passes. Failures count per username and address together."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tests.api.support import assert_error

pytestmark = pytest.mark.django_db

LIMIT = 3
ADDRESS = "198.51.100.7"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)


def web_sign_in(password, *, username="pak_officer", address=ADDRESS):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"login": username, "password": password})
    return client, response


def api_token(password, *, username="pak_officer", address=ADDRESS):
    return APIClient(REMOTE_ADDR=address).post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )


def test_web_sign_in_locks_after_the_limit_even_with_the_right_password(pak_officer):
    for _ in range(LIMIT - 1):
        assert web_sign_in("wrong")[1].status_code == 200  # the form again, with its error

    _, locked = web_sign_in("wrong")
    assert locked.status_code == 429
    assert b'data-testid="locked-out"' in locked.content
    assert int(locked["Retry-After"]) == 30 * 60

    client, refused = web_sign_in("pw")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_token_endpoint_locks_after_the_limit_with_a_stable_code(pak_officer):
    for _ in range(LIMIT - 1):
        assert_error(api_token("wrong"), 401, "AUTHENTICATION_FAILED")

    locked = assert_error(api_token("wrong"), 429, "LOCKED_OUT")
    assert locked["fields"] == {}
    response = api_token("pw")
    assert_error(response, 429, "LOCKED_OUT")
    assert int(response["Retry-After"]) == 30 * 60
    assert "token" not in response.json()


def test_failures_on_the_page_and_the_api_count_together(pak_officer):
    web_sign_in("wrong")
    api_token("wrong")

    assert_error(api_token("wrong"), 429, "LOCKED_OUT")
    assert web_sign_in("pw")[1].status_code == 429


def test_the_lockout_lifts_after_the_cool_off(pak_officer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(LIMIT):
            api_token("wrong")
        assert_error(api_token("pw"), 429, "LOCKED_OUT")
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert_error(api_token("pw"), 429, "LOCKED_OUT")
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert api_token("pw").status_code == 200
        _, response = web_sign_in("pw")
        assert response.status_code == 302


def test_a_success_before_the_limit_resets_the_count(pak_officer):
    for _ in range(LIMIT - 1):
        api_token("wrong")
    assert api_token("pw").status_code == 200

    for _ in range(LIMIT - 1):
        assert_error(api_token("wrong"), 401, "AUTHENTICATION_FAILED")


def test_guessing_from_elsewhere_does_not_lock_the_officer_out(pak_officer, afg_officer):
    """One party's delegation cannot lock the other's officers out of the mechanism by
    guessing at their usernames from its own addresses."""
    for _ in range(LIMIT + 2):
        api_token("wrong", address="203.0.113.50")

    assert_error(api_token("pw", address="203.0.113.50"), 429, "LOCKED_OUT")
    assert api_token("pw", address=ADDRESS).status_code == 200
    _, response = web_sign_in("pw", address=ADDRESS)
    assert response.status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(pak_officer, settings):
    """With no trusted proxy configured, X-Forwarded-For is the caller's own claim."""
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    for n in range(LIMIT):
        APIClient(REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").post(
            "/api/v1/auth/token/", {"username": "pak_officer", "password": "x"}, format="json"
        )

    assert_error(api_token("pw"), 429, "LOCKED_OUT")
