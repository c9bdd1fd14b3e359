"""Fixtures of the access-denial tests: valid input and a denial recorded by a reviewer."""

from decimal import Decimal

import pytest
from django.utils import timezone

from incidents.denials.services import access_denial_record


@pytest.fixture
def denial_data(afg):
    """Valid input: AFG (the accused party of a PAK officer's claim) kept the verifiers out."""

    def build(**overrides):
        data = {
            "denying_party": afg,
            "began_at": timezone.now(),
            "latitude": Decimal("34.13000"),
            "longitude": Decimal("71.09000"),
            "place_name": "Torkham, western gate",
            "denied_by": "Border post commander, Torkham west",
            "refused": "Entry to the crater site and the post's log book.",
        }
        data.update(overrides)
        return data

    return build


@pytest.fixture
def record_denial(cast, denial_data):
    """record_denial(claim, by='tur_reviewer', **overrides) -> the recorded denial."""

    def make(claim, by="tur_reviewer", **overrides):
        return access_denial_record(actor=cast[by], incident=claim, data=denial_data(**overrides))

    return make
