"""The invitation email, sent by a worker after the invitation is committed."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import Invitation, InvitationStatus

from .tokens import invitation_link

log = logging.getLogger(__name__)


def invitation_email_send(*, invitation_id: int, base_url: str) -> bool:
    """Email the invitation's link once, while it can still be used; True if sent.

    Locks the invitation, so two workers given the same task send one email; a pending
    invitation already emailed, superseded, accepted or expired is left alone. A failed
    send raises, leaving `emailed_at` empty for the task's retry.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("party", "cochair")
            .filter(pk=invitation_id)
            .first()
        )
        if (
            invitation is None
            or invitation.status != InvitationStatus.PENDING
            or invitation.emailed_at is not None
            or invitation.is_expired()
        ):
            return False
        context = {
            "invitation": invitation,
            "link": invitation_link(invitation, base_url=base_url),
            "hours": settings.INVITATION_TTL_HOURS,
        }
        send_mail(
            subject="[Ceasefire mechanism] You are invited to the verification mechanism",
            message=render_to_string("invitations/email.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[invitation.email],
        )
        invitation.emailed_at = timezone.now()
        invitation.save(update_fields=["emailed_at"])
    log.info("Invitation %s emailed.", invitation_id)
    return True
