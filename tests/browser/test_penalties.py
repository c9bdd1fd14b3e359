"""Penalties in a real browser: a case proposed on a verified claim, approved by both
co-chairs, appealed by the penalised party and upheld at the review meeting; what an
observer sees; a withdrawal."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from compliance.demo import seed_reference_data
from compliance.models import PenaltyCase
from mediators.services import meeting_schedule

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _measures(db):
    # The live server's tests flush the database between tests, seeded rows included.
    seed_reference_data()


def test_a_penalty_from_proposal_to_appeal_upheld(open_as, cast, file_claim, db):
    claim = file_claim("verified", by="pak_officer")
    meeting = meeting_schedule(
        actor=cast["secretariat"],
        title="Review meeting",
        scheduled_for=timezone.now() + timedelta(days=20),
    )

    page = open_as(cast["secretariat"])
    page.get_by_role("link", name="Penalties").click()
    page.get_by_role("link", name="Propose a penalty").click()
    page.get_by_label("Party", exact=True).select_option("AFG")
    page.get_by_role("button", name="Show its grounds").click()
    page.get_by_label("Measure").select_option("demarche")
    page.get_by_label("Rationale").fill("Verified cross-border fire on Torkham.")
    page.get_by_label(claim.reference, exact=False).check()
    page.get_by_role("button", name="Propose the penalty").click()
    expect(page.get_by_role("heading", name="PEN-AFG-")).to_be_visible()
    case = PenaltyCase.objects.get()
    expect(page.get_by_role("link", name=claim.reference)).to_have_attribute(
        "href", f"/claims/{claim.reference}/"
    )

    for reviewer in ("tur_reviewer", "qat_reviewer"):
        page = open_as(cast[reviewer])
        page.goto(f"/compliance/penalties/{case.reference}/")
        page.locator("#decide-cochair").get_by_label("Approve").check()
        page.get_by_label("Reason").fill("The grounds are verified; the measure is proportionate.")
        page.get_by_role("button", name="Record your co-chair's decision").click()
        expect(page.locator(".decision")).not_to_have_count(0)
    expect(page.locator("h1 .status")).to_have_text("In effect")
    expect(page.locator(".decision")).to_have_count(2)

    page = open_as(cast["pak_officer"])
    page.goto(f"/compliance/penalties/{case.reference}/")
    expect(page.get_by_role("button", name="Appeal, once")).to_have_count(0)

    page = open_as(cast["afg_officer"])
    page.goto(f"/compliance/penalties/{case.reference}/")
    page.get_by_label("Grounds of the appeal").fill("The fire came from a third party.")
    page.get_by_role("button", name="Appeal, once").click()
    expect(page.locator("h1 .status")).to_have_text("Appealed")

    page = open_as(cast["secretariat"])
    page.goto(f"/compliance/penalties/{case.reference}/")
    page.get_by_label("Review meeting", exact=True).select_option(str(meeting.pk))
    page.get_by_label("Uphold").check()
    page.get_by_label("Minutes").fill("The meeting upheld the measure.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("h1 .status")).to_have_text("Upheld on appeal")
    expect(page.locator(".timeline li")).to_have_count(6)

    page = open_as(cast["observer"])
    page.get_by_role("link", name="Penalties").click()
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_text("The meeting upheld the measure.")).to_be_visible()


def test_observers_do_not_see_proposed_cases_and_the_opener_withdraws(
    open_as, cast, file_claim, db
):
    from compliance.models import PenaltyMeasure
    from compliance.penalties.services import penalty_open

    claim = file_claim("verified", by="pak_officer")
    case = penalty_open(
        actor=cast["tur_reviewer"],
        party=claim.accused_party,
        measure=PenaltyMeasure.objects.get(code="demarche"),
        rationale="Verified fire.",
        claims=[claim.reference],
    )
    page = open_as(cast["observer"])
    response = page.goto(f"/compliance/penalties/{case.reference}/")
    assert response.status == 404

    page = open_as(cast["tur_reviewer"])
    page.goto(f"/compliance/penalties/{case.reference}/")
    page.get_by_text("Withdraw the case").click()
    page.get_by_label("Why the case is withdrawn").fill("The party took remedial action.")
    page.get_by_role("button", name="Withdraw").click()
    expect(page.locator("h1 .status")).to_have_text("Withdrawn")


def test_penalty_pages_pass_basic_checks(open_as, cast, file_claim, db):
    from compliance.models import PenaltyMeasure
    from compliance.penalties.services import penalty_open

    from .test_accessibility import audit

    claim = file_claim("verified", by="pak_officer")
    case = penalty_open(
        actor=cast["secretariat"],
        party=claim.accused_party,
        measure=PenaltyMeasure.objects.get(code="demarche"),
        rationale="Verified fire.",
        claims=[claim.reference],
    )
    reviewer = open_as(cast["tur_reviewer"])
    for path in (
        "/compliance/penalties/",
        "/compliance/penalties/new/?party=AFG",
        f"/compliance/penalties/{case.reference}/",
    ):
        reviewer.goto(path)
        audit(reviewer)
    reviewer.get_by_role("button", name="Record your co-chair's decision").click()
    expect(reviewer.locator(".error-summary")).to_be_visible()
    audit(reviewer)  # the page with its errors
