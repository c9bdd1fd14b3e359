"""The secretariat's sign-in policy page, and a person's sessions page."""

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client

from accounts.models import Role, SecondFactorPolicy
from tests.accounts.support import password_step, signed_in

pytestmark = pytest.mark.django_db

POLICY = "/accounts/sign-in-policy/"


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("secretariat", 200),
        ("pak_officer", 403),
        ("afg_officer", 403),
        ("tur_reviewer", 403),
        ("qat_reviewer", 403),
        ("observer", 403),
    ],
)
def test_only_the_secretariat_sees_the_policy_page(client, cast, name, status):
    client.force_login(cast[name])

    assert client.get(POLICY).status_code == status
    refused = client.post(POLICY, dict.fromkeys(Role.values, "offered"))
    assert refused.status_code == (302 if status == 200 else 403)


def test_the_policy_page_needs_a_signed_in_user(client):
    assert client.get(POLICY)["Location"].startswith("/accounts/login/")


def test_the_secretariat_sets_the_policy(client, secretariat):
    client.force_login(secretariat)
    rules = {
        Role.OFFICER: "required",
        Role.REVIEWER: "offered",
        Role.SECRETARIAT: "required",
        Role.OBSERVER: "offered",
    }

    response = client.post(POLICY, rules)

    assert response.status_code == 302
    assert dict(SecondFactorPolicy.objects.values_list("role", "rule")) == rules


def test_a_bad_rule_is_a_form_error_and_changes_nothing(client, secretariat):
    client.force_login(secretariat)
    before = dict(SecondFactorPolicy.objects.values_list("role", "rule"))

    response = client.post(POLICY, {**dict.fromkeys(Role.values, "offered"), "officer": "never"})

    assert response.status_code == 400
    assert "officer" in response.context["form"].errors
    assert dict(SecondFactorPolicy.objects.values_list("role", "rule")) == before


def test_the_sessions_page_lists_each_session_with_browser_and_address(pak_officer):
    here, _ = password_step(pak_officer, address="198.51.100.7")
    password_step(pak_officer, address="203.0.113.9")

    page = here.get("/accounts/sessions/")

    assert page.status_code == 200
    body = page.content.decode()
    assert "198.51.100.7" in body and "203.0.113.9" in body
    assert body.count('data-testid="session"') == 2


def test_signing_out_another_session(pak_officer):
    here, _ = password_step(pak_officer, address="198.51.100.7")
    elsewhere, _ = password_step(pak_officer, address="203.0.113.9")
    other = UserSession.objects.get(user=pak_officer, ip="203.0.113.9")

    response = here.post(f"/accounts/sessions/{other.pk}/end/")

    assert response.status_code == 302
    assert elsewhere.get("/claims/").status_code == 302
    assert not signed_in(elsewhere)
    assert here.get("/claims/").status_code == 200


def test_signing_out_all_other_sessions(pak_officer):
    here, _ = password_step(pak_officer, address="198.51.100.7")
    others = [password_step(pak_officer, address=f"203.0.113.{n}")[0] for n in (1, 2)]

    assert here.post("/accounts/sessions/").status_code == 302

    assert all(not signed_in(c) or c.get("/claims/").status_code == 302 for c in others)
    assert here.get("/claims/").status_code == 200
    assert UserSession.objects.filter(user=pak_officer).count() == 1


def test_another_persons_session_is_not_found(pak_officer, afg_officer):
    here, _ = password_step(pak_officer)
    theirs, _ = password_step(afg_officer, address="203.0.113.9")
    session = UserSession.objects.get(user=afg_officer)

    assert here.post(f"/accounts/sessions/{session.pk}/end/").status_code == 404
    assert theirs.get("/claims/").status_code == 200


def test_ending_a_session_needs_a_post(pak_officer):
    here, _ = password_step(pak_officer)
    session = UserSession.objects.get(user=pak_officer)

    assert here.get(f"/accounts/sessions/{session.pk}/end/").status_code == 405
    assert Client().post(f"/accounts/sessions/{session.pk}/end/").status_code == 302
    assert UserSession.objects.filter(pk=session.pk).exists()


def test_a_sessions_last_sight_is_kept_without_a_write_on_every_request(pak_officer, settings):
    from datetime import timedelta

    from django.core.cache import cache
    from django.utils import timezone

    settings.USERSESSIONS_TRACK_ACTIVITY = True
    here, _ = password_step(pak_officer)
    session = UserSession.objects.get(user=pak_officer)
    long_ago = timezone.now() - timedelta(days=1)
    UserSession.objects.filter(pk=session.pk).update(last_seen_at=long_ago)
    cache.clear()

    here.get("/claims/")
    assert UserSession.objects.get(pk=session.pk).last_seen_at > long_ago
    UserSession.objects.filter(pk=session.pk).update(last_seen_at=long_ago)
    here.get("/claims/")  # within the minute: not written again
    assert UserSession.objects.get(pk=session.pk).last_seen_at == long_ago
