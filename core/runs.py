"""When a named background job last finished, and how long it took.

The worker's heartbeat and the deadline sweep record their runs here; /healthz reads the
heartbeat (a worker answered recently) and /metrics both. One row per job name, written
over at each run: a few bytes, whatever the number of runs.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.utils import timezone

from .models import JobRun

WORKER_HEARTBEAT = "worker_heartbeat"
SWEEP = "sweep"


def job_run_record(*, name: str, finished_at: datetime, duration: timedelta) -> JobRun:
    """Record that job `name` finished at `finished_at` after `duration` (one upsert)."""
    run, _ = JobRun.objects.update_or_create(
        name=name, defaults={"finished_at": finished_at, "duration": duration}
    )
    return run


@contextmanager
def job_run_timed(name: str) -> Iterator[None]:
    """Run the block and record it as a run of `name` when it completes; a block that
    raises records nothing, so the record always names the last run that finished."""
    started = time.monotonic()
    yield
    job_run_record(
        name=name,
        finished_at=timezone.now(),
        duration=timedelta(seconds=time.monotonic() - started),
    )


def job_runs_last() -> dict[str, JobRun]:
    """Every job's last run, by name (one query)."""
    return {run.name: run for run in JobRun.objects.all()}


def job_run_last(name: str) -> JobRun | None:
    return JobRun.objects.filter(name=name).first()
