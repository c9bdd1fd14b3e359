"""The Content-Security-Policy in a real browser: the pages and Swagger UI work under
it, and a script smuggled into a page is refused and reported."""

import pytest
from playwright.sync_api import expect

from .conftest import watch

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_the_api_under_the_policy(
    new_context, live_server, requests_seen, csp_violations
):
    context = new_context(base_url=live_server.url)
    watch(context, requests_seen, csp_violations)
    page = context.new_page()

    page.goto("/api/docs/")

    expect(page.get_by_text("Ceasefire Verification Mechanism API").first).to_be_visible()
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/incidents/").first
    ).to_be_visible()
    assert any("/api/schema/" in url for url in requests_seen)


def test_an_injected_inline_script_is_refused_and_reported(
    open_as, cast, csp_violations, file_claim
):
    claim = file_claim("under_review")
    page = open_as(cast["afg_officer"])
    page.goto(f"/claims/{claim.reference}/")

    page.evaluate(
        """() => {
            const s = document.createElement("script");
            s.textContent = "window.__pwned = true";
            document.body.appendChild(s);
        }"""
    )

    expect(page.locator("body")).to_be_visible()
    assert page.evaluate("() => window.__pwned === undefined")
    assert any("script-src" in text for text in csp_violations), csp_violations
    csp_violations.clear()  # the one this test caused on purpose
