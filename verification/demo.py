"""The demo's last step: the review's own rules run over what the seed made, so that no
record the demo shows contradicts them.

The seed writes its records in bulk, as a history, without the services that would have
named their reviewers or flagged their deadlines. Here every record past assignment gets
its reviewers (the demo's reviewer of each co-chair, from the time it was assigned), every
record still waiting for one is assigned by the secretariat through the real service, and
then the sweep runs once at the present time."""

from itertools import cycle

from django.db import transaction

from accounts.models import CoChair, Role, User

from .review import REVIEWABLES
from .services import review_assign
from .statuses import DECIDED_STATUSES, Status
from .sweep.steps import run_sweep

# Statuses a record reaches only once its reviewers are named.
ASSIGNED_STATUSES = (Status.UNDER_REVIEW, Status.DISPUTED, *DECIDED_STATUSES)


def _reviewers_by_cochair() -> dict[int, cycle]:
    """Each co-chair's active reviewers, in turn (the demo has one each)."""
    reviewers: dict[int, list[int]] = {}
    for pk, cochair_id in (
        User.objects.filter(role=Role.REVIEWER, is_active=True)
        .order_by("pk")
        .values_list("pk", "cochair_id")
    ):
        reviewers.setdefault(cochair_id, []).append(pk)
    return {cochair_id: cycle(pks) for cochair_id, pks in reviewers.items()}


def name_missing_reviewers() -> int:
    """Assignment rows for every record in review or decided that has none, dated when
    the record was assigned; how many records were given reviewers."""
    turns = _reviewers_by_cochair()
    cochairs = list(CoChair.objects.order_by("pk").values_list("pk", flat=True))
    if any(cochair_id not in turns for cochair_id in cochairs):
        return 0
    given = 0
    for spec in REVIEWABLES.values():
        related = spec.related_name(spec.assignment_model)
        records = (
            spec.model.objects.filter(status__in=ASSIGNED_STATUSES, **{f"{related}__isnull": True})
            .order_by("pk")
            .values_list("pk", "assigned_at", "submitted_at")
        )
        rows = [
            spec.assignment_model(
                **{f"{spec.link}_id": pk},
                cochair_id=cochair_id,
                reviewer_id=next(turns[cochair_id]),
                assigned_at=assigned_at or submitted_at,
            )
            for pk, assigned_at, submitted_at in records.iterator(chunk_size=5000)
            for cochair_id in cochairs
        ]
        spec.assignment_model.objects.bulk_create(rows, batch_size=5000)
        given += len(rows) // max(len(cochairs), 1)
    return given


def assign_waiting(actor) -> int:
    """The secretariat assigns every submitted record still without reviewers, by least
    load, as it would from its assignment page; how many."""
    assigned = 0
    for spec in REVIEWABLES.values():
        for record in spec.model.objects.filter(status=Status.SUBMITTED).order_by("pk"):
            review_assign(actor=actor, record=record)
            assigned += 1
    return assigned


def settle(*, log=None) -> dict:
    """Name the missing reviewers, assign what waits, then sweep once."""
    secretariat = User.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("pk").first()
    with transaction.atomic():
        given = name_missing_reviewers()
        assigned = assign_waiting(secretariat) if secretariat else 0
    report = run_sweep()
    settled = {"reviewers_named": given, "assigned": assigned, "flagged": report.total}
    if log:
        log(
            f"Settled: reviewers named on {given} records, {assigned} waiting records "
            f"assigned, {report.total} deadlines flagged by the sweep."
        )
    return settled
