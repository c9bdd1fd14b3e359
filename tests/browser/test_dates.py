"""Dates and times in the browser: a 24-hour picker beside which the zone is named, and a
value typed or picked there stored as the same moment in UTC."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from mediators.models import ReviewMeeting

pytestmark = pytest.mark.browser


def test_the_picker_is_24_hour_and_names_the_zone(open_as, cast):
    page = open_as(cast["secretariat"])
    page.goto("/meetings/")
    page.get_by_label("Title").fill("Doha review")
    field = page.get_by_label("Date and time")
    expect(page.locator("#id_scheduled_for_zone")).to_have_text("UTC time, 24-hour clock")
    field.click()
    calendar = page.locator(".flatpickr-calendar.open")
    expect(calendar).to_be_visible()
    expect(calendar.locator("input.flatpickr-hour")).to_have_attribute("max", "23")
    expect(calendar.locator(".flatpickr-am-pm")).to_have_count(0)

    field.fill("2026-12-24T18:45")  # the form the browser's own field used: still read
    page.get_by_label("Location").fill("Doha")
    expect(calendar).to_have_count(0)
    expect(field).to_have_value("2026-12-24 18:45")
    page.get_by_role("button", name="Schedule and generate the agenda").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    meeting = ReviewMeeting.objects.get()
    assert meeting.scheduled_for == datetime(2026, 12, 24, 18, 45, tzinfo=UTC)
    expect(page.locator("main")).to_contain_text("2026-12-24 18:45 UTC")
