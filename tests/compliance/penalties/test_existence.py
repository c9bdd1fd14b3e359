"""Naming a record the caller may not see answers as naming one that does not exist:
a penalty's grounds tell a reviewer nothing of another party's drafts."""

import pytest

from tests.api.support import assert_error

pytestmark = pytest.mark.django_db


def _refusal(client, reference):
    body = {"party": "AFG", "measure": "demarche", "rationale": "r", "claims": [reference]}
    data = assert_error(
        client.post("/api/v1/penalties/", body, format="json"), 400, "PENALTY_GROUND_INELIGIBLE"
    )
    return data["fields"]["claims"]


@pytest.mark.parametrize("caller", ["tur_reviewer", "qat_reviewer"])
def test_a_hidden_draft_reads_as_no_such_claim(api_as, file_claim, caller):
    draft = file_claim("draft", by="pak_officer")  # AFG the accused; only PAK sees it
    missing = draft.reference[:-5] + "99999"
    client = api_as(caller)
    hidden, absent = _refusal(client, draft.reference), _refusal(client, missing)
    assert hidden == [f"{draft.reference}: no such claim."]
    assert absent == [f"{missing}: no such claim."]


def test_a_visible_claim_still_says_why_it_is_ineligible(api_as, file_claim):
    claim = file_claim("under_review", by="pak_officer")
    assert _refusal(api_as("tur_reviewer"), claim.reference) == [
        f"{claim.reference}: not verified."
    ]
