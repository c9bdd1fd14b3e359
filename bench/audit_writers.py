"""Concurrent writers on the audit chain, on PostgreSQL.

Each simulated request runs one transaction: some work (a server-side sleep standing
in for the claim's own queries), then one audit append. The chain head is locked only
for the append and the commit, so throughput should grow with writers. For contrast, a
variant takes the same lock at the start of the transaction, which is what a global
lock would do to the whole application.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ceasefire_bench \
        .venv/bin/python bench/audit_writers.py [--work-ms 5] [--per-writer 40]
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from audit.services import _lock_head, audit_record, audit_verify_chain  # noqa: E402


def one_request(work_s: float, lock_first: bool, n: int) -> None:
    with transaction.atomic():
        if lock_first:
            _lock_head()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(%s)", [work_s])
        audit_record(
            actor=None, action="bench", subject_type="bench", subject_id=n, subject_ref=f"B-{n}"
        )


def run(writers: int, per_writer: int, work_s: float, lock_first: bool) -> float:
    barrier = threading.Barrier(writers)
    errors = []

    def worker(w):
        try:
            barrier.wait()
            for i in range(per_writer):
                one_request(work_s, lock_first, w * 10_000 + i)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(writers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} writer errors, first: {errors[0]!r}")
    return writers * per_writer / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work-ms", type=float, default=5.0)
    parser.add_argument("--per-writer", type=int, default=40)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Run against PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)
    work = args.work_ms / 1000
    print(f"Audit appends/s, each transaction doing {args.work_ms:g} ms of work first")
    print(f"{'writers':>8} {'lock at append':>15} {'lock at start':>14}")
    for writers in (1, 4, 16):
        at_end = run(writers, args.per_writer, work, lock_first=False)
        at_start = run(writers, args.per_writer, work, lock_first=True)
        print(f"{writers:>8} {at_end:>15.0f} {at_start:>14.0f}")
    report = audit_verify_chain()
    print(f"chain intact: {report.ok} ({report.count} events)")
    if not report.ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
