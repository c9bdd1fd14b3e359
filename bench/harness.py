"""What every row of `make bench` shares: the settings read from the environment, the
table of rows, the database and static files, gunicorn, wrk, and the in-process cost
of one request."""

import base64
import contextlib
import functools
import gc
import io
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess  # nosec B404  # runs fixed programs with argument lists
import sys
import time
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


@functools.cache
def production_env() -> dict[str, str]:
    """The production settings the app runs under here (the signing key read or made on
    first use, not on import)."""
    return {
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
    os.environ.update(production_env(), DATABASE_URL=DATABASE_URL)

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
        env={**os.environ, **production_env()},
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
        **production_env(),
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


def in_process(app, path: str, headers: dict, n: int = 200, profile: str = "") -> Cost:
    """One request at a time through a WSGI app in this process, as a gunicorn worker
    runs it without the network or the other workers: its own cost, and the part of it
    spent waiting for the database. With BENCH_PROFILE, `profile` names the file under
    PROFILE_DIR (`<profile>-profile.txt`) where as many requests again, under cProfile,
    leave their summary."""
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
    cost = Cost(
        mean=statistics.fmean(times),
        p99=statistics.quantiles(times, n=100)[98],
        database=waited[0] * 1000 / n,
        queries=round(waited[1] / n),
    )
    if PROFILE and profile:
        import cProfile

        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(n):
            call()
        profiler.disable()
        write_profile(
            profiler,
            PROFILE_DIR / f"{profile}-profile.txt",
            title=f"GET {path}, {n} requests in process: {cost} (not profiled); "
            f"{(time.perf_counter() - started) * 1000 / n:.1f} ms per request under cProfile",
        )
    return cost


def write_profile(profiler, path: Path, *, title: str) -> None:
    """The profile's summary, by cumulative time and by own time, under `title` (the
    figures of the same run)."""
    import pstats

    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    out.write(f"{title}\n")
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(30)
    path.write_text(out.getvalue())
    say(f"profile written to {path}")


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
