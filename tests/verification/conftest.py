"""Claims walked through the real services to the state a test needs."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from incidents.services import incident_create_draft
from verification.services import claim_record_finding, claim_submit


def claim_data(accused, category, **overrides):
    data = dict(
        accused_party=accused,
        alleged_actor="Unidentified armed group",
        category=category,
        occurred_at=timezone.now() - timedelta(hours=6),
        latitude=Decimal("34.13300"),
        longitude=Decimal("71.08300"),
        place_name="Torkham",
        province="Khyber Pakhtunkhwa",
        narrative="Mortar rounds landed near the crossing.",
    )
    data.update(overrides)
    return data


@pytest.fixture
def file_claim(cast, category, afg, pak):
    """file_claim(state, by='pak_officer') -> a claim in that state, reached through services."""

    def make(state="draft", by="pak_officer"):
        officer = cast[by]
        accused = afg if officer.party_id == pak.pk else pak
        claim = incident_create_draft(officer=officer, data=claim_data(accused, category))
        if state == "draft":
            return claim
        claim = claim_submit(actor=officer, incident=claim)
        if state == "under_review":
            return claim
        if state in ("verified", "not_verified", "inconclusive", "disputed", "one_finding"):
            first = "verified" if state == "disputed" else state
            claim_record_finding(
                actor=cast["tur_reviewer"],
                incident=claim,
                outcome="verified" if state == "one_finding" else first,
                grade="confirmed",
                reasoning="Crater analysis and witness statements.",
            )
            if state != "one_finding":
                claim_record_finding(
                    actor=cast["qat_reviewer"],
                    incident=claim,
                    outcome="not_verified" if state == "disputed" else first,
                    grade="probable",
                    reasoning="Imagery review.",
                )
            claim.refresh_from_db()
            return claim
        raise ValueError(state)

    return make
