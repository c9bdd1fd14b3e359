"""allauth adapters: no open sign-up, and single sign-on only for mapped identities."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render
from django.urls import reverse

from .error_codes import AccountError
from .models import SingleSignOnMapping


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made by the secretariat (admin, invitations), never by sign-up."""

    def is_open_for_signup(self, request):
        return False

    def get_password_change_redirect_url(self, request):
        return reverse("password_change")


def verified_email(sociallogin) -> str:
    """The identity's e-mail address when its provider says it is verified, else ''."""
    for address in sociallogin.email_addresses:
        if address.verified and address.email:
            return address.email.strip().lower()
    return ""


def mapping_for(sociallogin) -> SingleSignOnMapping | None:
    """The mapping that admits this identity: its provider and its verified e-mail's domain."""
    email = verified_email(sociallogin)
    if "@" not in email:
        return None
    return (
        SingleSignOnMapping.objects.filter(
            provider_id=sociallogin.account.provider, email_domain=email.rsplit("@", 1)[1]
        )
        .select_related("party", "cochair")
        .first()
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """An identity that signed in before keeps its account. A new one needs a mapping,
    which gives its account an organisation and role; unmapped identities are refused
    and no account is made."""

    def pre_social_login(self, request, sociallogin):
        if sociallogin.is_existing:
            return
        if mapping_for(sociallogin) is None:
            raise ImmediateHttpResponse(
                render(
                    request,
                    "account/sso_refused.html",
                    {"code": AccountError.SSO_IDENTITY_NOT_MAPPED},
                    status=AccountError.SSO_IDENTITY_NOT_MAPPED.http_status,
                )
            )

    def is_open_for_signup(self, request, sociallogin):
        return mapping_for(sociallogin) is not None

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        mapping = mapping_for(sociallogin)
        if mapping is not None:
            user.email = verified_email(sociallogin)
            user.role = mapping.role
            user.party = mapping.party
            user.cochair = mapping.cochair
        return user

    def save_user(self, request, sociallogin, form=None):
        # Signs in with the provider only: no usable password of its own.
        sociallogin.user.set_unusable_password()
        return super().save_user(request, sociallogin, form)
