"""`make bench`: the mechanism at a million claims, beside its baselines, in one table.

Against PostgreSQL (BENCH_DATABASE_URL, default a `ceasefire_bench` database on
127.0.0.1), seeded once to BENCH_CLAIMS claims (default 1,000,000). Starts the app and
the raw baseline (bench/raw_app.py) under gunicorn with the same worker count, loads
them with wrk, and prints every figure with its goal. Nothing here is a test: the
figures are what this machine did in this run.

    make bench                        # everything
    BENCH_ONLY=list,sweep make bench  # some rows (list, deep, search, export, record, report,
                                      # dashboard, filing, load, sweep, evidence, links)
    BENCH_ONLY=evidence BENCH_IMAGES=1000000 make bench  # the image lookup and re-scan
                                      # (bench/evidence.py)
    BENCH_ONLY=sweep BENCH_SEEDED=1 make bench  # a run again on a seeded database
    BENCH_PROFILE=1 make bench        # also under cProfile: the sweep, and the list, deep
                                      # page and dashboard requests in process; summaries
                                      # by cumulative and own time in .run/bench/
                                      # <row>-profile.txt (the sweep's timed figure then
                                      # includes the profiler's cost, the baseline does
                                      # not; a request's figures are taken without it)
    make load                         # only the locust mix (bench/locustfile.py)
"""

import time

from bench.harness import (
    CLAIMS,
    ONLY,
    PASSWORD,
    ROWS,
    SEEDED,
    Row,
    collectstatic,
    django_setup,
    ensure_database,
    print_table,
    say,
    wanted,
)
from bench.lists import bench_lists
from bench.load import bench_load
from bench.sweep import bench_sweep


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
        # The demo's users and this run's password only: its last step (every waiting claim
        # assigned one at a time) is for a demo's hundred claims, not for a database whose
        # seeding skipped it, where it would assign tens of thousands by least load.
        call_command("seed_demo", password=PASSWORD, claims=0, no_settle=True)
    vacuum()


def vacuum() -> None:
    from django.db import connection

    from incidents.tally import tally_compact

    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load, done here because a server may run
        # without it (this machine's does): the seed's updates, or an earlier run's, leave
        # dead row versions that every later scan would read, which is not the state
        # being measured (820,854 dead index entries for 766 live assignments once made
        # each submission's reviewer pick take a second).
        cursor.execute("VACUUM (ANALYZE)")
    # An earlier run's sweep flags 100,000 claims in one transaction, as the seed loads a
    # million: the tallies come out of it as seed_demo leaves them before its rewrite.
    tally_compact()


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


def sign_in_again() -> None:
    """On a seeded database (BENCH_SEEDED), this run's password for the accounts the rows
    sign in as (seed_demo sets it otherwise), without the demo's other steps."""
    from accounts.models import User

    users = list(User.objects.filter(is_active=True))
    for user in users:
        user.set_password(PASSWORD)
    User.objects.bulk_update(users, ["password"])


def main() -> None:
    ensure_database()
    django_setup()
    if SEEDED:
        sign_in_again()
        vacuum()
    else:
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
