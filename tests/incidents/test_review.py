"""Claims as the review engine's records (incidents/review.py): the summary that names the
accused party, in the reader's language."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from incidents.models import Incident
from verification.review import REVIEWABLES

pytestmark = pytest.mark.django_db


def test_a_claims_summary_names_the_accused_party(file_claim):
    claim = file_claim("under_review")  # Pakistan's, against Afghanistan
    summary = REVIEWABLES[Incident].summary

    assert summary(claim) == f"against {claim.accused_party.name}"
    with translation.override("ur"):
        expected = gettext("against %(party)s") % {"party": claim.accused_party.name}
        assert summary(claim) == expected
