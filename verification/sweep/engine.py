"""The sweep's engine: a kind of deadline declared once (`DeadlineKind`), and
`sweep_deadline`, which flags every row of that kind whose deadline passed, in bulk, with
its audit events and notifications."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from audit.batch import audit_record_batch
from notifications.services import notify_many

# The key of `people` under which the secretariat's users are listed.
SECRETARIAT = "secretariat"
# Ids per UPDATE: within SQLite's limit on bound parameters; one statement below that.
UPDATE_BATCH = 30_000
# References listed in one notification; past that, how many more.
LISTED = 200


@dataclass
class SweepReport:
    """What one sweep flagged (would flag, on a dry run), by report key, in the order the
    steps ran, and how many notifications it wrote."""

    as_of: datetime
    dry_run: bool
    flagged: dict[str, list[str]] = field(default_factory=dict)
    notifications: int = 0
    paused: bool = False  # the mechanism was frozen (core.site_mode): nothing was flagged

    @property
    def total(self) -> int:
        return sum(len(refs) for refs in self.flagged.values())


@dataclass(frozen=True)
class DeadlineKind:
    """A kind of deadline the sweep flags once per row: the rows, the flag, the audit event
    and who is told. Field names are the model's (paths such as `commitment__reference`
    where the rows are read with the ORM)."""

    name: str  # the payload's "deadline" and the notification's kind, `overdue_<name>`
    model: type
    subject_type: str  # of the audit events and the notifications
    due_field: str  # when the deadline fell due, for the payload
    flag_field: str  # set to the sweep's `as_of`, once
    action: str  # of the audit events
    statuses: tuple[str, ...] = ()  # the row's status is one of these (any when empty)
    conditions: tuple[tuple[str, object], ...] = ()  # further lookups on the row
    # (queryset, as_of) -> the rows whose deadline passed; by default `due_field <= as_of`.
    passed: Callable | None = None
    # True: one UPDATE ... RETURNING, which re-checks a row another transaction holds against
    # its committed version; every condition must then be a column of the row (`passed`
    # unset, conditions `<column>__isnull=True`). False: a locking SELECT (joins and
    # subqueries allowed), then one UPDATE by id.
    returning: bool = False
    key: str = ""  # the report's key; the name when empty
    reference: str = "reference"  # what the event and the notification show
    subject: str = "id"  # the audit event's subject_id
    audit_status: bool = False  # the event records the row's status as from and to status
    due_key: str = "due_at"  # the payload's name for the due value
    payload_deadline: bool = True  # the payload names the deadline
    # Who is told: the officers of the parties in these columns of each row, of every party,
    # the open assignments' reviewers of each row ((assignment model, link)), and the
    # secretariat (of every row).
    parties: tuple[str, ...] = ()
    all_parties: bool = False
    reviewers: tuple[type, str] | None = None
    secretariat: bool = True
    # The notification's kind when not `overdue_<name>`; its sentence, counted by the rows
    # that person hears of, is in notifications.messages.
    notification: str = ""

    @property
    def report_key(self) -> str:
        return self.key or self.name

    def pending(self, *, as_of):
        """The rows whose deadline passed by `as_of` and that are not flagged yet."""
        unflagged = self.model.objects.filter(**{f"{self.flag_field}__isnull": True})
        return self.filter(unflagged, as_of=as_of)

    def filter(self, queryset, *, as_of):
        """The rows whose deadline of this kind passed by `as_of`, flagged or not."""
        queryset = queryset.filter(**dict(self.conditions))
        if self.statuses:
            queryset = queryset.filter(status__in=self.statuses)
        if self.passed is not None:
            return self.passed(queryset, as_of)
        return queryset.filter(**{f"{self.due_field}__lte": as_of})

    def columns(self) -> list[str]:
        """What is read back of each flagged row, once each, the id first."""
        status = ["status"] if self.audit_status else []
        names = ["id", self.subject, self.reference, *status, self.due_field, *self.parties]
        return list(dict.fromkeys(names))

    def payload(self, as_of) -> dict:
        """The audit event's payload but for when the row's deadline fell due (under
        `due_key`, which varies by row): the deadline and when the sweep ran."""
        head = {"deadline": self.name} if self.payload_deadline else {}
        return {**head, "as_of": as_of}


def sweep_deadline(kind: DeadlineKind, *, as_of, report: SweepReport, dry_run: bool, people):
    """Flag every row of `kind` whose deadline passed by `as_of` and is not flagged yet:
    one statement sets the flags (two where it locks first), one insert appends an audit
    event per flag and one a notification per person concerned. Records the flagged
    references under the kind's report key (what would be flagged, on a dry run, which
    writes nothing). A row flagged once is never flagged again."""
    key = kind.report_key
    if dry_run:
        pending = kind.pending(as_of=as_of).order_by("pk")
        report.flagged[key] = list(pending.values_list(kind.reference, flat=True))
        return
    rows = (
        _update_returning(kind, as_of=as_of)
        if kind.returning
        else _lock_and_update(kind, as_of=as_of)
    )
    at = {name: i for i, name in enumerate(kind.columns())}
    reference = at[kind.reference]
    references = [row[reference] for row in rows]
    report.flagged[key] = references
    if not rows:
        return
    _record_events(kind, rows, at, as_of=as_of)
    recipients = _recipients(kind, rows, at, references, people=people, as_of=as_of)
    report.notifications += notify_many(
        [
            dict(
                user_id=uid,
                kind=kind.notification or f"overdue_{kind.name}",
                params={
                    "n": len(refs),
                    "record": kind.subject_type,
                    "refs": refs[:LISTED],
                    "more": max(len(refs) - LISTED, 0),
                },
                subject_type=kind.subject_type,
                subject_ref=refs[0] if len(refs) == 1 else "",
            )
            for uid, refs in sorted(recipients.items())
        ]
    )


def _record_events(kind: DeadlineKind, rows: list[tuple], at: dict[str, int], *, as_of) -> None:
    """One audit event per flag, by the system, in the rows' order, in one batch."""
    subject, reference, due = at[kind.subject], at[kind.reference], at[kind.due_field]
    if kind.audit_status:
        status = at["status"]
        events = [(r[subject], r[reference], r[status], r[status], r[due]) for r in rows]
    else:
        events = [(r[subject], r[reference], "", "", r[due]) for r in rows]
    audit_record_batch(
        action=kind.action,
        subject_type=kind.subject_type,
        rows=events,
        payload=kind.payload(as_of),
        varying=(kind.due_key,),
    )


def _recipients(
    kind: DeadlineKind,
    rows: list[tuple],
    at: dict[str, int],
    references: list[str],
    *,
    people,
    as_of,
) -> dict[int, list[str]]:
    """{user id: the references that person is told of}, in the rows' order."""
    reviewers = defaultdict(list)
    if kind.reviewers is not None:
        assignment_model, link = kind.reviewers
        for pk, reviewer_id in assignment_model.objects.filter(
            **{f"{link}__in": kind.model.objects.filter(**{kind.flag_field: as_of})},
            ended_at__isnull=True,
        ).values_list(f"{link}_id", "reviewer_id"):
            reviewers[pk].append(reviewer_id)
    officers = [uid for key, uids in people.items() if key != SECRETARIAT for uid in uids]
    parties = [at[column] for column in kind.parties]
    recipients: dict[int, list[str]] = defaultdict(list)
    if reviewers or parties or (kind.all_parties and officers):
        ident = at["id"]
        for row, ref in zip(rows, references, strict=True):
            targets = set(reviewers.get(row[ident], ()))
            if kind.all_parties:
                targets.update(officers)
            for column in parties:
                targets.update(people.get(row[column], ()))
            for uid in targets:
                recipients[uid].append(ref)
    if kind.secretariat:
        for uid in people.get(SECRETARIAT, ()):
            recipients[uid] = list(references)
    return recipients


def _lock_and_update(kind: DeadlineKind, *, as_of) -> list[tuple]:
    """Lock the rows to flag, then flag them by id; the rows (`kind.columns()`) in id
    order. A concurrent sweep waits on the locks, then finds them flagged."""
    pending = kind.pending(as_of=as_of).select_for_update(of=("self",)).order_by("pk")
    rows = list(pending.values_list(*kind.columns()))
    ids = [row[0] for row in rows]
    for start in range(0, len(ids), UPDATE_BATCH):
        kind.model.objects.filter(pk__in=ids[start : start + UPDATE_BATCH]).update(
            **{kind.flag_field: as_of}
        )
    return rows


def _update_returning(kind: DeadlineKind, *, as_of) -> list[tuple]:
    """Flag every qualifying row in one UPDATE ... RETURNING; the rows (`kind.columns()`)
    in id order.

    One statement takes the row locks and writes the flag. A row another transaction holds
    (a reply, a finding) is re-checked against its committed version before it is flagged,
    which is why every condition is a column of the row itself.
    """
    if kind.passed is not None:
        raise ValueError(f"{kind.name}: a RETURNING sweep takes column conditions only")
    table = kind.model._meta.db_table

    def column(name):
        return connection.ops.quote_name(kind.model._meta.get_field(name).column)

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
    names = kind.columns()
    sql = (
        f"UPDATE {table} SET {column(kind.flag_field)} = %s "  # noqa: S608  (names from the model)  # nosec B608  # table and column names from the model's _meta
        f"WHERE {' AND '.join(where)} RETURNING {', '.join(column(n) for n in names)}"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner multiplies the selectivities of status, flag and due date as if
            # independent and expects a large share of the table, so it scans it all;
            # the partial index holds only the records still waiting on this deadline.
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
    rows.sort()  # by id, the first column: unique, so no further column is compared
    if connection.vendor != "postgresql":
        due = names.index(kind.due_field)
        rows = [(*row[:due], _aware(row[due]), *row[due + 1 :]) for row in rows]
    return rows


def _aware(value):
    """RETURNING bypasses the ORM's converters: SQLite gives text back (PostgreSQL gives
    aware datetimes)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value
