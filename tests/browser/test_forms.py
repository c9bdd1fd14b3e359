"""Forms in a real browser: milestones added and removed as rows; penalty grounds found
with the list's filter and chosen; a recorded approval shown in its tone."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from compliance.commitments.services import commitment_create
from compliance.demo import seed_reference_data
from compliance.models import Commitment, CommitmentKind, PenaltyCase, PenaltyMeasure
from compliance.penalties.services import penalty_open, penalty_record_decision
from incidents.models import Incident
from tests.compliance.conftest import commitment_data
from verification.sweep import run_sweep

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _kinds_and_urgencies(db):
    # The live server's tests flush the database between tests, seeded rows included.
    seed_reference_data()


def test_milestones_are_added_and_removed_as_rows(open_as, cast, db):
    today = timezone.now().date()
    page = open_as(cast["secretariat"])
    page.goto("/compliance/commitments/new/")
    page.get_by_label("Obligated party").select_option("AFG")
    page.get_by_label("Kind").select_option("raid")
    page.get_by_label("Session that agreed it").fill("Istanbul, 6 Nov 2025")
    page.get_by_label("Date of the session").fill((today - timedelta(days=5)).isoformat())
    page.get_by_label("Agreement clause").fill("Art. 5(a)")
    page.get_by_label("What the party agreed to do").fill("Raid the listed compounds.")
    page.get_by_label("Target quantity").fill("10")
    page.get_by_label("Unit").fill("raids")
    page.get_by_label("Due date").fill((today + timedelta(days=60)).isoformat())

    rows = page.locator("[data-milestone-row]:visible")
    expect(rows).to_have_count(3)
    page.get_by_role("button", name="Add a milestone").click()
    expect(rows).to_have_count(4)
    expect(page.locator("#id_milestone-3-due_date")).to_be_focused()

    for index, (offset, quantity) in enumerate([(10, 4), (20, 7), (30, 99), (40, 10)]):
        page.locator(f"#id_milestone-{index}-due_date").fill(
            (today + timedelta(days=offset)).isoformat()
        )
        page.locator(f"#id_milestone-{index}-quantity").fill(str(quantity))
    # The third row is a slip: remove it.
    rows.nth(2).get_by_role("button", name="Remove").click()
    expect(rows).to_have_count(3)

    page.get_by_role("button", name="Record the commitment").click()
    expect(page.get_by_role("heading", name="CMT-AFG-")).to_be_visible()
    commitment = Commitment.objects.get()
    assert list(commitment.milestones.order_by("due_date").values_list("due_date", "quantity")) == [
        (today + timedelta(days=10), 4),
        (today + timedelta(days=20), 7),
        (today + timedelta(days=40), 10),
    ]


def test_penalty_grounds_are_found_with_the_filter_and_chosen(open_as, cast, file_claim, db):
    claims = [file_claim("verified", by="pak_officer") for _ in range(3)]
    today = timezone.now().date()
    missed = commitment_create(
        actor=cast["secretariat"],
        data=commitment_data(
            cast["afg_officer"].party,
            CommitmentKind.objects.get(code="raid"),
            session_date=today - timedelta(days=40),
            due_date=today - timedelta(days=3),
        ),
    )
    run_sweep()

    page = open_as(cast["secretariat"])
    page.goto("/compliance/penalties/new/?party=AFG")
    items = page.locator("[data-ground-item]:visible")
    expect(items).to_have_count(4)
    search = page.get_by_label("Find a ground")
    search.fill(claims[1].reference)
    expect(items).to_have_count(1)
    page.get_by_label(claims[1].reference, exact=False).check()
    search.fill("missed")
    expect(items).to_have_count(2)  # the missed commitment, and the claim already ticked
    page.get_by_label(missed.reference, exact=False).check()
    search.fill("nothing is called this")
    expect(items).to_have_count(2)  # ticked grounds stay listed
    expect(page.get_by_test_id("ground-count")).to_contain_text("2 of 4 grounds shown, 2 ticked")
    search.press("Enter")  # filters, never submits
    expect(page.get_by_role("heading", name="Propose a penalty")).to_be_visible()
    assert not PenaltyCase.objects.exists()
    search.fill("")
    expect(items).to_have_count(4)

    page.get_by_label("Measure").select_option("demarche")
    page.get_by_label("Rationale").fill("Verified fire and a missed commitment.")
    page.get_by_role("button", name="Propose the penalty").click()
    expect(page.get_by_role("heading", name="PEN-AFG-")).to_be_visible()
    grounds = PenaltyCase.objects.get().grounds.all()
    assert {(g.incident_id, g.commitment_id) for g in grounds} == {
        (claims[1].pk, None),
        (None, missed.pk),
    }


def test_a_recorded_approval_is_edged_in_the_done_tone(open_as, cast, file_claim, db):
    """The decision card's own border must not reset the approval's tone."""
    claim = file_claim("verified", by="pak_officer")
    case = penalty_open(
        actor=cast["secretariat"],
        party=claim.accused_party,
        measure=PenaltyMeasure.objects.get(code="demarche"),
        rationale="Verified fire.",
        claims=[claim.reference],
        commitments=[],
    )
    penalty_record_decision(
        actor=cast["tur_reviewer"], case=case, decision="approve", reason="Grounds verified."
    )
    page = open_as(cast["tur_reviewer"])
    page.goto(f"/compliance/penalties/{case.reference}/")
    approval = page.locator(".decision-approve")
    expect(approval).to_be_visible()
    colours = approval.evaluate(
        """element => {
            const style = getComputedStyle(element);
            const probe = document.createElement("span");
            probe.style.color = "var(--tone-done)";
            document.body.appendChild(probe);
            const done = getComputedStyle(probe).color;
            probe.remove();
            return [style.borderLeftColor, style.borderLeftWidth, done];
        }"""
    )
    assert colours == [colours[2], "4px", "rgb(30, 107, 42)"]


def test_the_claim_list_downloads_what_its_filter_shows(open_as, cast, file_claim, db):
    verified = file_claim("verified", by="pak_officer")
    Incident.objects.filter(pk=verified.pk).update(province="Kunar")
    other = file_claim("verified", by="afg_officer")
    page = open_as(cast["observer"])
    page.goto("/claims/")
    expect(page.get_by_test_id("export-geojson")).to_have_attribute(
        "href", "/claims/export.geojson"
    )
    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Province").fill("Kunar")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_test_id("export-geojson")).to_have_attribute(
        "href", "/claims/export.geojson?province=Kunar"
    )
    with page.expect_download() as download:
        page.get_by_test_id("export-geojson").click()
    assert download.value.suggested_filename == "incidents.geojson"
    features = json.loads(download.value.path().read_text(encoding="utf-8"))["features"]
    # Both are verified, so the observer may see both: the filter alone left one out.
    assert [f["properties"]["reference"] for f in features] == [verified.reference]
    assert Incident.objects.visible_to(cast["observer"]).filter(pk=other.pk).exists()
