"""What a sweep runs, in order: the review's deadlines on every reviewable record type,
then the steps other apps register."""

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from audit.deferral import audit_appends_last
from core import site_mode

from ..review import REVIEWABLES
from .deadlines import DEADLINES
from .engine import SECRETARIAT, DeadlineKind, SweepReport, sweep_deadline

# What runs after the review's deadlines, in order, in the same transaction: deadline
# kinds, or callables (as_of, report, dry_run) -> None.
STEPS: list = []


def register_step(step: DeadlineKind | Callable) -> DeadlineKind | Callable:
    """Run `step` in every sweep from now on, after the steps registered before it (once,
    however often it is registered)."""
    if step not in STEPS:
        STEPS.append(step)
    return step


def _people() -> dict:
    """Active officers' ids by party id, and the secretariat's under SECRETARIAT."""
    people = defaultdict(list)
    for pk, party_id in User.objects.filter(role=Role.OFFICER, is_active=True).values_list(
        "pk", "party_id"
    ):
        people[party_id].append(pk)
    people[SECRETARIAT] = list(
        User.objects.filter(role=Role.SECRETARIAT, is_active=True).values_list("pk", flat=True)
    )
    return people


def deadline_kinds() -> list[DeadlineKind]:
    """Every kind of deadline the sweep flags: the review's on each reviewable record
    type, then the registered ones."""
    review = [d.for_record(spec) for spec in list(REVIEWABLES.values()) for d in DEADLINES]
    return review + [step for step in STEPS if isinstance(step, DeadlineKind)]


def run_sweep(*, as_of: datetime | None = None, dry_run: bool = False) -> SweepReport:
    """Flag every passed deadline once, close lapsed reply windows, notify, and run the
    registered steps, all in one transaction, with every audit event appended at its end.
    Idempotent: a second run at the same time flags nothing. Paused while the mechanism is
    frozen (read-only or no-access): the deadlines stop with it, and are moved on when it
    thaws (`extend_open_deadlines`)."""
    as_of = as_of or timezone.now()
    report = SweepReport(as_of=as_of, dry_run=dry_run)
    if site_mode.current().is_frozen:
        report.paused = True
        return report
    # Every step changes its rows first; the events of all of them are appended at the
    # end (audit.deferral), so the sweep waits on no row while it holds the chain head.
    with transaction.atomic(), audit_appends_last():
        people = _people()
        for spec in list(REVIEWABLES.values()):
            for deadline in DEADLINES:
                kind = deadline.for_record(spec)
                sweep_deadline(kind, as_of=as_of, report=report, dry_run=dry_run, people=people)
        for step in STEPS:
            if isinstance(step, DeadlineKind):
                sweep_deadline(step, as_of=as_of, report=report, dry_run=dry_run, people=people)
            else:
                step(as_of=as_of, report=report, dry_run=dry_run)
    return report
