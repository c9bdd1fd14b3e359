"""The party records page and the implementation review report in a real browser: the
charts draw the selector's figures, the report prints without the site's chrome, the PDF
downloads, and nothing is fetched from another host (conftest)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from compliance.commitments.services import commitment_create
from compliance.demo import seed_reference_data
from compliance.models import CommitmentKind
from tests.factories_records import ReferralFactory, VerifiedClaimFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(cast, pak, afg, category):
    # The live server's tests flush the database between tests, seeded rows included.
    seed_reference_data()
    now = timezone.now()
    for n in range(4):
        VerifiedClaimFactory(accused_party=afg, category=category, occurred_at=now - timedelta(n))
    VerifiedClaimFactory(
        accused_party=pak, reporting_party=afg, category=category, occurred_at=now - timedelta(3)
    )
    today = now.date()
    commitment_create(
        actor=cast["secretariat"],
        data=dict(
            party=afg,
            session_label="Istanbul, 6 Nov 2025",
            session_date=today - timedelta(days=60),
            agreement_clause="Art. 5(a)",
            kind=CommitmentKind.objects.get(code="raid"),
            description="Raid the listed compounds.",
            target_kind="quantity",
            target_quantity=10,
            unit="raids",
            due_date=today - timedelta(days=2),
        ),
    )
    ReferralFactory(to_party=afg, from_party=pak, sent_at=now - timedelta(days=9))


def test_records_page_draws_both_parties(open_as, cast, seeded):
    page = open_as(cast["secretariat"])
    page.get_by_role("link", name="Records", exact=True).click()
    expect(page.get_by_role("heading", name="Party records")).to_be_visible()
    for chart in ("months", "categories", "commitments"):
        expect(page.locator(f"#chart-{chart}")).to_have_attribute("data-ready", "true")
    months = page.evaluate(
        "() => window.recordCharts.months.data.datasets.map("
        "d => [d.label, d.data.reduce((a, b) => a + b, 0)])"
    )
    assert months == [["Afghanistan", 4], ["Pakistan", 1]]
    missed = page.evaluate(
        "() => window.recordCharts.commitments.data.datasets.find(d => d.label === 'Missed').data"
    )
    assert missed == [1, 0]
    summary = page.get_by_test_id("record-summary")
    expect(summary.locator("tr", has_text="Verified violations")).to_contain_text("4")
    expect(summary.locator("tr", has_text="Referrals received")).to_contain_text("1")


def test_report_prints_and_downloads(open_as, cast, seeded):
    page = open_as(cast["tur_reviewer"])
    page.goto("/compliance/records/")
    page.get_by_role("link", name="Implementation review report").click()
    expect(page.get_by_role("heading", name="Implementation review report")).to_be_visible()
    expect(page.locator("#chart-months")).to_have_attribute("data-ready", "true")
    expect(page.get_by_test_id("violations").locator("tbody tr")).to_have_count(5)
    expect(page.get_by_test_id("missed")).to_contain_text("CMT-AFG-")
    expect(page.get_by_test_id("overdue-referrals")).to_contain_text("REF-TST-")

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_test_id("download-pdf")).to_be_hidden()
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_test_id("download-pdf").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_observer_sees_no_referrals(open_as, cast, seeded):
    page = open_as(cast["observer"])
    page.goto("/compliance/reports/implementation/")
    expect(page.get_by_test_id("no-referrals")).to_be_visible()
    expect(page.get_by_text("Referrals are not shown to observers.")).to_be_visible()
    expect(page.locator("#chart-categories")).to_have_attribute("data-ready", "true")
