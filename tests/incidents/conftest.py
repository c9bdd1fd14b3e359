"""Fixtures shared by the claim tests: valid input for a draft and a private media root."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone


@pytest.fixture
def claim_data(afg, category):
    """Valid input for a PAK officer's draft; call with overrides, or drop keys with `without`."""

    def build(*, without=(), **overrides):
        data = {
            "accused_party": afg,
            "alleged_actor": "Afghan border forces",
            "category": category,
            "occurred_at": timezone.now() - timedelta(hours=6),
            "time_precision": "exact",
            "latitude": Decimal("34.13300"),
            "longitude": Decimal("71.08300"),
            "place_name": "Torkham",
            "province": "Khyber Pakhtunkhwa",
            "district": "Khyber",
            "border_sector": "Torkham crossing",
            "geo_precision": "exact",
            "narrative": "Mortar rounds landed near the crossing at dawn.",
            "sources": "Border post log",
            "killed_civilian_low": 1,
            "killed_civilian_high": 2,
            "injured_security_low": 0,
            "injured_security_high": 3,
        }
        data.update(overrides)
        for key in without:
            del data[key]
        return data

    return build


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root
