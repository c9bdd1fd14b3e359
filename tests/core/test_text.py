"""Free text: bidi controls refused with VALIDATION_ERROR naming the field, invisible-only
text empty, in every text field of every API body (JSON, form, multipart) and every
browser form, because the check runs once where every body is parsed and every form
cleaned."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.forms import BrowserForm
from core.text import BIDI_CONTROLS, INVISIBLE, clean_text
from tests.api.support import assert_error

BIDI = sorted(BIDI_CONTROLS)
BLANK = st.text(alphabet=[*sorted(INVISIBLE), " ", "\t", "\n", "\xa0", "\u3000"], min_size=1)


def test_the_listed_characters():
    assert {"\u202a", "\u202e", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"} <= BIDI_CONTROLS
    assert {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"} == INVISIBLE


@given(st.text(), st.sampled_from(BIDI), st.text())
def test_any_text_with_a_bidi_control_is_refused(before, control, after):
    with pytest.raises(ValidationError) as refused:
        clean_text(before + control + after)
    assert refused.value.code == "bidi_control"


@given(BLANK)
def test_text_of_only_invisible_characters_is_empty(value):
    assert clean_text(value) == ""


@given(st.text().filter(lambda s: BIDI_CONTROLS.isdisjoint(s)))
def test_other_text_is_kept_as_typed(value):
    shows_something = any(not ch.isspace() and ch not in INVISIBLE for ch in value)
    assert clean_text(value) == (value if shows_something else "")


class Sample(BrowserForm):
    narrative = forms.CharField()
    note = forms.CharField(required=False)


@pytest.mark.parametrize("field", ["narrative", "note"])
@pytest.mark.parametrize("control", BIDI)
def test_a_form_refuses_bidi_controls_on_the_field(field, control):
    data = {"narrative": "Shelling.", "note": "", field: f"Afghan{control}ecrof"}
    form = Sample(data)
    assert not form.is_valid()
    assert form.has_error(field, "bidi_control")


@given(BLANK)
def test_a_form_treats_invisible_text_as_empty(value):
    form = Sample({"narrative": value, "note": value})
    assert not form.is_valid()
    assert form.has_error("narrative", "required")
    assert "note" not in form.errors


# --- through the API: every write parses its body the same way --------------------------

WRITES = [
    # (caller, path, body): text fields of claims, commitments, referrals, penalties...
    ("pak_officer", "/api/v1/incidents/", {"narrative": "Afghan\u202eecrof\u202c"}),
    ("secretariat", "/api/v1/commitments/", {"description": "x\u2067y"}),
    ("pak_officer", "/api/v1/referrals/", {"subject": "\u200fsafe house"}),
    ("secretariat", "/api/v1/penalties/", {"rationale": "a\u061cb"}),
    ("secretariat", "/api/v1/meetings/", {"title": "\u202dReview"}),
    ("secretariat", "/api/v1/penalty-measures/", {"label": "x\u202ay", "code": "x"}),
]


@pytest.fixture
def api_as(cast):
    from rest_framework.test import APIClient

    from tests.factories import api_token

    def make(name):
        client = APIClient()
        token = api_token(cast[name])
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


@pytest.mark.django_db
@pytest.mark.parametrize(("caller", "path", "body"), WRITES)
def test_every_api_body_refuses_bidi_controls(api_as, caller, path, body):
    field = next(k for k, v in body.items() if BIDI_CONTROLS & set(v))
    response = api_as(caller).post(path, body, format="json")
    data = assert_error(response, 400, "VALIDATION_ERROR")
    assert field in data["fields"]


@pytest.mark.django_db
def test_an_evidence_upload_refuses_bidi_controls(api_as, file_claim):
    from django.core.files.uploadedfile import SimpleUploadedFile

    claim = file_claim("draft", by="pak_officer")
    upload = SimpleUploadedFile("note.txt", b"x", "text/plain")
    response = api_as("pak_officer").post(
        f"/api/v1/incidents/{claim.reference}/evidence/",
        {"file": upload, "description": "crater\u202e"},
        format="multipart",
    )
    data = assert_error(response, 400, "VALIDATION_ERROR")
    assert "description" in data["fields"]


@pytest.mark.django_db
def test_nested_text_is_named_by_its_path(api_as):
    body = {"claims": ["PAK-2025-00001", "AFG\u202e-2025"], "rationale": "r"}
    data = assert_error(
        api_as("secretariat").post("/api/v1/penalties/", body, format="json"),
        400,
        "VALIDATION_ERROR",
    )
    assert "claims.1" in data["fields"]


@pytest.mark.django_db
def test_invisible_text_is_empty_for_the_api(api_as, file_claim, cast):
    claim = file_claim("under_review", by="pak_officer")
    response = api_as("afg_officer").post(
        f"/api/v1/incidents/{claim.reference}/reply/",
        {"position": "denies", "narrative": "\u200b\u200d \ufeff"},
        format="json",
    )
    data = assert_error(response, 400, "VALIDATION_ERROR")
    assert "narrative" in data["fields"]
