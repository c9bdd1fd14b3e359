from datetime import timedelta

from django import forms
from django.utils import timezone

from core.models import TokenScope


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What uses it, e.g. “Field laptop”.")
    scope = forms.ChoiceField(
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text="Read only cannot change anything, whatever your role allows.",
    )
    days = forms.IntegerField(
        label="Expires after (days)",
        min_value=1,
        initial=30,
        help_text="At most API_TOKEN_MAX_TTL_DAYS (365 unless the secretariat set otherwise).",
    )

    def expires_at(self):
        return timezone.now() + timedelta(days=self.cleaned_data["days"])
