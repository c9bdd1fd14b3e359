"""Reads. Every list and detail view, API or HTML, starts from incident_visible_to()."""

from django.db.models import Q

from accounts.models import Role

from .models import DECIDED_STATUSES, Category, Evidence, Incident, Visibility

NOTHING = Q(pk__in=[])


def incident_visibility_filter(user) -> Q:
    """The one rule for who sees which claim.

    - a party's drafts (and drafts it withdrew) are its own;
    - once submitted, a claim is seen by both parties, the mediators and the secretariat;
    - the secretariat reads everything, drafts included;
    - observers see decided claims only (verified, not verified, inconclusive).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.role == Role.SECRETARIAT:
        return Q()
    if user.role == Role.OFFICER:
        return Q(reporting_party_id=user.party_id) | Q(submitted_at__isnull=False)
    if user.role == Role.REVIEWER:
        return Q(submitted_at__isnull=False)
    if user.role == Role.OBSERVER:
        return Q(status__in=DECIDED_STATUSES)
    return NOTHING


def incident_visible_to(user):
    return Incident.objects.visible_to(user)


def incident_get_visible(*, user, reference: str) -> Incident | None:
    """The claim if this user may see it, else None (callers answer 404, never 403)."""
    return (
        incident_visible_to(user)
        .select_related("reporting_party", "accused_party", "category", "created_by")
        .filter(reference=reference)
        .first()
    )


def evidence_can_download(*, user, evidence: Evidence) -> bool:
    """Mediators-only evidence is downloadable by the mediators, the secretariat and the
    uploading party; the other party sees that it exists (and its hash), nothing more."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not incident_visible_to(user).filter(pk=evidence.incident_id).exists():
        return False
    return evidence_download_allowed_on_visible_claim(user=user, evidence=evidence)


def evidence_download_allowed_on_visible_claim(*, user, evidence: Evidence) -> bool:
    """evidence_can_download for a caller already known to see the claim (it came from
    incident_get_visible): the same rule without a query per file."""
    if evidence.visibility == Visibility.PARTIES:
        return True
    if user.role in (Role.REVIEWER, Role.SECRETARIAT):
        return True
    return user.role == Role.OFFICER and evidence.uploaded_by.party_id == user.party_id


def category_current():
    return Category.objects.current().order_by("label")
