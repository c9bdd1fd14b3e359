"""Fixtures for appeals: a decided claim, an appeal filed on it, a scheduled meeting."""

from datetime import timedelta

import pytest
from django.utils import timezone

from incidents.appeals.services import appeal_file
from mediators.services import meeting_schedule

GROUNDS = "The imagery predates the alleged strike; the co-chairs did not weigh our log."


@pytest.fixture
def meeting(cast):
    return meeting_schedule(
        actor=cast["secretariat"],
        title="Implementation review",
        scheduled_for=timezone.now() + timedelta(days=3),
    )


@pytest.fixture
def appeal_of(cast):
    """appeal_of(claim, by=...) -> the appeal of a decided claim, filed through the service."""

    def make(claim, by=None):
        if by is None:
            by = "afg_officer" if claim.status == "verified" else "pak_officer"
        return appeal_file(actor=cast[by], incident=claim, grounds=GROUNDS)

    return make
