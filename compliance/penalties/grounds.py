"""A penalty's grounds: the verified claims and missed commitments it rests on, each
checked against the penalised party, and the stable code the database's own check
(a trigger) reaches the caller with."""

from django.db import IntegrityError
from django.utils.translation import gettext as _

from accounts.models import Party
from core.errors import ServiceError
from incidents.models import Incident
from verification.statuses import Status

from ..commitments.selectors import commitment_visible_to
from .error_codes import PenaltyError


def ground_refused(detail: str, fields: dict) -> ServiceError:
    return ServiceError(PenaltyError.PENALTY_GROUND_INELIGIBLE, detail, fields=fields)


def is_ground_trigger(exc: IntegrityError) -> bool:
    return "PENALTY_GROUND_INELIGIBLE" in str(exc)


def resolve_grounds(actor, party: Party, claims: list[str], commitments: list[str]):
    """The claims and commitments named, each checked: a verified claim where `party` is
    the accused, or a commitment of `party` the sweep recorded as missed. Looked up as
    `actor` sees them, so that one it may not see reads "no such claim", as one that does
    not exist: the refusal tells nothing of records hidden from the caller."""
    claims, commitments = sorted(set(claims)), sorted(set(commitments))
    found_claims = {
        i.reference: i
        for i in Incident.objects.visible_to(actor)
        .filter(reference__in=claims)
        .only("pk", "reference", "status", "accused_party_id")
    }
    found_commitments = {
        c.reference: c
        for c in commitment_visible_to(actor)
        .select_related(None)
        .filter(reference__in=commitments)
        .only("pk", "reference", "party_id", "missed_at")
    }
    errors: dict[str, list[str]] = {}
    for ref in claims:
        claim = found_claims.get(ref)
        if claim is None:
            errors.setdefault("claims", []).append(_("%(ref)s: no such claim.") % {"ref": ref})
        elif claim.accused_party_id != party.pk:
            errors.setdefault("claims", []).append(
                _("%(ref)s: %(party)s is not the accused.") % {"ref": ref, "party": party.name}
            )
        elif claim.status != Status.VERIFIED:
            errors.setdefault("claims", []).append(_("%(ref)s: not verified.") % {"ref": ref})
    for ref in commitments:
        commitment = found_commitments.get(ref)
        if commitment is None:
            errors.setdefault("commitments", []).append(
                _("%(ref)s: no such commitment.") % {"ref": ref}
            )
        elif commitment.party_id != party.pk:
            errors.setdefault("commitments", []).append(
                _("%(ref)s: not a commitment of %(party)s.") % {"ref": ref, "party": party.name}
            )
        elif commitment.missed_at is None:
            errors.setdefault("commitments", []).append(_("%(ref)s: not missed.") % {"ref": ref})
    if errors:
        raise ground_refused(
            _(
                "Every ground is a verified claim against the penalised party or a commitment "
                "it missed."
            ),
            errors,
        )
    return [found_claims[r] for r in claims], [found_commitments[r] for r in commitments]
