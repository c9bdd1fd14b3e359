"""Translations over the API: nested in each record's detail, added and corrected under
<record>/translations/, seen by exactly who sees the record, refused with stable codes."""

import pytest

from audit.models import AuditEvent
from translations.models import NarrativeTranslation

URLS = {
    "claim": "/api/v1/incidents/{}/",
    "action_report": "/api/v1/action-reports/{}/",
    "referral": "/api/v1/referrals/{}/",
}


def url(records, kind, tail=""):
    return URLS[kind].format(records[kind].reference) + tail


@pytest.mark.parametrize("kind", sorted(URLS))
def test_the_detail_names_the_language_and_nests_the_translations(records, api_as, kind):
    secretariat = api_as("secretariat")
    added = secretariat.post(
        url(records, kind, "translations/"),
        {"language": "ur", "text": "سرحد پر فائرنگ ہوئی۔", "note": ""},
        format="json",
    )
    assert added.status_code == 201, added.json()
    assert added.json()["official"] is False
    body = api_as("pak_officer").get(url(records, kind)).json()
    assert body["narrative_language"] == "en"
    (nested,) = body["translations"]
    assert nested == {
        "language": "ur",
        "text": "سرحد پر فائرنگ ہوئی۔",
        "note": "",
        "version": 1,
        "translated_by": "secretariat",
        "translated_at": added.json()["translated_at"],
        "official": False,
    }


# Who reads a record's translations: exactly who reads the record.
#                pak  afg  tur  qat  sec  obs
READERS = {
    "claim": (200, 200, 200, 200, 200, 404),
    "action_report": (200, 200, 200, 200, 200, 404),
    "referral": (200, 200, 200, 200, 200, 404),
}
CALLERS = ("pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer")


@pytest.mark.parametrize("kind", sorted(READERS))
def test_the_translations_are_read_by_who_reads_the_record(records, api_as, kind):
    for caller, expected in zip(CALLERS, READERS[kind], strict=True):
        client = api_as(caller)
        assert client.get(url(records, kind)).status_code == expected, caller
        assert client.get(url(records, kind, "translations/")).status_code == expected, caller


def test_a_translation_is_not_seen_by_who_does_not_see_the_record(file_claim, api_as, cast):
    draft = file_claim("draft")  # the reporting party's and the secretariat's only
    from translations.services import translation_add

    translation_add(actor=cast["secretariat"], record=draft, language="tr", text="Taslak.")
    base = f"/api/v1/incidents/{draft.reference}/translations/"
    assert api_as("secretariat").get(base).json()[0]["text"] == "Taslak."
    assert api_as("pak_officer").get(base).status_code == 200
    for name in ("afg_officer", "tur_reviewer", "observer"):
        client = api_as(name)
        assert client.get(base).status_code == 404
        refused = client.post(base, {"language": "ur", "text": "x"}, format="json")
        assert (refused.status_code, refused.json()["code"]) == (404, "NOT_FOUND")


@pytest.mark.parametrize(
    ("who", "body", "status", "code"),
    [
        ("secretariat", {"language": "en", "text": "Same."}, 409, "TRANSLATION_SAME_AS_ORIGINAL"),
        ("secretariat", {"language": "tr", "text": "Yine."}, 409, "TRANSLATION_EXISTS"),
        ("pak_officer", {"language": "ur", "text": "ترجمہ"}, 403, "TRANSLATION_NOT_ALLOWED"),
        ("secretariat", {"language": "xx", "text": "x"}, 400, "VALIDATION_ERROR"),
        ("secretariat", {"language": "ur"}, 400, "VALIDATION_ERROR"),
        # Who may not translate is refused before the body is read.
        ("afg_officer", {"language": "xx"}, 403, "TRANSLATION_NOT_ALLOWED"),
    ],
)
def test_refusals_answer_stable_codes(records, api_as, who, body, status, code):
    base = url(records, "claim", "translations/")
    api_as("secretariat").post(base, {"language": "tr", "text": "Havan."}, format="json")
    response = api_as(who).post(base, body, format="json")
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert NarrativeTranslation.objects.count() == 1


def test_a_correction_answers_the_new_version_and_lands_on_the_timeline(records, api_as):
    base = url(records, "claim", "translations/")
    api_as("secretariat").post(base, {"language": "tr", "text": "Havan."}, format="json")
    reviewer = api_as("tur_reviewer")
    corrected = reviewer.post(
        base + "tr/", {"text": "Havan ateşi.", "note": "Fuller.", "version": 1}, format="json"
    )
    assert corrected.status_code == 200, corrected.json()
    assert (corrected.json()["version"], corrected.json()["translated_by"]) == (2, "tur_reviewer")
    stale = reviewer.post(base + "tr/", {"text": "Üç.", "version": 1}, format="json")
    assert (stale.status_code, stale.json()["code"]) == (409, "STALE_VERSION")
    missing = reviewer.post(base + "ps/", {"text": "x"}, format="json")
    assert (missing.status_code, missing.json()["code"]) == (404, "TRANSLATION_MISSING")
    timeline = api_as("pak_officer").get(url(records, "claim", "events/")).json()
    actions = [e["action"] for e in timeline]
    assert actions[-2:] == ["translation_added", "translation_corrected"]
    assert AuditEvent.objects.filter(action="translation_corrected").count() == 1


def test_a_referral_is_filed_in_the_language_given(api_as, afg):
    from compliance.models import Urgency

    Urgency.objects.get(code="priority")
    created = api_as("pak_officer").post(
        "/api/v1/referrals/",
        {
            "to_party": "AFG",
            "subject": "محفوظ ٹھکانہ",
            "requested_action": "احاطے پر چھاپہ ماریں۔",
            "urgency": "priority",
            "narrative_language": "ur",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["narrative_language"] == "ur"
