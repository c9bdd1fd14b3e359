"""Sending and accepting invitations. Each is one transaction: guard, lock, change,
audit event, and (for sending) the email queued after commit."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Invitation, InvitationStatus, User, organisation_errors
from accounts.permissions import can_invite
from audit.services import audit_record, audit_record_many
from core.errors import CommonError, ServiceError, validation_error

from ..tasks import send_invitation_email
from .error_codes import InvitationError

log = logging.getLogger(__name__)

SUBJECT = "invitation"


def _ref(invitation: Invitation) -> str:
    return f"INV-{invitation.pk}"


def _organisation_code(invitation: Invitation) -> str:
    org = invitation.organisation
    return org.code if org else ""


def _refuse_existing_account(email: str) -> None:
    if User.objects.filter(email__iexact=email).exists():
        raise ServiceError(
            InvitationError.ACCOUNT_EXISTS,
            gettext("An account with this email address exists already."),
            fields={"email": [gettext("An account with this email address exists already.")]},
        )


@transaction.atomic
def invitation_send(
    *, invited_by: User | None, email: str, role: str, party=None, cochair=None, base_url: str
) -> Invitation:
    """Invite `email` into `role` and its organisation, for INVITATION_TTL_HOURS.

    `invited_by` must be the secretariat (PERMISSION_DENIED otherwise); None is the
    operator at the command line. Refuses an address that has an account (ACCOUNT_EXISTS)
    and a role without its organisation (VALIDATION_ERROR). Locks the address's pending
    invitations and supersedes them, so that only the newest link works; writes
    `invitation_superseded` and `invitation_sent` events; queues the email after commit.
    """
    if invited_by is not None and not can_invite(invited_by):
        raise ServiceError(
            CommonError.PERMISSION_DENIED, gettext("Only the secretariat invites people.")
        )
    email = User.objects.normalize_email(email).strip()
    if not email:
        raise validation_error({"email": "Enter an email address."})
    if errors := organisation_errors(
        role, getattr(party, "pk", None), getattr(cochair, "pk", None)
    ):
        raise validation_error(errors)
    _refuse_existing_account(email)
    now = timezone.now()
    previous = list(
        Invitation.objects.select_for_update().filter(
            email__iexact=email, status=InvitationStatus.PENDING
        )
    )
    Invitation.objects.filter(pk__in=[p.pk for p in previous]).update(
        status=InvitationStatus.SUPERSEDED
    )
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        party=party,
        cochair=cochair,
        invited_by=invited_by,
        created=now,
        expires=now + timedelta(hours=settings.INVITATION_TTL_HOURS),
    )
    audit_record_many(
        [
            {
                "actor": invited_by,
                "action": "invitation_superseded",
                "subject_type": SUBJECT,
                "subject_id": old.pk,
                "subject_ref": _ref(old),
                "from_status": InvitationStatus.PENDING,
                "to_status": InvitationStatus.SUPERSEDED,
                "payload": {"by": invitation.pk},
            }
            for old in previous
        ]
        + [
            {
                "actor": invited_by,
                "action": "invitation_sent",
                "subject_type": SUBJECT,
                "subject_id": invitation.pk,
                "subject_ref": _ref(invitation),
                "to_status": InvitationStatus.PENDING,
                "payload": {
                    "email": email,
                    "role": role,
                    "organisation": _organisation_code(invitation),
                    "expires": invitation.expires.isoformat(),
                },
            }
        ]
    )
    transaction.on_commit(lambda: _queue_email(invitation.pk, base_url))
    return invitation


def _queue_email(invitation_id: int, base_url: str) -> None:
    try:
        send_invitation_email.delay(invitation_id, base_url)
    except Exception:  # a broker outage must not turn a committed invitation into a 500
        log.exception("Could not queue the email of invitation %s.", invitation_id)


def invitation_refuse_unusable(invitation: Invitation, *, now=None) -> None:
    """The guard before accepting: INVITATION_USED, INVITATION_SUPERSEDED or
    INVITATION_EXPIRED, each with a sentence the invitee can act on."""
    if invitation.status == InvitationStatus.ACCEPTED:
        raise ServiceError(
            InvitationError.INVITATION_USED,
            gettext("This invitation has been used already. Sign in with the account it created."),
        )
    if invitation.status == InvitationStatus.SUPERSEDED:
        raise ServiceError(
            InvitationError.INVITATION_SUPERSEDED,
            gettext(
                "A newer invitation was sent to this address: use the link in the latest email."
            ),
        )
    if invitation.is_expired(now=now):
        raise ServiceError(
            InvitationError.INVITATION_EXPIRED,
            gettext("This invitation has expired. Ask the secretariat to invite you again."),
        )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, username: str, password: str) -> User:
    """Create the invited account with the invitee's username and password.

    Locks the invitation and checks again that it is pending and unexpired (a link used
    twice at once makes one account); refuses a taken username and a password Django's
    validators refuse (VALIDATION_ERROR on the field). The password goes through
    `set_password`, so saving it runs the password-changed hooks (API tokens revoked).
    Writes `invitation_accepted`, the new account as its actor.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_refuse_unusable(invitation)
    _refuse_existing_account(invitation.email)
    username = (username or "").strip()
    if User.objects.filter(username__iexact=username).exists():
        raise validation_error({"username": "This username is taken; choose another."})
    user = User(
        username=username,
        email=invitation.email,
        role=invitation.role,
        party=invitation.party,
        cochair=invitation.cochair,
    )
    try:
        user.full_clean(exclude=["password"])
        validate_password(password, user)
    except ValidationError as error:
        fields = (
            error.message_dict if hasattr(error, "error_dict") else {"password": error.messages}
        )
        raise validation_error(fields) from error
    user.set_password(password)
    user.save()
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["status", "accepted_at", "user"])
    audit_record(
        actor=user,
        action="invitation_accepted",
        subject_type=SUBJECT,
        subject_id=invitation.pk,
        subject_ref=_ref(invitation),
        from_status=InvitationStatus.PENDING,
        to_status=InvitationStatus.ACCEPTED,
        payload={"user": user.pk, "username": user.username, "role": user.role},
    )
    return user
