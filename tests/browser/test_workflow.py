"""The workflow as people do it, in a real browser: filing, replying, reviewing, deciding."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from incidents.models import Evidence, Incident
from verification.statuses import Status

pytestmark = pytest.mark.browser


def test_officer_files_a_claim_with_evidence_and_submits(open_as, cast, category, files):
    page = open_as(cast["pak_officer"])
    expect(page.get_by_test_id("who")).to_contain_text("Delegation officer")
    expect(page.get_by_test_id("who")).to_contain_text("Pakistan")
    page.get_by_role("link", name="File a claim").first.click()
    expect(page.get_by_role("heading", name="File a claim")).to_be_visible()

    page.get_by_label("Category").select_option(
        label=f"{category.label} ({category.agreement_clause})"
    )
    page.get_by_label("Alleged actor").fill("Border forces")
    when = (timezone.now() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("When it happened").fill(when)
    page.get_by_label("Narrative", exact=True).fill(
        "Mortar rounds landed near the crossing at dawn."
    )
    page.get_by_label("Sources").fill("Border post log")

    # A click on the map sets the coordinates; typed coordinates move the marker.
    picker = page.locator("#picker-map")
    expect(picker).to_have_attribute("data-ready", "true")
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] * 0.55, "y": box["height"] * 0.3})
    expect(page.get_by_label("Latitude")).not_to_have_value("")
    assert 20 < float(page.get_by_label("Latitude").input_value()) < 40
    assert 55 < float(page.get_by_label("Longitude").input_value()) < 80
    page.get_by_label("Latitude").fill("34.13300")
    page.get_by_label("Longitude").fill("71.08300")
    expect(picker).to_have_attribute("data-marker", "34.13300,71.08300")

    page.get_by_label("Place name").fill("Torkham")
    page.get_by_label("Province").fill("Khyber Pakhtunkhwa")
    page.get_by_label("Killed civilian, low estimate").fill("1")
    page.get_by_label("Killed civilian, high estimate").fill("2")
    page.get_by_label("Evidence files").set_input_files([files["photo"], files["note"]])
    page.get_by_role("button", name="Save and submit…").click()

    expect(
        page.get_by_role("heading", name=re.compile(r"Submit PAK-\d{4}-\d{5}\?"))
    ).to_be_visible()
    page.get_by_role("button", name="Confirm and submit").click()
    expect(page.locator("h1 .status")).to_have_text("Under review")
    evidence = page.locator("#evidence")
    expect(evidence.get_by_role("link", name="crater.png")).to_be_visible()
    expect(evidence.get_by_role("link", name="witness-statement.txt")).to_be_visible()

    claim = Incident.objects.get()
    assert claim.status == Status.UNDER_REVIEW
    assert (claim.latitude, claim.place_name) == (Decimal("34.13300"), "Torkham")
    assert sorted(Evidence.objects.values_list("content_type", flat=True)) == [
        "image/png",
        "text/plain",
    ]


def test_the_other_party_replies(open_as, cast, file_claim):
    claim = file_claim("under_review")
    page = open_as(cast["afg_officer"])
    page.goto(f"/claims/{claim.reference}/")
    page.get_by_role("link", name="Reply", exact=True).click()
    page.get_by_label("Denies").check()
    page.get_by_label("What the position rests on").fill("No unit of ours fired that morning.")
    page.get_by_role("button", name="File your party's reply").click()
    expect(page.locator(".message")).to_contain_text("reply")
    reply = page.locator("#reply")
    expect(reply).to_contain_text("Afghanistan denies")
    expect(reply).to_contain_text("No unit of ours fired that morning.")
    expect(page.get_by_role("button", name="File your party's reply")).to_have_count(0)


def record_finding(page, reference, outcome, grade, reasoning, intent=None):
    page.goto(f"/claims/{reference}/")
    form = page.locator("form#finding")
    intent_field = form.locator(".intent-field")
    expect(intent_field).to_be_hidden()  # asked only of a verified violation
    form.get_by_label(outcome, exact=True).check()
    if intent:
        expect(intent_field).to_be_visible()
        intent_field.get_by_label(intent, exact=True).check()
    else:
        expect(intent_field).to_be_hidden()
    form.get_by_label(grade, exact=True).check()
    form.get_by_label("Reasoning").fill(reasoning)
    form.get_by_role("button", name="Record finding").click()
    expect(page.locator(".message")).to_contain_text("finding")


def test_both_reviewers_agree_and_the_map_shows_the_claim_verified(open_as, cast, file_claim):
    claim = file_claim("replied")
    tur = open_as(cast["tur_reviewer"])
    tur.goto(f"/claims/{claim.reference}/")
    expect(tur.get_by_test_id("findings-open")).to_contain_text("can be recorded now")
    record_finding(
        tur, claim.reference, "Verified", "Confirmed", "Crater faces the border.", "Deliberate"
    )

    qat = open_as(cast["qat_reviewer"])
    qat.get_by_role("link", name="My queue").click()
    row = qat.get_by_role("row", name=re.compile(claim.reference))
    expect(row.locator("[data-countdown]").first).to_have_text(
        re.compile(r"\d+ days?, \d+ hours? left")
    )
    expect(row).to_contain_text("Reply filed")  # the reply's countdown has stopped
    row.get_by_role("link", name=claim.reference).click()
    expect(qat.get_by_role("heading", level=1)).to_contain_text(claim.reference)
    expect(qat.locator("#review")).to_contain_text("shown once both are in")
    expect(qat.locator("#review")).not_to_contain_text("Crater faces the border.")
    record_finding(qat, claim.reference, "Verified", "Probable", "Imagery agrees.", "Accidental")
    expect(qat.locator("h1 .status")).to_have_text("Verified")
    expect(qat.locator("#review")).to_contain_text("Crater faces the border.")
    # The intents differ: both are shown side by side, the outcome stands.
    expect(qat.get_by_test_id("intents")).to_contain_text("Deliberate")
    expect(qat.get_by_test_id("intents")).to_contain_text("Accidental")
    expect(qat.get_by_test_id("intents-differ")).to_be_visible()

    dashboard = open_as(cast["pak_officer"])
    dashboard.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    claims_map = dashboard.locator("[data-claims-map]")
    expect(claims_map).to_have_attribute("data-ready", "true")
    point = dashboard.locator("path.claim-point.status-verified")
    expect(point).to_have_count(1)
    point.click(force=True)
    popup = dashboard.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(claim.reference)
    expect(popup).to_contain_text("Verified")
    expect(dashboard.locator('td[data-status="verified"]')).to_have_text("1")
    expect(dashboard.locator("#claims-chart")).to_have_attribute("data-ready", "true")


def test_a_disagreement_goes_to_the_meeting_agenda_and_is_decided(open_as, cast, file_claim):
    claim = file_claim("one_finding")  # Türkiye found it verified
    qat = open_as(cast["qat_reviewer"])
    record_finding(qat, claim.reference, "Not verified", "Possible", "No trace on imagery.")
    expect(qat.locator("h1 .status")).to_have_text("Disputed (differing views)")

    page = open_as(cast["secretariat"])
    page.get_by_role("link", name="Meetings").click()
    page.get_by_label("Title").fill("Istanbul review")
    when = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Date and time").fill(when)
    page.get_by_label("Location").fill("Istanbul")
    page.get_by_role("button", name="Schedule and generate the agenda").click()
    item = page.locator(".agenda-item", has_text=claim.reference)
    expect(item).to_contain_text("Differing views")
    item.locator("summary").click()
    item.get_by_label("Verified", exact=True).check()
    item.get_by_label("Undetermined", exact=True).check()
    item.get_by_label("Probable", exact=True).check()
    item.get_by_label("Minutes").fill("Joint site visit confirmed the impact.")
    item.get_by_role("button", name=re.compile("Record the decision")).click()
    decision = page.locator(".agenda-item", has_text=claim.reference).locator(".decision")
    expect(decision).to_contain_text("Verified, probable")

    page.get_by_role("link", name=claim.reference).click()
    expect(page.locator("h1 .status")).to_have_text("Verified")
    expect(page.locator("#timeline")).to_contain_text("Decided at the review meeting")
    expect(page.locator("#timeline")).to_contain_text("Joint site visit confirmed the impact.")


EXPECTED_ACTIONS = {
    "pak_officer": {"Amend", "Withdraw"},
    "afg_officer": {"Reply"},
    "secretariat": {"Assign reviewers"},
}


def test_each_role_sees_only_its_own_actions(open_as, cast, file_claim):
    claim = file_claim("under_review")
    for name, expected in EXPECTED_ACTIONS.items():
        page = open_as(cast[name])
        page.goto(f"/claims/{claim.reference}/")
        bar = page.get_by_label("Actions on this claim")
        expect(bar).to_be_visible()
        shown = {text.strip() for text in bar.locator("a").all_inner_texts()}
        assert shown == expected, name
        page.context.close()
    # The reviewers' finding waits for Afghanistan's reply: no form, and the page says when.
    for name in ("tur_reviewer", "qat_reviewer"):
        page = open_as(cast[name])
        page.goto(f"/claims/{claim.reference}/")
        expect(page.get_by_role("link", name="Record finding")).to_have_count(0)
        expect(page.get_by_test_id("findings-open")).to_contain_text(
            "A finding can be recorded from"
        )
        page.context.close()
    observer = open_as(cast["observer"])
    response = observer.goto(f"/claims/{claim.reference}/")
    assert response.status == 404
    expect(observer.get_by_role("heading", name="Not found")).to_be_visible()


def test_a_form_with_bad_input_shows_the_errors_and_keeps_the_input(
    open_as, cast, category, tmp_path
):
    page = open_as(cast["pak_officer"])
    page.goto("/claims/new/")
    page.get_by_label("Alleged actor").fill("Border forces")
    page.get_by_label("Narrative", exact=True).fill("Shelling reported by the Tirah valley post.")
    page.get_by_label("Latitude").fill("10")
    page.get_by_label("Longitude").fill("10")

    # The browser warns about a file it can tell is wrong before anything is sent.
    bad = tmp_path / "setup.exe"
    bad.write_bytes(b"MZ" + b"\0" * 64)
    page.get_by_label("Evidence files").set_input_files(
        {"name": "setup.exe", "mimeType": "application/x-msdownload", "buffer": bad.read_bytes()}
    )
    expect(page.locator(".file-check")).to_contain_text("setup.exe is of type")
    page.get_by_label("Evidence files").set_input_files([])

    page.get_by_role("button", name="Save as draft").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Place name")
    for label, message in (("Place name", "required"), ("Category", "required")):
        field = page.get_by_label(label, exact=True)
        expect(field).to_have_attribute("aria-invalid", "true")
        error_id = field.get_attribute("aria-describedby").split()[-1]
        expect(page.locator(f"#{error_id}")).to_contain_text(message)
    expect(page.get_by_label("Narrative", exact=True)).to_have_value(
        "Shelling reported by the Tirah valley post."
    )
    expect(page.get_by_label("Alleged actor")).to_have_value("Border forces")
    expect(page.get_by_label("Latitude")).to_have_value("10")
    expect(page.locator("body")).not_to_contain_text("Traceback")

    # Now the rule that lives in the service: the region of the two parties.
    page.get_by_label("Category").select_option(index=1)
    page.get_by_label("When it happened").fill(
        (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("Place name").fill("Somewhere")
    page.get_by_label("Province").fill("Nowhere")
    page.get_by_role("button", name="Save as draft").click()
    latitude = page.get_by_label("Latitude")
    expect(latitude).to_have_attribute("aria-invalid", "true")
    error_id = latitude.get_attribute("aria-describedby").split()[-1]
    expect(page.locator(f"#{error_id}")).to_contain_text("outside the region of the two parties")
    expect(page.get_by_label("Place name")).to_have_value("Somewhere")
    assert not Incident.objects.exists()


def test_the_claim_list_filters_and_sorts_in_place(open_as, cast, file_claim):
    verified = file_claim("verified")
    open_claim = file_claim("under_review")
    page = open_as(cast["secretariat"])
    page.get_by_role("link", name="Claims", exact=True).click()
    results = page.locator("#claim-results")
    expect(results).to_contain_text(open_claim.reference)
    page.evaluate("window.__same_document = true")
    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Verified", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(results).not_to_contain_text(open_claim.reference)
    expect(results).to_contain_text(verified.reference)
    expect(results.locator(".status-verified")).to_have_count(1)
    assert page.evaluate("window.__same_document") is True  # swapped by htmx, not reloaded
    assert "status=verified" in page.url
    results.get_by_role("link", name="Reference").click()
    expect(page).to_have_url(re.compile(r"sort=reference"))
    expect(results).to_contain_text(verified.reference)
    results.get_by_role("link", name=verified.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(verified.reference)
    expect(page).to_have_url(re.compile(rf"/claims/{verified.reference}/$"))
