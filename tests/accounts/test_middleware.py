"""A person whose role's policy requires a second factor, and who has none, is sent to
enrolment and can do nothing else, pages and the API's session calls alike."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from rest_framework.test import APIClient

from accounts.models import SecondFactorPolicy, SecondFactorRule
from tests.accounts.support import default_policy
from tests.api.support import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def policy_enforced(settings):
    settings.SECOND_FACTOR_POLICY_ENFORCED = True
    default_policy()


def test_a_reviewer_without_a_second_factor_is_sent_to_enrolment(client, tur_reviewer):
    client.force_login(tur_reviewer)

    for path in ["/", "/claims/", "/meetings/", "/accounts/sessions/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/"
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/reauthenticate/").status_code == 200


def test_the_api_refuses_the_reviewers_session_calls(tur_reviewer):
    api = APIClient()
    api.force_login(tur_reviewer)

    assert_error(api.get("/api/v1/incidents/"), 403, "SECOND_FACTOR_NOT_ENROLLED")


def test_once_enrolled_the_reviewer_goes_on(client, tur_reviewer):
    TOTP.activate(tur_reviewer, generate_totp_secret())
    client.force_login(tur_reviewer)

    assert client.get("/claims/").status_code == 200
    api = APIClient()
    api.force_login(tur_reviewer)
    assert api.get("/api/v1/incidents/").status_code == 200


def test_an_officer_is_only_offered_it(client, pak_officer):
    client.force_login(pak_officer)

    assert client.get("/claims/").status_code == 200


def test_when_the_secretariat_relaxes_the_policy_the_reviewer_goes_on(client, tur_reviewer):
    SecondFactorPolicy.objects.filter(role=tur_reviewer.role).update(rule=SecondFactorRule.OFFERED)
    client.force_login(tur_reviewer)

    assert client.get("/claims/").status_code == 200


def test_the_person_may_still_sign_out(client, secretariat):
    client.force_login(secretariat)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_anonymous_callers_are_not_concerned(client):
    assert client.get("/claims/")["Location"].startswith("/accounts/login/")


def test_the_admin_signs_in_through_the_sites_sign_in(client):
    """The admin's own password form would skip the second step."""
    response = client.get("/admin/login/?next=/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/accounts/user/")
    refused = client.post("/admin/login/", {"username": "secretariat", "password": "pw"})
    assert refused.status_code == 302 and "_auth_user_id" not in client.session
