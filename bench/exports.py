"""Export throughput and peak memory: GET /api/v1/incidents/export.csv and .geojson.

Seeds claims in a throwaway test database (SQLite in memory, or `test_<name>` on the
PostgreSQL that DATABASE_URL names), then streams each export through the full Django
stack twice: once for speed, once under tracemalloc for the peak of Python memory. It
measures at a quarter of the claims and at all of them: the exports stream, so the
peak should stay flat while the body grows.

    .venv/bin/python bench/exports.py [--claims 20000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ceasefire .venv/bin/python bench/exports.py
"""

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from accounts.models import User  # noqa: E402
from incidents.demo import seed_claims, seed_reference_data, seed_users  # noqa: E402
from incidents.models import Incident  # noqa: E402
from tests.factories import api_token  # noqa: E402

EXPORTS = {"CSV": "/api/v1/incidents/export.csv", "GeoJSON": "/api/v1/incidents/export.geojson"}


def stream(client, path) -> tuple[int, int]:
    """Read the whole export as a client would, keeping nothing: (bytes, chunks)."""
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code} {response.content[:200]!r}")
    size = chunks = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        chunks += 1
    return size, chunks


def measure(client, rows: int) -> None:
    for name, path in EXPORTS.items():
        started = time.perf_counter()
        size, chunks = stream(client, path)
        elapsed = time.perf_counter() - started
        tracemalloc.start()
        stream(client, path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{name:>8} {rows:>8} {size / 1e6:>9.1f} {chunks:>7} {elapsed:>7.2f}"
            f" {rows / elapsed:>9.0f} {size / 1e6 / elapsed:>6.1f} {peak / 1e6:>8.2f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--claims", type=int, default=20000)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        seed_reference_data()
        seed_users(password="bench-only")  # noqa: S106  # nosec B106  # password of a throwaway benchmark database
        secretariat = User.objects.filter(role="secretariat").first()
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(secretariat)}")
        print(f"Exports through the full stack, {connection.vendor}; peak is Python memory")
        print(
            f"{'format':>8} {'claims':>8} {'MB':>9} {'chunks':>7} {'seconds':>7}"
            f" {'claims/s':>9} {'MB/s':>6} {'peak MB':>8}"
        )
        quarter = args.claims // 4
        for target in (quarter, args.claims):
            seed_claims(count=target - Incident.objects.count())
            measure(client, Incident.objects.count())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
