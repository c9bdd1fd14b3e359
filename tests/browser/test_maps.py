"""Maps for location work: the filing form's reverse look-up and mismatch warning, and the
dashboard's clusters and layers, all drawn from static/ (the conftest fails any request
elsewhere)."""

import re
from datetime import UTC

from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from verification.statuses import Status


def test_the_filing_form_names_the_province_and_town_of_the_point_and_warns_on_a_mismatch(
    open_as, cast
):
    page = open_as(cast["pak_officer"])
    page.get_by_role("link", name="File a claim").first.click()
    picker = page.locator("#picker-map")
    expect(picker).to_have_attribute("data-ready", "true")
    expect(page.locator(".leaflet-control-layers")).to_contain_text("Regional borders")
    expect(page.locator(".leaflet-control-layers")).to_contain_text("Towns")
    where = page.locator("[data-lookup-where]")
    warnings = page.locator("[data-lookup-warnings]")

    # A click on the map is looked up at once.
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] * 0.6, "y": box["height"] * 0.4})
    expect(where).to_contain_text("The point lies in")

    # The typed place says Kurram; the point is in Lahore.
    page.get_by_label("Place name").fill("Kurram")
    page.get_by_label("Province").fill("Khyber Pakhtunkhwa")
    page.get_by_label("Latitude").fill("31.52000")
    page.get_by_label("Longitude").fill("74.35000")
    expect(where).to_have_attribute("data-province", "Punjab")
    expect(where).to_contain_text("nearest town is")
    expect(warnings).to_be_visible()
    expect(warnings.locator('[data-field="place_name"]')).to_have_text(
        "The place field says Kurram (Khyber Pakhtunkhwa), the point is in Punjab."
    )
    expect(warnings.locator('[data-field="province"]')).to_have_text(
        "The province field says Khyber Pakhtunkhwa, the point is in Punjab."
    )

    # Moved to Parachinar, in Kurram: the point and the names agree, the warning goes.
    page.get_by_label("Latitude").fill("33.90000")
    page.get_by_label("Longitude").fill("70.10000")
    expect(where).to_have_attribute("data-province", "Khyber Pakhtunkhwa")
    expect(where).to_have_attribute("data-place", "Parachinar")
    expect(warnings).to_be_hidden()

    # A province typed after the point is checked too.
    page.get_by_label("Province").fill("Punjab")
    page.get_by_label("Province").press("Tab")
    expect(warnings.locator('[data-field="province"]')).to_have_text(
        "The province field says Punjab, the point is in Khyber Pakhtunkhwa."
    )


def test_the_dashboard_map_clusters_claims_in_layers_by_status(open_as, cast, file_claim):
    for _ in range(3):
        file_claim("under_review")
    verified = file_claim("verified")
    page = open_as(cast["secretariat"])
    page.goto("/dashboard/")
    claims_map = page.locator("[data-claims-map]")
    expect(claims_map).to_have_attribute("data-ready", "true")
    expect(claims_map).to_have_attribute("data-points", "4")

    # The three open claims share a point: one cluster that counts them, and the verified
    # claim beside it in a layer of its own.
    cluster = page.locator(".claim-cluster.cluster-open")
    expect(cluster).to_have_count(1)
    expect(cluster).to_have_text("3")
    expect(page.locator("path.claim-point.status-verified")).to_have_count(1)

    control = page.locator(".leaflet-control-layers")
    for name in ("Verified (1)", "Submitted or under review (3)", "Regional borders", "Towns"):
        expect(control).to_contain_text(name)
    expect(page.locator(".leaflet-tooltip.place-label").first).to_be_visible()

    # Hiding the open claims leaves the verified one, whose popup gives its reference (a
    # link), category, date and parties; showing them brings the cluster back.
    open_box = control.get_by_role("checkbox", name=re.compile("Submitted or under review"))
    open_box.uncheck()
    expect(cluster).to_have_count(0)
    page.locator("path.claim-point.status-verified").click(force=True)
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("link", name=verified.reference)).to_be_visible()
    expect(popup).to_contain_text(verified.category.label)
    expect(popup).to_contain_text(f"{verified.occurred_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC")
    expect(popup).to_contain_text("Verified")
    expect(popup).to_contain_text("Pakistan against Afghanistan")
    open_box.check()
    expect(cluster).to_have_count(1)


def test_the_dashboard_map_speaks_the_readers_language(open_as, cast, file_claim):
    """The map's controls, layers and popups take the words the page carries in Urdu;
    counts keep Latin digits."""
    verified = file_claim("verified")
    reader = cast["secretariat"]
    reader.language = "ur"
    reader.save(update_fields=["language"])
    with translation.override("ur"):
        group = gettext("Verified")
        layer = gettext("%(layer)s (%(count)s)") % {"layer": group, "count": 1}
        towns = gettext("Towns")
        zoom_in = gettext("Zoom in")
        parties = gettext("%(reporting)s against %(accused)s") % {
            "reporting": verified.reporting_party.name,
            "accused": verified.accused_party.name,
        }
        status = str(Status.VERIFIED.label)
        occurred = gettext("%(time)s UTC") % {
            "time": f"{verified.occurred_at.astimezone(UTC):%Y-%m-%d %H:%M}"
        }
    assert group != "Verified"  # the catalogue has it

    page = open_as(reader)
    page.goto("/dashboard/")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    claims_map = page.locator("[data-claims-map]")
    expect(claims_map).to_have_attribute("data-ready", "true")

    control = page.locator(".leaflet-control-layers")
    expect(control).to_contain_text(layer)
    expect(control).to_contain_text(towns)
    expect(control).not_to_contain_text("Verified")
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", zoom_in)
    # A click dispatched on the marker itself: the map may still be settling on its bounds.
    page.locator("path.claim-point.status-verified").dispatch_event("click")
    expect(page.locator(".leaflet-popup-content")).to_contain_text(parties)
    expect(page.locator(".leaflet-popup-content")).to_contain_text(status)
    expect(page.locator(".leaflet-popup-content")).to_contain_text(occurred)
