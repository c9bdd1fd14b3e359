"""The list, export, party record and report rows of `make bench`, served by the app and
the raw baseline side by side."""

import csv
import io
import os
import statistics
import time
import tracemalloc
import urllib.error
import urllib.request

import orjson

from bench.dashboard import bench_dashboard
from bench.harness import (
    APP_PORT,
    CONNECTIONS,
    RAW_PORT,
    ROWS,
    WORKERS,
    Row,
    describe,
    gunicorn,
    http,
    in_process,
    say,
    token,
    wanted,
    wrk,
)
from bench.load import bench_filing

# The export rows measure the streamed export: over EXPORT_ASYNC_THRESHOLD rows (5,000 by
# default) the app answers 202 and builds the file in a Celery task instead, which the
# load row's exports exercise.
STREAMED = "100000000"


def list_query() -> str:
    from incidents.models import Incident
    from verification.statuses import Status

    oldest = Incident.objects.filter(status=Status.VERIFIED).order_by("occurred_at").first()
    after = oldest.occurred_at.date().isoformat() + "T00:00:00Z"
    return f"status=verified&reporting_party=PAK&occurred_after={after}&page_size=50"


def deep_url(base: str, first: str, headers: dict, pages: int = 1000) -> str:
    url = first
    for _ in range(pages - 1):
        status, body = http("GET", url, headers=headers)
        if status != 200:
            raise RuntimeError(f"GET {url} failed: {status} {body[:300]!r}")
        following = orjson.loads(body)["next"]
        if following is None:
            break
        url = following if following.startswith("http") else base + following
    return url


# --- where one request's time goes ------------------------------------------------------


def list_limit(api_query: str, raw_query: str, headers: dict, name: str) -> str:
    """The API's and the raw app's cost per request, in process, for the same page (each
    app's own query string: their cursors differ)."""
    from bench import raw_app
    from config.wsgi import application

    api = in_process(application, f"/api/v1/incidents/?{api_query}", headers, profile=name)
    raw = in_process(raw_app.app, f"/?{raw_query}", {})
    ceiling = 1000 * (os.cpu_count() or 2) / api.mean
    return (
        f"in process, one at a time, the API costs {api} against the raw app's "
        f"{raw.mean:.1f} ms (one query, which psycopg prepares after its fifth use): "
        f"{api.mean - raw.mean:.1f} ms of Django's fixed work per request (middleware, "
        "the token and its user, the filter form, building the query, pagination "
        f"links). {os.cpu_count()} cores shared by the workers, "
        f"PostgreSQL and wrk put the API's ceiling near {ceiling:.0f} req/s; at "
        f"{CONNECTIONS} connections on {WORKERS} workers each request also waits behind "
        "the others in its worker's queue, which is the p99"
    )


def bench_lists() -> None:
    query = list_query()
    with (
        gunicorn("config.wsgi:application", APP_PORT, {"EXPORT_ASYNC_THRESHOLD": STREAMED}) as app,
        gunicorn("bench.raw_app:app", RAW_PORT, {}) as raw,
    ):
        headers = {"Authorization": f"Token {token(app, 'observer')}"}
        app_url, raw_url = f"{app}/api/v1/incidents/?{query}", f"{raw}/?{query}"
        if (status := http("GET", app_url, headers=headers)[0]) != 200:
            raise RuntimeError(f"GET {app_url} failed: {status}")
        if wanted("list"):
            say("list, first page")
            wrk(raw_url, duration=3)  # warm both
            wrk(app_url, headers, duration=3)
            raw_result, app_result = wrk(raw_url), wrk(app_url, headers)
            ratio = app_result["rps"] / raw_result["rps"]
            ROWS.append(
                Row(
                    "verified list, page 1 (observer, 50/page)",
                    describe(app_result),
                    f"raw {describe(raw_result)}; ratio {ratio:.2f}",
                    "≥ 0.5 of raw; p99 < 100 ms; no errors",
                    ratio >= 0.5 and app_result["p99"] < 100 and not app_result["non2xx"],
                    limit=list_limit(query, query, headers, "list"),
                )
            )
        if wanted("deep"):
            say("walking to page 1,000 by cursor")
            app_deep = deep_url(app, app_url, headers)
            raw_deep = deep_url(raw, raw_url, {})
            raw_result, app_result = wrk(raw_deep), wrk(app_deep, headers)
            ratio = app_result["rps"] / raw_result["rps"]
            ROWS.append(
                Row(
                    "verified list, page 1,000 by cursor",
                    describe(app_result),
                    f"raw {describe(raw_result)}; ratio {ratio:.2f}",
                    "≥ 0.5 of raw; p99 < 100 ms",
                    ratio >= 0.5 and app_result["p99"] < 100 and not app_result["non2xx"],
                    limit=list_limit(
                        app_deep.partition("?")[2], raw_deep.partition("?")[2], headers, "deep"
                    ),
                )
            )
        if wanted("search"):
            bench_search(app, headers)
        if wanted("export"):
            bench_export_http(app, headers)
        if wanted("record") or wanted("report"):
            bench_records(app)
        if wanted("dashboard"):
            bench_dashboard(app)
        if wanted("filing"):
            bench_filing(app)


def bench_export_http(app: str, headers: dict) -> None:
    say("CSV export of all verified claims")
    request = urllib.request.Request(  # noqa: S310
        f"{app}/api/v1/incidents/export.csv?status=verified", headers=headers
    )
    started, rows = time.perf_counter(), -1  # the header is not a row
    with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310  # nosec B310  # URL of the local gunicorn this script started
        for _ in csv.reader(io.TextIOWrapper(response, encoding="utf-8", newline="")):
            rows += 1
    elapsed = time.perf_counter() - started
    peaks = export_memory()
    flat = max(peaks.values()) <= 2 * min(peaks.values())
    ROWS.append(
        Row(
            "CSV export, all verified claims",
            f"{rows:,} rows in {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s",
            "peak Python memory by rows exported: "
            + ", ".join(f"{n:,}: {peak / 1e6:.1f} MB" for n, peak in peaks.items()),
            "memory flat as the export grows",
            flat,
        )
    )


def export_memory() -> dict[int, int]:
    """Peak traced memory while streaming the first N rows, for growing N (in process)."""
    from django.test import Client, override_settings

    from accounts.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="observer"))
    peaks = {}
    for limit in (10_000, 50_000, 200_000):
        with override_settings(EXPORT_ASYNC_THRESHOLD=int(STREAMED)):
            response = client.get("/api/v1/incidents/export.csv?status=verified")
        tracemalloc.start()
        seen = 0
        for chunk in response.streaming_content:
            seen += chunk.count(b"\n")
            if seen >= limit:
                break
        peaks[seen] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        response.close()
    return peaks


def bench_records(app: str) -> None:
    """A party's record (every figure, as the secretariat sees them: referrals included)
    under wrk, and the implementation review report as JSON and PDF, one at a time."""
    headers = {"Authorization": f"Token {token(app, 'secretariat')}"}
    if wanted("record"):
        say("party record API")
        url = f"{app}/api/v1/parties/AFG/record/"
        status, body = http("GET", url, headers=headers)
        if status != 200:
            raise RuntimeError(f"GET {url} failed: {status} {body[:300]!r}")
        record = orjson.loads(body)
        wrk(url, headers, duration=3)  # warm
        # One connection: the record's own latency; then the same under 16 connections.
        alone = wrk(url, headers, connections=1)
        crowded = wrk(url, headers)
        held = (
            f"{record['violations']['total']:,} verified violations, "
            f"{record['commitments']['total']:,} commitments, "
            f"{record['referrals']['received']:,} referrals received in "
            f"{record['period']['from']}..{record['period']['to']}"
        )
        ROWS.append(
            Row(
                "party record API (secretariat, default period), 1 connection",
                describe(alone),
                held,
                "p99 < 200 ms; no errors",
                alone["p99"] < 200 and not alone["non2xx"],
            )
        )
        ROWS.append(
            Row(
                f"party record API, {CONNECTIONS} connections",
                describe(crowded),
                goal="no errors",
                met=not crowded["non2xx"] and not crowded["socket_errors"],
            )
        )
    if wanted("report"):
        for output in ("json", "pdf"):
            say(f"implementation report, {output}")
            url = f"{app}/api/v1/reports/implementation/?format={output}"
            times, size = [], 0
            for _ in range(5):
                started = time.perf_counter()
                status, body = http("GET", url, headers=headers)
                times.append(time.perf_counter() - started)
                if status != 200:
                    raise RuntimeError(f"GET {url} failed: {status} {body[:300]!r}")
                size = len(body)
            ROWS.append(
                Row(
                    f"implementation report, {output} (secretariat, default period)",
                    f"median {statistics.median(times):.2f} s, slowest {max(times):.2f} s "
                    f"of {len(times)} requests",
                    f"{size / 1024:,.0f} KiB",
                    "a few seconds (< 5 s each)",
                    max(times) < 5,
                )
            )


def search_terms() -> dict[str, str]:
    """What an analyst searches the claims for: the commonest place name (tens of
    thousands of matches), a word of the narratives (hundreds of thousands) and a word
    that no claim holds (every trigram of it rare)."""
    from django.db.models import Count

    from incidents.models import Incident

    place = (Incident.objects.values("place_name").annotate(n=Count("id")).order_by("-n")[0])[
        "place_name"
    ]
    return {"a place name": place, "a word of the narratives": "drone", "no match": "zqxjv"}


def bench_search(app: str, headers: dict) -> None:
    from urllib.parse import urlencode

    from config.wsgi import application

    for name, term in search_terms().items():
        say(f"list, search for {name}")
        query = urlencode({"search": term, "page_size": 50})
        url = f"{app}/api/v1/incidents/?{query}"
        status, _ = http("GET", url, headers=headers)
        alone = wrk(url, headers, connections=1)
        cost = in_process(application, f"/api/v1/incidents/?{query}", headers, n=50)
        ROWS.append(
            Row(
                f"list, search= {name} ({term}), 1 connection",
                describe(alone),
                f"in process {cost}",
                "p99 < 200 ms; no errors",
                status == 200 and alone["p99"] < 200 and not alone["non2xx"],
            )
        )
