"""A person makes an API token on /account/tokens/ in a real browser, sees its secret
once, and revokes it."""

import pytest
from playwright.sync_api import expect

from core.models import ApiToken

pytestmark = pytest.mark.browser


def test_create_see_the_secret_once_and_revoke(open_as, cast):
    page = open_as(cast["pak_officer"])
    page.goto("/account/tokens/")

    page.get_by_label("Name").fill("Field laptop")
    page.get_by_label("Read only").check()
    page.get_by_label("Expires after (days)").fill("14")
    page.get_by_role("button", name="Create token").click()

    secret = page.get_by_test_id("secret").inner_text().strip()
    assert len(secret) == 64
    expect(page.get_by_test_id("token-row")).to_have_count(1)
    token = ApiToken.objects.get(user=cast["pak_officer"])
    assert (token.name, token.scope) == ("Field laptop", "read")

    page.goto("/account/tokens/")
    expect(page.get_by_test_id("secret")).to_have_count(0)
    assert secret not in page.content()

    page.get_by_role("button", name="Revoke Field laptop").click()
    expect(page.get_by_test_id("token-row")).to_have_count(0)
    assert not ApiToken.objects.exists()
