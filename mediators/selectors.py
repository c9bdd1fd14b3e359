"""Reads for review meetings: the next meeting and what belongs on an agenda."""

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import CoChair
from core.loaders import load_visible_or_404
from incidents.models import AccessDenial, AppealStatus, Finding, Incident, Reply
from verification.selectors import finding_visible_to
from verification.statuses import Status
from verification.sweep import DEADLINES

from .models import AgendaItem, AgendaReason, MeetingStatus, ReviewMeeting

LONG_OVERDUE = timedelta(days=7)


def meeting_get(*, user, meeting_id) -> ReviewMeeting | None:
    """A meeting by id; who may see meetings at all is the pages' and API's permission."""
    return ReviewMeeting.objects.filter(pk=meeting_id).first()


def meeting_or_404(request, meeting_id) -> ReviewMeeting:
    return load_visible_or_404(
        meeting_get, user=request.user, noun="meeting", meeting_id=meeting_id
    )


def meeting_next(*, as_of=None) -> ReviewMeeting | None:
    as_of = as_of or timezone.now()
    return (
        ReviewMeeting.objects.filter(status=MeetingStatus.SCHEDULED, scheduled_for__gte=as_of)
        .order_by("scheduled_for", "pk")
        .first()
    )


def meeting_after(meeting: ReviewMeeting) -> ReviewMeeting | None:
    """The scheduled meeting that follows `meeting` (at or after its time, not itself):
    where its deferred and undecided items go."""
    return (
        ReviewMeeting.objects.filter(
            status=MeetingStatus.SCHEDULED, scheduled_for__gte=meeting.scheduled_for
        )
        .exclude(pk=meeting.pk)
        .order_by("scheduled_for", "pk")
        .first()
    )


def meeting_undecided(meeting: ReviewMeeting):
    """The meeting's claims still to decide: not decided, not moved to another meeting."""
    return meeting.items.filter(decided_at__isnull=True, moved_to__isnull=True)


def _not_on_open_agenda():
    return ~Exists(
        AgendaItem.objects.filter(
            incident=OuterRef("pk"),
            decided_at__isnull=True,
            moved_to__isnull=True,
            meeting__status=MeetingStatus.SCHEDULED,
        )
    )


def _denial_not_yet_on_an_agenda():
    """The claim has an access denial recorded after it was last placed on any agenda:
    each denial reaches one meeting."""
    return Exists(
        AccessDenial.objects.filter(incident=OuterRef("pk")).filter(
            ~Exists(
                AgendaItem.objects.filter(
                    incident=OuterRef("incident"), added_at__gte=OuterRef("recorded_at")
                )
            )
        )
    )


def agenda_candidates(*, as_of=None) -> dict[str, list[int]]:
    """Claim ids per agenda reason: disputed, overdue, access denied, awaiting reply (not
    yet on an open agenda); each claim under one reason, the first that applies."""
    as_of = as_of or timezone.now()
    free = Incident.objects.filter(_not_on_open_agenda())
    disputed = free.filter(status=Status.DISPUTED)
    overdue = free.overdue().exclude(status=Status.DISPUTED)
    denied = (
        free.filter(_denial_not_yet_on_an_agenda())
        .exclude(status=Status.DISPUTED)
        .exclude(pk__in=overdue.values("pk"))
    )
    awaiting = (
        free.filter(
            status=Status.UNDER_REVIEW, reply_due_at__gt=as_of, reply_overdue_at__isnull=True
        )
        .filter(~Exists(Reply.objects.filter(incident=OuterRef("pk"))))
        .exclude(pk__in=overdue.values("pk"))
        .exclude(pk__in=denied.values("pk"))
    )
    return {
        AgendaReason.DISPUTED: list(disputed.values_list("pk", flat=True)),
        AgendaReason.OVERDUE: list(overdue.values_list("pk", flat=True)),
        AgendaReason.ACCESS_DENIED: list(denied.values_list("pk", flat=True)),
        AgendaReason.AWAITING_REPLY: list(awaiting.values_list("pk", flat=True)),
        AgendaReason.APPEAL: _appeals_waiting(free),
    }


def _appeals_waiting(free) -> list[int]:
    """Claims whose appeal waits for a meeting (not on an open agenda)."""
    return list(free.filter(appeal_status=AppealStatus.PENDING).values_list("pk", flat=True))


def escalation_candidates(*, as_of, meeting: ReviewMeeting) -> dict[str, list[int]]:
    """What the sweep puts on `meeting`'s agenda: disputed claims, and claims whose deadline
    passed more than seven days ago, that are on no open agenda and were never on this
    one. Read from the deadlines themselves (as the sweep defines them), not from flags,
    so a dry run announces what the real run does. Claims already on this agenda are left
    out by the query: a sweep with nothing new to place reads no claim ids."""
    cutoff = as_of - LONG_OVERDUE
    free = Incident.objects.filter(
        _not_on_open_agenda(),
        ~Exists(AgendaItem.objects.filter(incident=OuterRef("pk"), meeting=meeting)),
    )
    # One condition on the claim's own columns per deadline, in one scan (as subqueries
    # of ids each was a scan of its own, and hashed: 2 s against 0.5 at a million claims).
    passed = Q(pk__in=[])
    for kind in DEADLINES:
        passed |= kind.passed_by(cutoff)
    overdue = list(free.filter(passed).exclude(status=Status.DISPUTED).values_list("pk", flat=True))
    listed = set(overdue)
    return {
        AgendaReason.DISPUTED: list(
            free.filter(status=Status.DISPUTED).values_list("pk", flat=True)
        ),
        AgendaReason.OVERDUE: overdue,
        # A denial goes to the next meeting at once, not after seven days. A claim long
        # overdue goes under that reason: dropped here from the ids above, which the query
        # repeated as a subquery, a second scan of the claims (390 ms at a million).
        AgendaReason.ACCESS_DENIED: [
            pk
            for pk in free.filter(_denial_not_yet_on_an_agenda())
            .exclude(status=Status.DISPUTED)
            .values_list("pk", flat=True)
            if pk not in listed
        ],
        AgendaReason.APPEAL: _appeals_waiting(free),
    }


def meeting_agenda(meeting: ReviewMeeting):
    return meeting.items.select_related(
        "incident", "incident__reporting_party", "incident__accused_party", "incident__category"
    ).order_by("reason", "incident__reference")


# The agenda's groups, in the order the meeting takes them.
AGENDA_ORDER = [
    AgendaReason.DISPUTED,
    AgendaReason.OVERDUE,
    AgendaReason.APPEAL,
    AgendaReason.ACCESS_DENIED,
    AgendaReason.AWAITING_REPLY,
]
AGENDA_PER_PAGE = 25
ITEM_STATES = {"undecided": _("Undecided"), "decided": _("Decided"), "moved": _("Moved")}


@dataclass
class AgendaFilters:
    """What the meeting page shows: GET parameters, unknown values ignored."""

    kind: str = ""
    state: str = ""
    party: str = ""
    q: str = ""
    page: int = 1
    item: int | None = None  # one item only (a row redrawn after its decision)

    @classmethod
    def from_query(cls, params) -> "AgendaFilters":
        kind = params.get("kind", "")
        state = params.get("state", "")
        try:
            page = max(1, int(params.get("page", 1)))
        except (TypeError, ValueError):
            page = 1
        return cls(
            kind=kind if kind in AgendaReason.values else "",
            state=state if state in ITEM_STATES else "",
            party=(params.get("party") or "").strip()[:8],
            q=(params.get("q") or "").strip()[:100],
            page=page,
        )

    def as_query(self, **change) -> str:
        """These filters (with `change`) as a query string, empty values left out."""
        values = {"kind": self.kind, "state": self.state, "party": self.party, "q": self.q}
        values |= {"page": self.page if self.page > 1 else ""} | change
        return urlencode({k: v for k, v in values.items() if v})

    def apply(self, items):
        if self.item is not None:
            items = items.filter(pk=self.item)
        if self.kind:
            items = items.filter(reason=self.kind)
        if self.state == "undecided":
            items = items.filter(decided_at__isnull=True, moved_to__isnull=True)
        elif self.state == "decided":
            items = items.filter(decided_at__isnull=False)
        elif self.state == "moved":
            items = items.filter(moved_to__isnull=False)
        if self.party:
            items = items.filter(
                Q(incident__reporting_party__code__iexact=self.party)
                | Q(incident__accused_party__code__iexact=self.party)
            )
        if self.q:
            items = items.filter(
                Q(incident__reference__icontains=self.q) | Q(incident__place_name__icontains=self.q)
            )
        return items


@dataclass
class AgendaGroup:
    reason: str
    label: str
    count: int  # every item of this kind the filters keep, on any page
    items: list = field(default_factory=list)  # this page's


@dataclass
class AgendaPage:
    groups: list[AgendaGroup]
    cochairs: list
    total: int  # items the filters keep
    undecided: int  # the whole meeting's, whatever the filters
    page: int
    pages: int
    first: int  # position of this page's first item, from 1 (0: none)
    last: int


def _agenda_order():
    return Case(
        *[When(reason=reason, then=Value(n)) for n, reason in enumerate(AGENDA_ORDER)],
        output_field=IntegerField(),
    )


def meeting_agenda_page(
    *, user, meeting: ReviewMeeting, filters: AgendaFilters, per_page: int = AGENDA_PER_PAGE
) -> AgendaPage:
    """One page of the meeting's agenda under `filters`, grouped by kind: each group's
    count over all pages, this page's items with both co-chairs' findings as `user` may
    see them (item.findings: [(co-chair, finding or None)]). Five queries whatever the
    agenda's size: counts per kind, the undecided count, the co-chairs, the page's
    items, their findings."""
    kept = filters.apply(meeting.items.all())
    counts = dict(kept.order_by().values_list("reason").annotate(n=Count("pk")))
    undecided = meeting_undecided(meeting).count()
    cochairs = list(CoChair.objects.order_by("pk"))
    total = sum(counts.values())
    pages = max(1, -(-total // per_page))
    page = min(filters.page, pages)
    start = (page - 1) * per_page
    items = list(
        kept.select_related(
            "incident__reporting_party",
            "incident__accused_party",
            "incident__category",
            "moved_to",
        )
        .annotate(kind_order=_agenda_order())
        .order_by("kind_order", "incident__reference", "pk")[start : start + per_page]
    )
    findings: dict[int, dict[int, Finding]] = {}
    for finding in Finding.objects.filter(incident_id__in=[i.incident_id for i in items]):
        findings.setdefault(finding.incident_id, {})[finding.cochair_id] = finding
    codes = {c.pk: c.code for c in cochairs}
    groups = {
        reason: AgendaGroup(reason, AgendaReason(reason).label, counts[reason])
        for reason in AGENDA_ORDER
        if counts.get(reason)
    }
    for item in items:
        mine = findings.get(item.incident_id, {})
        item.findings = [
            (
                c,
                f
                if (f := mine.get(c.pk))
                and finding_visible_to(user=user, incident=item.incident, cochair_code=codes[c.pk])
                else None,
            )
            for c in cochairs
        ]
        groups[item.reason].items.append(item)
    return AgendaPage(
        groups=list(groups.values()),
        cochairs=cochairs,
        total=total,
        undecided=undecided,
        page=page,
        pages=pages,
        first=start + 1 if items else 0,
        last=start + len(items),
    )
