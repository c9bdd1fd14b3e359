"""The deadline sweep: one function behind the beat job and `manage.py flag_overdue`.

Each kind of deadline is one bulk step: select the claims whose deadline passed and
that are not flagged yet, set the flag with one UPDATE, append one audit event per flag
in one insert, and write one notification per person concerned. Everything happens in
one transaction: a worker killed mid-sweep leaves nothing half-done, and the next run
completes it. Other apps register their own steps (the meeting agenda, compliance).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import Role, User
from audit.services import audit_record_many
from notifications.services import notify_many

from .review import REVIEWABLES, Reviewable
from .statuses import Status


@dataclass
class SweepReport:
    as_of: datetime
    dry_run: bool
    flagged: dict[str, list[str]] = field(default_factory=dict)
    notifications: int = 0

    @property
    def total(self) -> int:
        return sum(len(refs) for refs in self.flagged.values())


@dataclass(frozen=True)
class DeadlineKind:
    name: str
    due_field: str
    flag_field: str
    statuses: tuple[str, ...]
    action: str
    title: str
    notify_accused: bool = False
    notify_reporter: bool = False
    notify_reviewers: bool = False
    notify_secretariat: bool = False
    # Further conditions on the claim's own columns (never a subquery: see _flag).
    conditions: tuple[tuple[str, object], ...] = ()

    def filter(self, queryset, *, as_of):
        """The claims whose deadline of this kind passed by `as_of`, flagged or not."""
        return queryset.filter(
            status__in=self.statuses, **{f"{self.due_field}__lte": as_of}, **dict(self.conditions)
        )


DEADLINES = [
    DeadlineKind(
        name="assignment",
        due_field="assignment_due_at",
        flag_field="assignment_overdue_at",
        statuses=(Status.SUBMITTED,),
        action="flagged_assignment_overdue",
        title="{n} {noun}(s) not assigned in time",
        notify_secretariat=True,
    ),
    DeadlineKind(
        name="reply",
        due_field="reply_due_at",
        flag_field="reply_overdue_at",
        statuses=(Status.UNDER_REVIEW, Status.DISPUTED),
        action="reply_window_closed",
        title="Reply window closed, no reply received on {n} {noun}(s)",
        notify_accused=True,
        notify_reporter=True,
        notify_reviewers=True,
        conditions=(("replied_at__isnull", True),),
    ),
    DeadlineKind(
        name="findings",
        due_field="findings_due_at",
        flag_field="findings_overdue_at",
        statuses=(Status.SUBMITTED, Status.UNDER_REVIEW),
        action="flagged_findings_overdue",
        title="{n} {noun}(s) passed the findings deadline",
        notify_reviewers=True,
        notify_secretariat=True,
    ),
]

# Steps other apps add: callables (as_of, report, dry_run) -> None, run in the same transaction.
EXTRA_STEPS: list[Callable] = []


def register_step(step: Callable) -> Callable:
    if step not in EXTRA_STEPS:
        EXTRA_STEPS.append(step)
    return step


def _people_by_party() -> dict[int, list[int]]:
    people = defaultdict(list)
    for pk, party_id in User.objects.filter(role=Role.OFFICER, is_active=True).values_list(
        "pk", "party_id"
    ):
        people[party_id].append(pk)
    return people


def _report_key(kind: DeadlineKind, spec: Reviewable) -> str:
    """Claims' flags under the kind's name; other records' under `<subject>_<kind>`."""
    return kind.name if spec.subject_type == "incident" else f"{spec.subject_type}_{kind.name}"


def _flag(
    kind: DeadlineKind, spec: Reviewable, *, as_of, report: SweepReport, dry_run: bool, people
) -> None:
    key = _report_key(kind, spec)
    candidates = kind.filter(spec.model.objects.all(), as_of=as_of).filter(
        **{f"{kind.flag_field}__isnull": True}
    )
    if dry_run:
        report.flagged[key] = list(candidates.order_by("pk").values_list("reference", flat=True))
        return
    rows = _update_returning(kind, spec, as_of=as_of)
    report.flagged[key] = [r[1] for r in rows]
    if not rows:
        return
    audit_record_many(
        [
            dict(
                actor=None,
                action=kind.action,
                subject_type=spec.subject_type,
                subject_id=pk,
                subject_ref=ref,
                from_status=status,
                to_status=status,
                payload={"deadline": kind.name, "due_at": due, "as_of": as_of},
            )
            for pk, ref, status, _, _, due in rows
        ]
    )
    recipients: dict[int, list[str]] = defaultdict(list)
    reviewers_by_claim = defaultdict(list)
    if kind.notify_reviewers:
        for incident_id, reviewer_id in spec.assignment_model.objects.filter(
            **{f"{spec.link}__in": spec.model.objects.filter(**{kind.flag_field: as_of})},
            ended_at__isnull=True,
        ).values_list(f"{spec.link}_id", "reviewer_id"):
            reviewers_by_claim[incident_id].append(reviewer_id)
    for pk, ref, _, reporter, accused, _ in rows:
        targets = []
        if kind.notify_accused:
            targets += people.get(accused, [])
        if kind.notify_reporter:
            targets += people.get(reporter, [])
        targets += reviewers_by_claim.get(pk, [])
        for uid in set(targets):
            recipients[uid].append(ref)
    if kind.notify_secretariat:
        for uid in people.get("secretariat", []):
            recipients[uid] = [r[1] for r in rows]
    report.notifications += notify_many(
        [
            dict(
                user_id=uid,
                kind=f"overdue_{kind.name}",
                title=kind.title.format(n=len(refs), noun=spec.noun),
                body="\n".join(refs[:200])
                + (f"\n... and {len(refs) - 200} more" if len(refs) > 200 else ""),
                subject_type=spec.subject_type,
                subject_ref=refs[0] if len(refs) == 1 else "",
            )
            for uid, refs in sorted(recipients.items())
        ]
    )


def _update_returning(kind: DeadlineKind, spec: Reviewable, *, as_of) -> list[tuple]:
    """Flag every qualifying claim in one UPDATE ... RETURNING; rows in id order.

    One statement takes the row locks and writes the flag. A claim whose row another
    transaction holds (a reply, a finding) is re-checked against its committed version
    before it is flagged, which is why every condition is a column of the claim itself.
    """
    table = spec.model._meta.db_table

    def column(name):
        return connection.ops.quote_name(spec.model._meta.get_field(name).column)

    where = [
        f"{column('status')} IN ({', '.join(['%s'] * len(kind.statuses))})",
        f"{column(kind.due_field)} <= %s",
        f"{column(kind.flag_field)} IS NULL",
    ]
    params = [as_of, *kind.statuses, as_of]
    for lookup, value in kind.conditions:
        name, _, op = lookup.partition("__")
        if op != "isnull" or value is not True:
            raise ValueError(f"unsupported sweep condition {lookup}")
        where.append(f"{column(name)} IS NULL")
    returning = ", ".join(
        column(n) for n in ("id", "reference", "status", *spec.party_columns, kind.due_field)
    )
    sql = (
        f"UPDATE {table} SET {column(kind.flag_field)} = %s "  # noqa: S608  (names from the model)  # nosec B608  # table and column names from the model's _meta
        f"WHERE {' AND '.join(where)} RETURNING {returning}"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner multiplies the selectivities of status, flag and due date as if
            # independent and expects a large share of the table, so it scans it all;
            # the partial index holds only the claims still waiting on this deadline.
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            sql,
            [
                connection.ops.adapt_datetimefield_value(p) if isinstance(p, datetime) else p
                for p in params
            ],
        )
        rows = cursor.fetchall()
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
    return sorted((pk, ref, status, rp, ap, _aware(due)) for pk, ref, status, rp, ap, due in rows)


def _aware(value):
    """RETURNING bypasses the ORM's converters: SQLite gives text back."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def run_sweep(*, as_of: datetime | None = None, dry_run: bool = False) -> SweepReport:
    """Flag every passed deadline once, close lapsed reply windows, notify, and run the
    registered steps. Idempotent: a second run at the same time flags nothing."""
    as_of = as_of or timezone.now()
    report = SweepReport(as_of=as_of, dry_run=dry_run)
    with transaction.atomic():
        people = _people_by_party()
        people["secretariat"] = list(
            User.objects.filter(role=Role.SECRETARIAT, is_active=True).values_list("pk", flat=True)
        )
        for spec in list(REVIEWABLES.values()):
            for kind in DEADLINES:
                _flag(kind, spec, as_of=as_of, report=report, dry_run=dry_run, people=people)
        for step in EXTRA_STEPS:
            step(as_of=as_of, report=report, dry_run=dry_run)
    return report
