"""Commitment status, derived in the database, at and around each boundary."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine

from compliance.commitments.selectors import commitment_annotate
from compliance.models import Commitment

from ..conftest import days


def status_on(commitment, day, hour=12):
    """The derived status on that day (UTC), read back through a filter on it too."""
    moment = datetime.combine(day, time(hour), tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        row = commitment_annotate(Commitment.objects.filter(pk=commitment.pk)).get()
        assert commitment_annotate(Commitment.objects.all()).filter(status=row.status).exists()
        return row.status


@pytest.fixture
def commitment(make_commitment):
    return make_commitment()


def test_only_verified_quantities_count(commitment, make_report):
    for state in ("draft", "submitted", "under_review", "disputed", "not_verified", "withdrawn"):
        make_report(commitment, state=state, quantity=10)
    make_report(commitment, state="verified", quantity=4)
    row = commitment_annotate(Commitment.objects.filter(pk=commitment.pk)).get()
    assert row.verified_quantity == 4
    assert row.status == "on_track"


def test_met_once_the_verified_quantity_reaches_the_target(commitment, make_report):
    make_report(commitment, state="verified", quantity=6)
    assert status_on(commitment, commitment.due_date + timedelta(days=5)) == "missed"
    make_report(commitment, state="verified", quantity=4)
    assert status_on(commitment, commitment.due_date + timedelta(days=5)) == "met"


def test_missed_the_day_after_the_due_date(commitment):
    assert status_on(commitment, commitment.due_date, hour=23) != "missed"
    assert status_on(commitment, commitment.due_date + timedelta(days=1), hour=0) == "missed"


def test_overdue_the_day_after_a_milestone_unmet(make_commitment, make_report):
    commitment = make_commitment(milestones=[(days(10), 4), (days(30), 10)])
    milestone = days(10)
    assert status_on(commitment, milestone, hour=23) == "on_track"
    assert status_on(commitment, milestone + timedelta(days=1), hour=0) == "overdue"
    make_report(commitment, state="verified", quantity=4)
    assert status_on(commitment, milestone + timedelta(days=1)) == "on_track"


def test_at_risk_with_under_a_quarter_of_the_time_left_and_behind_pro_rata(commitment, make_report):
    # Session 30 days ago, due in 30: a 60-day span, so the last quarter is the last 15 days.
    make_report(commitment, state="verified", quantity=3)
    due = commitment.due_date
    assert status_on(commitment, due - timedelta(days=15)) == "on_track"  # a quarter left
    assert status_on(commitment, due - timedelta(days=14)) == "at_risk"  # under a quarter


def test_not_at_risk_when_ahead_of_the_pro_rata_share(commitment, make_report):
    due = commitment.due_date
    # 50 of 60 days gone on due - 10: the pro-rata share is 10 × 50 / 60 = 8.33.
    make_report(commitment, state="verified", quantity=8)
    assert status_on(commitment, due - timedelta(days=10)) == "at_risk"
    make_report(commitment, state="verified", quantity=1)
    assert status_on(commitment, due - timedelta(days=10)) == "on_track"


def test_status_is_one_query_for_a_list(make_commitment, django_assert_num_queries):
    for _ in range(5):
        make_commitment()
    with django_assert_num_queries(1):
        rows = list(commitment_annotate(Commitment.objects.all()))
    assert {r.status for r in rows} == {"on_track"}
