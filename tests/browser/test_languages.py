"""Switching language in a real browser: the header's switcher, by keyboard, turns the page
to Urdu, right to left, in the vendored Nastaliq face, and keeps the choice."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_an_officer_switches_to_urdu_with_the_keyboard(open_as, cast, requests_seen):
    officer = cast["pak_officer"]
    page = open_as(officer)
    page.goto("/account/preferences/")
    switcher = page.get_by_test_id("language-switcher")

    switcher.get_by_label("Language").select_option("ur")
    switcher.get_by_role("button", name="Change language").press("Enter")

    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="ترجیحات")).to_be_visible()
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Noto Nastaliq Urdu"')
    # Once the page's fonts have loaded (the heading shows in a fallback until then).
    assert page.evaluate(
        "document.fonts.ready.then(() => document.fonts.check('16px \"Noto Nastaliq Urdu\"', 'ترجیحات'))"
    )
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert any("noto-nastaliq-urdu" in url for url in requests_seen)
    officer.refresh_from_db()
    assert officer.language == "ur"
