"""Reads of commitments. Every list and detail starts from commitment_visible_to(); the
status is derived here, in the database, never row by row."""

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
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

from core.loaders import loader
from verification.statuses import Status

from ..action_reports.models import ActionReport
from ..common.selectors import DayNumber, day_number, is_active_user, today
from .models import Commitment, CommitmentStatus, Milestone


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
    if not is_active_user(user):
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


commitment_or_404 = loader(commitment_get_visible, noun="commitment")
