"""Browser forms for commitments, action reports and referrals. The services re-check all."""

from datetime import date

from django import forms

from accounts.models import Party
from core.forms import BrowserForm
from evidence.forms import EvidenceFieldsMixin

from .models import CommitmentKind, TargetKind, Urgency
from .services import ACTION_REPORT_FIELDS, REFERRAL_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommitmentForm(BrowserForm):
    party = forms.ModelChoiceField(
        label="Obligated party", queryset=Party.objects.order_by("name"), to_field_name="code"
    )
    session_label = forms.CharField(
        label="Session that agreed it", max_length=200, help_text="e.g. Istanbul, 6 Nov 2025"
    )
    session_date = forms.DateField(label="Date of the session", widget=DATE)
    agreement_clause = forms.CharField(label="Agreement clause", max_length=120)
    kind = forms.ModelChoiceField(
        label="Kind", queryset=CommitmentKind.objects.filter(is_active=True), to_field_name="code"
    )
    description = forms.CharField(
        label="What the party agreed to do", widget=forms.Textarea(attrs={"rows": 4})
    )
    target_kind = forms.ChoiceField(label="Target", choices=TargetKind.choices)
    target_quantity = forms.IntegerField(
        label="Target quantity", min_value=1, max_value=2_000_000_000, required=False
    )
    unit = forms.CharField(label="Unit", max_length=40, required=False, help_text="e.g. raids")
    due_date = forms.DateField(label="Due date", widget=DATE)
    milestones = forms.CharField(
        label="Milestones",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line: date and cumulative quantity, e.g. 2025-12-01 4. "
        "The last equals the target.",
    )

    def clean_milestones(self):
        rows, errors = [], []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.replace(",", " ").split()
            try:
                if len(parts) != 2:
                    raise ValueError
                rows.append((date.fromisoformat(parts[0]), int(parts[1])))
            except ValueError:
                errors.append(f"Line {number}: give a date (YYYY-MM-DD) and a whole number.")
        if errors:
            raise forms.ValidationError(errors)
        return rows

    def content(self) -> tuple[dict, list]:
        data = {
            name: self.cleaned_data[name]
            for name in (
                "party",
                "session_label",
                "session_date",
                "agreement_clause",
                "kind",
                "description",
                "target_kind",
                "due_date",
            )
        }
        data["target_quantity"] = self.cleaned_data.get("target_quantity") or 1
        data["unit"] = self.cleaned_data.get("unit") or ""
        return data, self.cleaned_data["milestones"]


class ActionReportForm(EvidenceFieldsMixin):
    action_date = forms.DateField(label="Date of the action", widget=DATE)
    quantity = forms.IntegerField(
        label="Quantity achieved", min_value=0, max_value=2_000_000_000, initial=1
    )
    place_name = forms.CharField(label="Place", max_length=200, required=False)
    province = forms.CharField(label="Province", max_length=100, required=False)
    latitude = forms.DecimalField(label="Latitude", max_digits=8, decimal_places=5, required=False)
    longitude = forms.DecimalField(
        label="Longitude", max_digits=8, decimal_places=5, required=False
    )
    narrative = forms.CharField(
        label="What was done", widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )

    field_order = [
        "action_date",
        "quantity",
        "place_name",
        "province",
        "latitude",
        "longitude",
        "narrative",
    ]

    def content(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in ACTION_REPORT_FIELDS}
        data["place_name"] = data["place_name"] or ""
        data["province"] = data["province"] or ""
        return data


class ActionReportAmendForm(ActionReportForm):
    """The whole content of a submitted action report, as it stands, to correct; the
    claims' amendment keeps the old text with the reason. Files are added on their own."""

    reason = forms.CharField(
        label="Reason for the amendment",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Shown in the timeline with the old text.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("evidence", "evidence_visibility", "evidence_description"):
            del self.fields[name]


def action_report_initial(report) -> dict:
    return {name: getattr(report, name) for name in ACTION_REPORT_FIELDS}


class ReferralForm(EvidenceFieldsMixin):
    to_party = forms.ModelChoiceField(
        label="To party", queryset=Party.objects.none(), to_field_name="code"
    )
    urgency = forms.ModelChoiceField(
        label="Urgency", queryset=Urgency.objects.order_by("rank"), to_field_name="code"
    )
    subject = forms.CharField(label="Subject", max_length=200)
    requested_action = forms.CharField(
        label="Requested action", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    place_name = forms.CharField(label="Place", max_length=200, required=False)
    latitude = forms.DecimalField(label="Latitude", max_digits=8, decimal_places=5, required=False)
    longitude = forms.DecimalField(
        label="Longitude", max_digits=8, decimal_places=5, required=False
    )

    def __init__(self, *args, officer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_party"].queryset = Party.objects.exclude(pk=officer.party_id)
        # Files are optional on a referral: with none chosen, their visibility is moot.
        self.fields["evidence_visibility"].required = False
        self.fields["urgency"].label_from_instance = lambda u: (
            f"{u.label}: acknowledge within {u.acknowledge_hours} h, act within {u.action_hours} h"
        )

    def content(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in REFERRAL_FIELDS}
        data["place_name"] = data["place_name"] or ""
        return data


class RespondForm(BrowserForm):
    action_report = forms.ChoiceField(label="Action report", required=False)
    answer = forms.CharField(
        label="Or a reasoned answer",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )

    def __init__(self, *args, reports=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_report"].choices = [("", "None")] + [
            (r.reference, f"{r.reference}: {r.quantity} on {r.action_date}") for r in reports
        ]


class WithdrawForm(BrowserForm):
    reason = forms.CharField(
        label="Why the action report is withdrawn",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
