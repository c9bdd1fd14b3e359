"""Writes of links and suggestions. Each transition: guard → lock both claims (lower id
first, so two reviewers linking the same pair never deadlock) → change → an audit event
on each claim's trail → notifications."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import CommonError, ServiceError, validation_error
from core.text import is_blank
from notifications import services as notifications
from verification.services.common import _assigned_reviewers, _audit

from ..models import Incident
from .error_codes import LinkError
from .models import ClaimLink, LinkKind, LinkSuggestion, SuggestionState
from .permissions import can_link_pair
from .selectors import suggestion_candidates


def suggestions_on_submit(claim: Incident) -> int:
    """Record an open suggestion for each claim of the other party that `claim` may
    describe the same event as (incidents.links.selectors.suggestion_candidates): one
    indexed query and one insert, in the submission's transaction. Pairs already
    suggested or linked are left as they are, so running it again writes nothing."""
    candidates = suggestion_candidates(claim)
    if not candidates:
        return 0
    linked = set()
    for first, second in ClaimLink.objects.of(claim).values_list("first_id", "second_id"):
        linked.update((first, second))
    rows = [
        LinkSuggestion(
            first_id=min(claim.pk, c.claim_id),
            second_id=max(claim.pk, c.claim_id),
            distance_m=c.distance_m,
            minutes_apart=c.minutes_apart,
        )
        for c in candidates
        if c.claim_id not in linked
    ]
    LinkSuggestion.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _reason(reason: str, *, required: str) -> str:
    text = (reason or "").strip()
    if is_blank(text):
        raise validation_error({"reason": required})
    if len(text) > 2000:
        raise validation_error({"reason": _("Keep the reason under 2000 characters.")})
    return text


def _lock_pair(claim: Incident, other: Incident) -> tuple[Incident, Incident]:
    if claim.pk == other.pk:
        raise ServiceError(LinkError.SELF_LINK, _("A claim cannot be linked to itself."))
    rows = {
        row.pk: row
        for row in Incident.objects.select_for_update(of=("self",))
        .select_related("reporting_party", "accused_party", "category")
        .filter(pk__in=[claim.pk, other.pk])
        .order_by("pk")
    }
    return rows[claim.pk], rows[other.pk]


def _guard(actor, claim, other) -> None:
    if not can_link_pair(actor, claim, other):
        raise ServiceError(
            CommonError.PERMISSION_DENIED,
            _("Only the secretariat or a reviewer assigned to one of the claims may do this."),
        )


def _audit_pair(actor, claim, other, *, action: str, payload: dict) -> None:
    for subject, partner in ((claim, other), (other, claim)):
        _audit(
            subject,
            actor=actor,
            action=action,
            from_status=subject.status,
            payload={"other": partner.reference, **payload},
        )


def _notify_pair(claim, other, *, kind: str, params: dict | None = None) -> None:
    people = (
        notifications.people_of_party(claim.reporting_party_id)
        + notifications.people_of_party(claim.accused_party_id)
        + _assigned_reviewers(claim)
        + _assigned_reviewers(other)
    )
    notifications.notify(
        people,
        kind=kind,
        params={"reference": claim.reference, "other": other.reference, **(params or {})},
        subject_type="incident",
        subject_ref=claim.reference,
    )


@transaction.atomic
def claim_link(*, actor, claim: Incident, other: Incident, kind: str, reason: str) -> ClaimLink:
    """Link two submitted claims as the same event (a counter-claim: only between claims
    of opposite parties) or as related, with a reason.

    Locks both claims; writes the link, marks an open suggestion of the pair `linked`,
    a `linked` event on each claim, and notifies both parties' officers and the claims'
    reviewers. Raises SELF_LINK, PERMISSION_DENIED, VALIDATION_ERROR (kind, reason),
    LINK_NOT_SUBMITTED (a draft), LINK_SAME_PARTY or LINK_EXISTS; writes nothing then."""
    claim, other = _lock_pair(claim, other)
    _guard(actor, claim, other)
    if kind not in LinkKind.values:
        raise validation_error({"kind": _("Choose same_event or related.")})
    reason = _reason(reason, required=_("Say why the claims are linked."))
    if claim.submitted_at is None or other.submitted_at is None:
        raise ServiceError(LinkError.LINK_NOT_SUBMITTED, _("Only submitted claims are linked."))
    if kind == LinkKind.SAME_EVENT and claim.reporting_party_id == other.reporting_party_id:
        raise ServiceError(
            LinkError.LINK_SAME_PARTY,
            _("A counter-claim is filed by the other party: link claims of one party as related."),
        )
    if ClaimLink.objects.pair(claim, other).exists():
        raise ServiceError(LinkError.LINK_EXISTS, _("These claims are already linked."))
    low, high = sorted((claim, other), key=lambda c: c.pk)
    try:
        with transaction.atomic():
            link = ClaimLink.objects.create(
                first=low, second=high, kind=kind, reason=reason, created_by=actor
            )
    except IntegrityError as exc:  # a concurrent link of the same pair won the race
        raise ServiceError(LinkError.LINK_EXISTS, _("These claims are already linked.")) from exc
    now = timezone.now()
    LinkSuggestion.objects.pair(claim, other).filter(state=SuggestionState.OPEN).update(
        state=SuggestionState.LINKED, decided_by=actor, decided_at=now, reason=reason
    )
    _audit_pair(actor, claim, other, action="linked", payload={"kind": kind, "reason": reason})
    _notify_pair(claim, other, kind="claims_linked", params={"link": kind})
    return link


@transaction.atomic
def claim_unlink(*, actor, claim: Incident, other: Incident, reason: str) -> None:
    """Remove the link between two claims, with a reason (the same people who link).

    Locks both claims; deletes the link, reopens a suggestion that it had closed, writes
    an `unlinked` event on each claim and notifies as claim_link does. Raises SELF_LINK,
    PERMISSION_DENIED, VALIDATION_ERROR (reason) or LINK_NOT_FOUND."""
    claim, other = _lock_pair(claim, other)
    _guard(actor, claim, other)
    reason = _reason(reason, required=_("Say why the link is removed."))
    link = ClaimLink.objects.pair(claim, other).first()
    if link is None:
        raise ServiceError(LinkError.LINK_NOT_FOUND, _("These claims are not linked."))
    kind = link.kind
    link.delete()
    LinkSuggestion.objects.pair(claim, other).filter(state=SuggestionState.LINKED).update(
        state=SuggestionState.OPEN, decided_by=None, decided_at=None, reason=""
    )
    _audit_pair(actor, claim, other, action="unlinked", payload={"kind": kind, "reason": reason})
    _notify_pair(claim, other, kind="claims_unlinked")


@transaction.atomic
def suggestion_dismiss(*, actor, claim: Incident, other: Incident, reason: str) -> LinkSuggestion:
    """Dismiss the open suggestion that two claims may be the same event, with a reason.

    Locks both claims, then the suggestion; writes a `suggestion_dismissed` event on each
    claim (no notification: suggestions are the mediators' own). Raises SELF_LINK,
    PERMISSION_DENIED, VALIDATION_ERROR (reason), LINK_NOT_FOUND (no suggestion) or
    SUGGESTION_DECIDED."""
    claim, other = _lock_pair(claim, other)
    _guard(actor, claim, other)
    reason = _reason(reason, required=_("Say why the suggestion is dismissed."))
    suggestion = LinkSuggestion.objects.pair(claim, other).select_for_update().first()
    if suggestion is None:
        raise ServiceError(LinkError.LINK_NOT_FOUND, _("No suggestion links these claims."))
    if suggestion.state != SuggestionState.OPEN:
        raise ServiceError(LinkError.SUGGESTION_DECIDED, _("This suggestion is already decided."))
    suggestion.state = SuggestionState.DISMISSED
    suggestion.decided_by = actor
    suggestion.decided_at = timezone.now()
    suggestion.reason = reason
    suggestion.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    _audit_pair(actor, claim, other, action="suggestion_dismissed", payload={"reason": reason})
    return suggestion
