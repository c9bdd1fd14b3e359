"""A reviewer translates a claim's Urdu narrative from its page, in a real browser; the
original and the translation stand side by side at desktop width and stack on a phone."""

import pytest
from playwright.sync_api import expect

from incidents.services import incident_create_draft
from tests.conftest import claim_data
from translations.models import NarrativeTranslation
from translations.services import translation_add
from verification.services import review_submit

from .test_accessibility import audit

pytestmark = pytest.mark.browser

URDU = "صبح تقریباً چھ بجے سرحد پار سے مارٹر کے گولے داغے گئے جو چیک پوسٹ کے قریب گرے۔"
ENGLISH = "At about six in the morning mortar rounds were fired from across the border."


def _urdu_claim(cast, afg, category):
    claim = incident_create_draft(
        officer=cast["pak_officer"],
        data=claim_data(afg, category, narrative=URDU, narrative_language="ur"),
    )
    return review_submit(actor=cast["pak_officer"], record=claim)


def _box(locator):
    return locator.bounding_box()


def test_a_reviewer_adds_an_english_translation_beside_the_urdu_original(
    open_as, cast, afg, category
):
    claim = _urdu_claim(cast, afg, category)
    page = open_as(cast["tur_reviewer"], width=1366)
    page.goto(f"/claims/{claim.reference}/")
    original = page.get_by_test_id("narrative-original")
    expect(original).to_have_attribute("dir", "rtl")
    expect(original).to_have_attribute("lang", "ur")

    page.get_by_text("Add a translation").click()
    audit(page)  # the translation form is labelled
    page.get_by_label("Translated into").select_option("en")
    page.get_by_label("Translation", exact=True).fill(ENGLISH)
    page.get_by_role("button", name="Add the translation").click()

    translated = page.get_by_test_id("translation-en")
    expect(translated).to_contain_text("Unofficial translation by tur_reviewer")
    expect(translated).to_contain_text(ENGLISH)
    assert NarrativeTranslation.objects.get().translated_by == cast["tur_reviewer"]
    # Two columns at desktop width: side by side, the same row.
    left, right = _box(page.get_by_test_id("narrative-original")), _box(translated)
    assert abs(left["y"] - right["y"]) < 60
    assert left["x"] != right["x"]


def test_on_a_phone_the_translation_stacks_under_the_original(open_as, cast, afg, category):
    claim = _urdu_claim(cast, afg, category)
    translation_add(actor=cast["secretariat"], record=claim, language="en", text=ENGLISH)
    page = open_as(cast["pak_officer"], width=390, height=844)
    page.goto(f"/claims/{claim.reference}/")
    original = _box(page.locator(".narrative-original"))
    translated = _box(page.get_by_test_id("translation-en"))
    assert translated["y"] >= original["y"] + original["height"] - 1
