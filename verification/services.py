"""The review's services. Each one: guard → lock the record's row → change → audit event →
notifications after commit. The API, the browser, the admin and tasks all call these.

They serve every reviewed record (review.REVIEWABLES): a claim, an action report; `record`
names the record under review. The guards test the predicates of verification.permissions
that the pages and the API test, each with its own error code."""

from django.db import IntegrityError, transaction
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

from accounts.models import CoChair, Role, User
from accounts.permissions import is_officer, is_reviewer, is_secretariat
from audit.services import audit_record
from core.errors import CommonError, ServiceError, validation_error
from notifications import services as notifications
from verification.error_codes import ReviewError

from .models import ReplyPosition
from .permissions import is_accused_party, is_reporting_party
from .review import REVIEWABLES, reviewable_of
from .statuses import OPEN_STATUSES, Grade, Outcome, Status
from .workflow import check_transition

# Weakest first: when both co-chairs agree on the outcome, the record takes the weaker grade.
GRADE_ORDER = [Grade.POSSIBLE, Grade.PROBABLE, Grade.CONFIRMED]


def _lock(record):
    spec = reviewable_of(record)
    return (
        spec.model.objects.select_for_update(of=("self",))
        .select_related(*spec.select_related)
        .get(pk=record.pk)
    )


def _audit(record, *, actor, action, from_status, payload=None):
    audit_record(
        actor=actor,
        action=action,
        subject_type=reviewable_of(record).subject_type,
        subject_id=record.pk,
        subject_ref=record.reference,
        from_status=from_status,
        to_status=record.status,
        payload=payload,
    )


def _require_reporting_officer(actor, record):
    if not is_officer.test(actor):
        raise ServiceError(CommonError.PERMISSION_DENIED, "Only delegation officers may do this.")
    if not is_reporting_party.test(actor, record):
        noun = reviewable_of(record).noun
        raise ServiceError(CommonError.NOT_YOUR_PARTY, f"This {noun} belongs to the other party.")


def _require_secretariat(actor):
    if not is_secretariat.test(actor):
        raise ServiceError(CommonError.PERMISSION_DENIED, "Only the secretariat may do this.")


def _assigned_reviewers(record) -> list[int]:
    return list(
        reviewable_of(record)
        .assignments(record, ended_at__isnull=True)
        .values_list("reviewer_id", flat=True)
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
        _require_reporting_officer(actor, record)
        check_transition("submit", record.status, Status.SUBMITTED)
        spec.validate(record)
        now = timezone.now()
        before = record.status
        assignment_window, _, findings_window = spec.windows(record)
        record.status = Status.SUBMITTED
        record.submitted_at = now
        record.assignment_due_at = now + assignment_window
        record.findings_due_at = now + findings_window
        record.save()
        _audit(
            record,
            actor=actor,
            action="submitted",
            from_status=before,
            payload={
                "assignment_due_at": record.assignment_due_at,
                "findings_due_at": record.findings_due_at,
            },
        )
        notifications.notify(
            notifications.people_of_party(record.accused_party_id)
            + notifications.secretariat_people(),
            kind=f"{spec.noun.replace(' ', '_')}_submitted",
            title=f"New {spec.noun} {record.reference} {_against(record)}",
            subject_type=spec.subject_type,
            subject_ref=record.reference,
        )
        reviewers = pick_reviewers()
        if len(reviewers) == CoChair.objects.count() and reviewers:
            _assign(record, actor=None, reviewers=reviewers, now=now)
        return record


def _reviewer_load():
    """Per reviewer (the outer query's user): open assignments on records still in review,
    claims and every other reviewable record (action reports) alike, and the time of the
    latest assignment of any kind."""
    from datetime import UTC, datetime

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


def _against(record) -> str:
    return reviewable_of(record).summary(record)


def _assign(record, *, actor, reviewers: dict[int, User], now) -> None:
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
    _audit(
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
        title=f"{spec.noun.capitalize()} {record.reference} assigned to you for review",
        subject_type=spec.subject_type,
        subject_ref=record.reference,
    )
    notifications.notify(
        notifications.people_of_party(record.accused_party_id),
        kind="reply_open",
        title=f"Right of reply open on {record.reference} until {record.reply_due_at:%Y-%m-%d %H:%M} UTC",
        subject_type=spec.subject_type,
        subject_ref=record.reference,
    )


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
                {"reviewers": f"{reviewer.username} is not an active reviewer of that co-chair."}
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
            raise validation_error({"reviewers": f"{name} is not an active reviewer."})
        if user.cochair_id in chosen:
            raise validation_error({"reviewers": "Name at most one reviewer per co-chair."})
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
    _require_secretariat(actor)
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
                raise validation_error({"reviewers": "Each co-chair needs an active reviewer."})
            _assign(record, actor=actor, reviewers=chosen, now=now)
            return record
        check_transition("reassign", record.status)
        if not given:
            raise validation_error({"reviewers": "Name the reviewer to assign."})
        recorded = set(spec.findings(record).values_list("cochair_id", flat=True))
        if recorded & set(given):
            raise ServiceError(
                ReviewError.ALREADY_RECORDED, "That co-chair's finding is already recorded."
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
            title=f"{spec.noun.capitalize()} {record.reference} assigned to you for review",
            subject_type=spec.subject_type,
            subject_ref=record.reference,
        )
        return record


def reply_window_open(record, *, now=None) -> bool:
    now = now or timezone.now()
    return (
        record.reply_due_at is not None
        and record.reply_overdue_at is None
        and now <= record.reply_due_at
    )


def review_reply(*, actor, record, position: str, narrative: str):
    """The accused party's one reply, before the reply deadline.

    Locks the record; writes `reply_filed`; raises NOT_YOUR_PARTY, ILLEGAL_TRANSITION,
    REPLY_WINDOW_CLOSED, ALREADY_RECORDED or VALIDATION_ERROR."""
    if not is_officer.test(actor):
        raise ServiceError(CommonError.PERMISSION_DENIED, "Only delegation officers reply.")
    errors = {}
    if position not in ReplyPosition.values:
        errors["position"] = f"Choose one of: {', '.join(ReplyPosition.values)}."
    if not (narrative or "").strip():
        errors["narrative"] = "Say what your party's position rests on."
    elif len(narrative) > 20000:
        errors["narrative"] = "At most 20000 characters."
    with transaction.atomic():
        record = _lock(record)
        spec = reviewable_of(record)
        if not is_accused_party.test(actor, record):
            raise ServiceError(CommonError.NOT_YOUR_PARTY, "Only the accused party replies.")
        check_transition("reply", record.status)
        if spec.replies(record).exists():
            raise ServiceError(ReviewError.ALREADY_RECORDED, "Your party has already replied.")
        if not reply_window_open(record):
            raise ServiceError(ReviewError.REPLY_WINDOW_CLOSED, "The reply window has closed.")
        if errors:
            raise validation_error(errors)
        reply = spec.reply_model.objects.create(
            **{spec.link: record},
            position=position,
            narrative=narrative.strip(),
            filed_by=actor,
            filed_at=timezone.now(),
        )
        record.replied_at = reply.filed_at
        record.save(update_fields=["replied_at", "updated_at"])
        _audit(
            record,
            actor=actor,
            action="reply_filed",
            from_status=record.status,
            payload={"position": position},
        )
        notifications.notify(
            _assigned_reviewers(record) + notifications.people_of_party(record.reporting_party_id),
            kind="reply_filed",
            title=f"{record.accused_party.name} replied to {record.reference}",
            subject_type=spec.subject_type,
            subject_ref=record.reference,
        )
        return reply


def review_record_finding(*, actor, record, outcome: str, grade: str, reasoning: str):
    """Record the actor's co-chair's finding. When both co-chairs' findings are in, the
    record is decided (same outcome; the weaker grade) or disputed (differing views).

    Locks the record; writes `finding_recorded` (the outcome stays out of the event until
    both are in) and then `decided` or `disputed`. Raises PERMISSION_DENIED (not a
    reviewer), NOT_ASSIGNED, ILLEGAL_TRANSITION, ALREADY_RECORDED or VALIDATION_ERROR.
    """
    if not is_reviewer.test(actor):
        raise ServiceError(
            CommonError.PERMISSION_DENIED, "Only the co-chairs' reviewers record findings."
        )
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = f"Choose one of: {', '.join(Outcome.values)}."
    if grade not in Grade.values:
        errors["grade"] = f"Choose one of: {', '.join(Grade.values)}."
    if not (reasoning or "").strip():
        errors["reasoning"] = "Give the reasoning for this finding."
    elif len(reasoning) > 20000:
        errors["reasoning"] = "At most 20000 characters."
    with transaction.atomic():
        record = _lock(record)
        spec = reviewable_of(record)
        assigned = spec.assignments(
            record, cochair_id=actor.cochair_id, reviewer=actor, ended_at__isnull=True
        ).exists()
        if not assigned:
            raise ServiceError(
                ReviewError.NOT_ASSIGNED, f"You are not assigned to this {spec.noun}."
            )
        check_transition("record_finding", record.status)
        if spec.findings(record, cochair_id=actor.cochair_id).exists():
            raise ServiceError(
                ReviewError.ALREADY_RECORDED, "Your co-chair's finding is already recorded."
            )
        if errors:
            raise validation_error(errors)
        now = timezone.now()
        try:
            with transaction.atomic():
                finding = spec.finding_model.objects.create(
                    **{spec.link: record},
                    cochair_id=actor.cochair_id,
                    reviewer=actor,
                    outcome=outcome,
                    grade=grade,
                    reasoning=reasoning.strip(),
                    recorded_at=now,
                )
        except IntegrityError as exc:
            raise ServiceError(
                ReviewError.ALREADY_RECORDED, "Your co-chair's finding is already recorded."
            ) from exc
        _audit(
            record,
            actor=actor,
            action="finding_recorded",
            from_status=record.status,
            payload={"cochair": actor.cochair.code},
        )
        findings = list(spec.findings(record).select_related("cochair"))
        if len(findings) == CoChair.objects.count():
            _conclude(record, findings, now=now)
        return finding


def _conclude(record, findings, *, now) -> None:
    before = record.status
    outcomes = {f.outcome for f in findings}
    views = {
        f.cochair.code: {"outcome": f.outcome, "grade": f.grade, "reasoning": f.reasoning}
        for f in findings
    }
    if len(outcomes) == 1:
        record.status = Status(outcomes.pop())
        record.outcome = record.status.value
        record.grade = min((f.grade for f in findings), key=GRADE_ORDER.index)
        record.closed_at = now
        check_transition("record_finding", before, record.status)
        record.save()
        _audit(
            record,
            actor=None,
            action="decided",
            from_status=before,
            payload={"outcome": record.outcome, "grade": record.grade, "findings": views},
        )
        title = f"{record.reference}: {record.get_status_display().lower()} by both co-chairs"
    else:
        record.status = Status.DISPUTED
        record.save()
        _audit(
            record,
            actor=None,
            action="disputed",
            from_status=before,
            payload={"differing_views": views},
        )
        title = f"{record.reference}: differing views, referred to the next review meeting"
    notifications.notify(
        notifications.people_of_party(record.reporting_party_id)
        + notifications.people_of_party(record.accused_party_id)
        + _assigned_reviewers(record)
        + notifications.secretariat_people(),
        kind=record.status,
        title=title,
        subject_type=reviewable_of(record).subject_type,
        subject_ref=record.reference,
    )


def review_withdraw(*, actor, record, reason: str = ""):
    """The reporting party withdraws its record, until the first finding is recorded.

    Locks the record; writes `withdrawn`; raises NOT_YOUR_PARTY or ILLEGAL_TRANSITION."""
    with transaction.atomic():
        record = _lock(record)
        spec = reviewable_of(record)
        _require_reporting_officer(actor, record)
        check_transition("withdraw", record.status, Status.WITHDRAWN)
        if spec.findings(record).exists():
            raise ServiceError(
                CommonError.ILLEGAL_TRANSITION,
                f"A finding is recorded: the {spec.noun} can no longer be withdrawn.",
            )
        before = record.status
        record.status = Status.WITHDRAWN
        record.closed_at = timezone.now()
        record.save()
        spec.assignments(record, ended_at__isnull=True).update(ended_at=record.closed_at)
        _audit(
            record,
            actor=actor,
            action="withdrawn",
            from_status=before,
            payload={"reason": (reason or "")[:2000]},
        )
        if record.submitted_at:
            notifications.notify(
                notifications.people_of_party(record.accused_party_id)
                + notifications.secretariat_people(),
                kind="withdrawn",
                title=f"{record.reference} was withdrawn by {record.reporting_party.name}",
                subject_type=spec.subject_type,
                subject_ref=record.reference,
            )
        return record


def review_decide_at_meeting(
    *, actor, record, outcome: str, grade: str, minutes: str, meeting_label: str = ""
):
    """Record a review meeting's joint decision on a disputed record, which closes it.

    Locks the record; writes `meeting_decision`; raises PERMISSION_DENIED (only the
    secretariat records meeting decisions), ILLEGAL_TRANSITION or VALIDATION_ERROR."""
    _require_secretariat(actor)
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = f"Choose one of: {', '.join(Outcome.values)}."
    if grade not in Grade.values:
        errors["grade"] = f"Choose one of: {', '.join(Grade.values)}."
    if not (minutes or "").strip():
        errors["minutes"] = "Record the minutes of the decision."
    with transaction.atomic():
        record = _lock(record)
        check_transition("decide_at_meeting", record.status, outcome if not errors else None)
        if errors:
            raise validation_error(errors)
        before = record.status
        record.status = Status(outcome)
        record.outcome = outcome
        record.grade = grade
        record.closed_at = timezone.now()
        record.save()
        _audit(
            record,
            actor=actor,
            action="meeting_decision",
            from_status=before,
            payload={
                "outcome": outcome,
                "grade": grade,
                "minutes": minutes.strip(),
                "meeting": meeting_label,
            },
        )
        notifications.notify(
            notifications.people_of_party(record.reporting_party_id)
            + notifications.people_of_party(record.accused_party_id)
            + _assigned_reviewers(record),
            kind="meeting_decision",
            title=f"{record.reference}: decided at the review meeting ({record.get_status_display().lower()})",
            subject_type=reviewable_of(record).subject_type,
            subject_ref=record.reference,
        )
        return record


def _content_snapshot(record) -> dict:
    """The record's content fields as JSON (foreign keys by id), kept by an amendment."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    spec = reviewable_of(record)
    snapshot = {
        field: getattr(record, record._meta.get_field(field).attname)
        for field in spec.content_fields
    }
    return json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))


def _unknown_fields(spec, data: dict) -> dict:
    return dict.fromkeys(sorted(set(data) - set(spec.content_fields)), "Unknown field.")


def review_update_draft(*, actor, record, data: dict, expected_version: int | None = None):
    """Change a draft of the officer's own party (a claim or an action report).

    Locks the record; refuses PERMISSION_DENIED, NOT_YOUR_PARTY, ILLEGAL_TRANSITION (not a
    draft: amend it instead), STALE_VERSION (someone else saved first) or VALIDATION_ERROR.
    Writes one `draft_edited` event naming the changed fields; a change of nothing writes
    nothing."""
    with transaction.atomic():
        draft = _lock(record)
        spec = reviewable_of(draft)
        _require_reporting_officer(actor, draft)
        if draft.status != Status.DRAFT:
            raise ServiceError(
                CommonError.ILLEGAL_TRANSITION,
                f"Only drafts can be edited; amend a submitted {spec.noun}.",
            )
        if expected_version is not None and expected_version != draft.version:
            raise ServiceError(CommonError.STALE_VERSION, "The draft was changed by someone else.")
        unknown = _unknown_fields(spec, data)
        if unknown:
            raise validation_error(unknown)
        changed = []
        for field, value in data.items():
            if getattr(draft, field) != value:
                setattr(draft, field, value)
                changed.append(field)
        if not changed:
            return draft
        spec.validate(draft)
        draft.version += 1
        draft.save()
        _audit(
            draft,
            actor=actor,
            action="draft_edited",
            from_status=draft.status,
            payload={"fields": sorted(changed)},
        )
        return draft


def review_amend(*, actor, record, data: dict, reason: str, expected_version: int | None = None):
    """Correct a submitted record (a claim or an action report): the old content is kept
    as a revision with the reason.

    Locks the record; writes a revision (review.Reviewable.revision_model) and an
    `amended` event; notifies the assigned reviewers and the answering party. Raises
    NOT_YOUR_PARTY, ILLEGAL_TRANSITION (draft, decided or withdrawn), STALE_VERSION or
    VALIDATION_ERROR (including a missing reason or a change of a fixed field, such as a
    record's accused party)."""
    with transaction.atomic():
        record = _lock(record)
        spec = reviewable_of(record)
        _require_reporting_officer(actor, record)
        check_transition("amend", record.status)
        if expected_version is not None and expected_version != record.version:
            raise ServiceError(
                CommonError.STALE_VERSION, f"The {spec.noun} was changed by someone else."
            )
        errors = {}
        if not (reason or "").strip():
            errors["reason"] = f"Say why the {spec.noun} is amended."
        errors.update(_unknown_fields(spec, data))
        for field in spec.fixed_fields:
            if field in data and data[field] != getattr(record, field):
                label = field.replace("_", " ")
                errors[field] = f"The {label} cannot be amended; withdraw and refile."
        if errors:
            raise validation_error(errors)
        previous = _content_snapshot(record)
        changed = []
        for field, value in data.items():
            if getattr(record, field) != value:
                setattr(record, field, value)
                changed.append(field)
        if not changed:
            raise validation_error({"non_field_errors": "The amendment changes nothing."})
        spec.validate(record)
        number = spec.revisions(record).count() + 1
        spec.revision_model.objects.create(
            **{spec.link: record},
            number=number,
            previous_content=previous,
            changed_fields=sorted(changed),
            reason=reason.strip(),
            amended_by=actor,
        )
        record.version += 1
        record.save()
        _audit(
            record,
            actor=actor,
            action="amended",
            from_status=record.status,
            payload={"revision": number, "fields": sorted(changed), "reason": reason.strip()},
        )
        notifications.notify(
            _assigned_reviewers(record) + notifications.people_of_party(record.accused_party_id),
            kind="amended",
            title=f"{record.reference} was amended by {record.reporting_party.name}",
            subject_type=spec.subject_type,
            subject_ref=record.reference,
        )
        return record
