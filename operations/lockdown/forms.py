from django import forms

from core.forms import BrowserForm
from core.models import Mode


class SiteModeForm(BrowserForm):
    mode = forms.ChoiceField(choices=Mode.choices, label="Mode")
    reason = forms.CharField(
        max_length=500, label="Reason", widget=forms.Textarea(attrs={"rows": 3})
    )


class EndSessionsForm(BrowserForm):
    confirm = forms.BooleanField(
        label="Yes: sign out every session but mine and revoke every API token"
    )
