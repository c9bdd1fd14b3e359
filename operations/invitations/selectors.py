"""Reading invitations: the secretariat's list, and the one a link names."""

from django.db.models import QuerySet
from django.utils.translation import gettext

from accounts.models import Invitation
from core.errors import ServiceError

from .error_codes import InvitationError
from .tokens import invitation_id_from_link, invitation_token_matches


def invitation_list() -> QuerySet[Invitation]:
    return Invitation.objects.select_related("party", "cochair", "invited_by", "user")


def invitation_from_link(*, uidb64: str, token: str, for_update: bool = False) -> Invitation:
    """The invitation a link names, whatever its state; INVITATION_INVALID when the link
    names none or its token is not the one the mechanism sent (the same refusal for both)."""
    pk = invitation_id_from_link(uidb64)
    queryset = Invitation.objects.select_related("party", "cochair")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(pk=pk).first() if pk is not None else None
    if invitation is None or not invitation_token_matches(invitation, token):
        raise ServiceError(
            InvitationError.INVITATION_INVALID, gettext("This invitation link is not valid.")
        )
    return invitation
