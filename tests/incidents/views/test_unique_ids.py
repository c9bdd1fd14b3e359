"""The reply form and the "Add evidence" form share their fields' names on the claim
page; each has ids of its own, so each label points at its own input."""

import re

import pytest

pytestmark = pytest.mark.django_db


def repeated_ids(body: str) -> list[str]:
    ids = re.findall(r'\sid="([^"]+)"', body)
    return sorted({id_ for id_ in ids if ids.count(id_) > 1})


def test_the_reply_and_add_evidence_forms_have_ids_of_their_own(client, afg_officer, file_claim):
    claim = file_claim("under_review")
    client.force_login(afg_officer)
    body = client.get(f"/claims/{claim.reference}/").content.decode()
    assert 'for="id_evidence"' in body and 'id="id_evidence"' in body  # the reply's
    assert 'for="add-evidence-evidence"' in body and 'id="add-evidence-evidence"' in body
    assert repeated_ids(body) == []
