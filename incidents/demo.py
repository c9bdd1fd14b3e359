"""Building the demo world: reference data, one user per role, and synthetic claims in bulk."""

import random
from datetime import timedelta
from functools import cache
from itertools import accumulate

from django.db import transaction
from django.utils import timezone

from accounts.models import CoChair, Party, User
from audit.services import audit_record_many
from core import geo
from core.bulk import bulk_insert, reserve_ids
from core.reference_data import reference_data_load
from verification.statuses import Grade, Outcome, RecordIntent, Status

from . import seed_data
from .models import Category, Incident, ReferenceSequence

# Demo data other apps add after the claims (compliance): callables taking claims, seed
# and log keywords, registered from their AppConfig.ready.
EXTENSIONS: list = []


def register_extension(extend) -> None:
    if extend not in EXTENSIONS:
        EXTENSIONS.append(extend)


STATUS_WEIGHTS = [
    (Status.DRAFT, 5),
    (Status.SUBMITTED, 8),
    (Status.UNDER_REVIEW, 20),
    (Status.DISPUTED, 5),
    (Status.VERIFIED, 35),
    (Status.NOT_VERIFIED, 12),
    (Status.INCONCLUSIVE, 10),
    (Status.WITHDRAWN, 5),
]


def seed_reference_data() -> dict:
    """Every app's reference data (core.reference_data): parties, co-chairs, taxonomy,
    commitment kinds, urgencies and penalty measures. Creates what is missing only."""
    return reference_data_load()


def seed_users(*, password: str) -> list[User]:
    """One user per role; re-running resets their role, organisation, language, time zone
    (their party's or co-chair's, UTC without one) and password."""
    parties = {p.code: p for p in Party.objects.all()}
    cochairs = {c.code: c for c in CoChair.objects.all()}
    users = []
    for username, role, party_code, cochair_code, language in seed_data.DEMO_USERS:
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "party": parties.get(party_code),
                "cochair": cochairs.get(cochair_code),
            },
        )
        user.role = role
        user.party = parties.get(party_code)
        user.cochair = cochairs.get(cochair_code)
        user.is_staff = role == "secretariat"
        user.email = f"{username}@example.org"
        user.language = language
        user.time_zone = user.organisation_time_zone()
        user.set_password(password)
        user.save()
        users.append(user)
    return users


def _reference_allocator(parties):
    counters = {
        (seq.party_id, seq.year): seq.last
        for seq in ReferenceSequence.objects.select_for_update().filter(party__in=parties)
    }

    def allocate(party_id, code, year):
        key = (party_id, year)
        counters[key] = counters.get(key, 0) + 1
        return f"{code}-{year}-{counters[key]:05d}"

    def save():
        for (party_id, year), last in counters.items():
            ReferenceSequence.objects.update_or_create(
                party_id=party_id, year=year, defaults={"last": last}
            )

    return allocate, save


class _Pools:
    """What every synthetic claim draws from, looked up once: plain values rather than
    model instances and enum members, since a million claims repeat every lookup."""

    def __init__(self, *, parties, officers, categories):
        self.parties = [(p.pk, p.code) for p in parties]
        self.officers = officers
        self.categories = [
            (c.pk, c.label, c.assignment_window, c.reply_window, c.findings_window)
            for c in categories
        ]
        self.places = {
            code: [p for p in seed_data.PLACES if p[0] == code] or seed_data.PLACES
            for _, code in self.parties
        }
        self.actors = {
            code: seed_data.ACTORS.get(code, ["Unidentified armed group"])
            for _, code in self.parties
        }


@cache
def _agrees(province: str, lat_cell: int, lon_cell: int) -> bool:
    """Does the province typed for a demo place hold the point of this 0.01° cell? Cached
    by cell, so a million claims cost a few thousand look-ups."""
    lat, lon = lat_cell / 100, lon_cell / 100
    return geo.province_at(lat, lon) is not None and not geo.mismatches(lat, lon, province=province)


def _scattered(rng, province: str, lat: float, lon: float) -> tuple[str, str]:
    """The place's point moved by up to 0.15° (to a 0.01° grid, about 1 km), or the place
    itself when that would cross into another province (the claim page would rightly flag
    it)."""
    cell = (
        round((lat + rng.uniform(-0.15, 0.15)) * 100),
        round((lon + rng.uniform(-0.15, 0.15)) * 100),
    )
    if _agrees(province, *cell):
        lat, lon = cell[0] / 100, cell[1] / 100
    return f"{lat:.5f}", f"{lon:.5f}"


def _synthetic_claim(rng, *, now, pools: _Pools, allocate) -> dict:
    """One claim as a row of column values, consistent with its status and deadlines."""
    pick = rng.choice
    (reporter, reporter_code), (accused, accused_code) = rng.sample(pools.parties, 2)
    # Most claims are about events on the reporter's side of the border.
    side = reporter_code if rng.random() < 0.8 else accused_code
    _, place, province, district, sector, lat, lon = pick(pools.places[side])
    category_id, label, assignment_window, reply_window, findings_window = pick(pools.categories)
    occurred = now - timedelta(seconds=rng.randint(3600, 365 * 24 * 3600))
    reported = min(now, occurred + timedelta(minutes=rng.randint(30, 72 * 60)))
    status = rng.choices(STATUSES, cum_weights=STATUS_CUMULATIVE_WEIGHTS)[0]
    killed_c = pick((0, 0, 0, 1, 2, 3, 5))
    killed_s = pick((0, 0, 1, 2, 4))
    injured_c = pick((0, 0, 1, 2, 4, 7))
    injured_s = pick((0, 1, 2, 3))
    submitted = assigned = closed = None
    assignment_due = reply_due = findings_due = None
    outcome = grade = ""
    if status != DRAFT and not (status == WITHDRAWN and rng.random() < 0.3):
        submitted = reported
        assignment_due = reported + assignment_window
        findings_due = reported + findings_window
    if status in REVIEWED_STATUSES:
        assigned = reported + timedelta(hours=rng.randint(1, 20))
        reply_due = assigned + reply_window
        # No reply is seeded, and findings wait for the reply window to close: a claim
        # whose window is still open is still under review.
        if status in FOUND_STATUSES and reply_due >= now:
            status = UNDER_REVIEW
    if status in OUTCOMES:
        outcome = status
        grade = pick(GRADES)
        closed = min(now, max(reported + timedelta(days=rng.randint(2, 20)), reply_due + HOUR))
    intent = pick(INTENTS) if status == VERIFIED else ""
    if status == WITHDRAWN:
        closed = reported + timedelta(days=1)
    # An open claim past a deadline carries the flag the sweep would have set (no reply is
    # seeded, so every closed reply window of a claim in review is flagged too).
    assignment_overdue = reply_overdue = findings_overdue = None
    if status == SUBMITTED and assignment_due < now:
        assignment_overdue = assignment_due
    if status in (UNDER_REVIEW, DISPUTED) and reply_due < now:
        reply_overdue = reply_due
    if status in (SUBMITTED, UNDER_REVIEW) and findings_due < now:
        findings_overdue = findings_due
    return {
        "reference": allocate(reporter, reporter_code, reported.year),
        "status": status,
        "reporting_party_id": reporter,
        "accused_party_id": accused,
        "alleged_actor": pick(pools.actors[accused_code]),
        "category_id": category_id,
        "occurred_at": occurred,
        "time_precision": pick(TIME_PRECISIONS),
        "reported_at": reported,
        # Drawn here, in the order the random stream has always been read.
        "latitude": (point := _scattered(rng, province, lat, lon))[0],
        "longitude": point[1],
        "place_name": place,
        "province": province,
        "district": district,
        "border_sector": sector,
        "geo_precision": "exact",
        "narrative": (
            f"{label} reported near {place} ({district}, {province}). "
            f"{killed_c + killed_s} killed and {injured_c + injured_s} injured according to "
            "initial reports from the sector command."
        ),
        "sources": "Sector command report; local officials",
        "killed_civilian_low": killed_c,
        "killed_civilian_high": killed_c + pick((0, 0, 1)),
        "killed_security_low": killed_s,
        "killed_security_high": killed_s + pick((0, 0, 1)),
        "injured_civilian_low": injured_c,
        "injured_civilian_high": injured_c + pick((0, 1, 2)),
        "injured_security_low": injured_s,
        "injured_security_high": injured_s + pick((0, 1)),
        "submitted_at": submitted,
        "assigned_at": assigned,
        "closed_at": closed,
        "assignment_due_at": assignment_due,
        "reply_due_at": reply_due,
        "findings_due_at": findings_due,
        "assignment_overdue_at": assignment_overdue,
        "reply_overdue_at": reply_overdue,
        "findings_overdue_at": findings_overdue,
        "outcome": outcome,
        "grade": grade,
        "intent": intent,
        "created_by_id": pools.officers[reporter],
        "created_at": reported,
        "updated_at": reported,
        "version": 1,
    }


# Plain strings: comparing and hashing enum members a million times costs seconds.
STATUSES = [str(s) for s, _ in STATUS_WEIGHTS]
STATUS_CUMULATIVE_WEIGHTS = list(accumulate(w for _, w in STATUS_WEIGHTS))
TIME_PRECISIONS = ("exact", "exact", "day", "week")
OUTCOMES = frozenset(str(v) for v in Outcome.values)
GRADES = tuple(str(v) for v in Grade.values)
REVIEWED_STATUSES = frozenset({str(Status.UNDER_REVIEW), str(Status.DISPUTED), *OUTCOMES})
# Statuses reached by the co-chairs' findings.
FOUND_STATUSES = frozenset({str(Status.DISPUTED), *OUTCOMES})
# A verified claim's intent as the co-chairs found it; some differ between them.
INTENTS = (
    *[str(RecordIntent.DELIBERATE)] * 4,
    *[str(RecordIntent.ACCIDENTAL)] * 3,
    *[str(RecordIntent.UNDETERMINED)] * 2,
    str(RecordIntent.DIFFERING),
)
HOUR = timedelta(hours=1)
VERIFIED = str(Status.VERIFIED)
DRAFT, SUBMITTED, UNDER_REVIEW, DISPUTED, WITHDRAWN = (
    str(s)
    for s in (
        Status.DRAFT,
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.DISPUTED,
        Status.WITHDRAWN,
    )
)


def seed_claims(*, count: int, seed: int = 2025, batch: int = 10000, log=None) -> int:
    """Add `count` realistic claims with one audit event each, in bulk inserts."""
    rng = random.Random(seed)  # nosec B311  # demo data, seeded to be reproducible; not for security
    now = timezone.now()
    parties = list(Party.objects.order_by("code"))
    categories = list(Category.objects.current())
    officers = {}
    for party in parties:
        officer = User.objects.filter(role="officer", party=party).order_by("pk").first()
        if officer is None:
            raise RuntimeError(
                f"No officer for {party.code}: run seed_demo without --claims first."
            )
        officers[party.pk] = officer.pk
    pools = _Pools(parties=parties, officers=officers, categories=categories)
    done = 0
    with transaction.atomic():
        allocate, save_counters = _reference_allocator(parties)
        while done < count:
            size = min(batch, count - done)
            rows = [
                _synthetic_claim(rng, now=now, pools=pools, allocate=allocate) for _ in range(size)
            ]
            ids = reserve_ids(Incident, size)
            columns = ["id", *rows[0]]
            bulk_insert(
                Incident, columns, ([pk, *row.values()] for pk, row in zip(ids, rows, strict=True))
            )
            audit_record_many(
                [
                    {
                        "actor": row["created_by_id"],
                        "action": "imported",
                        "subject_type": "incident",
                        "subject_id": pk,
                        "subject_ref": row["reference"],
                        "to_status": row["status"],
                        "payload": {"source": "seed_demo"},
                    }
                    for pk, row in zip(ids, rows, strict=True)
                ]
            )
            done += size
            if log:
                log(f"  {done}/{count} claims")
        save_counters()
    return done
