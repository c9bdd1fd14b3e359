"""Claims filed at chosen times and places, walked through the real services."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from incidents.services import incident_create_draft
from verification.services import review_submit


@pytest.fixture
def file_at(cast, category, pak, afg):
    """file_at(by, hours_ago=6, lat=34.133, lon=71.083, submit=True) -> a claim filed by
    `by` against the other party at that time and place."""

    def make(by="pak_officer", *, hours_ago=6, lat="34.13300", lon="71.08300", submit=True):
        officer = cast[by]
        accused = afg if officer.party_id == pak.pk else pak
        data = dict(
            accused_party=accused,
            alleged_actor="Border forces",
            category=category,
            occurred_at=timezone.now() - timedelta(hours=hours_ago),
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            place_name="Torkham",
            province="Khyber Pakhtunkhwa",
            narrative=f"Fire from the other side ({by}).",
        )
        claim = incident_create_draft(officer=officer, data=data)
        if submit:
            claim = review_submit(actor=officer, record=claim)
        return claim

    return make
