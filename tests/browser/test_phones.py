"""On a phone (390 x 844): every page each role reaches from the navigation, and the main
record pages, fit the screen's width (and a laptop's, 1366 px); the dashboard's and the home page's cards stack
without overlapping; data tables read as lists; the menu opens and closes by keyboard."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from compliance.action_reports.services import action_report_create_draft, action_report_submit
from compliance.commitments.services import commitment_create
from compliance.demo import seed_reference_data
from compliance.models import CommitmentKind
from incidents.models import Incident
from mediators.services import meeting_schedule
from tests.factories_records import PenaltyCaseFactory, ReferralFactory
from verification.sweep import run_sweep

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
ROLES = ("pak_officer", "afg_officer", "tur_reviewer", "secretariat", "observer")

# Runs in the page: cards that overlap one another, or whose content spills out of them.
CARD_PROBLEMS = """
() => {
  const cards = [...document.querySelectorAll("main .card")].filter((c) => c.checkVisibility());
  const problems = [];
  const name = (el) => el.id || el.getAttribute("aria-labelledby") || el.className;
  cards.forEach((card, i) => {
    const r = card.getBoundingClientRect();
    if (r.right > document.documentElement.clientWidth + 0.5) problems.push("off-screen: " + name(card));
    if (card.scrollWidth > card.clientWidth + 1) problems.push("spills out: " + name(card));
    cards.slice(i + 1).forEach((other) => {
      if (card.contains(other) || other.contains(card)) return;
      const s = other.getBoundingClientRect();
      if (r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1) {
        problems.push("overlap: " + name(card) + " / " + name(other));
      }
    });
  });
  return problems;
}
"""
SCROLL_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def record_pages(cast, file_claim, db):
    """One record of each kind, in states whose pages carry their forms; their paths."""
    # The live server's tests flush the database between tests, seeded rows included.
    seed_reference_data()
    pak, afg = cast["pak_officer"].party, cast["afg_officer"].party
    verified = file_claim("verified")
    open_claim = file_claim("under_review", by="afg_officer")
    late = file_claim("replied")
    Incident.objects.filter(pk=late.pk).update(findings_due_at=timezone.now() - timedelta(hours=3))
    run_sweep()
    # The widest row of the claims list: two badges, both deadlines flagged, a long place.
    disputed = file_claim("disputed")
    Incident.objects.filter(pk=disputed.pk).update(
        place_name="Ghulam Khan crossing, North Waziristan",
        reply_overdue_at=timezone.now(),
        findings_overdue_at=timezone.now(),
    )
    today = timezone.now().date()
    commitment = commitment_create(
        actor=cast["secretariat"],
        data={
            "party": afg,
            "session_label": "Istanbul, 6 Nov 2025",
            "session_date": today - timedelta(days=40),
            "agreement_clause": "Art. 5(a)",
            "kind": CommitmentKind.objects.get(code="raid"),
            "description": "Raid the listed compounds in Kunar and Nangarhar.",
            "target_kind": "quantity",
            "target_quantity": 10,
            "unit": "raids",
            "due_date": today + timedelta(days=60),
        },
    )
    report = action_report_create_draft(
        actor=cast["afg_officer"],
        commitment=commitment,
        data={
            "action_date": today - timedelta(days=1),
            "latitude": Decimal("34.43000"),
            "longitude": Decimal("70.45000"),
            "place_name": "Jalalabad",
            "province": "Nangarhar",
            "quantity": 3,
            "narrative": "Two compounds raided; weapons seized.",
        },
    )
    report = action_report_submit(actor=cast["afg_officer"], report=report)
    referral = ReferralFactory(from_party=pak, to_party=afg, created_by=cast["pak_officer"])
    penalty = PenaltyCaseFactory(party=afg, opened_by=cast["secretariat"], status="in_effect")
    meeting = meeting_schedule(
        actor=cast["secretariat"],
        title="Fourth review",
        scheduled_for=timezone.now() + timedelta(days=3),
    )
    return [
        "/claims/new/",
        f"/claims/{open_claim.reference}/",
        f"/claims/{verified.reference}/",
        f"/compliance/commitments/{commitment.reference}/",
        f"/compliance/action-reports/{report.reference}/",
        f"/compliance/referrals/{referral.reference}/",
        f"/compliance/penalties/{penalty.reference}/",
        f"/meetings/{meeting.pk}/",
        "/compliance/reports/implementation/",
    ]


def menu_paths(page):
    """The paths of the main menu and the account links, but the admin site's."""
    hrefs = page.evaluate(
        "[...document.querySelectorAll('#site-menu a[href]')].map((a) => a.getAttribute('href'))"
    )
    return [h for h in dict.fromkeys(hrefs) if h.startswith("/") and not h.startswith("/admin/")]


def overflowing(page, paths, width):
    """(path, scroll width) of each page wider than `width`, (path, status) of each 5xx."""
    too_wide, broken = [], []
    for path in paths:
        response = page.goto(path)
        if response.status >= 500:
            broken.append((path, response.status))
        page.wait_for_load_state("networkidle")
        scroll_width = page.evaluate(SCROLL_WIDTH)
        if scroll_width > width:
            too_wide.append((path, scroll_width))
    return too_wide + broken


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone(open_as, cast, record_pages, role):
    page = open_as(cast[role], **PHONE)
    paths = menu_paths(page)
    assert "/claims/" in paths
    assert overflowing(page, paths + record_pages, PHONE["width"]) == []

    for path in ("/", "/dashboard/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate(CARD_PROBLEMS) == [], path


@pytest.mark.parametrize("role", ("pak_officer", "secretariat"))
def test_no_page_scrolls_sideways_on_a_laptop(open_as, cast, record_pages, role):
    page = open_as(cast[role], **LAPTOP)
    assert overflowing(page, menu_paths(page) + record_pages, LAPTOP["width"]) == []


def test_the_dashboards_cards_stack(open_as, cast, record_pages):
    page = open_as(cast["secretariat"], **PHONE)
    page.goto("/dashboard/")
    status, party = page.locator("#h-status"), page.locator("#h-party")
    status_box, party_box = status.bounding_box(), party.bounding_box()
    assert status_box["x"] == party_box["x"]
    assert status_box["y"] < party_box["y"]


def test_a_table_reads_as_a_list_of_labelled_records(open_as, cast, record_pages):
    page = open_as(cast["pak_officer"], **PHONE)
    page.goto("/claims/")
    row = page.locator("table.claims tbody tr").first
    status = row.locator("td").nth(1)
    expect(status).to_have_attribute("data-label", "Status")
    label = status.evaluate("(td) => getComputedStyle(td, '::before').content")
    assert label == '"Status"'
    reference, place = (
        row.locator("td").first.bounding_box(),
        row.locator("td").nth(5).bounding_box(),
    )
    assert reference["x"] == place["x"]  # one under the other, not side by side
    assert place["y"] > reference["y"]
    # At a laptop's width the same table is a table again.
    page.set_viewport_size({"width": 1366, "height": 900})
    reference, place = (
        row.locator("td").first.bounding_box(),
        row.locator("td").nth(5).bounding_box(),
    )
    assert place["x"] > reference["x"]
    assert place["y"] == reference["y"]
    # ...that fits the page: no column (the findings deadline, last) cut off behind a scroll.
    wrap = page.locator("#claim-results .table-wrap")
    assert wrap.evaluate("(el) => el.scrollWidth <= el.clientWidth")


def test_the_menu_opens_and_closes_by_keyboard(open_as, cast, record_pages):
    page = open_as(cast["afg_officer"], **PHONE)
    toggle = page.get_by_role("button", name="Menu")
    claims = page.get_by_role("navigation", name="Main").get_by_role("link", name="Claims")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(claims).to_be_hidden()

    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(claims).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(claims).to_be_hidden()
    expect(toggle).to_be_focused()

    page.keyboard.press("Space")
    claims.click()
    expect(page.get_by_role("heading", name="Claims", level=1)).to_be_visible()

    # On a laptop there is no menu button: the navigation is always shown.
    page.set_viewport_size({"width": 1366, "height": 900})
    expect(toggle).to_be_hidden()
    expect(claims).to_be_visible()
