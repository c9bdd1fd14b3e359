"""Reads of access denials. A denial is part of its claim's record: whoever sees the claim
(incidents.visibility) sees its denials, observers included; nobody else."""

from django.db.models import QuerySet

from core.loaders import loader

from ..models import Incident
from ..selectors import Degrees
from .models import AccessDenial

RELATED = ("incident", "denying_party", "recorded_by", "granted_by")


def access_denial_visible_to(user) -> QuerySet:
    return AccessDenial.objects.filter(incident__in=Incident.objects.visible_to(user).values("pk"))


def access_denial_get_visible(*, user, reference: str) -> AccessDenial | None:
    return (
        access_denial_visible_to(user)
        .select_related(*RELATED, "incident__accused_party", "incident__reporting_party")
        .filter(reference=reference)
        .first()
    )


access_denial_or_404 = loader(access_denial_get_visible, noun="access denial")


def access_denials_of_claim(incident) -> list[AccessDenial]:
    """A claim's denials, the caller having found the claim visible."""
    return list(
        AccessDenial.objects.filter(incident=incident)
        .select_related("denying_party", "recorded_by", "granted_by")
        .order_by("began_at", "id")
    )


def access_denial_event_visible_to(user, event) -> bool:
    """A denial's audit events are seen by whoever sees the denial."""
    return access_denial_visible_to(user).filter(pk=event.subject_id).exists()


def access_denial_map_points(claims, *, limit: int) -> list[list]:
    """The map's access-denied layer: [reference, latitude, longitude, open, party code]
    of the denials on `claims` (a queryset the caller already sees), newest first."""
    rows = (
        AccessDenial.objects.filter(incident__in=claims.order_by().values("pk"))
        .order_by("-began_at", "-id")
        .annotate(lat=Degrees("latitude"), lon=Degrees("longitude"))
        .values_list("reference", "lat", "lon", "ended_at", "denying_party__code")[:limit]
    )
    return [[ref, lat, lon, ended is None, party] for ref, lat, lon, ended, party in rows]
