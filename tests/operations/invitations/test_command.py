"""`manage.py invite`: the first secretariat account of an install, with no shared password."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import Invitation, Role, User

from .conftest import LINK, accept

pytestmark = pytest.mark.django_db


def test_invite_prints_and_emails_a_link_that_makes_the_first_secretariat(
    django_capture_on_commit_callbacks,
):
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "invite",
            "--email=head@example.org",
            "--role=secretariat",
            "--site-url=https://mechanism.example.org",
            stdout=out,
        )

    link = LINK.search(out.getvalue()).group(0)
    assert link in mail.outbox[-1].body
    assert Invitation.objects.get().invited_by is None
    response = accept(Client(), link.removeprefix("https://mechanism.example.org"), username="head")
    assert response.status_code == 302
    assert User.objects.get(username="head").role == Role.SECRETARIAT


def test_invite_resolves_the_organisation_by_its_code(pak):
    call_command(
        "invite", "--email=a@example.org", "--role=officer", "--organisation=pak", stdout=StringIO()
    )

    assert Invitation.objects.get().party == pak


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--role=officer", "--organisation=XYZ"], "No party"),
        (["--role=reviewer"], "No co-chair"),
        (["--role=observer", "--organisation=PAK"], "no organisation"),
    ],
)
def test_invite_refuses_a_wrong_organisation(pak, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("invite", "--email=a@example.org", *arguments, stdout=StringIO())

    assert not Invitation.objects.exists()


def test_invite_refuses_an_address_with_an_account(pak_officer):
    with pytest.raises(CommandError, match="ACCOUNT_EXISTS"):
        call_command("invite", f"--email={pak_officer.email}", "--role=observer", stdout=StringIO())
