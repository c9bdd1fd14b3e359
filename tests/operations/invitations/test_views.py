"""The invitations page is the secretariat's alone; the admin sends through the same service."""

import pytest
from django.core import mail

from accounts.models import Invitation, InvitationStatus, Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("actor", ["pak_officer", "afg_officer", "tur_reviewer", "observer"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_secretariat_reaches_the_invitations_page(client, cast, actor, method, pak):
    client.force_login(cast[actor])

    response = getattr(client, method)(
        "/accounts/invitations/",
        {"email": "new@example.org", "role": Role.OFFICER, "party": pak.pk},
    )

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_signed_out_the_page_asks_to_sign_in(client):
    response = client.get("/accounts/invitations/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_secretariat_invites_from_the_page(
    client, secretariat, tur, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/invitations/",
            {"email": "deniz@example.org", "role": Role.REVIEWER, "cochair": tur.pk},
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.cochair, invitation.invited_by) == (
        Role.REVIEWER,
        tur,
        secretariat,
    )
    assert mail.outbox[-1].to == ["deniz@example.org"]
    assert "http://testserver/accounts/invitation/" in mail.outbox[-1].body
    page = client.get("/accounts/invitations/")
    assert "deniz@example.org" in page.content.decode()


@pytest.mark.parametrize(
    "posted, field",
    [
        ({"email": "not-an-address", "role": Role.OBSERVER}, "email"),
        ({"email": "x@example.org", "role": Role.OFFICER}, "party"),
        ({"email": "x@example.org", "role": "king"}, "role"),
        ({"email": "pak_officer@example.org", "role": Role.OBSERVER}, "email"),
    ],
)
def test_bad_input_is_a_form_error(client, secretariat, pak_officer, posted, field):
    client.force_login(secretariat)

    response = client.post("/accounts/invitations/", posted)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_the_admin_sends_through_the_service(
    client, secretariat, pak, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/accounts/invitation/add/",
            {"email": "amina@example.org", "role": Role.OFFICER, "party": pak.pk},
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.invited_by == secretariat
    assert mail.outbox[-1].to == ["amina@example.org"]


def test_the_admin_refuses_an_officer_without_a_party(client, secretariat):
    client.force_login(secretariat)

    response = client.post(
        "/admin/accounts/invitation/add/", {"email": "amina@example.org", "role": Role.OFFICER}
    )

    assert response.status_code == 200
    assert "party" in response.context["adminform"].form.errors
    assert not Invitation.objects.exists()


def test_the_accept_page_shows_the_role_and_organisation(invite, pak, client):
    _, path = invite(party=pak)

    response = client.get(path)

    assert response.status_code == 200
    assert "Delegation officer of Pakistan" in response.content.decode()
