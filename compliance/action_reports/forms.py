"""Browser forms for action reports. The services re-check all."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BrowserForm
from evidence.forms import EvidenceFieldsMixin
from translations.forms import NarrativeLanguageField

from ..common.forms import DATE
from .services import ACTION_REPORT_FIELDS


class ActionReportForm(EvidenceFieldsMixin):
    action_date = forms.DateField(label=_("Date of the action"), widget=DATE)
    quantity = forms.IntegerField(
        label=_("Quantity achieved"), min_value=0, max_value=2_000_000_000, initial=1
    )
    place_name = forms.CharField(label=_("Place"), max_length=200, required=False)
    province = forms.CharField(label=_("Province"), max_length=100, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=8, decimal_places=5, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=8, decimal_places=5, required=False
    )
    narrative = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    narrative_language = NarrativeLanguageField()

    field_order = [
        "action_date",
        "quantity",
        "place_name",
        "province",
        "latitude",
        "longitude",
        "narrative",
        "narrative_language",
    ]

    def content(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in ACTION_REPORT_FIELDS}
        data["place_name"] = data["place_name"] or ""
        data["province"] = data["province"] or ""
        if not data["narrative_language"]:
            del data["narrative_language"]  # the author's, or the language it has
        return data


class ActionReportAmendForm(ActionReportForm):
    """The whole content of a submitted action report, as it stands, to correct; the
    claims' amendment keeps the old text with the reason. Files are added on their own."""

    reason = forms.CharField(
        label=_("Reason for the amendment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown in the timeline with the old text."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("evidence", "evidence_visibility", "evidence_description"):
            del self.fields[name]


def action_report_initial(report) -> dict:
    return {name: getattr(report, name) for name in ACTION_REPORT_FIELDS}


class WithdrawForm(BrowserForm):
    reason = forms.CharField(
        label=_("Why the action report is withdrawn"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
