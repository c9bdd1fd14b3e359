"""Invitations: one link, used once, before it expires; a newer one replaces it; the
account it makes has the invited role and organisation; both steps are on the chain."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from accounts.models import Invitation, InvitationStatus, Role, User
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from core.errors import ServiceError
from operations.invitations.error_codes import InvitationError
from operations.invitations.services import invitation_accept, invitation_send

from .conftest import PASSWORD, accept

pytestmark = pytest.mark.django_db


def test_the_email_carries_a_link_that_makes_the_account_in_the_invited_party(invite, pak, client):
    invitation, path = invite(email="Amina@Example.ORG", role=Role.OFFICER, party=pak)

    assert mail.outbox[-1].to == ["Amina@example.org"]
    assert "Delegation officer of Pakistan" in mail.outbox[-1].body
    response = accept(client, path, username="amina")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    user = User.objects.get(username="amina")
    assert (user.role, user.party, user.cochair) == (Role.OFFICER, pak, None)
    assert user.email == "Amina@example.org"
    assert user.check_password(PASSWORD)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.user == user
    assert Client().login(username="amina", password=PASSWORD)


def test_a_reviewer_invitation_makes_a_reviewer_of_that_cochair(invite, tur, client):
    _, path = invite(email="deniz@example.org", role=Role.REVIEWER, cochair=tur)

    accept(client, path, username="deniz")

    user = User.objects.get(username="deniz")
    assert (user.role, user.cochair, user.party) == (Role.REVIEWER, tur, None)


def test_the_link_works_once(invite, pak, client):
    _, path = invite(party=pak)
    accept(client, path, username="amina")

    again = Client().get(path)
    second = accept(Client(), path, username="amina2")

    assert again.status_code == 410
    assert 'data-code="INVITATION_USED"' in again.content.decode()
    assert second.status_code == 410
    assert not User.objects.filter(username="amina2").exists()


def test_the_link_stops_working_when_it_expires(invite, pak, client):
    _, path = invite(party=pak)

    with time_machine.travel(timezone.now() + timedelta(hours=71, minutes=59)):
        assert client.get(path).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=72)):
        response = accept(client, path)

    assert response.status_code == 410
    assert 'data-code="INVITATION_EXPIRED"' in response.content.decode()
    assert "has expired" in response.content.decode()
    assert not User.objects.filter(username="amina").exists()


def test_the_link_lasts_invitation_ttl_hours(secretariat, pak, settings):
    settings.INVITATION_TTL_HOURS = 5
    invitation = invitation_send(
        invited_by=secretariat,
        email="amina@example.org",
        role=Role.OFFICER,
        party=pak,
        base_url="http://testserver/",
    )

    assert invitation.expires - invitation.created == timedelta(hours=5)


def test_inviting_the_address_again_supersedes_the_old_link(invite, pak, afg, client):
    first, old_path = invite(party=pak)
    _, new_path = invite(email="AMINA@example.org", party=afg)

    response = client.get(old_path)

    assert response.status_code == 410
    assert 'data-code="INVITATION_SUPERSEDED"' in response.content.decode()
    first.refresh_from_db()
    assert first.status == InvitationStatus.SUPERSEDED
    assert old_path != new_path
    accept(client, new_path)
    assert User.objects.get(username="amina").party == afg


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/invitation/xx/abc/",
        "/accounts/invitation/MQ/0000000000000000000000000000000000000000000000000000000000000000/",
    ],
)
def test_a_forged_or_mangled_link_is_not_valid(invite, pak, client, path):
    invite(party=pak)

    response = client.get(path)

    assert response.status_code == 404
    assert 'data-code="INVITATION_INVALID"' in response.content.decode()


def test_a_tampered_token_is_not_valid(invite, pak, client):
    _, path = invite(party=pak)
    uid, token = path.rstrip("/").split("/")[-2:]
    flipped = ("1" if token[0] != "1" else "2") + token[1:]

    response = client.get(f"/accounts/invitation/{uid}/{flipped}/")

    assert response.status_code == 404


def test_the_password_goes_through_djangos_validators(invite, pak, client):
    _, path = invite(party=pak)

    weak = accept(client, path, password="password")
    mismatch = accept(client, path, password=PASSWORD, confirm=PASSWORD + "x")

    assert weak.status_code == 400
    assert "password2" in weak.context["form"].errors
    assert mismatch.status_code == 400
    assert not User.objects.filter(username="amina").exists()
    # A refused attempt does not use the link up.
    assert accept(client, path).status_code == 302


def test_a_taken_username_is_refused_on_the_field(invite, pak, pak_officer, client):
    _, path = invite(party=pak)

    response = accept(client, path, username="PAK_officer")

    assert response.status_code == 400
    assert "username" in response.context["form"].errors


def test_an_address_with_an_account_is_not_invited(secretariat, pak_officer):
    with pytest.raises(ServiceError) as refusal:
        invitation_send(
            invited_by=secretariat,
            email=pak_officer.email.upper(),
            role=Role.OBSERVER,
            base_url="http://testserver/",
        )

    assert refusal.value.code == InvitationError.ACCOUNT_EXISTS


@pytest.mark.parametrize("actor", ["pak_officer", "tur_reviewer", "observer"])
def test_only_the_secretariat_invites(cast, actor):
    with pytest.raises(ServiceError) as refusal:
        invitation_send(
            invited_by=cast[actor],
            email="new@example.org",
            role=Role.SECRETARIAT,
            base_url="http://testserver/",
        )

    assert refusal.value.code == "PERMISSION_DENIED"
    assert not Invitation.objects.exists()


def test_a_role_without_its_organisation_is_refused(secretariat):
    with pytest.raises(ServiceError) as refusal:
        invitation_send(
            invited_by=secretariat,
            email="new@example.org",
            role=Role.OFFICER,
            base_url="http://testserver/",
        )

    assert refusal.value.code == "VALIDATION_ERROR"
    assert "party" in refusal.value.fields


def test_the_database_keeps_one_pending_invitation_per_address(secretariat):
    now = timezone.now()
    fields = dict(role=Role.OBSERVER, created=now, expires=now + timedelta(hours=1))
    Invitation.objects.create(email="a@example.org", **fields)

    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(email="A@example.org", **fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"role": Role.OFFICER},  # an officer without a party
        {"role": Role.OBSERVER, "status": InvitationStatus.ACCEPTED},  # accepted by no one
        {"role": Role.OBSERVER, "expires_in": timedelta(0)},  # expires as it is made
    ],
)
def test_the_database_refuses_an_inconsistent_invitation(fields):
    now = timezone.now()
    expires_in = fields.pop("expires_in", timedelta(hours=1))

    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            email="a@example.org", created=now, expires=now + expires_in, **fields
        )


def test_sending_and_accepting_are_on_the_chain(invite, pak, client, secretariat):
    first, _ = invite(party=pak)
    second, path = invite(party=pak)
    accept(client, path)

    events = list(
        AuditEvent.objects.filter(subject_type="invitation")
        .order_by("sequence")
        .values_list("action", "subject_id", "actor__username", "to_status")
    )

    assert events == [
        ("invitation_sent", first.pk, "secretariat", "pending"),
        ("invitation_superseded", first.pk, "secretariat", "superseded"),
        ("invitation_sent", second.pk, "secretariat", "pending"),
        ("invitation_accepted", second.pk, "amina", "accepted"),
    ]
    assert audit_verify_chain().ok


def test_accepting_twice_at_once_makes_one_account(invite, pak):
    invitation, _ = invite(party=pak)
    invitation_accept(invitation=invitation, username="amina", password=PASSWORD)

    with pytest.raises(ServiceError) as refusal:
        invitation_accept(invitation=invitation, username="amina2", password=PASSWORD)

    assert refusal.value.code == InvitationError.INVITATION_USED
    assert User.objects.filter(email="amina@example.org").count() == 1


def test_the_worker_does_not_email_a_superseded_invitation(invite, pak):
    from operations.invitations.emails import invitation_email_send

    first, _ = invite(party=pak)
    invite(party=pak)
    Invitation.objects.filter(pk=first.pk).update(emailed_at=None)

    assert not invitation_email_send(invitation_id=first.pk, base_url="http://testserver/")


def test_the_worker_emails_an_invitation_once(invite, pak):
    from operations.invitations.emails import invitation_email_send

    invitation, _ = invite(party=pak)
    sent = len(mail.outbox)

    assert not invitation_email_send(invitation_id=invitation.pk, base_url="http://testserver/")
    assert len(mail.outbox) == sent
