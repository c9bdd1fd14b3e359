"""Access denied, as a reviewer records it in a real browser: the form from the claim page,
the paused findings clock, the denial on the dashboard map's layer, and access granted."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from incidents.denials.models import AccessDenial
from incidents.models import Incident

pytestmark = pytest.mark.browser


def test_a_reviewer_records_access_denied_and_later_access_granted(
    open_as, cast, file_claim, files
):
    claim = file_claim("under_review")
    page = open_as(cast["tur_reviewer"])
    page.goto(f"/claims/{claim.reference}/")
    page.get_by_role("link", name="Record access denied").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(claim.reference)

    # Sent empty first: the refusal names the fields and keeps the page.
    page.get_by_role("button", name="Record access denied").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert not AccessDenial.objects.exists()

    page.get_by_label("Party that denied access").select_option("AFG")
    page.get_by_label("Access denied since").fill(timezone.now().strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Who denied access").fill("Border post 14 commander")
    page.get_by_label("What was refused").fill("Entry to the crater site and the duty log.")
    page.get_by_label("Evidence files").set_input_files(str(files["photo"]))
    page.get_by_role("button", name="Record access denied").click()

    expect(page.locator(".message")).to_contain_text("recorded")
    denial = AccessDenial.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(denial.reference)
    expect(page.locator("#evidence")).to_contain_text("crater.png")

    page.get_by_role("link", name=claim.reference).first.click()
    expect(page.locator(".deadlines")).to_contain_text("Findings clock paused")
    expect(page.locator("#access-denied")).to_contain_text(denial.reference)

    # The accused party's officer sees it on the dashboard map's access-denied layer.
    dashboard = open_as(cast["afg_officer"])
    dashboard.goto("/dashboard/")
    claims_map = dashboard.locator("[data-claims-map]")
    expect(claims_map).to_have_attribute("data-ready", "true")
    expect(claims_map).to_have_attribute("data-denials", "1")
    point = dashboard.locator("path.denial-point.denial-open")
    expect(point).to_have_count(1)
    point.click(force=True)
    expect(dashboard.locator(".leaflet-popup-content")).to_contain_text(denial.reference)
    layer_toggle = dashboard.get_by_label("Access denied")
    layer_toggle.uncheck()
    expect(point).to_have_count(0)

    page.goto(f"/access-denials/{denial.reference}/")
    page.get_by_role("button", name="Record access granted").click()
    expect(page.locator(".message")).to_contain_text("Access granted")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Access granted")
    claim = Incident.objects.get(pk=claim.pk)
    assert claim.findings_paused_at is None
    page.goto(f"/claims/{claim.reference}/")
    expect(page.locator(".deadlines")).not_to_contain_text("paused")
    expect(page.locator("#access-denied")).to_contain_text(re.compile("access granted"))
