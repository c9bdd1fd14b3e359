"""`manage.py lockdown`: the operators' switch, acting as a named secretariat user."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from core import site_mode
from core.models import ApiToken
from operations.lockdown.services import SESSIONS_ENDED, SWITCHED
from tests.factories import api_token

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("lockdown", *args, stdout=out)
    return out.getvalue()


def test_the_command_shows_and_switches_the_mode(secretariat):
    assert "Normal" in run()
    assert "Read-only" in run("read_only", "--as", "secretariat", "--reason", "Compromise.")
    assert site_mode.current().mode == "read_only"
    assert AuditEvent.objects.get(action=SWITCHED).actor == secretariat
    assert "Read-only since" in run()


def test_the_command_signs_out_everyone(cast):
    api_token(cast["pak_officer"])
    assert "revoked 1 API token" in run("--sign-out-everyone", "--as", "secretariat")
    assert not ApiToken.objects.exists()
    assert AuditEvent.objects.filter(action=SESSIONS_ENDED).exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["read_only", "--reason", "x"], "--as"),
        (["read_only", "--as", "nobody", "--reason", "x"], "no active user"),
        (["read_only", "--as", "pak_officer", "--reason", "x"], "PERMISSION_DENIED"),
        (["read_only", "--as", "secretariat"], "reason"),
    ],
)
def test_the_command_refuses_clearly(cast, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert site_mode.current().mode == "normal"
