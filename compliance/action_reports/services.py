"""Writes to action reports: guard → lock → change → audit event → notifications. The
review itself is the claims' (verification.services), on the registration below."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Party
from core.errors import CommonError, ServiceError, validation_error
from evidence.models import Visibility
from evidence.services import evidence_store
from translations.languages import author_language
from verification import services as review
from verification.review import Reviewable, register
from verification.statuses import Status

from ..commitments.models import Commitment
from ..common.services import (
    audit_event,
    check_location,
    full_clean_into,
    next_reference,
    reject_unknown_fields,
    require_officer,
)
from .models import (
    ActionReport,
    ActionReportAssignment,
    ActionReportEvidence,
    ActionReportFinding,
    ActionReportReply,
    ActionReportRevision,
)
from .selectors import action_report_visible_to

ACTION_REPORT = "action_report"

ACTION_REPORT_FIELDS = (
    "action_date",
    "latitude",
    "longitude",
    "place_name",
    "province",
    "quantity",
    "narrative",
    "narrative_language",
)


def action_report_validate(report: ActionReport) -> None:
    errors: dict[str, list[str]] = {}
    full_clean_into(report, errors, exclude=["reference", "created_by", "commitment", "party"])
    check_location(report, errors)
    if isinstance(report.action_date, date) and report.action_date > timezone.now().date():
        errors.setdefault("action_date", []).append(_("The action cannot be in the future."))
    if isinstance(report.quantity, int) and report.quantity < 0:
        errors.setdefault("quantity", []).append(_("The quantity achieved is at least 0."))
    if errors:
        raise validation_error(errors)


def _action_report_windows(report: ActionReport):
    return report.commitment.kind.windows


def register_action_reports() -> None:
    """Make action reports reviewable by verification's services, sweep and API helpers."""
    register(
        Reviewable(
            model=ActionReport,
            subject_type=ACTION_REPORT,
            noun="action report",
            link="action_report",
            assignment_model=ActionReportAssignment,
            finding_model=ActionReportFinding,
            reply_model=ActionReportReply,
            party_columns=("party", "other_party"),
            select_related=("commitment__kind", "party", "other_party"),
            windows=_action_report_windows,
            validate=action_report_validate,
            summary=lambda r: (
                _("by %(party)s on %(commitment)s")
                % {"party": r.party.name, "commitment": r.commitment.reference}
            ),
            notice=lambda r: {"commitment": r.commitment.reference},
            content_fields=ACTION_REPORT_FIELDS,
            revision_model=ActionReportRevision,
            visible_to=action_report_visible_to,
        )
    )


@transaction.atomic
def action_report_create_draft(*, actor, commitment: Commitment, data: dict) -> ActionReport:
    """A draft action report on one of the officer's own party's commitments.

    Raises PERMISSION_DENIED (not an officer), NOT_YOUR_PARTY (the other party's
    commitment) or VALIDATION_ERROR; writes the draft and a `created` audit event.
    """
    require_officer(actor)
    if actor.party_id != commitment.party_id:
        raise ServiceError(
            CommonError.NOT_YOUR_PARTY, _("Your party reports actions on its own commitments only.")
        )
    reject_unknown_fields(data, ACTION_REPORT_FIELDS)
    other = Party.objects.exclude(pk=commitment.party_id).order_by("pk").first()
    report = ActionReport(
        commitment=commitment, party_id=commitment.party_id, other_party=other, created_by=actor
    )
    for name, value in data.items():
        setattr(report, name, value)
    # A narrative is taken to be in its author's language unless the input says otherwise.
    report.narrative_language = data.get("narrative_language") or author_language(actor)
    action_report_validate(report)
    report.reference = next_reference(prefix="ACT", party=actor.party, year=timezone.now().year)
    report.save()
    audit_event(
        report,
        subject_type=ACTION_REPORT,
        actor=actor,
        action="created",
        to_status=report.status,
        payload={"commitment": commitment.reference, "quantity": report.quantity},
    )
    return report


def action_report_submit(*, actor, report: ActionReport) -> ActionReport:
    """Submit a draft for review: the claims' review (verification.services.review_submit),
    which freezes it, starts its clocks and assigns a reviewer per co-chair."""
    return review.review_submit(actor=actor, record=report)


def action_report_withdraw(*, actor, report: ActionReport, reason: str = "") -> ActionReport:
    """Withdraw, under the claims' rule: until the first finding is recorded."""
    return review.review_withdraw(actor=actor, record=report, reason=reason)


@transaction.atomic
def action_evidence_add(
    *,
    user,
    report: ActionReport,
    upload,
    visibility: str = Visibility.PARTIES,
    description="",
    graphic=False,
    strip_location=False,
) -> ActionReportEvidence:
    """Attach one file to the officer's own party's action report (not once withdrawn), or
    to the other party's while it is in review (the contest's evidence).

    Locks the report, then the claims' one store (evidence.services.evidence_store):
    size, type from the bytes, SHA-256, a random stored name, one `evidence_added` event.
    Raises PERMISSION_DENIED, NOT_YOUR_PARTY, ILLEGAL_TRANSITION, VALIDATION_ERROR,
    FILE_TOO_LARGE, UNSUPPORTED_FILE_TYPE or LOCATION_NOT_REMOVABLE."""
    require_officer(user)
    report = ActionReport.objects.select_for_update().get(pk=report.pk)
    # The other party brings its own evidence when it contests, while the report is in review.
    contesting = report.other_party_id == user.party_id and report.status in (
        Status.UNDER_REVIEW,
        Status.DISPUTED,
    )
    if report.party_id != user.party_id and not contesting:
        raise ServiceError(
            CommonError.NOT_YOUR_PARTY,
            _(
                "Your party adds evidence to its own action reports, or to the other party's "
                "while contesting them in review."
            ),
        )
    if report.status == Status.WITHDRAWN:
        raise ServiceError(CommonError.ILLEGAL_TRANSITION, _("The action report was withdrawn."))
    return evidence_store(
        model=ActionReportEvidence,
        subject=report,
        user=user,
        upload=upload,
        visibility=visibility,
        description=description,
        graphic=graphic,
        strip_location=strip_location,
    )
