"""Browser forms for commitments. The services re-check all."""

from datetime import date

from django import forms

from accounts.models import Party
from core.forms import BrowserForm

from ..common.forms import DATE
from .models import CommitmentKind, TargetKind


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
