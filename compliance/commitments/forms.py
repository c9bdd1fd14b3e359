"""Browser forms for commitments. The services re-check all."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Party
from core.forms import BrowserForm

from ..common.forms import DATE
from .models import CommitmentKind, TargetKind


class RowsStandIn(forms.Widget):
    """Renders nothing and reads nothing: the field's inputs are the rows of a formset.
    Not hidden, so that the error summary links to the rows (their list has the id)."""

    def render(self, name, value, attrs=None, renderer=None):
        return ""

    def value_from_datadict(self, data, files, name):
        return None


class CommitmentForm(BrowserForm):
    party = forms.ModelChoiceField(
        label=_("Obligated party"), queryset=Party.objects.order_by("name"), to_field_name="code"
    )
    session_label = forms.CharField(
        label=_("Session that agreed it"), max_length=200, help_text=_("e.g. Istanbul, 6 Nov 2025")
    )
    session_date = forms.DateField(label=_("Date of the session"), widget=DATE)
    agreement_clause = forms.CharField(label=_("Agreement clause"), max_length=120)
    kind = forms.ModelChoiceField(
        label=_("Kind"),
        queryset=CommitmentKind.objects.filter(is_active=True),
        to_field_name="code",
    )
    description = forms.CharField(
        label=_("What the party agreed to do"), widget=forms.Textarea(attrs={"rows": 4})
    )
    target_kind = forms.ChoiceField(label=_("Target"), choices=TargetKind.choices)
    target_quantity = forms.IntegerField(
        label=_("Target quantity"), min_value=1, max_value=2_000_000_000, required=False
    )
    unit = forms.CharField(
        label=_("Unit"), max_length=40, required=False, help_text=_("e.g. raids")
    )
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    # The rows below stand for this field: its value is theirs, and a refusal of the
    # milestones (here or by the service) is shown above them.
    milestones = forms.Field(label=_("Milestones"), required=False, widget=RowsStandIn)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.milestone_rows = MilestoneFormSet(data, prefix=MILESTONE_PREFIX)

    def clean_milestones(self):
        if not self.milestone_rows.is_valid():
            raise forms.ValidationError(_("Correct the milestones marked below."))
        return self.milestone_rows.rows()

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


MILESTONE_PREFIX = "milestone"


class MilestoneRowForm(BrowserForm):
    """One milestone: by this date, this cumulative quantity. A blank row is no milestone."""

    due_date = forms.DateField(label=_("Date"), widget=DATE)
    quantity = forms.IntegerField(
        label=_("Cumulative quantity"), min_value=1, max_value=2_000_000_000
    )


class MilestoneRows(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")

    def rows(self) -> list:
        """(date, quantity) of each filled row not marked for removal, as typed."""
        return [
            (form.cleaned_data["due_date"], form.cleaned_data["quantity"])
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]


MilestoneFormSet = forms.formset_factory(
    MilestoneRowForm,
    formset=MilestoneRows,
    extra=3,
    can_delete=True,
    max_num=100,
    validate_max=True,
)
