"""A party's record: each figure against an independent count of the seeded rows, the
period's boundaries, the medians, what each role sees, and a fixed number of queries."""

import random
from collections import Counter
from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from compliance.records.party import party_record
from compliance.records.period import Period, default_period, parse_period
from mediators.models import ReviewMeeting
from mediators.services import meeting_schedule
from tests.factories import CategoryFactory
from tests.factories_records import ReferralFactory, VerifiedClaimFactory

from ..conftest import days


def midnight(day):
    return datetime.combine(day, time.min, tzinfo=UTC)


@pytest.fixture
def air_strike(db):
    return CategoryFactory(code="air_strike", label="Air or drone strike")


@pytest.fixture
def period():
    today = timezone.now().date()
    return Period(today - timedelta(days=75), today - timedelta(days=5))


def test_violations_equal_an_independent_count(cast, afg, pak, category, air_strike, period):
    rng = random.Random(7)
    start, after = midnight(period.start), midnight(period.end + timedelta(days=1))
    seeded = []
    moments = [
        start,  # the first moment of the period: in
        start - timedelta(microseconds=1),  # the last moment before it: out
        after - timedelta(microseconds=1),  # the last moment of the period: in
        after,  # the first moment after it: out
    ] + [start + timedelta(minutes=rng.randint(-20 * 1440, 90 * 1440)) for _ in range(40)]
    for n, occurred in enumerate(moments):
        accused = afg if n % 3 else pak
        status = "verified" if n < 4 else rng.choice(["verified", "verified", "not_verified"])
        claim_category = rng.choice([category, air_strike])
        VerifiedClaimFactory(
            reporting_party=pak if accused == afg else afg,
            accused_party=accused,
            category=claim_category,
            occurred_at=occurred,
            status=status,
            outcome=status,
        )
        seeded.append((accused.code, status, claim_category.code, occurred))
    # A claim still under review counts for nothing.
    VerifiedClaimFactory(accused_party=afg, occurred_at=start, status="under_review", outcome="")

    record = party_record(afg, start=period.start, end=period.end, user=cast["secretariat"])

    counted = [
        (code, occurred)
        for party, status, code, occurred in seeded
        if party == "AFG" and status == "verified" and start <= occurred < after
    ]
    by_category = Counter(code for code, _ in counted)
    by_month = Counter(occurred.strftime("%Y-%m") for _, occurred in counted)
    assert record["violations"]["total"] == len(counted)
    assert {c["code"]: c["count"] for c in record["violations"]["by_category"]} == by_category
    assert [m["month"] for m in record["violations"]["by_month"]] == period.months()
    months = {m["month"]: m["count"] for m in record["violations"]["by_month"] if m["count"]}
    assert months == dict(by_month)
    labels = {c["code"]: c["label"] for c in record["violations"]["by_category"]}
    assert labels.get("air_strike", "Air or drone strike") == "Air or drone strike"


def test_a_claim_at_each_edge_of_the_period(cast, afg, category):
    day = timezone.now().date() - timedelta(days=10)
    VerifiedClaimFactory(accused_party=afg, category=category, occurred_at=midnight(day))
    VerifiedClaimFactory(
        accused_party=afg,
        category=category,
        occurred_at=midnight(day + timedelta(days=1)) - timedelta(microseconds=1),
    )

    def total(start, end):
        record = party_record(afg, start=start, end=end, user=cast["observer"])
        return record["violations"]["total"]

    assert total(day, day) == 2
    assert total(day + timedelta(days=1), day + timedelta(days=3)) == 0
    assert total(day - timedelta(days=3), day - timedelta(days=1)) == 0


def test_commitments_by_status(cast, afg, pak, make_commitment, make_report):
    today = timezone.now().date()
    met = make_commitment(session_date=days(-60), due_date=days(10), target_quantity=2)
    make_report(met, state="verified", quantity=2)
    make_commitment(session_date=days(-60), due_date=days(-3), target_quantity=10)  # missed
    met_on_time = make_commitment(session_date=days(-60), due_date=days(-2), target_quantity=3)
    make_report(met_on_time, state="verified", quantity=3)
    make_commitment(
        session_date=days(-20),
        due_date=days(40),
        milestones=[(days(-2), 4), (days(40), 10)],
    )  # overdue
    make_commitment(session_date=days(-100), due_date=days(5))  # at risk
    make_commitment()  # on track
    make_commitment(session_date=days(-100), due_date=days(-40))  # before the period
    make_commitment(party=pak)  # the other party's

    record = party_record(
        afg, start=today - timedelta(days=30), end=today, user=cast["afg_officer"]
    )

    assert record["commitments"] == {
        "as_of": today.isoformat(),
        "total": 6,
        "met": 2,
        "missed": 1,
        "overdue": 1,
        "at_risk": 1,
        "on_track": 1,
        "due_in_period": 2,
        "due_and_met": 1,
        "due_and_missed": 1,
    }


@pytest.fixture
def referrals(afg, pak, cast):
    """Referrals AFG received in the last 30 days (and a few that do not count)."""
    start = midnight(timezone.now().date() - timedelta(days=30))
    base = start + timedelta(days=2)
    hours = timedelta(hours=1)
    for ack, respond in [(1, 10), (2, 20), (4, 200), (30, None)]:
        ReferralFactory(
            to_party=afg,
            from_party=pak,
            sent_at=base,
            acknowledged_after=ack * hours,
            responded_after=respond * hours if respond else None,
        )
    ReferralFactory(to_party=afg, from_party=pak, sent_at=base)  # never acknowledged
    # At the first moment of the period: in.
    ReferralFactory(
        to_party=afg,
        from_party=pak,
        sent_at=start,
        acknowledged_after=3 * hours,
        responded_after=20 * hours,
    )
    # Sent an hour ago: both clocks still running, so it counts in neither rate.
    ReferralFactory(to_party=afg, from_party=pak, sent_at=timezone.now() - hours)
    # Out: just before the period, and one the other party received.
    ReferralFactory(to_party=afg, from_party=pak, sent_at=start - timedelta(seconds=1))
    ReferralFactory(to_party=pak, from_party=afg, sent_at=base, acknowledged_after=99 * hours)
    return start


def test_referral_rates_and_medians(cast, afg, referrals):
    today = timezone.now().date()
    record = party_record(
        afg, start=today - timedelta(days=30), end=today, user=cast["secretariat"]
    )
    assert record["referrals"] == {
        "received": 7,
        "acknowledgement": {
            # Acknowledged after 1, 2, 3, 4 and 30 hours (24 allowed); one never.
            "done": 5,
            "due": 6,
            "on_time": 4,
            "rate": round(4 / 6, 4),
            "median_hours": 3.0,
        },
        "action": {
            # Responded after 10, 20, 20 and 200 hours (168 allowed); two never.
            "done": 4,
            "due": 6,
            "on_time": 3,
            "rate": 0.5,
            "median_hours": 20.0,
        },
    }


def test_an_even_count_takes_the_mean_of_the_middle_two(cast, afg, pak):
    sent = timezone.now() - timedelta(days=20)
    for ack in (1, 2, 5, 9):
        ReferralFactory(
            to_party=afg, from_party=pak, sent_at=sent, acknowledged_after=timedelta(hours=ack)
        )
    today = timezone.now().date()
    record = party_record(
        afg, start=today - timedelta(days=30), end=today, user=cast["secretariat"]
    )
    assert record["referrals"]["acknowledgement"]["median_hours"] == 3.5
    assert record["referrals"]["action"]["median_hours"] is None
    assert record["referrals"]["action"]["rate"] == 0.0


@pytest.mark.parametrize(
    "actor,sees",
    [
        ("pak_officer", True),
        ("afg_officer", True),
        ("tur_reviewer", True),
        ("secretariat", True),
        ("observer", False),
    ],
)
def test_who_sees_referral_figures(cast, afg, referrals, actor, sees):
    today = timezone.now().date()
    record = party_record(afg, start=today - timedelta(days=30), end=today, user=cast[actor])
    if sees:
        assert record["referrals"]["received"] == 7
    else:
        assert record["referrals"] is None


def test_a_fixed_number_of_queries(
    cast, afg, pak, category, referrals, make_commitment, django_assert_num_queries
):
    today = timezone.now().date()
    start = today - timedelta(days=30)

    def seed(n):
        for i in range(n):
            VerifiedClaimFactory(
                accused_party=afg, category=category, occurred_at=midnight(start) + timedelta(i)
            )
            make_commitment()
            ReferralFactory(to_party=afg, from_party=pak, sent_at=midnight(start) + timedelta(i))

    # violations (2), commitments (1), referrals (1; the medians take one more on SQLite),
    # penalties (1), access denied (1)
    expected = 6 if connection.vendor == "postgresql" else 7
    seed(2)
    with django_assert_num_queries(expected):
        party_record(afg, start=start, end=today, user=cast["secretariat"])
    seed(10)
    with django_assert_num_queries(expected):
        party_record(afg, start=start, end=today, user=cast["secretariat"])
    with django_assert_num_queries(5):
        party_record(afg, start=start, end=today, user=cast["observer"])


def test_the_default_period_starts_at_the_last_review_meeting(cast):
    today = timezone.now().date()
    assert default_period() == Period(today - timedelta(days=90), today)
    held = timezone.now() - timedelta(days=12)
    # Held (and closed) twelve days ago: written directly, as the service schedules only ahead.
    ReviewMeeting.objects.create(
        title="Review 4", scheduled_for=held, status="closed", created_by=cast["secretariat"]
    )
    meeting_schedule(
        actor=cast["secretariat"],
        title="Review 5",
        scheduled_for=timezone.now() + timedelta(days=3),
    )
    assert default_period() == Period(held.astimezone(UTC).date(), today)
    # A period that ends before the meeting falls back to 90 days.
    end = today - timedelta(days=20)
    assert default_period(end=end) == Period(end - timedelta(days=90), end)


@pytest.mark.parametrize(
    "query,field",
    [
        ({"from": "2025-11-02", "to": "2025-11-01"}, "from"),
        ({"from": "yesterday"}, "from"),
        ({"to": "2025-13-01"}, "to"),
        ({"from": "1990-01-01", "to": "2025-01-01"}, "to"),
        ({"to": "9999-12-31"}, "to"),
        ({"from": ""}, "from"),
    ],
)
def test_a_bad_period_names_its_field(db, query, field):
    period, errors = parse_period(query)
    assert period is None
    assert list(errors) == [field]


def test_a_forms_blank_date_is_not_given(db):
    period, errors = parse_period({"from": "", "to": ""}, blank_is_absent=True)
    assert errors == {}
    assert period == default_period()


def test_a_one_day_period_is_fine(db):
    period, errors = parse_period({"from": "2025-11-01", "to": "2025-11-01"})
    assert errors == {}
    assert period.months() == ["2025-11"]


@pytest.fixture
def penalties(afg, pak):
    from tests.factories_records import PenaltyCaseFactory

    for status in (
        "proposed",
        "split",
        "in_effect",
        "appealed",
        "upheld",
        "overturned",
        "rejected",
        "withdrawn",
    ):
        PenaltyCaseFactory(party=afg, status=status)
    PenaltyCaseFactory(party=afg, status="in_effect", measure=other_measure())
    PenaltyCaseFactory(party=pak, status="in_effect")


def other_measure():
    from compliance.models import PenaltyMeasure

    return PenaltyMeasure.objects.order_by("code").last()


@pytest.mark.parametrize("actor", ["afg_officer", "tur_reviewer", "secretariat", "observer"])
def test_penalties_in_effect(cast, afg, penalties, actor):
    from compliance.models import PenaltyMeasure

    today = timezone.now().date()
    record = party_record(afg, start=today - timedelta(days=30), end=today, user=cast[actor])
    first, last = PenaltyMeasure.objects.order_by("code").first(), other_measure()
    # In effect, appealed and upheld; not overturned, rejected, withdrawn, split or proposed.
    assert record["penalties"] == {
        "in_effect": 4,
        "by_measure": sorted(
            [
                {"code": first.code, "label": first.label, "count": 3},
                {"code": last.code, "label": last.label, "count": 1},
            ],
            key=lambda m: m["code"],
        ),
    }


def test_a_penalty_approved_after_the_period_does_not_count(cast, afg, penalties):
    today = timezone.now().date()
    # Every case was approved 18 days ago.
    record = party_record(
        afg, start=today - timedelta(days=60), end=today - timedelta(days=19), user=cast["observer"]
    )
    assert record["penalties"]["in_effect"] == 0


def test_access_denied_counts_the_denying_partys_denials_in_the_period(cast, afg, pak, file_claim):
    from incidents.denials.services import access_denial_grant, access_denial_record

    def deny(claim, party):
        return access_denial_record(
            actor=cast["secretariat"],
            incident=claim,
            data={
                "denying_party": party,
                "began_at": timezone.now(),
                "latitude": "34.13",
                "longitude": "71.09",
                "place_name": "Torkham",
                "denied_by": "Border post",
                "refused": "Entry to the site.",
            },
        )

    first, second = file_claim("under_review"), file_claim("under_review")
    deny(first, afg)
    access_denial_grant(actor=cast["secretariat"], denial=deny(second, afg))
    deny(second, pak)
    today = timezone.now().date()
    record = party_record(
        afg, start=today - timedelta(days=30), end=today, user=cast["pak_officer"]
    )
    assert record["access_denied"] == {"total": 2, "still_open": 1}
    record = party_record(
        pak, start=today - timedelta(days=30), end=today, user=cast["pak_officer"]
    )
    assert record["access_denied"] == {"total": 1, "still_open": 1}
    # A period before the denials counts none.
    earlier = party_record(
        afg,
        start=today - timedelta(days=60),
        end=today - timedelta(days=31),
        user=cast["secretariat"],
    )
    assert earlier["access_denied"]["total"] == 0
    # Observers do not see these claims (not decided), so nor their denials.
    hidden = party_record(afg, start=today - timedelta(days=30), end=today, user=cast["observer"])
    assert hidden["access_denied"]["total"] == 0
