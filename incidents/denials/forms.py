"""Browser forms for access denials. They parse input; the services decide what is valid."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Party
from core.forms import DATETIME_LOCAL, BrowserForm, ZonedDateTimeInput
from evidence.forms import EvidenceFieldsMixin

from .services import DENIAL_FIELDS


class AccessDenialForm(EvidenceFieldsMixin):
    """A denial on one claim: the denying party is one of the claim's two parties."""

    denying_party = forms.ModelChoiceField(
        label=_("Party that denied access"), queryset=Party.objects.none(), to_field_name="code"
    )
    began_at = forms.DateTimeField(
        label=_("Access denied since"),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        widget=ZonedDateTimeInput(),
    )
    place_name = forms.CharField(label=_("Place"), max_length=200)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=8,
        decimal_places=5,
        widget=forms.NumberInput(attrs={"step": "0.00001", "inputmode": "decimal"}),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=8,
        decimal_places=5,
        widget=forms.NumberInput(attrs={"step": "0.00001", "inputmode": "decimal"}),
    )
    denied_by = forms.CharField(
        label=_("Who denied access"),
        max_length=200,
        help_text=_("The unit or post, as the verifiers met it, e.g. “Border post 14 commander”."),
    )
    refused = forms.CharField(
        label=_("What was refused"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The site, a part of it, witnesses, documents, a time on site."),
    )

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["denying_party"].queryset = Party.objects.filter(
            pk__in=[claim.accused_party_id, claim.reporting_party_id]
        ).order_by("name")
        self.fields["denying_party"].initial = claim.accused_party.code
        self.fields["denying_party"].empty_label = None
        # Files are optional: with none chosen, their visibility is moot.
        self.fields["evidence"].required = False
        self.fields["evidence_visibility"].required = False
        if not self.is_bound:
            self.initial.setdefault("place_name", claim.place_name)
            self.initial.setdefault("latitude", claim.latitude)
            self.initial.setdefault("longitude", claim.longitude)

    def content(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in DENIAL_FIELDS}


class AccessGrantForm(BrowserForm):
    ended_at = forms.DateTimeField(
        label=_("Access granted at"),
        required=False,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        widget=ZonedDateTimeInput(),
        help_text=_("Leave empty for now."),
    )
