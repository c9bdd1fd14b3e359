"""Translating a narrative: who may, what is refused with which code, and the trail."""

import pytest
from django.utils import translation

from audit.models import AuditEvent
from compliance.referrals.services import referral_create
from core.errors import CommonError, ServiceError
from incidents.services import incident_create_draft
from tests.conftest import claim_data
from translations.error_codes import TranslationError
from translations.models import NarrativeTranslation
from translations.services import translation_add, translation_correct

KINDS = ("claim", "action_report", "referral")
SUBJECT_TYPES = {"claim": "incident", "action_report": "action_report", "referral": "referral"}
PASHTO = "د پولې په اوږدو کې ډزې وشوې."


def events(record, subject_type, action):
    return list(
        AuditEvent.objects.filter(subject_type=subject_type, subject_id=record.pk, action=action)
    )


# --- the narrative's own language -------------------------------------------------------


def test_a_claim_is_taken_to_be_in_its_authors_language(pak_officer, afg, category):
    with translation.override("ur"):
        claim = incident_create_draft(officer=pak_officer, data=claim_data(afg, category))
    assert claim.narrative_language == "ur"


def test_the_authors_preference_comes_before_the_requests_language(pak_officer, afg, category):
    pak_officer.language = "ps"  # the profile's preference, where the user model has one
    with translation.override("tr"):
        claim = incident_create_draft(officer=pak_officer, data=claim_data(afg, category))
    assert claim.narrative_language == "ps"


def test_the_language_given_with_the_claim_wins(pak_officer, afg, category):
    with translation.override("ur"):
        claim = incident_create_draft(
            officer=pak_officer, data=claim_data(afg, category, narrative_language="en")
        )
    assert claim.narrative_language == "en"


def test_an_unknown_language_is_refused_on_the_field(pak_officer, afg, category):
    with pytest.raises(ServiceError) as refused:
        incident_create_draft(
            officer=pak_officer, data=claim_data(afg, category, narrative_language="xx")
        )
    assert refused.value.code == CommonError.VALIDATION_ERROR
    assert "narrative_language" in refused.value.fields


def test_action_reports_and_referrals_take_the_authors_language(
    afg_officer, pak_officer, make_commitment, make_report, afg
):
    from compliance.models import Urgency

    with translation.override("ps"):
        report = make_report(make_commitment())
    with translation.override("ur"):
        referral = referral_create(
            actor=pak_officer,
            data={
                "to_party": afg,
                "subject": "Safe house",
                "requested_action": "Raid it.",
                "urgency": Urgency.objects.get(code="priority"),
            },
        )
    assert (report.narrative_language, referral.narrative_language) == ("ps", "ur")


# --- adding a translation ---------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_secretariat_adds_a_translation_on_the_records_trail(records, secretariat, kind):
    record = records[kind]
    added = translation_add(
        actor=secretariat, record=record, language="ps", text=PASHTO, note="Place names kept."
    )
    assert (added.version, added.translated_by, added.language) == (1, secretariat, "ps")
    (event,) = events(record, SUBJECT_TYPES[kind], "translation_added")
    assert event.actor == secretariat
    assert event.subject_ref == record.reference
    assert event.payload == {
        "language": "ps",
        "version": 1,
        "text": PASHTO,
        "note": "Place names kept.",
        "unofficial": True,
    }


@pytest.mark.parametrize("kind", ["claim", "action_report"])
def test_a_reviewer_assigned_to_the_record_translates_it(records, tur_reviewer, kind):
    translation_add(actor=tur_reviewer, record=records[kind], language="tr", text="Havan ateşi.")
    assert NarrativeTranslation.objects.filter(translated_by=tur_reviewer).count() == 1


def test_any_mediator_translates_a_referral(records, tur_reviewer_2):
    translation_add(actor=tur_reviewer_2, record=records["referral"], language="tr", text="Baskın.")
    assert NarrativeTranslation.objects.count() == 1


@pytest.mark.parametrize("actor", ["tur_reviewer_2", "pak_officer", "afg_officer", "observer"])
@pytest.mark.parametrize("kind", ["claim", "action_report"])
def test_who_neither_runs_the_secretariat_nor_reviews_the_record_may_not(
    records, cast, tur_reviewer_2, actor, kind
):
    user = tur_reviewer_2 if actor == "tur_reviewer_2" else cast[actor]
    with pytest.raises(ServiceError) as refused:
        translation_add(actor=user, record=records[kind], language="tr", text="Havan ateşi.")
    assert refused.value.code == TranslationError.NOT_ALLOWED
    assert not NarrativeTranslation.objects.exists()
    assert not AuditEvent.objects.filter(action="translation_added").exists()


def test_the_narratives_own_language_is_refused(records, secretariat):
    claim = records["claim"]
    with pytest.raises(ServiceError) as refused:
        translation_add(actor=secretariat, record=claim, language="en", text="Same again.")
    assert refused.value.code == TranslationError.SAME_AS_ORIGINAL
    assert refused.value.fields == {"language": [refused.value.detail]}


def test_a_second_translation_into_a_language_is_refused(records, secretariat, tur_reviewer):
    claim = records["claim"]
    translation_add(actor=secretariat, record=claim, language="ur", text="پہلا ترجمہ")
    with pytest.raises(ServiceError) as refused:
        translation_add(actor=tur_reviewer, record=claim, language="ur", text="دوسرا ترجمہ")
    assert refused.value.code == TranslationError.EXISTS
    assert NarrativeTranslation.objects.get().text == "پہلا ترجمہ"
    assert len(events(claim, "incident", "translation_added")) == 1


@pytest.mark.parametrize(
    ("language", "text", "field"),
    [
        ("ur", "   \u200b ", "text"),
        ("ur", "abc\u202edef", "text"),
        ("xx", "Some text.", "language"),
        ("ur", "x" * 20001, "text"),
    ],
)
def test_bad_input_is_refused_on_its_field(records, secretariat, language, text, field):
    with pytest.raises(ServiceError) as refused:
        translation_add(actor=secretariat, record=records["claim"], language=language, text=text)
    assert refused.value.code == CommonError.VALIDATION_ERROR
    assert field in refused.value.fields


# --- correcting it ----------------------------------------------------------------------


def test_a_correction_is_a_new_version_and_the_old_text_stays_on_the_trail(
    records, secretariat, tur_reviewer
):
    claim = records["claim"]
    translation_add(actor=secretariat, record=claim, language="tr", text="Havan ateşi.")
    corrected = translation_correct(
        actor=tur_reviewer,
        record=claim,
        language="tr",
        text="Sınır kapısına havan ateşi.",
        note="The crossing was left out.",
        expected_version=1,
    )
    assert (corrected.version, corrected.translated_by) == (2, tur_reviewer)
    assert NarrativeTranslation.objects.count() == 1
    texts = [
        e.payload["text"]
        for e in AuditEvent.objects.for_subject("incident", claim.pk)
        if e.action.startswith("translation_")
    ]
    assert texts == ["Havan ateşi.", "Sınır kapısına havan ateşi."]


def test_a_correction_of_a_version_no_longer_current_is_refused(records, secretariat):
    claim = records["claim"]
    translation_add(actor=secretariat, record=claim, language="tr", text="Bir.")
    translation_correct(actor=secretariat, record=claim, language="tr", text="İki.")
    with pytest.raises(ServiceError) as refused:
        translation_correct(
            actor=secretariat, record=claim, language="tr", text="Üç.", expected_version=1
        )
    assert refused.value.code == CommonError.STALE_VERSION
    assert NarrativeTranslation.objects.get().text == "İki."


def test_correcting_a_translation_that_does_not_exist_is_refused(records, secretariat):
    with pytest.raises(ServiceError) as refused:
        translation_correct(actor=secretariat, record=records["claim"], language="tr", text="x")
    assert refused.value.code == TranslationError.MISSING


def test_a_reviewer_no_longer_concerned_may_not_correct(records, secretariat, tur_reviewer_2):
    claim = records["claim"]
    translation_add(actor=secretariat, record=claim, language="tr", text="Bir.")
    with pytest.raises(ServiceError) as refused:
        translation_correct(actor=tur_reviewer_2, record=claim, language="tr", text="İki.")
    assert refused.value.code == TranslationError.NOT_ALLOWED
