"""Reads. Every list and detail, API or HTML, starts from one of the *_visible_to()
functions; commitment status is derived here, in the database, never row by row."""

from datetime import UTC, date

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from incidents.models import Status
from verification.review import REVIEWABLES
from verification.selectors import incident_timeline

from .models import (
    ActionReport,
    Commitment,
    CommitmentStatus,
    Milestone,
    Referral,
)

NOTHING = Q(pk__in=[])


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


class DayNumber(Func):
    """Days since 1970-01-01 of a date column, as an integer, on either backend."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="(%(expressions)s - DATE '1970-01-01')", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)",
            **extra,
        )


def day_number(day: date) -> int:
    return (day - date(1970, 1, 1)).days


def today(as_of=None) -> date:
    """The mechanism keeps dates in UTC: a due date passes when its UTC day ends."""
    return (as_of or timezone.now()).astimezone(UTC).date()


def verified_quantity(commitment="pk"):
    """The sum of verified action reports' quantities for the outer query's commitment
    (its `pk`, or the column named by `commitment`)."""
    verified = (
        ActionReport.objects.filter(commitment=OuterRef(commitment), status=Status.VERIFIED)
        .order_by()
        .values("commitment")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    return Coalesce(Subquery(verified, output_field=IntegerField()), Value(0))


def commitment_annotate(queryset: QuerySet, *, as_of=None) -> QuerySet:
    """Annotate `verified_quantity` and the derived `status`, as of a day (default today):

    - met: the verified quantity reaches the target;
    - missed: the due date has passed and the target is not met;
    - overdue: a milestone's date has passed with its cumulative quantity not met;
    - at risk: under a quarter of the time from session to due date is left and less
      than the pro-rata share of the target is verified;
    - on track: otherwise.
    """
    on = today(as_of)
    day = day_number(on)
    start, due = DayNumber(F("session_date")), DayNumber(F("due_date"))
    behind_milestone = Milestone.objects.filter(
        commitment=OuterRef("pk"), due_date__lt=on, quantity__gt=OuterRef("verified_quantity")
    )
    # Integers only: 4 x days left < days in all, and verified x days in all <
    # target x days gone (the pro-rata share): no division, no rounding.
    queryset = queryset.annotate(verified_quantity=verified_quantity()).alias(
        _span=due - start,
        _left=(due - Value(day)) * Value(4),
        _done=F("verified_quantity") * (due - start),
        _share=F("target_quantity") * (Value(day) - start),
    )
    return queryset.annotate(
        status=Case(
            When(verified_quantity__gte=F("target_quantity"), then=Value(CommitmentStatus.MET)),
            When(due_date__lt=on, then=Value(CommitmentStatus.MISSED)),
            When(Exists(behind_milestone), then=Value(CommitmentStatus.OVERDUE)),
            When(
                Q(_left__lt=F("_span")) & Q(_done__lt=F("_share")),
                then=Value(CommitmentStatus.AT_RISK),
            ),
            default=Value(CommitmentStatus.ON_TRACK),
            output_field=CharField(),
        )
    )


def commitment_visible_to(user, *, as_of=None) -> QuerySet:
    """Commitments are public to everyone signed in, observers included."""
    if not _active(user):
        return Commitment.objects.none()
    return commitment_annotate(Commitment.objects.select_related("party", "kind"), as_of=as_of)


def commitment_get_visible(*, user, reference: str, as_of=None) -> Commitment | None:
    return commitment_visible_to(user, as_of=as_of).filter(reference=reference).first()


def milestones_with_progress(commitment: Commitment, *, as_of=None) -> list[dict]:
    """Each milestone with whether it is met, missed (date passed unmet) or pending."""
    on = today(as_of)
    verified = commitment.verified_quantity
    rows = []
    for m in commitment.milestones.order_by("due_date"):
        if verified >= m.quantity:
            state = "met"
        elif m.due_date < on:
            state = "missed"
        else:
            state = "pending"
        rows.append(
            {
                "due_date": m.due_date,
                "quantity": m.quantity,
                "state": state,
                "share": m.quantity / commitment.target_quantity,
            }
        )
    return rows


def action_report_visibility_filter(user) -> Q:
    """The one rule for action reports, as for claims:

    - a party's drafts (and drafts it withdrew) are its own;
    - once submitted, both parties, the mediators and the secretariat see it;
    - the secretariat reads everything;
    - observers see verified action reports only.
    """
    if not _active(user):
        return NOTHING
    if user.role == Role.SECRETARIAT:
        return Q()
    if user.role == Role.OFFICER:
        return Q(party_id=user.party_id) | Q(submitted_at__isnull=False)
    if user.role == Role.REVIEWER:
        return Q(submitted_at__isnull=False)
    if user.role == Role.OBSERVER:
        return Q(status=Status.VERIFIED)
    return NOTHING


def action_report_visible_to(user) -> QuerySet:
    return ActionReport.objects.filter(action_report_visibility_filter(user))


def action_report_get_visible(*, user, reference: str) -> ActionReport | None:
    return (
        action_report_visible_to(user)
        .select_related("commitment__kind", "party", "created_by")
        .filter(reference=reference)
        .first()
    )


def referral_visibility_filter(user) -> Q:
    """Referrals are seen by the officers of the two parties concerned, the mediators and
    the secretariat; never by observers."""
    if not _active(user):
        return NOTHING
    if user.role in (Role.SECRETARIAT, Role.REVIEWER):
        return Q()
    if user.role == Role.OFFICER:
        return Q(from_party_id=user.party_id) | Q(to_party_id=user.party_id)
    return NOTHING


def referral_visible_to(user) -> QuerySet:
    return Referral.objects.filter(referral_visibility_filter(user))


def referral_get_visible(*, user, reference: str) -> Referral | None:
    return (
        referral_visible_to(user)
        .select_related("from_party", "to_party", "urgency", "response_action_report")
        .filter(reference=reference)
        .first()
    )


def timeline(subject_type: str, obj, *, user) -> list:
    """A record's audit events in order, as `user` may read them (its page's timeline and
    the API's events/). A record under review follows the review's rule for finding
    events (verification.selectors.incident_timeline); the others hide nothing."""
    if type(obj) in REVIEWABLES:
        return incident_timeline(obj, user=user)
    events = list(AuditEvent.objects.for_subject(subject_type, obj.pk).select_related("actor"))
    for event in events:
        event.withheld = event.prev_withheld = False
    return events


def commitment_action_reports(*, user, commitment: Commitment) -> QuerySet:
    return (
        action_report_visible_to(user).filter(commitment=commitment).order_by("-action_date", "-id")
    )


def action_report_queue(*, user) -> QuerySet:
    """Action reports assigned to this reviewer that still need its co-chair's finding,
    nearest findings deadline first (the claims' queue, for action reports)."""
    if user.role != Role.REVIEWER:
        return ActionReport.objects.none()
    return (
        action_report_visible_to(user)
        .filter(
            status=Status.UNDER_REVIEW,
            assignments__reviewer=user,
            assignments__ended_at__isnull=True,
        )
        .exclude(findings__cochair_id=user.cochair_id)
        .select_related("party", "commitment__kind")
        .order_by(F("findings_due_at").asc(nulls_last=True), "pk")
    )
