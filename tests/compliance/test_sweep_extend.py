"""Compliance deadlines after a lockdown: referrals' clocks move by the time spent frozen;
commitments' and milestones' due dates by whole days, rounded up."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from operations.lockdown.services import site_mode_switch

pytestmark = pytest.mark.django_db


def _frozen(secretariat, start, end):
    for mode, when in (("read_only", start), ("normal", end)):
        with time_machine.travel(when, tick=False):
            site_mode_switch(actor=secretariat, mode=mode, reason="Suspected compromise.")


def test_referral_clocks_move_on_by_the_frozen_time(secretariat, make_referral):
    referral = make_referral()
    acknowledge, action = referral.acknowledge_due_at, referral.action_due_at
    start = timezone.now()
    _frozen(secretariat, start, start + timedelta(hours=30))
    referral.refresh_from_db()
    assert referral.acknowledge_due_at == acknowledge + timedelta(hours=30)
    assert referral.action_due_at == action + timedelta(hours=30)


def test_due_dates_move_on_by_whole_days_rounded_up(secretariat, make_commitment):
    today = timezone.now().date()
    commitment = make_commitment(
        milestones=[(today + timedelta(days=10), 4), (today + timedelta(days=30), 10)]
    )
    milestone = commitment.milestones.order_by("due_date").first()
    due, milestone_due = commitment.due_date, milestone.due_date
    start = timezone.now()
    _frozen(secretariat, start, start + timedelta(hours=30))
    commitment.refresh_from_db()
    milestone.refresh_from_db()
    assert commitment.due_date == due + timedelta(days=2)
    assert milestone.due_date == milestone_due + timedelta(days=2)
