"""Browser forms for referrals. The services re-check all."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Party
from core.durations import human_duration
from core.forms import BrowserForm
from evidence.forms import EvidenceFieldsMixin
from translations.forms import NarrativeLanguageField, set_author_language

from .models import Urgency
from .services import REFERRAL_FIELDS


class ReferralForm(EvidenceFieldsMixin):
    to_party = forms.ModelChoiceField(
        label=gettext_lazy("To party"), queryset=Party.objects.none(), to_field_name="code"
    )
    urgency = forms.ModelChoiceField(
        label=gettext_lazy("Urgency"),
        queryset=Urgency.objects.order_by("rank"),
        to_field_name="code",
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    requested_action = forms.CharField(
        label=gettext_lazy("Requested action"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    narrative_language = NarrativeLanguageField(label=gettext_lazy("Written in"))
    place_name = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    latitude = forms.DecimalField(
        label=gettext_lazy("Latitude"), max_digits=8, decimal_places=5, required=False
    )
    longitude = forms.DecimalField(
        label=gettext_lazy("Longitude"), max_digits=8, decimal_places=5, required=False
    )

    def __init__(self, *args, officer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_party"].queryset = Party.objects.exclude(pk=officer.party_id)
        set_author_language(self, officer)
        # Files are optional on a referral: with none chosen, their visibility is moot.
        self.fields["evidence_visibility"].required = False
        self.fields["urgency"].label_from_instance = lambda u: (
            _("%(urgency)s: acknowledge within %(acknowledge)s, act within %(act)s")
            % {
                "urgency": u.label,
                "acknowledge": human_duration(u.acknowledge_hours),
                "act": human_duration(u.action_hours),
            }
        )

    def content(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in REFERRAL_FIELDS}
        data["place_name"] = data["place_name"] or ""
        if not data["narrative_language"]:
            del data["narrative_language"]  # the author's language
        return data


class RespondForm(BrowserForm):
    action_report = forms.ChoiceField(label=gettext_lazy("Action report"), required=False)
    answer = forms.CharField(
        label=gettext_lazy("Or a reasoned answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )

    def __init__(self, *args, reports=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_report"].choices = [("", _("None"))] + [
            (
                r.reference,
                _("%(reference)s: %(quantity)s on %(date)s")
                % {"reference": r.reference, "quantity": r.quantity, "date": r.action_date},
            )
            for r in reports
        ]
