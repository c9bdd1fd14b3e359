"""The dashboard rows of `make bench`: the page unfiltered and under each filter."""

import os

from bench.harness import CONNECTIONS, ROWS, Row, describe, http, in_process, say, wrk


def bench_dashboard(app: str) -> None:
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    say("dashboard page")
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="secretariat"))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    status, _ = http("GET", f"{app}/dashboard/", headers={"Cookie": cookie})
    # Every worker serves the page once before it is measured, as the list rows do: at one
    # connection a worker's first page (its templates compiled, its forms built) was
    # among the slowest 1% and made the p99 (209 ms against a p50 of 51).
    wrk(f"{app}/dashboard/", {"Cookie": cookie}, duration=3)
    # One connection: the page's own latency. Sixteen: the same page while the workers
    # queue (on 2 cores, 16 requests in flight wait for each other whatever the page).
    alone = wrk(f"{app}/dashboard/", {"Cookie": cookie}, connections=1)
    crowded = wrk(f"{app}/dashboard/", {"Cookie": cookie})
    from config.views import MAP_POINTS
    from config.wsgi import application

    cost = in_process(application, "/dashboard/", {"Cookie": cookie}, profile="dashboard")
    ROWS.append(
        Row(
            "dashboard page (secretariat, all claims), 1 connection",
            describe(alone),
            goal="p99 < 100 ms; no errors",
            met=status == 200 and alone["p99"] < 100 and not alone["non2xx"],
            limit=f"in process, one at a time, the page costs {cost}; the rest is Python: "
            "rendering the template (the filter form's widgets, the overdue table) and "
            f"the {MAP_POINTS:,} most recent claims as the map's JSON. Under gunicorn the "
            f"same page shares {os.cpu_count()} cores with PostgreSQL and wrk",
        )
    )
    ROWS.append(
        Row(
            f"dashboard page, {CONNECTIONS} connections",
            describe(crowded),
            goal="no errors; counts from the tally, not the claims",
            met=status == 200 and not crowded["non2xx"] and not crowded["socket_errors"],
        )
    )
    bench_dashboard_filters(app, cookie)


def dashboard_filters() -> dict[str, str]:
    """One query string per filter the dashboard offers, with values the seeded claims
    hold: the commonest province and border sector, a box around the commonest place,
    a date range with part weeks at both ends, and a place name to search for."""
    from datetime import timedelta
    from urllib.parse import urlencode

    from django.db.models import Count

    from incidents.models import Incident

    def commonest(field):
        return Incident.objects.values(field).annotate(n=Count("id")).order_by("-n")[0][field]

    latest = Incident.objects.order_by("-occurred_at").values_list("occurred_at", flat=True)[0]
    place = Incident.objects.filter(border_sector=commonest("border_sector")).values_list(
        "latitude", "longitude"
    )[0]
    lat, lon = float(place[0]), float(place[1])
    return {
        "province": urlencode({"province": commonest("province")}),
        "border sector": urlencode({"border_sector": commonest("border_sector")}),
        "box of 0.4° around a crossing": urlencode(
            {"bbox": f"{lon - 0.2:.3f},{lat - 0.2:.3f},{lon + 0.2:.3f},{lat + 0.2:.3f}"}
        ),
        "dates, 60 days": urlencode(
            {
                "occurred_after": (latest - timedelta(days=60, hours=5)).isoformat(),
                "occurred_before": (latest + timedelta(hours=7)).isoformat(),
            }
        ),
        "search for a place": urlencode({"search": commonest("place_name")}),
    }


def bench_dashboard_filters(app: str, cookie: str) -> None:
    from config.wsgi import application

    for name, query in dashboard_filters().items():
        say(f"dashboard under a filter: {name}")
        url = f"{app}/dashboard/?{query}"
        status, _ = http("GET", url, headers={"Cookie": cookie})
        alone = wrk(url, {"Cookie": cookie}, connections=1)
        cost = in_process(
            application,
            f"/dashboard/?{query}",
            {"Cookie": cookie},
            n=50,
            profile="dashboard-" + name.replace(" ", "-"),
        )
        ROWS.append(
            Row(
                f"dashboard page, filtered by {name}, 1 connection",
                describe(alone),
                query,
                goal="p99 < 100 ms; no errors",
                met=status == 200 and alone["p99"] < 100 and not alone["non2xx"],
                limit=f"in process, one at a time, the page costs {cost}",
            )
        )
