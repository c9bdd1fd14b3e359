"""The filing and load rows of `make bench`: officers filing claims at once, and the
real mix under locust."""

import csv
import itertools
import os
import statistics
import subprocess  # nosec B404  # runs fixed programs with argument lists
import sys
import threading
import time
from pathlib import Path

import orjson

from bench.harness import (
    APP_PORT,
    BROKER_URL,
    CONNECTIONS,
    FILING_SECONDS,
    LOAD_SECONDS,
    LOAD_USERS,
    REPO,
    ROWS,
    Row,
    gunicorn,
    http,
    say,
    token,
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
