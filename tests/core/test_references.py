"""Reference numbers from core's one upsert, for claims and compliance records alike."""

import pytest

from compliance.common.models import ReferenceSequence as ComplianceSequence
from core.references import next_number
from incidents.models import ReferenceSequence as ClaimSequence


@pytest.mark.django_db
def test_each_sequence_counts_on_its_own(pak, afg):
    assert next_number(ClaimSequence, party_id=pak.pk, year=2026) == 1
    assert next_number(ClaimSequence, party_id=pak.pk, year=2026) == 2
    assert next_number(ClaimSequence, party_id=afg.pk, year=2026) == 1
    assert next_number(ClaimSequence, party_id=pak.pk, year=2027) == 1
    assert next_number(ComplianceSequence, prefix="CMT", party_id=pak.pk, year=2026) == 1
    assert next_number(ComplianceSequence, prefix="REF", party_id=pak.pk, year=2026) == 1
    assert next_number(ComplianceSequence, prefix="CMT", party_id=pak.pk, year=2026) == 2
    assert ClaimSequence.objects.get(party=pak, year=2026).last == 2
