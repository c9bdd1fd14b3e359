import re

import pytest
from django.core import mail

from accounts.models import Role
from operations.invitations.services import invitation_send

LINK = re.compile(r"https?://\S+/accounts/invitation/\S+/\S+/")
PASSWORD = "granite-ledger-harbour-41"


@pytest.fixture
def invite(secretariat, django_capture_on_commit_callbacks):
    """Send an invitation as the secretariat; returns (invitation, path of the emailed link)."""

    def send(email="amina@example.org", role=Role.OFFICER, **organisation):
        outbox = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invitation_send(
                invited_by=secretariat,
                email=email,
                role=role,
                base_url="https://mechanism.example.org/",
                **organisation,
            )
        assert len(mail.outbox) == outbox + 1
        link = LINK.search(mail.outbox[-1].body).group(0)
        return invitation, link.removeprefix("https://mechanism.example.org")

    return send


def accept(client, path, *, username="amina", password=PASSWORD, confirm=None):
    return client.post(
        path, {"username": username, "password1": password, "password2": confirm or password}
    )
