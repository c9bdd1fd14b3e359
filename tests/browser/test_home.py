"""Each role's journey starts from its home page: the work that awaits it, one click away."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mediators.services import meeting_schedule

pytestmark = pytest.mark.browser


def section(page, key):
    return page.locator(f'[data-section="{key}"]')


def test_an_officer_replies_from_its_home_page(open_as, cast, file_claim):
    claim = file_claim("under_review")  # Pakistan's, against Afghanistan
    page = open_as(cast["afg_officer"])
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()
    replies = section(page, "claim-replies")
    expect(replies).to_contain_text("Reply due")
    expect(replies).to_contain_text("UTC")
    replies.get_by_role("link", name=claim.reference).click()
    page.get_by_role("link", name="Reply", exact=True).click()
    page.get_by_label("Denies").check()
    page.get_by_label("What the position rests on").fill("No unit of ours fired that morning.")
    page.get_by_role("button", name="File your party's reply").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My work").click()
    expect(section(page, "claim-replies")).to_contain_text("No claim against your party")


def test_a_reviewer_opens_a_claim_from_its_queue(open_as, cast, file_claim):
    claim = file_claim("under_review")
    page = open_as(cast["tur_reviewer"])
    queue = section(page, "claim-queue")
    expect(queue).to_contain_text("Can be acted on from")
    queue.get_by_role("link", name=claim.reference).click()
    expect(page.get_by_role("heading", name=claim.reference)).to_be_visible()


def test_the_secretariat_opens_the_next_meeting_from_its_home_page(open_as, cast, file_claim):
    file_claim("disputed")
    meeting_schedule(
        actor=cast["secretariat"],
        title="Third review",
        scheduled_for=timezone.now() + timedelta(days=2),
    )
    page = open_as(cast["secretariat"], width=390, height=844)
    upcoming = section(page, "next-meeting")
    expect(upcoming).to_contain_text("Third review")
    upcoming.get_by_role("link", name="Open the meeting").click()
    expect(page.get_by_role("heading", name="Third review")).to_be_visible()


def test_an_observers_home_is_the_verified_record(open_as, cast, file_claim):
    file_claim("verified")
    page = open_as(cast["observer"])
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="My work")).to_have_count(0)
