"""Background jobs of operations. Thin: each calls one function and is safe to run twice."""

from celery import shared_task

from .invitations.emails import invitation_email_send


@shared_task(
    name="invitations.send_email",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=8,
)
def send_invitation_email(invitation_id: int, base_url: str) -> bool:
    return invitation_email_send(invitation_id=invitation_id, base_url=base_url)
