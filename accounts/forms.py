"""The sign-in forms: allauth's, with axes counting the second step like the first."""

from datetime import timedelta

from allauth.account.forms import LoginForm
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth.signals import user_login_failed
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import LanguageSelect
from core.models import TokenScope

from .models import SecondFactorPolicy, User


class SignInForm(LoginForm):
    """allauth's sign-in form, labelled as the rest of the site."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["autofocus"] = True
        # allauth puts its reset link in the password's help text, before the input in
        # the tab order; the page has its own link after the button.
        self.fields["password"].help_text = ""


class SecondStepForm(AuthenticateForm):
    """The code asked for after the password. A wrong code is a failed sign-in for axes
    (per username and address, with the password failures); while the account is locked
    out, even the right code is refused with axes' lockout answer."""

    def clean_code(self):
        request = context.request
        credentials = {"username": self.user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            request.axes_locked_out = True
            raise forms.ValidationError(_("Too many failed sign-ins."), code="locked_out")
        try:
            return super().clean_code()
        except forms.ValidationError:
            user_login_failed.send(sender=SecondStepForm, credentials=credentials, request=request)
            raise


class SecondFactorPolicyForm(forms.Form):
    """One choice a role: required or offered."""

    def __init__(self, *args, policies, **kwargs):
        super().__init__(*args, **kwargs)
        self.policies = list(policies)
        for policy in self.policies:
            self.fields[policy.role] = forms.ChoiceField(
                label=policy.get_role_display(),
                choices=SecondFactorPolicy._meta.get_field("rule").choices,
                initial=policy.rule,
                widget=forms.RadioSelect,
            )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, label=_("Name"), help_text=_("What uses it, e.g. “Field laptop”.")
    )
    scope = forms.ChoiceField(
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        label=_("Scope"),
        help_text=_("Read only cannot change anything, whatever your role allows."),
    )
    days = forms.IntegerField(
        label=_("Expires after (days)"),
        min_value=1,
        initial=30,
        help_text=_("At most API_TOKEN_MAX_TTL_DAYS (365 unless the secretariat set otherwise)."),
    )

    def expires_at(self):
        return timezone.now() + timedelta(days=self.cleaned_data["days"])


class PreferencesForm(forms.Form):
    """The person's language and time zone (accounts.services.user_preferences_set)."""

    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=User._meta.get_field("language").choices,
        widget=LanguageSelect,
        help_text=_("Pages, emails and notifications in this language."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=User._meta.get_field("time_zone").choices,
        help_text=_("Times are shown in this zone; they are stored in UTC."),
    )
