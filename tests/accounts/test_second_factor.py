"""The second factor: TOTP enrolment with its QR, sign-in with a TOTP code, recovery codes
that work once, accounts.second_factor's verify() and required_for(), and axes counting
the second step."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache

from accounts import second_factor
from accounts.models import Role, SecondFactorPolicy, SecondFactorRule
from tests.accounts.support import (
    confirm_password,
    default_policy,
    password_step,
    signed_in,
    totp_code,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # allauth remembers used TOTP codes there
    yield
    cache.clear()


def enrol_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_totp_enrolment_shows_a_qr_and_activates_with_a_current_code(pak_officer):
    client, response = password_step(pak_officer)
    assert response.status_code == 302
    assert client.get("/accounts/2fa/totp/activate/").status_code == 302  # password first
    confirm_password(client)

    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert b"data:image/svg+xml;base64," in page.content  # the QR, drawn by allauth
    secret = page.context["form"].secret

    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert not second_factor.is_enrolled(pak_officer)

    done = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert done.status_code == 302
    assert second_factor.is_enrolled(pak_officer)
    # Recovery codes come with it, shown once.
    assert Authenticator.objects.filter(
        user=pak_officer, type=Authenticator.Type.RECOVERY_CODES
    ).exists()


def test_signing_in_with_totp_needs_the_code_after_the_password(pak_officer):
    secret = enrol_totp(pak_officer)

    client, response = password_step(pak_officer)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not signed_in(client)

    refused = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not signed_in(client)

    accepted = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert accepted.status_code == 302
    assert signed_in(client)
    assert client.get("/claims/").status_code == 200


def test_a_recovery_code_signs_in_once(pak_officer):
    enrol_totp(pak_officer)
    code = RecoveryCodes.activate(pak_officer).get_unused_codes()[0]

    first, _ = password_step(pak_officer)
    assert first.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert signed_in(first)

    again, _ = password_step(pak_officer)
    response = again.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 200 and response.context["form"].errors
    assert not signed_in(again)


def test_verify_accepts_the_current_totp_code_once(pak_officer):
    secret = enrol_totp(pak_officer)
    code = totp_code(secret)

    assert second_factor.verify(pak_officer, code) is True
    assert second_factor.verify(pak_officer, code) is False  # replayed within its period


def test_verify_spends_a_recovery_code(pak_officer):
    enrol_totp(pak_officer)
    codes = RecoveryCodes.activate(pak_officer).get_unused_codes()

    assert second_factor.verify(pak_officer, codes[0]) is True
    assert second_factor.verify(pak_officer, codes[0]) is False
    assert second_factor.verify(pak_officer, codes[1]) is True


@pytest.mark.parametrize("code", ["", "   ", None, 123456, "not-a-code", "12345678901234"])
def test_verify_refuses_bad_input(pak_officer, code):
    enrol_totp(pak_officer)
    RecoveryCodes.activate(pak_officer)

    assert second_factor.verify(pak_officer, code) is False


def test_verify_refuses_another_persons_code(pak_officer, afg_officer):
    enrol_totp(pak_officer)
    secret = enrol_totp(afg_officer)

    assert second_factor.verify(pak_officer, totp_code(secret)) is False


def test_verify_without_any_factor_is_false(pak_officer):
    assert second_factor.verify(pak_officer, "123456") is False


def test_a_fresh_install_requires_it_of_the_secretariat_and_reviewers():
    """The data migration's default policy."""
    default_policy()
    policy = dict(SecondFactorPolicy.objects.values_list("role", "rule"))

    assert policy == {
        Role.SECRETARIAT: SecondFactorRule.REQUIRED,
        Role.REVIEWER: SecondFactorRule.REQUIRED,
        Role.OFFICER: SecondFactorRule.OFFERED,
        Role.OBSERVER: SecondFactorRule.OFFERED,
    }


@pytest.mark.parametrize(
    ("name", "required"),
    [
        ("secretariat", True),
        ("tur_reviewer", True),
        ("qat_reviewer", True),
        ("pak_officer", False),
        ("afg_officer", False),
        ("observer", False),
    ],
)
def test_required_for_follows_the_policy_of_the_role(cast, name, required, settings):
    settings.SECOND_FACTOR_POLICY_ENFORCED = True  # the test settings switch it off
    default_policy()
    assert second_factor.required_for(cast[name]) is required

    SecondFactorPolicy.objects.update(rule=SecondFactorRule.OFFERED)
    assert second_factor.required_for(cast[name]) is False


def test_without_enforcement_no_one_is_asked(cast, settings):
    default_policy()
    settings.SECOND_FACTOR_POLICY_ENFORCED = False
    assert second_factor.required_for(cast["secretariat"]) is False


def test_required_for_an_anonymous_caller_is_false():
    from django.contrib.auth.models import AnonymousUser

    assert second_factor.required_for(AnonymousUser()) is False
    assert second_factor.required_for(None) is False


class TestLockoutOnTheSecondStep:
    LIMIT = 3

    @pytest.fixture(autouse=True)
    def axes_on(self, settings):
        settings.AXES_ENABLED = True
        settings.AXES_FAILURE_LIMIT = self.LIMIT
        settings.AXES_COOLOFF_TIME = timedelta(minutes=30)

    def test_wrong_codes_lock_the_account_out_even_with_the_right_code(self, pak_officer):
        secret = enrol_totp(pak_officer)
        client, _ = password_step(pak_officer)

        for _ in range(self.LIMIT - 1):
            assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
        locked = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
        assert locked.status_code == 429
        assert b'data-testid="locked-out"' in locked.content

        refused = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
        assert refused.status_code == 429
        assert not signed_in(client)
        # The password step is locked too, for this username and address.
        _, again = password_step(pak_officer)
        assert again.status_code == 429

    def test_wrong_passwords_and_wrong_codes_count_together(self, pak_officer):
        enrol_totp(pak_officer)
        password_step(pak_officer, password="wrong")
        client, _ = password_step(pak_officer)
        client.post("/accounts/2fa/authenticate/", {"code": "000000"})

        assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 429

    def test_a_right_code_before_the_limit_signs_in(self, pak_officer):
        secret = enrol_totp(pak_officer)
        client, _ = password_step(pak_officer)
        client.post("/accounts/2fa/authenticate/", {"code": "000000"})

        assert (
            client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)}).status_code
            == 302
        )
        assert signed_in(client)


def test_a_policy_change_by_the_secretariat_is_on_the_audit_trail(cast):
    from accounts.services import second_factor_policy_set
    from audit.models import AuditEvent
    from audit.services import audit_verify_chain

    observer = SecondFactorPolicy.objects.get(role=Role.OBSERVER)
    rule_before = observer.rule
    second_factor_policy_set(
        actor=cast["secretariat"], rules_by_role={Role.OBSERVER: SecondFactorRule.REQUIRED}
    )

    event = AuditEvent.objects.filter(subject_type="accounts.secondfactorpolicy").get()
    assert event.actor == cast["secretariat"]
    assert event.payload["before"]["rule"] == rule_before
    assert event.payload["after"]["rule"] == SecondFactorRule.REQUIRED
    assert audit_verify_chain().ok
