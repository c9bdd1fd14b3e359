"""Agendas of many items, without walking each claim through the services: disputed
claims made by the factory, put on a meeting's agenda by its scheduling."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mediators.services import meeting_schedule
from tests.factories import IncidentFactory
from verification.statuses import Status


@pytest.fixture
def disputed_claims(pak, afg, category, pak_officer, afg_officer):
    """disputed_claims(n, against='AFG', place='Torkham') -> n disputed claims."""

    def make(n, *, against="AFG", place="Torkham"):
        reporting, accused = (pak, afg) if against == "AFG" else (afg, pak)
        return IncidentFactory.create_batch(
            n,
            reporting_party=reporting,
            accused_party=accused,
            category=category,
            status=Status.DISPUTED,
            submitted_at=timezone.now() - timedelta(days=3),
            place_name=place,
        )

    return make


@pytest.fixture
def meeting_in(cast):
    """meeting_in(days, title=...) -> a meeting scheduled `days` ahead, its agenda made."""

    def make(days=3, *, title="Implementation review"):
        return meeting_schedule(
            actor=cast["secretariat"],
            title=title,
            scheduled_for=timezone.now() + timedelta(days=days),
        )

    return make
