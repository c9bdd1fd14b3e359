"""Signing in through the pages, and TOTP codes as an authenticator app computes them."""

import importlib
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from accounts.models import SecondFactorPolicy

PASSWORD = "pw"  # what tests.factories.UserFactory sets


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The RFC 6238 code for `secret` now (or at `at`), 30-second steps, six digits."""
    return format_hotp_value(hotp_value(secret, int((at or time.time()) // 30)))


def password_step(user, *, address="198.51.100.7", password=PASSWORD) -> tuple[Client, object]:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"login": user.username, "password": password})
    return client, response


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def confirm_password(client: Client, *, password=PASSWORD) -> None:
    """allauth asks for the password again before a second factor is added or removed."""
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response


def default_policy() -> None:
    """The policy a fresh install's migration writes. A transactional test (the browser
    tests') flushes the tables, migration data included, so tests that rely on it ask
    for it again."""
    from django.apps import apps

    migration = importlib.import_module("accounts.migrations.0003_second_factor_policy")
    SecondFactorPolicy.objects.all().delete()
    migration.default_policy(apps, None)
