"""OpenID Connect single sign-on: off unless configured; an identity signs in only when
the secretariat's mapping admits its provider and verified e-mail domain, into that
organisation and role; an unmapped identity is refused and no account is made.

The provider is mocked at allauth's adapter: its discovery document, the token
exchange and the userinfo call; everything else (state, PKCE, the callback, the
account and its role) runs for real."""

from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.test import Client

from accounts.models import Role, SingleSignOnMapping, User

pytestmark = pytest.mark.django_db

PROVIDER = "mofa-sso"
SERVER = "https://idp.mofa.example"


@pytest.fixture
def oidc(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": PROVIDER,
                    "name": "Ministry sign-on",
                    "client_id": "mechanism",
                    "secret": "client-secret",
                    "settings": {"server_url": SERVER + "/.well-known/openid-configuration"},
                }
            ],
        }
    }


def sign_in_with(claims: dict) -> tuple[Client, object]:
    config = {
        "authorization_endpoint": SERVER + "/authorize",
        "token_endpoint": SERVER + "/token",
        "userinfo_endpoint": SERVER + "/userinfo",
    }
    client = Client()
    with (
        mock.patch.object(OpenIDConnectOAuth2Adapter, "openid_config", config),
        mock.patch.object(
            OpenIDConnectOAuth2Adapter,
            "get_access_token_data",
            return_value={"access_token": "at-1", "token_type": "Bearer"},
        ),
        mock.patch.object(OpenIDConnectOAuth2Adapter, "_fetch_user_info", return_value=claims),
    ):
        start = client.post(f"/accounts/oidc/{PROVIDER}/login/")
        assert start.status_code == 302, start
        assert start["Location"].startswith(SERVER + "/authorize")
        state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
        response = client.get(
            f"/accounts/oidc/{PROVIDER}/login/callback/", {"code": "c0de", "state": state}
        )
    return client, response


def identity(email="farid@mofa.example", *, verified=True, sub="idp-123"):
    return {"sub": sub, "email": email, "email_verified": verified, "name": "Farid"}


def test_a_mapped_identity_signs_in_with_the_mappings_organisation_and_role(oidc, pak):
    SingleSignOnMapping.objects.create(
        provider_id=PROVIDER, email_domain="mofa.example", role=Role.OFFICER, party=pak
    )

    client, response = sign_in_with(identity())

    assert response.status_code == 302
    user = User.objects.get(email="farid@mofa.example")
    assert (user.role, user.party, user.cochair) == (Role.OFFICER, pak, None)
    assert not user.has_usable_password()
    assert SocialAccount.objects.get(user=user).uid == "idp-123"
    assert int(client.session["_auth_user_id"]) == user.pk

    # The same identity again: the same account.
    again, _ = sign_in_with(identity())
    assert int(again.session["_auth_user_id"]) == user.pk
    assert User.objects.filter(email="farid@mofa.example").count() == 1


def test_an_unmapped_identity_is_refused_and_no_account_made(oidc, pak):
    SingleSignOnMapping.objects.create(
        provider_id=PROVIDER, email_domain="mofa.example", role=Role.OFFICER, party=pak
    )
    before = User.objects.count()

    client, response = sign_in_with(identity("spy@elsewhere.example"))

    assert response.status_code == 403
    assert b'data-code="SSO_IDENTITY_NOT_MAPPED"' in response.content
    assert User.objects.count() == before
    assert "_auth_user_id" not in client.session


def test_an_unverified_email_is_refused(oidc, pak):
    SingleSignOnMapping.objects.create(
        provider_id=PROVIDER, email_domain="mofa.example", role=Role.OFFICER, party=pak
    )

    _, response = sign_in_with(identity(verified=False))

    assert response.status_code == 403
    assert not User.objects.filter(email="farid@mofa.example").exists()


def test_a_mapping_for_another_provider_does_not_admit(oidc, pak):
    SingleSignOnMapping.objects.create(
        provider_id="other-idp", email_domain="mofa.example", role=Role.OFFICER, party=pak
    )

    _, response = sign_in_with(identity())

    assert response.status_code == 403


def test_an_existing_account_with_that_email_is_not_taken_over(oidc, pak, secretariat):
    secretariat.email = "farid@mofa.example"
    secretariat.save()
    SingleSignOnMapping.objects.create(
        provider_id=PROVIDER, email_domain="mofa.example", role=Role.OFFICER, party=pak
    )

    client, _ = sign_in_with(identity())

    assert int(client.session.get("_auth_user_id", 0)) != secretariat.pk


def test_off_unless_configured(client):
    assert client.post(f"/accounts/oidc/{PROVIDER}/login/").status_code == 404
    assert b"Single sign-on" not in client.get("/accounts/login/").content


def test_the_sign_in_page_offers_the_configured_provider(oidc, client):
    page = client.get("/accounts/login/").content.decode()
    assert f'data-testid="sso-{PROVIDER}"' in page and "Sign in with Ministry sign-on" in page


def test_a_mapping_must_fit_its_role(pak, tur):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        SingleSignOnMapping(
            provider_id=PROVIDER, email_domain="mofa.example", role=Role.REVIEWER, party=pak
        ).full_clean()
    SingleSignOnMapping(
        provider_id=PROVIDER, email_domain="mofa.example", role=Role.REVIEWER, cochair=tur
    ).full_clean()


def test_nobody_signs_up_on_their_own(client):
    before = User.objects.count()

    page = client.get("/accounts/signup/")
    client.post(
        "/accounts/signup/",
        {"username": "walk_in", "password1": "granite-ledger-41", "password2": "granite-ledger-41"},
    )

    assert "account/signup_closed.html" in [t.name for t in page.templates]
    assert User.objects.count() == before
