"""The home page: a landing page for visitors; once signed in, each person's work (the
sections the apps register with core.home), or for observers the verified record (the
dashboard, also at /dashboard/ for everyone).

Everything on the dashboard starts from incident_visible_to() and the claim list's own
filters, so the counts, the overdue list, the chart and the map show the same claims."""

from collections import Counter
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Party, Role
from core.home import home_sections
from incidents.denials.selectors import access_denial_map_points
from incidents.selectors import (
    incident_counts,
    incident_visible_to,
    map_claims,
    overdue_first,
)
from incidents.views import claim_filter
from incidents.visibility import statuses_visible_to
from verification.statuses import OPEN_STATUSES, Status

CHART_WEEKS = 26
MAP_POINTS = 2000
OVERDUE_ROWS = 10


def home(request):
    if not request.user.is_authenticated:
        return render(request, "home.html")
    if request.user.role == Role.OBSERVER:
        return dashboard(request)
    now = timezone.now()
    return render(
        request,
        "my_work.html",
        {"sections": home_sections(request.user, now=now), "now": now},
    )


def _week_start(moment):
    day = moment.date()
    return day - timedelta(days=day.weekday())


def map_points(claims) -> dict:
    """The map's points as the database gives them: (reference, latitude, longitude,
    status, category label, occurred at, reporting party, accused party), in the order
    static/js/maps.js reads them. The script names the status and writes the time from
    `statuses` and the page's words: done here, once a point, they cost more than the
    query (2,000 formatted times and translated labels, 4 ms a page)."""
    return {
        "points": list(map_claims(claims, limit=MAP_POINTS)),
        "statuses": {value: str(label) for value, label in Status.choices},
        "limit": MAP_POINTS,
    }


@login_required
def dashboard(request):
    visible = incident_visible_to(request.user)
    filterset, claims = claim_filter(request, visible)
    parties = list(Party.objects.order_by("name"))
    first_week = _week_start(timezone.now()) - timedelta(weeks=CHART_WEEKS - 1)
    by_status, reported, against, verified_against = Counter(), Counter(), Counter(), Counter()
    per_week = Counter()
    # A few hundred grouped rows, whatever the number of claims.
    for reporting, accused, status, week, n in incident_counts(
        user=request.user, filterset=filterset, first_week=first_week
    ):
        by_status[status] += n
        reported[reporting] += n
        against[accused] += n
        if status == Status.VERIFIED:
            verified_against[accused] += n
        if 0 <= week < CHART_WEEKS:
            per_week[week, reporting] += n
    total = sum(by_status.values())
    # Only open claims are ever overdue; when the viewer or the filter rules every open
    # status out, asking would walk the whole overdue index to find nothing.
    cleaned = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    statuses = statuses_visible_to(request.user)
    if cleaned.get("status"):
        statuses &= set(cleaned["status"])
    dated = bool(cleaned.get("occurred_after") or cleaned.get("occurred_before"))
    overdue = (
        overdue_first(claims, limit=OVERDUE_ROWS, dated=dated)
        if statuses & set(OPEN_STATUSES)
        else []
    )
    points = map_points(claims)
    context = {
        "filter": filterset,
        "total": total,
        "status_rows": [(value, label, by_status[value]) for value, label in Status.choices],
        "party_rows": [
            (party, reported[party.pk], against[party.pk], verified_against[party.pk])
            for party in parties
        ],
        "overdue": overdue,
        "chart": {
            "labels": [(first_week + timedelta(weeks=n)).isoformat() for n in range(CHART_WEEKS)],
            "datasets": [
                {
                    "label": party.name,
                    "data": [per_week[n, party.pk] for n in range(CHART_WEEKS)],
                }
                for party in parties
            ],
        },
        "map": points,
        "map_truncated": total > len(points["points"]),
        # The access-denied layer: denials on the claims shown.
        "map_denials": access_denial_map_points(claims, limit=MAP_POINTS),
    }
    return render(request, "dashboard.html", context)
