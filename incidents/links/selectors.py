"""Reads of links and suggestions, and the one query that finds suggestion candidates.

A link is shown to a viewer only when the viewer sees both of its claims (the claim
visibility rule, incidents.visibility); a link to a claim the viewer cannot see is not
shown at all. Open suggestions are for the reviewers and the secretariat."""

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from accounts.models import Role
from verification.statuses import Status

from ..models import Incident
from .models import ClaimLink, LinkKind, LinkSuggestion, SuggestionState
from .permissions import can_view_suggestions

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Candidate:
    claim_id: int
    distance_m: int
    minutes_apart: int


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """The great-circle (haversine) distance between two points in degrees."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _box(latitude, longitude, km: int) -> dict:
    """A latitude/longitude box that holds every point within `km` of the centre (a
    little more near the poles, never less), as lookups on the claim's columns."""
    lat, lon = float(latitude), float(longitude)
    dlat = km / KM_PER_DEGREE
    dlon = km / (KM_PER_DEGREE * max(math.cos(math.radians(min(abs(lat) + dlat, 90.0))), 0.01))
    places = Decimal("0.00001")

    def edge(value, low, high):
        return Decimal(str(max(low, min(high, value)))).quantize(places)

    return {
        "latitude__gte": edge(lat - dlat, -90, 90),
        "latitude__lte": edge(lat + dlat, -90, 90),
        "longitude__gte": edge(lon - dlon, -180, 180),
        "longitude__lte": edge(lon + dlon, -180, 180),
    }


def suggestion_candidates_query(claim: Incident):
    """The other party's submitted claims within the claim's category window and box:
    one query, served by the index on (reporting_party, occurred_at), or by the box's
    where few claims lie around the claim."""
    category = claim.category
    window = category.same_event_window
    return (
        Incident.objects.filter(
            reporting_party_id=claim.accused_party_id,
            occurred_at__gte=claim.occurred_at - window,
            occurred_at__lte=claim.occurred_at + window,
            accused_party_id=claim.reporting_party_id,
            submitted_at__isnull=False,
            **_box(claim.latitude, claim.longitude, category.same_event_km),
        )
        .exclude(status=Status.WITHDRAWN)
        .order_by()
    )


def suggestion_candidates(claim: Incident) -> list[Candidate]:
    """The claims `claim` may describe the same event as, each with how far apart in
    metres and minutes; the exact distance is measured on the few rows the box lets in."""
    km = claim.category.same_event_km
    rows = suggestion_candidates_query(claim).values_list(
        "pk", "latitude", "longitude", "occurred_at"
    )
    found = []
    for pk, lat, lon, occurred_at in rows:
        distance = distance_km(claim.latitude, claim.longitude, lat, lon)
        if distance <= km:
            gap = abs(occurred_at - claim.occurred_at) // timedelta(minutes=1)
            found.append(Candidate(pk, round(distance * 1000), gap))
    return found


def _visible_ids(user):
    return Incident.objects.visible_to(user).values("pk")


def links_of(*, user, claim):
    """The links of a claim the viewer sees, both ends visible, oldest first."""
    visible = _visible_ids(user)
    return (
        ClaimLink.objects.of(claim)
        .filter(first__in=visible, second__in=visible)
        .select_related(
            "first__reporting_party", "second__reporting_party", "first", "second", "created_by"
        )
        .order_by("created_at", "pk")
    )


def suggestions_of(*, user, claim, state: str | None = SuggestionState.OPEN):
    """A claim's suggestions, for the reviewers and the secretariat (nobody else: an
    empty list); open ones by default, the nearest first."""
    if not can_view_suggestions.test(user):
        return LinkSuggestion.objects.none()
    rows = LinkSuggestion.objects.of(claim)
    if state:
        rows = rows.filter(state=state)
    visible = _visible_ids(user)
    return (
        rows.filter(first__in=visible, second__in=visible)
        .select_related("first__reporting_party", "second__reporting_party")
        .order_by("distance_m", "pk")
    )


def suggestions_for_reviewer(*, user, limit: int = 100):
    """The open suggestions on claims this reviewer is assigned to (either claim), the
    nearest first: the reviewer's queue lists them."""
    from ..models import Assignment

    assigned = Assignment.objects.filter(reviewer=user, ended_at__isnull=True)
    return (
        LinkSuggestion.objects.filter(state=SuggestionState.OPEN)
        .filter(
            Exists(assigned.filter(incident=OuterRef("first")))
            | Exists(assigned.filter(incident=OuterRef("second")))
        )
        .select_related("first__reporting_party", "second__reporting_party")
        .order_by("distance_m", "pk")[:limit]
    )


def linked_ids(*, queryset, reference: str, kind: str | None = None) -> Q:
    """A filter: the claims linked to the claim of `reference` among `queryset` (the
    viewer's visible claims, so a hidden claim's links answer nothing)."""
    target = queryset.filter(reference=reference).values("pk")
    links = ClaimLink.objects.all()
    if kind:
        links = links.filter(kind=kind)
    return Q(pk__in=links.filter(first__in=target).values("second")) | Q(
        pk__in=links.filter(second__in=target).values("first")
    )


def has_counter_claim(*, queryset) -> Exists:
    """Whether a claim has a same-event link to a claim among `queryset` (the viewer's
    visible claims)."""
    visible = queryset.values("pk")
    same = ClaimLink.objects.filter(kind=LinkKind.SAME_EVENT)
    return Exists(same.filter(first=OuterRef("pk"), second__in=visible)) | Exists(
        same.filter(second=OuterRef("pk"), first__in=visible)
    )


def same_event_claims(*, user, claim) -> list[Incident]:
    """The claim and the claims it shares a same-event link with, as the viewer sees
    them, the claim first."""
    others = [
        link.other(claim)
        for link in links_of(user=user, claim=claim)
        if link.kind == LinkKind.SAME_EVENT
    ]
    return [claim, *others]


# Who sees every submitted claim (incidents.visibility).
SEE_EVERY_SUBMITTED_CLAIM = frozenset({Role.SECRETARIAT, Role.REVIEWER, Role.OFFICER})
LINK_EVENTS = frozenset({"linked", "unlinked", "suggestion_dismissed"})


def link_event_withheld(event, user) -> bool:
    """A link event on a claim's trail names the claim at the other end: its details are
    withheld from a viewer who cannot see that claim (as the link itself is not shown)."""
    if event.action not in LINK_EVENTS:
        return False
    if user.role in SEE_EVERY_SUBMITTED_CLAIM:
        return False  # links join submitted claims only: no query needed
    other = (event.payload or {}).get("other")
    return not Incident.objects.visible_to(user).filter(reference=other).exists()
