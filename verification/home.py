"""The home page's sections for any reviewed record (claims, action reports): what awaits
an officer's party, a reviewer's queue, the secretariat's unassigned and overdue work.

Each app registers its own sections with core.home, naming its record type, titles and
pages; the reads here start from the record type's one visibility entry point.
"""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from core.home import ROWS, HomeRow, HomeSection

from .review import Reviewable
from .selectors import reviewer_queue
from .statuses import OPEN_STATUSES, Status

OVERDUE = (
    Q(assignment_overdue_at__isnull=False)
    | Q(reply_overdue_at__isnull=False)
    | Q(findings_overdue_at__isnull=False)
)


def _replied(reviewable: Reviewable):
    return Exists(reviewable.reply_model.objects.filter(**{reviewable.link: OuterRef("pk")}))


def _row(record, *, reviewable, url_name, due=None, due_label="", acts_from=None, overdue=False):
    return HomeRow(
        reference=record.reference,
        url=reverse(url_name, args=[record.reference]),
        summary=reviewable.summary(record),
        due=due,
        due_label=due_label,
        acts_from=acts_from,
        overdue=overdue,
    )


def _section(key, title, records, *, row, **kw):
    return HomeSection(
        key=key,
        title=title,
        count=records.count(),
        rows=[row(record) for record in records[:ROWS]],
        **kw,
    )


def replies_due(user, now, *, reviewable: Reviewable, url_name: str, key: str, title: str, **kw):
    """Records against the officer's party whose reply window is open and unanswered."""
    if user.role != Role.OFFICER:
        return None
    answering = reviewable.party_columns[1]
    records = (
        reviewable.visible_to(user)
        .filter(
            ~_replied(reviewable),
            status=Status.UNDER_REVIEW,
            reply_due_at__gte=now,
            reply_overdue_at__isnull=True,
            **{f"{answering}_id": user.party_id},
        )
        .select_related(*reviewable.select_related)
        .order_by("reply_due_at", "pk")
    )
    return _section(
        key,
        title,
        records,
        row=lambda r: _row(
            r,
            reviewable=reviewable,
            url_name=url_name,
            due=r.reply_due_at,
            due_label=_("Reply due"),
        ),
        **kw,
    )


def drafts(user, now, *, reviewable: Reviewable, url_name: str, key: str, title: str, **kw):
    """The officer's party's drafts (never the other party's: they are not visible)."""
    if user.role != Role.OFFICER:
        return None
    filing = reviewable.party_columns[0]
    records = (
        reviewable.visible_to(user)
        .filter(status=Status.DRAFT, **{f"{filing}_id": user.party_id})
        .select_related(*reviewable.select_related)
        .order_by("-pk")
    )
    return _section(
        key,
        title,
        records,
        row=lambda r: _row(r, reviewable=reviewable, url_name=url_name),
        **kw,
    )


def queue(user, now, *, reviewable: Reviewable, url_name: str, key: str, title: str, **kw):
    """The reviewer's queue: each record's findings deadline and, while the answering
    party may still reply, the moment a finding may be recorded (the end of that window)."""
    if user.role != Role.REVIEWER:
        return None
    records = reviewer_queue(user=user, reviewable=reviewable).annotate(
        replied=_replied(reviewable)
    )

    def row(r):
        waiting = (
            not r.replied
            and r.reply_overdue_at is None
            and r.reply_due_at is not None
            and r.reply_due_at > now
        )
        return _row(
            r,
            reviewable=reviewable,
            url_name=url_name,
            due=r.findings_due_at,
            due_label=_("Findings due"),
            acts_from=r.reply_due_at if waiting else None,
            overdue=bool(r.findings_overdue_at or r.reply_overdue_at),
        )

    return _section(key, title, records, row=row, actionable=True, **kw)


def unassigned(user, now, *, reviewable: Reviewable, url_name: str, key: str, title: str, **kw):
    """Submitted records that wait for their reviewers, by assignment deadline."""
    if user.role != Role.SECRETARIAT:
        return None
    records = (
        reviewable.visible_to(user)
        .filter(status=Status.SUBMITTED)
        .select_related(*reviewable.select_related)
        .order_by("assignment_due_at", "pk")
    )
    return _section(
        key,
        title,
        records,
        row=lambda r: _row(
            r,
            reviewable=reviewable,
            url_name=url_name,
            due=r.assignment_due_at,
            due_label=_("Assignment due"),
            overdue=r.assignment_overdue_at is not None,
        ),
        **kw,
    )


def _missed(record):
    for label, due, flag in (
        (_("Assignment due"), record.assignment_due_at, record.assignment_overdue_at),
        (_("Reply due"), record.reply_due_at, record.reply_overdue_at),
        (_("Findings due"), record.findings_due_at, record.findings_overdue_at),
    ):
        if flag is not None:
            return label, due
    return "", None


def overdue(user, now, *, reviewable: Reviewable, url_name: str, key: str, title: str, **kw):
    """Open records the sweep flagged overdue, nearest findings deadline first."""
    if user.role != Role.SECRETARIAT:
        return None
    records = (
        reviewable.visible_to(user)
        .filter(OVERDUE, status__in=OPEN_STATUSES)
        .select_related(*reviewable.select_related)
        .order_by("findings_due_at", "pk")
    )

    def row(r):
        label, due = _missed(r)
        return _row(
            r, reviewable=reviewable, url_name=url_name, due=due, due_label=label, overdue=True
        )

    return _section(key, title, records, row=row, **kw)
