"""`make bench`: the mechanism at a million claims, beside its baselines, in one table.

Against PostgreSQL (BENCH_DATABASE_URL, default a `ceasefire_bench` database on
127.0.0.1), seeded once to BENCH_CLAIMS claims (default 1,000,000). Starts the app and
the raw baseline (bench/raw_app.py) under gunicorn with the same worker count, loads
them with wrk, and prints every figure with its goal. Nothing here is a test: the
figures are what this machine did in this run.

    make bench                        # everything
    BENCH_ONLY=list,sweep make bench  # some rows (list, deep, export, record, report,
                                      # dashboard, filing, load, sweep, evidence, links)
    BENCH_ONLY=evidence BENCH_IMAGES=1000000 make bench  # the image lookup and re-scan
                                      # (bench/evidence.py)
    BENCH_ONLY=sweep BENCH_SEEDED=1 make bench  # a run again on a seeded database
    BENCH_ONLY=sweep BENCH_PROFILE=1 make bench  # the sweep under cProfile: its summary,
                                      # by cumulative time, in .run/bench/sweep-profile.txt
                                      # (made on demand; the timed figure then includes
                                      # the profiler's cost, the baseline does not)
    make load                         # only the locust mix (bench/locustfile.py)
"""

import base64
import contextlib
import csv
import gc
import io
import itertools
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess  # nosec B404  # runs fixed programs with argument lists
import sys
import threading
import time
import tracemalloc
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ceasefire_bench"
)
CLAIMS = int(os.environ.get("BENCH_CLAIMS", "1000000"))
DURATION = int(os.environ.get("BENCH_DURATION", "15"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 2))))
FILING_SECONDS = int(os.environ.get("BENCH_FILING_SECONDS", "30"))
SWEEP_CLAIMS = int(os.environ.get("BENCH_SWEEP_CLAIMS", "100000"))
LOAD_USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "120"))
# The production layout: the web processes queue their Celery messages on Redis.
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/0")
ONLY = {s for s in os.environ.get("BENCH_ONLY", "").split(",") if s}
PROFILE = os.environ.get("BENCH_PROFILE", "") not in ("", "0")
# The database is seeded and the static files collected already: measure only.
SEEDED = os.environ.get("BENCH_SEEDED", "") not in ("", "0")
PROFILE_DIR = Path(os.environ.get("BENCH_PROFILE_DIR", REPO / ".run" / "bench"))
SETTLE_SECONDS = 3
PASSWORD = "bench-" + secrets.token_hex(8)
APP_PORT, RAW_PORT = 8701, 8702
STATIC_ROOT = REPO / ".run" / "bench-static"


def bench_signing_key() -> str:
    """BENCH_LOG_SIGNING_KEY, or the key made on the first run against this database."""
    if os.environ.get("BENCH_LOG_SIGNING_KEY"):
        return os.environ["BENCH_LOG_SIGNING_KEY"]
    path = REPO / ".run" / "bench" / f"signing-key-{DATABASE_URL.rpartition('/')[2]}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(base64.b64encode(secrets.token_bytes(32)).decode())
        path.chmod(0o600)
    return path.read_text().strip()


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_hex(32),
    # The transparency log's signing key (raw Ed25519, base64): one per bench database,
    # kept under .run, since every append refuses a log head signed by an unknown key.
    "LOG_SIGNING_KEY": bench_signing_key(),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_STATIC_ROOT": str(STATIC_ROOT),
    # The evidence row stores real files: under .run, not the checkout's media/.
    "DJANGO_MEDIA_ROOT": str(REPO / ".run" / "bench-media"),
    "API_THROTTLE_USER": "10000000/minute",
    "API_THROTTLE_ANON": "10000000/minute",
    "API_THROTTLE_TOKEN": "10000000/minute",  # nosec B105  # a throttle rate, not a password
}

sys.path.insert(0, str(REPO))


@dataclass
class Row:
    name: str
    figure: str
    baseline: str = ""
    goal: str = ""
    met: bool | None = None
    # What limits the figure, measured in the same run: printed when the goal is not met.
    limit: str = ""


ROWS: list[Row] = []


def say(message: str) -> None:
    print(f"· {message}", file=sys.stderr, flush=True)


def wanted(name: str) -> bool:
    return not ONLY or name in ONLY


# --- set-up ------------------------------------------------------------------------------


def ensure_database() -> None:
    import psycopg

    base, _, name = DATABASE_URL.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def django_setup():
    import django

    # In process too, the production settings: no DEBUG (which keeps every query).
    os.environ.update(PRODUCTION_ENV, DATABASE_URL=DATABASE_URL)

    django.setup()


def seed() -> None:
    from django.core.management import call_command

    from incidents.models import Incident

    call_command("migrate", verbosity=0)
    have = Incident.objects.count()
    if have < CLAIMS:
        say(f"seeding {CLAIMS - have:,} claims (have {have:,})")
        started = time.perf_counter()
        call_command(
            "seed_demo", password=PASSWORD, claims=CLAIMS - have, seed=have + 1, no_settle=True
        )
        ROWS.append(
            Row(
                "seed_demo, claims added",
                f"{CLAIMS - have:,} in {time.perf_counter() - started:.0f} s",
                goal="a few minutes for 1,000,000",
            )
        )
    else:
        call_command("seed_demo", password=PASSWORD, claims=0)
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load, done here because a server may run
        # without it (this machine's does): the seed's updates leave dead row versions
        # that every later scan would read, which is not the state being measured.
        cursor.execute("VACUUM (ANALYZE)")


def collectstatic() -> None:
    """Production settings serve hashed static files: collect them once, as a deploy does."""
    subprocess.run(  # nosec B603  # fixed program and arguments, no shell
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO,
        env={**os.environ, **PRODUCTION_ENV},
        check=True,
    )


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    say("installing wrk (apt)")
    subprocess.run(  # nosec B603  # fixed program and arguments, no shell
        ["/usr/bin/apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True
    )
    return shutil.which("wrk") or "wrk"


@contextlib.contextmanager
def gunicorn(target: str, port: int, extra_env: dict):
    env = {
        **os.environ,
        **PRODUCTION_ENV,
        "DATABASE_URL": DATABASE_URL,
        "DATABASE_CONN_MAX_AGE": "600",
        "DJANGO_LOG_LEVEL": "WARNING",
        **extra_env,
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        target,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--log-level",
        "warning",
        "--access-logfile",
        "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
    ]
    process = subprocess.Popen(command, cwd=REPO, env=env)  # noqa: S603  # nosec B603  # gunicorn from this venv, fixed arguments, no shell
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def http(method: str, url: str, *, body=None, headers=None):
    data = orjson.dumps(body) if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310  # nosec B310  # URLs of the local gunicorn this script started
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def token(base: str, username: str) -> str:
    status, body = http(
        "POST", f"{base}/api/v1/auth/token/", body={"username": username, "password": PASSWORD}
    )
    if status != 200:
        raise RuntimeError(f"token request failed: {status} {body[:300]!r}")
    return orjson.loads(body)["token"]


# --- load --------------------------------------------------------------------------------


def wrk(
    url: str, headers: dict | None = None, duration: int = DURATION, connections: int = CONNECTIONS
) -> dict:
    threads = min(2, connections)
    command = [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url]
    for name, value in (headers or {}).items():
        command[1:1] = ["-H", f"{name}: {value}"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603  # nosec B603  # wrk with fixed arguments, no shell
    if connections > 1:
        # wrk stops with requests still queued at the workers; they would be served ahead
        # of the next measurement's first requests and show up as its p99.
        time.sleep(SETTLE_SECONDS)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)

    def latency(pct):
        value, unit = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {
        "rps": rps,
        "p50": latency(50),
        "p99": latency(99),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def describe(result: dict) -> str:
    text = f"{result['rps']:,.0f} req/s, p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms"
    if result["non2xx"] or result["socket_errors"]:
        text += f" ({result['non2xx']} non-2xx; {result['socket_errors'] or 'no socket errors'})"
    return text


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


@dataclass
class Cost:
    mean: float  # ms per request, one request at a time, in this process
    p99: float
    database: float  # ms of it waiting for PostgreSQL
    queries: int

    def __str__(self) -> str:
        return (
            f"{self.mean:.1f} ms per request (p99 {self.p99:.1f} ms), "
            f"{self.database:.1f} ms of it in {self.queries} queries"
        )


def in_process(app, path: str, headers: dict, n: int = 200) -> Cost:
    """One request at a time through a WSGI app in this process, as a gunicorn worker
    runs it without the network or the other workers: its own cost, and the part of it
    spent waiting for the database."""
    from urllib.parse import urlsplit

    from django.db import connection

    url = urlsplit(path)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": url.path,
        "QUERY_STRING": url.query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": str(APP_PORT),
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        **{"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()},
    }
    waited = [0.0, 0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            waited[0] += time.perf_counter() - started
            waited[1] += 1

    def call() -> None:
        statuses = []
        body = app({**environ, "wsgi.input": io.BytesIO()}, lambda s, h, *a: statuses.append(s))
        b"".join(body)
        if not statuses[0].startswith("200"):
            raise RuntimeError(f"GET {path} answered {statuses[0]}")

    for _ in range(10):
        call()
    # As a gunicorn worker does (gunicorn.conf.py): what this process holds already is
    # left out of the collector's walks, which here includes all the benchmark's own.
    gc.collect()
    gc.freeze()
    times = []
    try:
        with connection.execute_wrapper(timed):
            for _ in range(n):
                started = time.perf_counter()
                call()
                times.append((time.perf_counter() - started) * 1000)
    finally:
        gc.unfreeze()
    return Cost(
        mean=statistics.fmean(times),
        p99=statistics.quantiles(times, n=100)[98],
        database=waited[0] * 1000 / n,
        queries=round(waited[1] / n),
    )


def list_limit(api_query: str, raw_query: str, headers: dict) -> str:
    """The API's and the raw app's cost per request, in process, for the same page (each
    app's own query string: their cursors differ)."""
    from bench import raw_app
    from config.wsgi import application

    api = in_process(application, f"/api/v1/incidents/?{api_query}", headers)
    raw = in_process(raw_app.app, f"/?{raw_query}", {})
    ceiling = 1000 * (os.cpu_count() or 2) / api.mean
    return (
        f"in process, one at a time, the API costs {api} against the raw app's "
        f"{raw.mean:.1f} ms (one query, its SQL parsed and planned each time too): "
        f"{api.mean - raw.mean:.1f} ms of Django's fixed work per request (middleware, "
        "token and expiry lookup, the filter form and its party lookup, building the "
        f"query, pagination links). {os.cpu_count()} cores shared by the workers, "
        f"PostgreSQL and wrk put the API's ceiling near {ceiling:.0f} req/s; at "
        f"{CONNECTIONS} connections on {WORKERS} workers each request also waits behind "
        "the others in its worker's queue, which is the p99"
    )


def bench_lists() -> None:
    query = list_query()
    with (
        gunicorn("config.wsgi:application", APP_PORT, {}) as app,
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
                    limit=list_limit(query, query, headers),
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
                        app_deep.partition("?")[2], raw_deep.partition("?")[2], headers
                    ),
                )
            )
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
    from django.test import Client

    from accounts.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="observer"))
    peaks = {}
    for limit in (10_000, 50_000, 200_000):
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


def bench_dashboard(app: str) -> None:
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    say("dashboard page")
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="secretariat"))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    status, _ = http("GET", f"{app}/dashboard/", headers={"Cookie": cookie})
    # One connection: the page's own latency. Sixteen: the same page while the workers
    # queue (on 2 cores, 16 requests in flight wait for each other whatever the page).
    alone = wrk(f"{app}/dashboard/", {"Cookie": cookie}, connections=1)
    crowded = wrk(f"{app}/dashboard/", {"Cookie": cookie})
    from config.views import MAP_POINTS
    from config.wsgi import application

    cost = in_process(application, "/dashboard/", {"Cookie": cookie})
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


def bench_filing(app: str) -> None:
    from audit.models import AuditEvent, ChainHead

    say(f"filing: {CONNECTIONS} clients for {FILING_SECONDS} s")
    tokens = [token(app, name) for name in ("pak_officer", "afg_officer")]
    accused = {0: "AFG", 1: "PAK"}
    places = {0: (34.133, 71.083), 1: (34.43, 70.45)}
    latencies, errors, done = [], [], 0
    lock = threading.Lock()
    stop = time.monotonic() + FILING_SECONDS
    first_sequence = ChainHead.objects.get().sequence

    def client(n: int):
        nonlocal done
        side = n % 2
        headers = {"Authorization": f"Token {tokens[side]}"}
        lat, lon = places[side]
        while time.monotonic() < stop:
            started = time.perf_counter()
            status, body = http(
                "POST",
                f"{app}/api/v1/incidents/",
                headers=headers,
                body={
                    "accused_party": accused[side],
                    "category": "cross_border_fire",
                    "alleged_actor": "Unidentified",
                    "occurred_at": "2025-06-01T04:30:00Z",
                    "latitude": lat,
                    "longitude": lon,
                    "place_name": "Bench",
                    "province": "Bench",
                    "narrative": "Filed by the filing benchmark.",
                    "narrative_language": "en",  # the demo's officers read Urdu and Pashto
                },
            )
            if status == 201:
                ref = orjson.loads(body)["reference"]
                status, body = http(
                    "POST", f"{app}/api/v1/incidents/{ref}/submit/", headers=headers
                )
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                    done += 1
                else:
                    errors.append((status, body[:200]))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CONNECTIONS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    events = list(
        AuditEvent.objects.filter(sequence__gt=first_sequence - 1)
        .order_by("sequence")
        .values_list("sequence", "prev_hash", "hash")
    )
    linear = all(b[1] == a[2] and b[0] == a[0] + 1 for a, b in itertools.pairwise(events))
    p99 = statistics.quantiles(latencies, n=100)[98] if len(latencies) > 1 else float("nan")
    ROWS.append(
        Row(
            f"filing: create + submit, {CONNECTIONS} clients, {FILING_SECONDS} s",
            f"{done / elapsed:,.1f} claims/s, p99 {p99:.0f} ms, {len(errors)} errors",
            f"{len(events) - 1:,} audit events appended, chain linear: {linear}",
            "zero errors; chain not forked",
            not errors and linear,
        )
    )
    if errors:
        say(f"first filing errors: {errors[:3]}")


def bench_load() -> None:
    """The real mix (bench/locustfile.py) under locust: officers filing and submitting,
    reviewers recording findings, observers pulling lists and exports, against
    gunicorn, PostgreSQL and Redis."""
    from accounts.models import Role, User
    from incidents.seed_data import DEMO_USERS

    say(f"load: {LOAD_USERS} locust users for {LOAD_SECONDS} s")
    with gunicorn("config.wsgi:application", APP_PORT, {"CELERY_BROKER_URL": BROKER_URL}) as app:
        actors = []
        roles = {Role.OFFICER: "officer", Role.REVIEWER: "reviewer", Role.OBSERVER: "observer"}
        users = User.objects.filter(
            role__in=roles, is_active=True, username__in=[u[0] for u in DEMO_USERS]
        )
        for user in users.select_related("party"):
            actor = {"role": roles[user.role], "username": user.username}
            actor["token"] = token(app, user.username)
            if user.party_id:
                actor["party"] = user.party.code
            actors.append(actor)
        stats = REPO / ".run" / "bench-load"
        stats.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603  # nosec B603  # locust from this venv, fixed arguments, no shell
            [
                str(Path(sys.executable).with_name("locust")),
                "-f",
                str(REPO / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(LOAD_USERS),
                "--spawn-rate",
                str(max(1, LOAD_USERS // 10)),
                "--run-time",
                f"{LOAD_SECONDS}s",
                "--stop-timeout",
                "30",
                "--host",
                app,
                "--csv",
                str(stats),
                "--only-summary",
            ],
            cwd=REPO,
            env={**os.environ, "LOAD_ACTORS": orjson.dumps(actors).decode()},
            check=False,
        )
    rows = {
        r["Name"]: r for r in csv.DictReader(Path(f"{stats}_stats.csv").read_text().splitlines())
    }
    total = rows.pop("Aggregated")
    failures = int(total["Failure Count"])
    ROWS.append(
        Row(
            f"load: {LOAD_USERS} users, {LOAD_SECONDS} s, the real mix (locust)",
            f"{int(total['Request Count']):,} requests, {float(total['Requests/s']):,.1f} req/s, "
            f"p50 {total['50%']} ms, p99 {total['99%']} ms, {failures} errors",
            "slowest p99: "
            + ", ".join(
                f"{name} {row['99%']} ms"
                for name, row in sorted(rows.items(), key=lambda item: -float(item[1]["99%"]))[:3]
            ),
            "zero errors",
            failures == 0,
        )
    )
    if failures:
        say(Path(f"{stats}_failures.csv").read_text()[:2000])


def bench_sweep() -> None:
    import psycopg
    from django.db import connection, transaction
    from django.utils import timezone

    from incidents.models import Incident
    from verification.statuses import Status
    from verification.sweep import run_sweep

    now = timezone.now()
    say("catching up: flagging what the seed left past its deadlines (not timed)")
    run_sweep(as_of=now)
    say(f"sweep with {SWEEP_CLAIMS:,} claims past the findings deadline")
    ids = list(
        Incident.objects.filter(status=Status.UNDER_REVIEW)
        .order_by("id")
        .values_list("id", flat=True)[:SWEEP_CLAIMS]
    )
    # Bench data only: put these claims just past their findings deadline, unflagged.
    Incident.objects.filter(id__in=ids).update(
        findings_due_at=now - timezone.timedelta(minutes=5), findings_overdue_at=None
    )
    Incident.objects.filter(status=Status.UNDER_REVIEW).exclude(id__in=ids).update(
        findings_due_at=now + timezone.timedelta(days=30)
    )
    # The server runs without autovacuum (see seed): the updates above, and the baseline's
    # rolled-back one below, leave dead row versions that the next statement's index scans
    # would step over. Each measurement starts from a vacuumed table.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) incidents_incident")

    # Baseline: one UPDATE of the same rows and a COPY of as many audit-sized rows (salt and
    # leaf hash included), rolled back.
    with psycopg.connect(DATABASE_URL.replace("postgres://", "postgresql://", 1)) as conn:
        started = time.perf_counter()
        conn.execute(
            "UPDATE incidents_incident SET findings_overdue_at = now() WHERE id = ANY(%s)", [ids]
        )
        conn.execute(
            "CREATE TEMP TABLE bench_audit (LIKE audit_auditevent INCLUDING DEFAULTS INCLUDING IDENTITY)"
        )
        row = (now, "flagged_findings_overdue", "incident", "PAK-2025-00001", "under_review")
        with conn.cursor().copy(
            "COPY bench_audit (sequence, occurred_at, action, subject_type, subject_id,"
            " subject_ref, from_status, to_status, payload, prev_hash, hash, salt, leaf_hash)"
            " FROM STDIN"
        ) as copy:
            for n, pk in enumerate(ids):
                copy.write_row(
                    (
                        n,
                        row[0],
                        row[1],
                        row[2],
                        pk,
                        row[3],
                        row[4],
                        row[4],
                        "{}",
                        "0" * 64,
                        "f" * 64,
                        "a" * 64,
                        "b" * 64,
                    )
                )
        baseline = time.perf_counter() - started
        conn.rollback()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM incidents_incident")

    profiler = None
    if PROFILE:
        import cProfile

        profiler = cProfile.Profile()
    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        if profiler is not None:
            profiler.enable()
        report = run_sweep(as_of=now)
        if profiler is not None:
            profiler.disable()
    first, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler is not None:
        write_profile(profiler, PROFILE_DIR / "sweep-profile.txt", seconds=first, baseline=baseline)
    started = time.perf_counter()
    again = run_sweep(as_of=now)
    second = time.perf_counter() - started
    flagged = len(report.flagged.get("findings", []))
    ROWS.append(
        Row(
            f"sweep, {SWEEP_CLAIMS:,} claims past the findings deadline",
            f"{first:.1f} s, {cpu:.1f} s of it in this process "
            f"({flagged:,} flagged, {report.notifications} notifications)",
            f"one UPDATE + COPY of as many audit rows: {baseline:.1f} s; ratio {first / baseline:.1f}×",
            "within 1.5× of the baseline",
            first <= 1.5 * baseline and flagged == len(ids),
            limit=(
                f"{second:.1f} s of the {first:.1f} s is what a sweep costs with nothing to "
                "flag (every kind's statement and the agenda step's query of candidates); "
                "the audit rows go into the audit table with its unique indexes on sequence, "
                "hash and prev_hash, where the baseline's COPY goes into an unindexed "
                "temporary table"
            ),
        )
    )
    ROWS.append(
        Row(
            "sweep, second run (nothing to flag)",
            f"{second * 1000:.0f} ms, {again.total} flagged",
            goal="< 1 s, flags nothing",
            met=second < 1 and again.total == 0,
        )
    )


def write_profile(profiler, path: Path, *, seconds: float, baseline: float) -> None:
    """The profile's summary, by cumulative time, with the figures of the same run."""
    import pstats

    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    out.write(
        f"sweep of {SWEEP_CLAIMS:,} claims at {CLAIMS:,}: {seconds:.1f} s under cProfile; "
        f"baseline {baseline:.1f} s (not profiled)\n"
    )
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    path.write_text(out.getvalue())
    say(f"profile written to {path}")


def bench_evidence() -> None:
    from accounts.models import User
    from bench import evidence
    from incidents.models import Incident

    recent = list(
        Incident.objects.order_by("-id").values_list("id", flat=True)[: evidence.SCAN_FILES]
    )
    figures = evidence.measure(uploader=User.objects.get(username="pak_officer"), claims=recent)
    ROWS.extend(Row(*row) for row in evidence.rows(figures))


def bench_links() -> None:
    from bench import links
    from incidents.models import Incident

    say("suggestion query for submitted claims")
    sample = (
        Incident.objects.filter(submitted_at__isnull=False)
        .select_related("category")
        .order_by("-id")[: links.SAMPLE]
    )
    ROWS.extend(Row(*row) for row in links.rows(links.measure(claims=sample)))


def print_table() -> None:
    print()
    print(f"Benchmarks at {CLAIMS:,} claims, {WORKERS} gunicorn workers, {CONNECTIONS} connections")
    print()
    print("| measurement | figure | beside | goal | met |")
    print("| --- | --- | --- | --- | --- |")
    for row in ROWS:
        met = {True: "yes", False: "**no**", None: ""}[row.met]
        print(f"| {row.name} | {row.figure} | {row.baseline} | {row.goal} | {met} |")
    missed = [row for row in ROWS if row.met is False]
    if missed:
        print()
        print("What limits the goals not met, measured in this run:")
        print()
        for row in missed:
            print(f"- {row.name}: {row.limit or 'not measured'}.")


def main() -> None:
    ensure_database()
    django_setup()
    if not SEEDED:
        seed()
        collectstatic()
    if ONLY - {"sweep", "load", "evidence", "links"} or not ONLY:
        bench_lists()
    if wanted("load"):
        bench_load()
    if wanted("sweep"):
        bench_sweep()
    if wanted("evidence"):
        bench_evidence()
    if wanted("links"):
        bench_links()
    print_table()


if __name__ == "__main__":
    main()
