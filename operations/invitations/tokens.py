"""The secret in an invitation's link, kept nowhere: an HMAC (keyed with SECRET_KEY) over
the invitation's id, address and creation time, as Django's password-reset tokens are.

The worker that sends the email recomputes it from the id alone; whether the link still
works is the invitation's status and expiry, checked when it is opened.
"""

from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts.models import Invitation

KEY_SALT = "operations.invitations.tokens"


def invitation_token(invitation: Invitation) -> str:
    value = f"{invitation.pk}:{invitation.email.lower()}:{invitation.created.timestamp()}"
    return salted_hmac(KEY_SALT, value, algorithm="sha256").hexdigest()


def invitation_token_matches(invitation: Invitation, token: str) -> bool:
    return constant_time_compare(invitation_token(invitation), token)


def invitation_link(invitation: Invitation, *, base_url: str) -> str:
    path = reverse(
        "invitation-accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(invitation.pk)),
            "token": invitation_token(invitation),
        },
    )
    return base_url.rstrip("/") + path


def invitation_id_from_link(uidb64: str) -> int | None:
    try:
        return int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
