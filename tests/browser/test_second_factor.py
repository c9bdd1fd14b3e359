"""Enrolling a second factor in a real browser, as a reviewer whose role requires one:
signed in with the password, sent to enrolment, confirms the password, scans the QR (here:
reads the secret beside it), types the app's code, and sees the recovery codes once.
Then signs in again with the password and a code."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.accounts.support import default_policy, totp_code

from .conftest import PASSWORD, watch

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def policy_enforced(settings, transactional_db):
    settings.SECOND_FACTOR_POLICY_ENFORCED = True
    default_policy()


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_reviewer_enrols_an_authenticator_app_and_signs_in_with_it(
    new_context, live_server, requests_seen, csp_violations, tur_reviewer
):
    context = new_context(base_url=live_server.url)
    watch(context, requests_seen, csp_violations)
    page = context.new_page()

    sign_in(page, tur_reviewer)
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/")
    expect(page.get_by_text("Your role requires a second factor")).to_be_visible()

    page.goto("/claims/")  # nothing else until enrolled
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/")

    page.get_by_role("link", name="Activate").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    qr = page.locator("img[src^='data:image/svg+xml']")
    expect(qr).to_be_visible()
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    page.goto("/claims/")
    expect(page).to_have_url(f"{live_server.url}/claims/")
    expect(page.get_by_test_id("who")).to_contain_text(tur_reviewer.username)

    # A fresh browser: the password, then the code.
    other = new_context(base_url=live_server.url)
    watch(other, requests_seen, csp_violations)
    again = other.new_page()
    sign_in(again, tur_reviewer)
    expect(again).to_have_url(f"{live_server.url}/accounts/2fa/authenticate/")
    cache.clear()  # allauth refuses a code twice in its period; this one was just used
    again.get_by_label("Code").fill(totp_code(secret))
    again.get_by_role("button", name="Sign In").first.click()
    expect(again.get_by_test_id("who")).to_contain_text(tur_reviewer.username)
