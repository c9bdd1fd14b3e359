"""A short run of the load test (bench/locustfile.py) against the live test server: the
real mix of officers, reviewers and observers for a few seconds, with zero failures.
The full run, 50 users for 2 minutes under gunicorn, is `make load`.
"""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from incidents.models import Finding
from tests.factories import api_token

pytestmark = [
    pytest.mark.load,
    # The live server shares the in-memory SQLite test database between its threads
    # through SQLite's shared cache, whose table locks fail concurrent writers at once
    # ("database table is locked") instead of waiting: the mix runs against PostgreSQL
    # (CI, `make load`), as in production.
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="needs a database that takes concurrent writers"
    ),
]

REPO = Path(__file__).resolve().parent.parent
USERS = 10
SECONDS = 12


def locust_executable() -> str:
    return str(Path(sys.executable).with_name("locust"))


def actors(cast) -> list[dict]:
    found = []
    for name, user in cast.items():
        role = {"officer": "officer", "reviewer": "reviewer", "observer": "observer"}.get(user.role)
        if role is None:
            continue
        actor = {"role": role, "username": name, "token": api_token(user)}
        if role == "officer":
            actor["party"] = user.party.code
        found.append(actor)
    return found


def test_the_load_mix_runs_without_a_single_failure(live_server, cast, file_claim, tmp_path):
    for _ in range(3):
        file_claim("verified")  # something for observers to list, open and export
    stats = tmp_path / "load"
    started = timezone.now()
    run = subprocess.run(
        [
            locust_executable(),
            "-f",
            str(REPO / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(USERS),
            "--run-time",
            f"{SECONDS}s",
            "--stop-timeout",
            "10",
            "--host",
            live_server.url,
            "--csv",
            str(stats),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=REPO,
        env={**os.environ, "LOAD_ACTORS": json.dumps(actors(cast))},
        capture_output=True,
        text=True,
        timeout=SECONDS + 90,
    )

    table = Path(f"{stats}_stats.csv").read_text().splitlines()
    rows = {row["Name"]: row for row in csv.DictReader(table)}
    failures = Path(f"{stats}_failures.csv").read_text()
    total = rows["Aggregated"]
    assert int(total["Failure Count"]) == 0, failures
    assert run.returncode == 0, run.stderr[-3000:]
    assert int(total["Request Count"]) >= 30
    for name in ("file a claim", "submit a claim", "claim review", "list verified"):
        assert int(rows[name]["Request Count"]) > 0, name
    # Reviewers acted on claims filed during the run.
    assert Finding.objects.filter(recorded_at__gte=started).exists()
