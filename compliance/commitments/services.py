"""Writes to commitments: guard → lock → change → audit event → notifications (emails
after commit). API, browser and admin call these."""

from datetime import date
from itertools import pairwise

from django.db import transaction
from django.utils.translation import gettext

from core.errors import validation_error
from notifications import services as notifications

from ..common.services import (
    audit_event,
    full_clean_into,
    next_reference,
    reject_unknown_fields,
    require_secretariat,
)
from .models import Commitment, CommitmentKind, Milestone, TargetKind

COMMITMENT = "commitment"

COMMITMENT_FIELDS = (
    "party",
    "session_label",
    "session_date",
    "agreement_clause",
    "kind",
    "description",
    "target_kind",
    "target_quantity",
    "unit",
    "due_date",
)


def _validate_milestones(commitment: Commitment, milestones: list[tuple[date, int]], errors):
    if not milestones:
        return
    dates = [d for d, _ in milestones]
    quantities = [q for _, q in milestones]
    problems = []
    if any(not isinstance(q, int) or q < 1 for q in quantities):
        problems.append(gettext("Each milestone's quantity is a whole number of at least 1."))
    elif any(b <= a for a, b in pairwise(dates)):
        problems.append(gettext("Milestone dates must ascend, one milestone per date."))
    elif any(b < a for a, b in pairwise(quantities)):
        problems.append(gettext("Milestone quantities are cumulative: they never fall."))
    elif isinstance(commitment.target_quantity, int) and quantities[-1] != (
        commitment.target_quantity
    ):
        problems.append(gettext("The last milestone's quantity equals the target."))
    elif isinstance(commitment.due_date, date) and dates[-1] > commitment.due_date:
        problems.append(gettext("No milestone falls after the due date."))
    elif isinstance(commitment.session_date, date) and dates[0] <= commitment.session_date:
        problems.append(gettext("Milestones fall after the session that agreed the commitment."))
    if problems:
        errors["milestones"] = problems


@transaction.atomic
def commitment_create(
    *, actor, data: dict, milestones: list[tuple[date, int]] | None = None
) -> Commitment:
    """Record a commitment agreed at a session, with its milestones (cumulative quantities,
    dates ascending, the last equal to the target).

    Secretariat only (PERMISSION_DENIED); VALIDATION_ERROR writes nothing. Writes the
    commitment, its milestones and one `created` audit event; notifies the obligated party.
    """
    require_secretariat(actor)
    reject_unknown_fields(data, COMMITMENT_FIELDS)
    data = dict(data)
    if data.get("target_kind") == TargetKind.DONE:
        data["target_quantity"], data["unit"] = 1, ""
    commitment = Commitment(created_by=actor, **data)
    errors: dict[str, list[str]] = {}
    full_clean_into(commitment, errors, exclude=["reference", "created_by"])
    if commitment.target_kind == TargetKind.QUANTITY and not (commitment.unit or "").strip():
        errors.setdefault("unit", []).append("Give the unit of the target (e.g. raids).")
    if (
        isinstance(commitment.session_date, date)
        and isinstance(commitment.due_date, date)
        and commitment.due_date <= commitment.session_date
    ):
        errors.setdefault("due_date", []).append("The due date follows the session.")
    if (
        commitment.kind_id
        and not CommitmentKind.objects.filter(pk=commitment.kind_id, is_active=True).exists()
    ):
        errors.setdefault("kind", []).append("This kind is no longer in use.")
    milestones = sorted(milestones or [], key=lambda m: m[0])
    _validate_milestones(commitment, milestones, errors)
    if errors:
        raise validation_error(errors)
    commitment.reference = next_reference(
        prefix="CMT", party=commitment.party, year=commitment.session_date.year
    )
    commitment.save()
    Milestone.objects.bulk_create(
        [Milestone(commitment=commitment, due_date=d, quantity=q) for d, q in milestones]
    )
    audit_event(
        commitment,
        subject_type=COMMITMENT,
        actor=actor,
        action="created",
        payload={
            "party": commitment.party.code,
            "target": commitment.target_label,
            "due_date": commitment.due_date,
            "milestones": [[d, q] for d, q in milestones],
        },
    )
    notifications.notify(
        notifications.people_of_party(commitment.party_id),
        kind="commitment_recorded",
        params={"reference": commitment.reference, "due": commitment.due_date},
        subject_type=COMMITMENT,
        subject_ref=commitment.reference,
    )
    return commitment
