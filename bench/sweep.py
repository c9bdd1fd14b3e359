"""The sweep rows of `make bench`: the deadline sweep over a hundred thousand claims
beside one UPDATE and COPY of the same rows, and a second run with nothing to flag."""

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
