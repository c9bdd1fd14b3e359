"""The secretariat's invitation form and the invitee's account form."""

from django import forms
from django.contrib.auth.forms import SetPasswordMixin
from django.utils.translation import gettext_lazy as _

from accounts.models import CoChair, Party, Role, User, organisation_errors
from core.forms import BrowserForm


class InvitationForm(BrowserForm):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))
    party = forms.ModelChoiceField(
        Party.objects.all(),
        required=False,
        label=_("Party"),
        help_text=_("For a delegation officer."),
    )
    cochair = forms.ModelChoiceField(
        CoChair.objects.all(),
        required=False,
        label=_("Co-chair"),
        help_text=_("For a mediator reviewer."),
    )

    def clean(self):
        data = super().clean()
        party, cochair = data.get("party"), data.get("cochair")
        if "role" in data:
            errors = organisation_errors(
                data["role"], getattr(party, "pk", None), getattr(cochair, "pk", None)
            )
            for field, message in errors.items():
                self.add_error(field, message)
        return data


class AcceptInvitationForm(SetPasswordMixin, forms.Form):
    """A username and a password typed twice, checked by Django's password validators
    against the account the invitation will make. Not a BrowserForm: a password is taken
    exactly as typed, and the username validator already admits only letters, digits
    and @.+-_."""

    username = forms.CharField(
        max_length=150,
        label=_("Username"),
        validators=[User.username_validator],
        help_text=User._meta.get_field("username").help_text,
    )
    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, *args, invitation, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        data = super().clean()
        self.validate_passwords()
        user = User(
            username=data.get("username", ""),
            email=self.invitation.email,
            role=self.invitation.role,
        )
        self.validate_password_for_user(user)
        return data
