"""One loader: missing and hidden answer the same 404, with the same words."""

import pytest
from django.http import Http404

from core.loaders import load_visible_or_404, loader


def _get_visible(*, user, reference):
    return {"PAK-2026-00001": "the claim"}.get(reference) if user == "sees" else None


class Request:
    def __init__(self, user):
        self.user = user


def test_a_visible_record_is_returned():
    assert load_visible_or_404(_get_visible, user="sees", noun="claim", reference="PAK-2026-00001")


@pytest.mark.parametrize(
    ("user", "reference"), [("sees", "AFG-2026-00009"), ("blind", "PAK-2026-00001")]
)
def test_missing_and_hidden_answer_alike(user, reference):
    with pytest.raises(Http404) as missing:
        loader(_get_visible, noun="claim")(Request(user), reference)
    assert str(missing.value) == "No such claim."
