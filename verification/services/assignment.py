"""Submitting a record and naming its reviewers, automatically by least load or by the secretariat."""

from datetime import UTC, datetime

from django.db import transaction
from django.db.models import (
    Count,
    DateTimeField,
    IntegerField,
    Max,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CoChair, Role, User
from audit.services import audit_record, audit_record_many
from core.errors import ServiceError, validation_error
from notifications import services as notifications
from verification.error_codes import ReviewError

from ..review import REVIEWABLES, reviewable_of
from ..statuses import OPEN_STATUSES, Status
from ..workflow import check_transition
from .common import (
    _acting_event,
    _audit,
    _event,
    _lock,
    notice_params,
    require_reporting_officer,
    require_secretariat,
)


def review_submit(*, actor, record):
    """Submit a draft: freezes its content, starts the assignment and findings clocks, and
    assigns one reviewer per co-chair by least open load when reviewers exist.

    Locks the record; writes `submitted` (and `assigned`) events; raises NOT_YOUR_PARTY,
    ILLEGAL_TRANSITION or VALIDATION_ERROR (a draft saved incomplete cannot be submitted).
    """
    with transaction.atomic():
        record = _lock(record)
        spec = reviewable_of(record)
        require_reporting_officer(actor, record)
        check_transition("submit", record.status, Status.SUBMITTED)
        spec.validate(record)
        now = timezone.now()
        before = record.status
        assignment_window, _reply_window, findings_window = spec.windows(record)
        record.status = Status.SUBMITTED
        record.submitted_at = now
        record.assignment_due_at = now + assignment_window
        record.findings_due_at = now + findings_window
        record.save()
        # The events are appended last (the chain head is locked from the append to the
        # commit): the reviewers' pick, the assignment and the suggestions run before it,
        # so concurrent submissions wait on the head only for the append itself.
        events = [
            _acting_event(
                record,
                actor=actor,
                action="submitted",
                from_status=before,
                payload={
                    "assignment_due_at": record.assignment_due_at,
                    "findings_due_at": record.findings_due_at,
                },
            )
        ]
        notifications.notify(
            notifications.people_of_party(record.accused_party_id)
            + notifications.secretariat_people(),
            kind=f"{spec.noun.replace(' ', '_')}_submitted",
            params=notice_params(record),
            subject_type=spec.subject_type,
            subject_ref=record.reference,
        )
        reviewers = pick_reviewers()
        if len(reviewers) == CoChair.objects.count() and reviewers:
            events.append(_assign(record, actor=None, reviewers=reviewers, now=now))
        if spec.on_submitted is not None:
            spec.on_submitted(record)
        audit_record_many(events)
        return record


def _reviewer_load():
    """Per reviewer (the outer query's user): open assignments on records still in review,
    claims and every other reviewable record (action reports) alike, and the time of the
    latest assignment of any kind."""
    never = Value(datetime(1970, 1, 1, tzinfo=UTC), output_field=DateTimeField())
    load, latest = Value(0), []
    for spec in REVIEWABLES.values():
        rows = spec.assignment_model.objects.filter(reviewer=OuterRef("pk")).order_by()
        open_rows = rows.filter(
            ended_at__isnull=True, **{f"{spec.link}__status__in": OPEN_STATUSES}
        )
        count = open_rows.values("reviewer").annotate(n=Count("pk")).values("n")
        last = rows.values("reviewer").annotate(at=Max("assigned_at")).values("at")
        load = load + Coalesce(Subquery(count, output_field=IntegerField()), 0)
        latest.append(Coalesce(Subquery(last, output_field=DateTimeField()), never))
    last_assigned = Greatest(*latest) if len(latest) > 1 else latest[0]
    return load, last_assigned


def pick_reviewers() -> dict[int, User]:
    """For each co-chair, the active reviewer with the least open load (claims and action
    reports under review); ties go to the one assigned least recently (round robin), then
    to the lowest id."""
    load, last_assigned = _reviewer_load()
    chosen: dict[int, User] = {}
    candidates = (
        User.objects.filter(role=Role.REVIEWER, is_active=True)
        .annotate(load=load, last_assigned=last_assigned)
        .order_by("cochair_id", "load", "last_assigned", "pk")
    )
    for reviewer in candidates:
        chosen.setdefault(reviewer.cochair_id, reviewer)
    return chosen


def _assign(record, *, actor, reviewers: dict[int, User], now) -> dict:
    """Assign `reviewers` (by co-chair id) and notify them and the accused party; the
    `assigned` event, for the caller to append."""
    spec = reviewable_of(record)
    before = record.status
    check_transition("assign", before, Status.UNDER_REVIEW)
    spec.assignment_model.objects.bulk_create(
        [
            spec.assignment_model(
                **{spec.link: record},
                cochair_id=cochair_id,
                reviewer=reviewer,
                assigned_by=actor,
                assigned_at=now,
            )
            for cochair_id, reviewer in sorted(reviewers.items())
        ]
    )
    record.status = Status.UNDER_REVIEW
    record.assigned_at = now
    record.reply_due_at = now + spec.windows(record)[1]
    record.save()
    event = _event(
        record,
        actor=actor,
        action="assigned",
        from_status=before,
        payload={
            "automatic": actor is None,
            "reviewers": {str(cid): r.username for cid, r in sorted(reviewers.items())},
            "reply_due_at": record.reply_due_at,
        },
    )
    notifications.notify(
        [r.pk for r in reviewers.values()],
        kind="assigned",
        params={"reference": record.reference, "record": spec.subject_type},
        subject_type=spec.subject_type,
        subject_ref=record.reference,
    )
    notifications.notify(
        notifications.people_of_party(record.accused_party_id),
        kind="reply_open",
        params={"reference": record.reference, "due": record.reply_due_at},
        subject_type=spec.subject_type,
        subject_ref=record.reference,
    )
    return event


def _validate_reviewers(reviewers: dict) -> dict[int, User]:
    """`reviewers` maps co-chair id to a user; each must be an active reviewer of that co-chair."""
    checked = {}
    for cochair_id, reviewer in reviewers.items():
        if reviewer is None:
            continue
        if (
            reviewer.role != Role.REVIEWER
            or not reviewer.is_active
            or reviewer.cochair_id != int(cochair_id)
        ):
            raise validation_error(
                {
                    "reviewers": _("%(username)s is not an active reviewer of that co-chair.")
                    % {"username": reviewer.username}
                }
            )
        checked[int(cochair_id)] = reviewer
    return checked


def reviewers_named(usernames: list[str]) -> dict[int, User]:
    """The reviewers these usernames name, by co-chair id. VALIDATION_ERROR on `reviewers`
    for a name that is not an active reviewer, or for two reviewers of one co-chair."""
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    chosen: dict[int, User] = {}
    for name in usernames:
        user = users.get(name)
        if user is None or user.role != Role.REVIEWER or not user.is_active:
            raise validation_error(
                {"reviewers": _("%(username)s is not an active reviewer.") % {"username": name}}
            )
        if user.cochair_id in chosen:
            raise validation_error({"reviewers": _("Name at most one reviewer per co-chair.")})
        chosen[user.cochair_id] = user
    return chosen


def review_assign(
    *,
    actor,
    record,
    reviewers: dict | None = None,
    reviewer_usernames: list[str] | None = None,
):
    """Secretariat assignment: first assignment of a submitted record (reviewers given, or
    least-load), or an override replacing a co-chair's reviewer who has not yet recorded
    a finding. Reviewers come by co-chair id (`reviewers`) or by username
    (`reviewer_usernames`, as API clients name them). Locks the record; writes `assigned` /
    `reassigned`; PERMISSION_DENIED, ILLEGAL_TRANSITION, ALREADY_RECORDED (that
    co-chair's finding is in) or VALIDATION_ERROR."""
    require_secretariat(actor)
    # Names are looked up only for the secretariat: nobody else learns who is a reviewer.
    if reviewer_usernames:
        reviewers = {**(reviewers or {}), **reviewers_named(reviewer_usernames)}
    with transaction.atomic():
        record = _lock(record)
        spec = reviewable_of(record)
        now = timezone.now()
        given = _validate_reviewers(reviewers or {})
        if record.status == Status.SUBMITTED:
            chosen = {**pick_reviewers(), **given}
            if len(chosen) < CoChair.objects.count():
                raise validation_error({"reviewers": _("Each co-chair needs an active reviewer.")})
            event = _assign(record, actor=actor, reviewers=chosen, now=now)
            audit_record(**event)
            return record
        check_transition("reassign", record.status)
        if not given:
            raise validation_error({"reviewers": _("Name the reviewer to assign.")})
        recorded = set(spec.findings(record).values_list("cochair_id", flat=True))
        if recorded & set(given):
            raise ServiceError(
                ReviewError.ALREADY_RECORDED, _("That co-chair's finding is already recorded.")
            )
        spec.assignments(record, cochair_id__in=list(given), ended_at__isnull=True).update(
            ended_at=now
        )
        spec.assignment_model.objects.bulk_create(
            [
                spec.assignment_model(
                    **{spec.link: record},
                    cochair_id=cid,
                    reviewer=r,
                    assigned_by=actor,
                    assigned_at=now,
                )
                for cid, r in sorted(given.items())
            ]
        )
        _audit(
            record,
            actor=actor,
            action="reassigned",
            from_status=record.status,
            payload={"reviewers": {str(cid): r.username for cid, r in sorted(given.items())}},
        )
        notifications.notify(
            [r.pk for r in given.values()],
            kind="assigned",
            params={"reference": record.reference, "record": spec.subject_type},
            subject_type=spec.subject_type,
            subject_ref=record.reference,
        )
        return record
