"""The narrative on each record's page: the original and its translations side by side,
each with its language and direction; the forms for who may translate."""

import re

import pytest
from django.test import Client
from django.utils import translation

from translations.models import NarrativeTranslation
from translations.services import translation_add

PAGES = {
    "claim": "/claims/{}/",
    "action_report": "/compliance/action-reports/{}/",
    "referral": "/compliance/referrals/{}/",
}
URDU = "سرحدی چوکی کے قریب مارٹر کے گولے گرے۔"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def page(records, kind):
    return PAGES[kind].format(records[kind].reference)


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_original_and_translation_side_by_side(records, cast, kind):
    record = records[kind]
    translation_add(actor=cast["secretariat"], record=record, language="ur", text=URDU)
    body = signed_in(cast["pak_officer"]).get(page(records, kind)).content.decode()
    assert 'class="narratives"' in body
    assert re.search(r'lang="en" dir="ltr" data-testid="narrative-original"', body)
    translated = body[body.index('data-testid="translation-ur"') :]
    assert re.search(r'lang="ur" dir="rtl">\s*<p>' + URDU, translated)
    assert "Unofficial translation by secretariat, version 1," in translated
    # An officer may read but not translate.
    assert "Add a translation" not in body
    assert "Correct this translation" not in body


@pytest.mark.parametrize(
    ("name", "shown"),
    [("secretariat", True), ("tur_reviewer", True), ("afg_officer", False)],
)
def test_the_forms_are_offered_to_who_may_translate(records, cast, name, shown):
    translation_add(actor=cast["secretariat"], record=records["claim"], language="tr", text="Bir.")
    body = signed_in(cast[name]).get(page(records, "claim")).content.decode()
    assert ("Add a translation" in body) is shown
    assert ("Correct this translation" in body) is shown
    if shown:
        # Neither the narrative's own language nor one already done is offered again.
        form = body[body.index('id="translate"') :]
        assert 'value="ur"' in form
        assert 'value="en"' not in form.split("</select>")[0]
        assert 'value="tr"' not in form.split("</select>")[0]


def test_adding_from_the_page(records, cast):
    claim = records["claim"]
    response = signed_in(cast["tur_reviewer"]).post(
        f"/translations/incident/{claim.reference}/",
        {"language": "tr", "text": "Sınır kapısına havan ateşi.", "note": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/claims/{claim.reference}/"
    assert NarrativeTranslation.objects.get().translated_by == cast["tur_reviewer"]


def test_a_refusal_answers_the_page_with_the_message_and_the_typed_text(records, cast):
    claim = records["claim"]
    client = signed_in(cast["secretariat"])
    client.post(f"/translations/incident/{claim.reference}/", {"language": "tr", "text": "Bir."})
    # The typed language is gone from the choices once done: posted anyway, it is refused.
    response = client.post(
        f"/translations/incident/{claim.reference}/",
        {"language": "tr", "text": "Kept text, typed again."},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kept text, typed again." in body
    assert "error-summary" in body
    assert NarrativeTranslation.objects.get().text == "Bir."


def test_correcting_from_the_page_keeps_the_typed_text_when_refused(records, cast):
    claim = records["claim"]
    translation_add(actor=cast["secretariat"], record=claim, language="tr", text="Bir.")
    client = signed_in(cast["qat_reviewer"])
    url = f"/translations/incident/{claim.reference}/correct/"
    stale = client.post(url, {"language": "tr", "version": 7, "text": "İki, typed."})
    assert stale.status_code == 400
    assert "İki, typed." in stale.content.decode()
    done = client.post(url, {"language": "tr", "version": 1, "text": "İki."})
    assert done.status_code == 302
    assert NarrativeTranslation.objects.get().version == 2


def test_who_sees_the_record_but_may_not_translate_is_refused(records, cast):
    claim = records["claim"]
    response = signed_in(cast["pak_officer"]).post(
        f"/translations/incident/{claim.reference}/", {"language": "ur", "text": URDU}
    )
    assert response.status_code == 403
    assert not NarrativeTranslation.objects.exists()


@pytest.mark.parametrize("path", ["incident/{ref}/", "incident/{ref}/correct/", "penalty/{ref}/"])
def test_a_record_not_seen_answers_404(file_claim, cast, path):
    draft = file_claim("draft")
    response = signed_in(cast["afg_officer"]).post(
        "/translations/" + path.format(ref=draft.reference), {"language": "ur", "text": URDU}
    )
    assert response.status_code == 404


def test_the_filing_form_starts_at_the_authors_language(cast):
    with translation.override("ur"):
        client = signed_in(cast["pak_officer"])
        body = client.get("/claims/new/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    select = body[body.index('name="narrative_language"') :].split("</select>")[0]
    assert re.search(r'<option value="ur" selected lang="ur">', select)


def test_the_submit_page_shows_the_narrative_in_its_direction(pak_officer, afg, category):
    from incidents.services import incident_create_draft
    from tests.conftest import claim_data

    claim = incident_create_draft(
        officer=pak_officer,
        data=claim_data(afg, category, narrative=URDU, narrative_language="ur"),
    )
    body = signed_in(pak_officer).get(f"/claims/{claim.reference}/submit/").content.decode()
    assert re.search(r'<div class="prose" lang="ur" dir="rtl">\s*<p>' + URDU, body)


def test_each_form_on_the_page_has_ids_of_its_own(records, cast):
    claim = records["claim"]
    for language in ("tr", "ar"):
        translation_add(actor=cast["secretariat"], record=claim, language=language, text="x")
    body = signed_in(cast["secretariat"]).get(page(records, "claim")).content.decode()
    ids = re.findall(r' id="(id_translation[^"]*)"', body)
    assert len(ids) == len(set(ids)) >= 7
