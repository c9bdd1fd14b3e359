"""Compliance in a real browser: a commitment recorded, an action reported, contested and
verified by both co-chairs, progress shown; a referral acknowledged and answered."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from compliance.commitments.services import commitment_create
from compliance.demo import seed_reference_data
from compliance.models import ActionReport, Commitment, CommitmentKind, Referral
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _kinds_and_urgencies(db):
    # The live server's tests flush the database between tests, seeded rows included.
    seed_reference_data()


def test_commitment_to_verified_progress(open_as, cast, db):
    today = timezone.now().date()
    page = open_as(cast["secretariat"])
    page.get_by_role("link", name="Commitments").first.click()
    page.get_by_role("link", name="Record a commitment").click()
    page.get_by_label("Obligated party").select_option("AFG")
    page.get_by_label("Kind").select_option("raid")
    page.get_by_label("Session that agreed it").fill("Istanbul, 6 Nov 2025")
    page.get_by_label("Date of the session").fill(today.replace(day=1).isoformat())
    page.get_by_label("Agreement clause").fill("Art. 5(a)")
    page.get_by_label("What the party agreed to do").fill("Raid the listed compounds.")
    page.get_by_label("Target quantity").fill("10")
    page.get_by_label("Unit").fill("raids")
    due = today.replace(year=today.year + 1)
    page.get_by_label("Due date").fill(due.isoformat())
    page.locator("#id_milestone-0-due_date").fill(
        today.replace(year=today.year + 1, day=1).isoformat()
    )
    page.locator("#id_milestone-0-quantity").fill("10")
    page.get_by_role("button", name="Record the commitment").click()
    expect(page.get_by_role("heading", name="CMT-AFG-")).to_be_visible()
    commitment = Commitment.objects.get()

    page = open_as(cast["afg_officer"])
    page.goto(f"/compliance/commitments/{commitment.reference}/")
    page.get_by_role("link", name="Report an action").click()
    page.get_by_label("Date of the action").fill(today.isoformat())
    page.get_by_label("Quantity achieved").fill("4")
    page.get_by_label("What was done").fill("Four compounds raided near Asadabad.")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Under review").first).to_be_visible()
    report = ActionReport.objects.get()

    page = open_as(cast["pak_officer"])
    page.goto(f"/compliance/action-reports/{report.reference}/")
    page.get_by_label("Denies").check()
    page.get_by_label("What the position rests on").fill("Two of the compounds were empty.")
    page.get_by_role("button", name="File your party's reply").click()
    expect(page.get_by_text("Afghanistan").first).to_be_visible()

    for reviewer in ("tur_reviewer", "qat_reviewer"):
        page = open_as(cast[reviewer])
        page.get_by_role("link", name="My queue").click()
        page.get_by_role("link", name=report.reference).click()
        page.locator("#finding").get_by_label("Verified", exact=True).check()
        page.locator("#finding").get_by_label("Deliberate").check()
        page.locator("#finding").get_by_label("Probable").check()
        page.get_by_label("Reasoning").fill("Imagery shows the compounds destroyed.")
        page.get_by_role("button", name="Record finding").click()

    page = open_as(cast["observer"])
    page.get_by_role("link", name="Commitments").first.click()
    row = page.locator(f"tr:has-text('{commitment.reference}')")
    expect(row).to_contain_text("4 / 10 raids")
    expect(row.locator(".progress-bar")).to_have_attribute("data-width", "40")
    assert row.locator(".progress-bar").evaluate("bar => bar.style.width") == "40%"
    expect(page.get_by_role("link", name="Referrals")).to_have_count(0)


def test_referral_inbox_counts_down_and_takes_a_response(open_as, cast, db):
    page = open_as(cast["pak_officer"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Referrals").click()
    page.get_by_role("link", name="Send a referral").click()
    page.get_by_label("To party").select_option("AFG")
    page.get_by_label("Urgency").select_option("immediate")
    page.get_by_label("Subject").fill("Commander at a safe house")
    page.get_by_label("Requested action").fill("Raid and detain.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="REF-PAK-")).to_be_visible()
    referral = Referral.objects.get()

    page = open_as(cast["afg_officer"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Referrals").click()
    row = page.locator(f"tr:has-text('{referral.reference}')")
    expect(row.locator(".countdown").first).to_contain_text("left")
    row.get_by_role("link", name=referral.reference).click()
    page.get_by_role("button", name="Acknowledge").click()
    page.get_by_label("Or a reasoned answer").fill("Searched the house; nobody there.")
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("Searched the house; nobody there.")).to_be_visible()
    referral.refresh_from_db()
    assert referral.status == "responded"


def _pick_on_map(page):
    """Click the map picker and check it filled the coordinates; then type exact ones."""
    picker = page.locator("#picker-map")
    expect(picker).to_have_attribute("data-ready", "true")
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] * 0.55, "y": box["height"] * 0.3})
    expect(page.get_by_label("Latitude")).not_to_have_value("")
    assert 20 < float(page.get_by_label("Latitude").input_value()) < 40
    page.get_by_label("Latitude").fill("34.43000")
    page.get_by_label("Longitude").fill("70.45000")
    expect(picker).to_have_attribute("data-marker", "34.43000,70.45000")


def _commitment(cast):
    today = timezone.now().date()
    return commitment_create(
        actor=cast["secretariat"],
        data={
            "party": cast["afg_officer"].party,
            "session_label": "Istanbul, 6 Nov 2025",
            "session_date": today - timedelta(days=40),
            "agreement_clause": "Art. 5(a)",
            "kind": CommitmentKind.objects.get(code="raid"),
            "description": "Raid the listed compounds.",
            "target_kind": "quantity",
            "target_quantity": 10,
            "unit": "raids",
            "due_date": today + timedelta(days=200),
        },
    )


def test_an_action_report_is_edited_amended_and_reassigned(open_as, cast, db):
    commitment = _commitment(cast)
    tur = cast["tur_reviewer"].cochair
    second = UserFactory(username="tur_reviewer_2", role="reviewer", cochair=tur)
    today = timezone.now().date()

    page = open_as(cast["afg_officer"])
    page.goto(f"/compliance/commitments/{commitment.reference}/report/")
    page.get_by_label("Date of the action").fill(today.isoformat())
    page.get_by_label("Quantity achieved").fill("2")
    page.get_by_label("What was done").fill("Two compounds raided.")
    _pick_on_map(page)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("h1 .status")).to_have_text("Draft")
    report = ActionReport.objects.get()
    assert str(report.latitude) == "34.43000"

    page.get_by_role("link", name="Edit draft").click()
    expect(page.get_by_label("Quantity achieved")).to_have_value("2")
    expect(page.locator("#picker-map")).to_have_attribute("data-marker", "34.43000,70.45000")
    page.get_by_label("Quantity achieved").fill("3")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator("h1 .status")).to_have_text("Under review")

    page.get_by_role("link", name="Amend").click()
    page.get_by_label("Reason for the amendment").fill("One raid was by the provincial police.")
    page.get_by_label("Quantity achieved").fill("2")
    page.get_by_role("button", name="Save the amendment").click()
    amendments = page.locator("#amendments")
    expect(amendments).to_contain_text("One raid was by the provincial police.")
    expect(amendments).to_contain_text("Quantity")
    report.refresh_from_db()
    assert (report.quantity, report.version) == (2, 3)

    page = open_as(cast["secretariat"])
    page.goto(f"/compliance/action-reports/{report.reference}/")
    form = page.locator("#assign")
    form.get_by_label(f"Reviewer for {tur.name}").select_option(str(second.pk))
    form.get_by_role("button", name="Reassign").click()
    expect(page.get_by_text(f"Reviewers of {report.reference} updated.")).to_be_visible()
    assert report.assignments.get(ended_at__isnull=True, cochair=tur).reviewer.username == (
        "tur_reviewer_2"
    )


def test_a_referral_carries_mediators_only_evidence(open_as, cast, files, db):
    page = open_as(cast["pak_officer"])
    page.goto("/compliance/referrals/new/")
    page.get_by_label("To party").select_option("AFG")
    page.get_by_label("Urgency").select_option("priority")
    page.get_by_label("Subject").fill("Commander at a safe house")
    page.get_by_label("Requested action").fill("Raid and detain.")
    _pick_on_map(page)
    page.get_by_label("Evidence files").set_input_files([files["photo"]])
    page.get_by_label("Who may download these files").select_option("mediators_only")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="REF-PAK-")).to_be_visible()
    evidence = page.locator("#evidence")
    expect(evidence.get_by_role("link", name="crater.png")).to_be_visible()
    referral = Referral.objects.get()
    stored = referral.evidence.get()

    page = open_as(cast["afg_officer"])
    page.goto(f"/compliance/referrals/{referral.reference}/")
    evidence = page.locator("#evidence")
    expect(evidence).to_contain_text("A file for the mediators only")
    expect(evidence).to_contain_text(stored.sha256)
    expect(evidence.get_by_role("link", name="crater.png")).to_have_count(0)
    # The receiving party brings its own file with its response.
    evidence.get_by_label("Evidence files").set_input_files([files["note"]])
    evidence.get_by_role("button", name="Add files").click()
    expect(
        page.locator("#evidence").get_by_role("link", name="witness-statement.txt")
    ).to_be_visible()

    page = open_as(cast["tur_reviewer"])
    page.goto(f"/compliance/referrals/{referral.reference}/")
    with page.expect_download() as download:
        page.locator("#evidence").get_by_role("link", name="crater.png").click()
    assert download.value.suggested_filename.endswith(".png")
