"""factory_boy factories for the records' tests: rows with the dates a test needs, written
directly (the services stamp "now"; a record is about periods in the past too)."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import Role, User
from compliance.models import PenaltyCase, PenaltyMeasure, Referral, Urgency
from tests.factories import IncidentFactory, PartyFactory, UserFactory
from verification.statuses import Status


def _officer(party):
    return User.objects.filter(role=Role.OFFICER, party=party).first() or UserFactory(
        role=Role.OFFICER, party=party
    )


class VerifiedClaimFactory(IncidentFactory):
    """A claim both co-chairs verified; pass occurred_at, accused_party, category."""

    status = Status.VERIFIED
    outcome = "verified"
    grade = "confirmed"
    intent = factory.LazyAttribute(lambda o: "deliberate" if o.status == Status.VERIFIED else "")
    submitted_at = factory.LazyAttribute(lambda o: o.occurred_at + timedelta(hours=1))
    closed_at = factory.LazyAttribute(lambda o: o.occurred_at + timedelta(days=3))


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral sent at `sent_at` on the `priority` clocks (24 h / 7 days); pass
    acknowledged_after / responded_after (timedeltas from sending) to answer it."""

    class Meta:
        model = Referral

    class Params:
        acknowledged_after = None
        responded_after = None

    reference = factory.Sequence(lambda n: f"REF-TST-2025-{n:04d}")
    from_party = factory.SubFactory(PartyFactory, code="PAK")
    to_party = factory.SubFactory(PartyFactory, code="AFG")
    subject = "Commander sheltering at a compound"
    requested_action = "Raid the compound and detain the occupants."
    urgency = factory.LazyFunction(lambda: Urgency.objects.get(code="priority"))
    sent_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    acknowledge_due_at = factory.LazyAttribute(lambda o: o.sent_at + o.urgency.acknowledge_window)
    action_due_at = factory.LazyAttribute(lambda o: o.sent_at + o.urgency.action_window)
    created_by = factory.LazyAttribute(lambda o: _officer(o.from_party))
    status = factory.LazyAttribute(
        lambda o: (
            "responded"
            if o.responded_after is not None
            else "acknowledged"
            if o.acknowledged_after is not None
            else "sent"
        )
    )
    acknowledged_at = factory.LazyAttribute(
        lambda o: None if o.acknowledged_after is None else o.sent_at + o.acknowledged_after
    )
    acknowledged_by = factory.LazyAttribute(
        lambda o: None if o.acknowledged_after is None else _officer(o.to_party)
    )
    responded_at = factory.LazyAttribute(
        lambda o: None if o.responded_after is None else o.sent_at + o.responded_after
    )
    responded_by = factory.LazyAttribute(
        lambda o: None if o.responded_after is None else _officer(o.to_party)
    )
    response_answer = factory.LazyAttribute(
        lambda o: "" if o.responded_after is None else "Searched the compound; nobody there."
    )


APPROVED = ("in_effect", "appealed", "upheld", "overturned")
APPEALED = ("appealed", "upheld", "overturned")


class PenaltyCaseFactory(factory.django.DjangoModelFactory):
    """A penalty case in `status`, with the times that state needs, `approved_after` the
    opening (two days by default). Grounds are not needed by the records."""

    class Meta:
        model = PenaltyCase

    class Params:
        approved_after = timedelta(days=2)

    reference = factory.Sequence(lambda n: f"PEN-TST-2025-{n:04d}")
    party = factory.SubFactory(PartyFactory, code="AFG")
    measure = factory.LazyFunction(lambda: PenaltyMeasure.objects.order_by("code").first())
    rationale = "Repeated verified cross-border fire."
    status = "in_effect"
    opened_by = factory.LazyFunction(
        lambda: UserFactory(username="secretariat", role=Role.SECRETARIAT, is_staff=True)
    )
    opened_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=20))
    approved_at = factory.LazyAttribute(
        lambda o: o.opened_at + o.approved_after if o.status in APPROVED else None
    )
    appeal_due_at = factory.LazyAttribute(
        lambda o: o.approved_at + timedelta(days=14) if o.approved_at else None
    )
    rejected_at = factory.LazyAttribute(
        lambda o: o.opened_at + timedelta(days=1) if o.status == "rejected" else None
    )
    appealed_at = factory.LazyAttribute(
        lambda o: o.approved_at + timedelta(days=1) if o.status in APPEALED else None
    )
    appeal_grounds = factory.LazyAttribute(
        lambda o: "The claims were misread." if o.status in APPEALED else ""
    )
    appeal_decided_at = factory.LazyAttribute(
        lambda o: (
            o.appealed_at + timedelta(days=1) if o.status in ("upheld", "overturned") else None
        )
    )
    appeal_minutes = factory.LazyAttribute(
        lambda o: "Decided at the review." if o.status in ("upheld", "overturned") else ""
    )
    withdrawn_at = factory.LazyAttribute(
        lambda o: o.opened_at + timedelta(days=1) if o.status == "withdrawn" else None
    )
    withdrawal_reason = factory.LazyAttribute(
        lambda o: "Settled between the parties." if o.status == "withdrawn" else ""
    )
