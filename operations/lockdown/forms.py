from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BrowserForm
from core.models import Mode


class SiteModeForm(BrowserForm):
    mode = forms.ChoiceField(choices=Mode.choices, label=_("Mode"))
    reason = forms.CharField(
        max_length=500, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )


class EndSessionsForm(BrowserForm):
    confirm = forms.BooleanField(
        label=_("Yes: sign out every session but mine and revoke every API token")
    )
