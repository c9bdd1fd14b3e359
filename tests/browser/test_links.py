"""A reviewer links a counter-claim from the mechanism's suggestion and reviews the two
claims of the event side by side, in a real browser."""

import pytest
from playwright.sync_api import expect

from incidents.links.models import ClaimLink
from tests.factories import reply_first

from .test_accessibility import audit

pytestmark = pytest.mark.browser


def test_reviewer_links_a_suggested_counter_claim_and_opens_the_side_by_side_page(
    open_as, cast, file_claim
):
    pak = file_claim("under_review", by="pak_officer")
    afg = file_claim("under_review", by="afg_officer")  # same time and place: suggested
    # Each party has answered the other's claim: both findings may be recorded.
    reply_first(cast["afg_officer"], pak)
    reply_first(cast["pak_officer"], afg)
    page = open_as(cast["tur_reviewer"])
    page.goto(f"/claims/{pak.reference}/")

    suggestion = page.get_by_test_id("suggestion")
    expect(suggestion).to_contain_text(afg.reference)
    audit(page)  # the link and dismiss forms are labelled
    suggestion.get_by_label("Kind of link").select_option("same_event")
    suggestion.get_by_label("Why they belong together").fill(
        "Both describe the exchange of fire at Torkham, each blaming the other."
    )
    suggestion.get_by_role("button", name=f"Link {afg.reference}").click()

    expect(page.get_by_test_id("claim-link")).to_contain_text(afg.reference)
    expect(page.get_by_test_id("suggestion")).to_have_count(0)
    assert ClaimLink.objects.get().kind == "same_event"

    page.get_by_test_id("same-event-page").click()
    expect(page.get_by_role("heading", name="The same event, side by side")).to_be_visible()
    columns = page.get_by_test_id("side-by-side-claim")
    expect(columns).to_have_count(2)
    expect(columns.nth(0)).to_contain_text(pak.reference)
    expect(columns.nth(1)).to_contain_text(afg.reference)
    expect(page.get_by_test_id("narrative").first).to_contain_text("Mortar rounds")
    expect(page.get_by_role("link", name=f"Record your finding on {afg.reference}")).to_be_visible()
