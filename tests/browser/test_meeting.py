"""The meeting page that runs a meeting: two hundred items stay short until one is
opened; an item is decided in place; items are deferred to the next meeting in bulk."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mediators.models import AgendaItem
from mediators.services import meeting_schedule
from tests.factories import IncidentFactory
from verification.statuses import Status

pytestmark = pytest.mark.browser


@pytest.fixture
def big_meeting(cast, pak, afg, category):
    """A meeting of 200 disputed claims, and the next one, in Doha."""
    IncidentFactory.create_batch(
        200,
        reporting_party=pak,
        accused_party=afg,
        category=category,
        status=Status.DISPUTED,
        submitted_at=timezone.now() - timedelta(days=3),
    )
    meeting = meeting_schedule(
        actor=cast["secretariat"],
        title="Istanbul review",
        scheduled_for=timezone.now() + timedelta(days=2),
    )
    meeting_schedule(
        actor=cast["secretariat"],
        title="Doha review",
        scheduled_for=timezone.now() + timedelta(days=9),
    )
    assert meeting.items.count() == 200
    return meeting


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_two_hundred_items_stay_short_and_one_is_decided_in_place(open_as, cast, big_meeting):
    page = open_as(cast["secretariat"])
    page.goto(f"/meetings/{big_meeting.pk}/")
    expect(page.locator("#h-group-disputed")).to_have_text("Differing views (200)")
    expect(page.locator(".agenda-counts")).to_contain_text("Items 1–25 of 200")
    closed = height(page)
    assert closed < 3000, closed

    item = page.locator(".agenda-item").first
    row = page.locator(f"#{item.get_attribute('id')}")  # the same line once redrawn
    minutes = item.get_by_label("Minutes")
    expect(minutes).to_be_hidden()
    item.locator("summary").focus()
    page.keyboard.press("Enter")  # opened from the keyboard
    expect(minutes).to_be_visible()
    assert height(page) > closed

    item.get_by_label("Not verified", exact=True).check()
    item.get_by_label("Possible", exact=True).check()
    minutes.fill("No corroboration from either side.")
    url = page.url
    item.get_by_role("button", name=re.compile("Record the decision")).click()
    expect(row.locator(".decision")).to_contain_text("Not verified, possible")
    expect(row.locator("summary")).to_contain_text("Decided")
    assert page.url == url  # recorded in place
    expect(page.locator(".agenda-counts")).to_contain_text("Items 1–25 of 200")
    expect(page.locator("#undecided-count")).to_have_text("199 undecided in this meeting")
    expect(page.locator("#close-undecided")).to_contain_text("199 items are undecided")


def test_items_are_deferred_to_the_next_meeting_in_bulk(open_as, cast, big_meeting):
    page = open_as(cast["secretariat"])
    page.goto(f"/meetings/{big_meeting.pk}/?state=undecided")
    rows = page.locator(".agenda-item")
    chosen = [rows.nth(n).locator(".ref").inner_text() for n in (0, 1)]
    for reference in chosen:
        page.get_by_label(f"Select {reference}").check()
    page.get_by_role("button", name=re.compile("Defer the selected items to Doha review")).click()
    expect(page.get_by_text("2 items deferred to Doha review")).to_be_visible()
    expect(page.locator(".agenda-counts")).to_contain_text("Items 1–25 of 198")
    for reference in chosen:
        expect(page.locator(".agenda-item", has_text=reference)).to_have_count(0)
    assert set(
        AgendaItem.objects.filter(meeting__title="Doha review").values_list(
            "incident__reference", flat=True
        )
    ) == set(chosen)
    expect(page.locator("#h-close + p, .notice")).to_contain_text(
        "198 items are undecided; they will carry over to the next meeting, Doha review"
    )
