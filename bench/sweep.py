"""The sweep rows of `make bench`: the deadline sweep over a hundred thousand claims
beside one UPDATE and COPY of the same rows, and a second run with nothing to flag."""

import secrets
import time

from bench.harness import (
    DATABASE_URL,
    PROFILE,
    PROFILE_DIR,
    ROWS,
    SWEEP_CLAIMS,
    Row,
    say,
    write_profile,
)


def bench_sweep() -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from incidents.models import Incident
    from verification.statuses import Status
    from verification.sweep import run_sweep

    now = timezone.now()
    say("catching up: flagging what the seed left past its deadlines (not timed)")
    run_sweep(as_of=now)
    # What autovacuum's analyze does after the catch-up's writes (this server runs without
    # it): with the statistics of before, the planner took the referrals' 44,512 agenda
    # entries for one and walked them a row at a time.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
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

    # Baseline: one UPDATE of the same rows and one COPY of as many audit rows into the
    # audit table itself (its unique indexes on sequence, hash and previous hash and its
    # subject index, as the sweep's rows go), each row's hashes and salt distinct as the
    # chain's are. Run twice, rolled back and vacuumed away each time: the first reads
    # the audit table's indexes into the cache (the sweep, run after it, finds them
    # there), the second is the figure.
    times = []
    for _ in range(2):
        times.append(baseline_write(ids, now))
        with connection.cursor() as cursor:
            cursor.execute("VACUUM incidents_incident")
            cursor.execute("VACUUM audit_auditevent")
    cold, baseline = times

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
        write_profile(
            profiler,
            PROFILE_DIR / "sweep-profile.txt",
            title=f"sweep of {SWEEP_CLAIMS:,} claims: {first:.1f} s under cProfile; "
            f"baseline {baseline:.1f} s (not profiled)",
        )
    started = time.perf_counter()
    again = run_sweep(as_of=now)
    second = time.perf_counter() - started
    flagged = len(report.flagged.get("findings", []))
    ROWS.append(
        Row(
            f"sweep, {SWEEP_CLAIMS:,} claims past the findings deadline",
            f"{first:.1f} s, {cpu:.1f} s of it in this process "
            f"({flagged:,} flagged, {report.notifications} notifications)",
            f"one UPDATE + COPY of as many audit rows: {baseline:.1f} s (first, cold: {cold:.1f} s); "
            f"ratio {first / baseline:.1f}×",
            "within 1.5× of the baseline",
            first <= 1.5 * baseline and flagged == len(ids),
            limit=(
                f"{second:.1f} s of the {first:.1f} s is what a sweep costs with nothing to "
                "flag (every kind's statement and the agenda step's query of candidates); "
                "the rest is the flags' UPDATE and the audit rows' COPY, as in the baseline, "
                "and building the chain's hashes in Python"
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


def baseline_write(ids: list[int], now) -> float:
    """Seconds for one UPDATE of the flags of `ids` and one COPY of as many audit rows,
    rolled back."""
    import psycopg

    from audit.services import EVENT_COLUMNS

    with psycopg.connect(DATABASE_URL.replace("postgres://", "postgresql://", 1)) as conn:
        head = conn.execute("SELECT sequence FROM audit_chainhead WHERE id = 1").fetchone()[0]
        columns = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
        started = time.perf_counter()
        conn.execute(
            "UPDATE incidents_incident SET findings_overdue_at = now() WHERE id = ANY(%s)", [ids]
        )
        row = {
            "occurred_at": now,
            "actor_id": None,
            "action": "flagged_findings_overdue",
            "subject_type": "incident",
            "subject_ref": "PAK-2025-00001",
            "from_status": "",
            "to_status": "",
            "payload": '{"as_of":"2026-01-01T00:00:00Z","deadline":"findings"}',
        }
        hashes = secrets.token_hex(32 * (len(ids) + 1))
        with conn.cursor().copy(
            f"COPY audit_auditevent ({columns}) FROM STDIN"  # nosec B608  # model's columns
        ) as copy:
            for n, pk in enumerate(ids):
                row.update(
                    sequence=head + 1 + n,
                    subject_id=pk,
                    prev_hash=hashes[64 * n : 64 * (n + 1)],
                    hash=hashes[64 * (n + 1) : 64 * (n + 2)],
                    salt=hashes[64 * n : 64 * (n + 1)][::-1],
                    leaf_hash=hashes[64 * (n + 1) : 64 * (n + 2)][::-1],
                )
                copy.write_row([row[c] for c in EVENT_COLUMNS])
        seconds = time.perf_counter() - started
        conn.rollback()
    return seconds
