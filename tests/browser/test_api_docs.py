"""The API's Swagger UI renders the live schema in Chromium from our own files alone."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_without_any_outside_request(open_as, cast):
    page = open_as(cast["observer"])
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name="Ceasefire Verification Mechanism API")).to_be_visible()
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/incidents/").first
    ).to_be_visible()
    # no "validator" badge: it would send the schema to an outside validation service
    expect(page.locator(".validator-badge, img[src*='validator']")).to_have_count(0)
