"""Browser forms for the workflow actions on a claim. The services re-check everything."""

from django import forms
from django.db.models import Q

from accounts.models import CoChair, Role, User
from incidents.forms import BrowserForm, ClaimContentForm, EvidenceFieldsMixin
from incidents.models import Category

from .models import ReplyPosition
from .statuses import Grade, Outcome


class SubmitForm(BrowserForm):
    """Submitting has no input; the form carries the service's refusal, if any."""


class WithdrawForm(BrowserForm):
    reason = forms.CharField(
        label="Why the claim is withdrawn",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class AmendForm(ClaimContentForm):
    """The whole content, as it stands, to correct; the accused party cannot change."""

    reason = forms.CharField(
        label="Reason for the amendment",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Shown in the timeline with the old text.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["accused_party"]
        # A submitted claim keeps its category version; amending need not move it to the
        # current one, so that version stays a choice.
        kept = self.initial.get("category")
        self.fields["category"].queryset = Category.objects.filter(
            Q(is_current=True) | Q(pk=getattr(kept, "pk", kept))
        ).order_by("label")


class ReplyForm(EvidenceFieldsMixin):
    position = forms.ChoiceField(
        label="Your party's position", choices=ReplyPosition.choices, widget=forms.RadioSelect
    )
    narrative = forms.CharField(
        label="What the position rests on", widget=forms.Textarea(attrs={"rows": 6})
    )
    field_order = ["position", "narrative"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].label = "Your party's evidence (optional)"


class FindingForm(BrowserForm):
    outcome = forms.ChoiceField(label="Outcome", choices=Outcome.choices, widget=forms.RadioSelect)
    grade = forms.ChoiceField(label="Grade", choices=Grade.choices, widget=forms.RadioSelect)
    reasoning = forms.CharField(label="Reasoning", widget=forms.Textarea(attrs={"rows": 6}))


class AssignForm(BrowserForm):
    """One reviewer per co-chair. Left empty on a first assignment: the least-loaded
    reviewer; on an override, only the co-chairs whose reviewer changes are sent."""

    def __init__(self, *args, current: dict[int, User] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current or {}
        reviewers = User.objects.filter(role=Role.REVIEWER, is_active=True).order_by("username")
        for cochair in CoChair.objects.order_by("code"):
            assigned = self.current.get(cochair.pk)
            self.fields[f"reviewer_{cochair.pk}"] = forms.ModelChoiceField(
                label=f"Reviewer for {cochair.name}",
                queryset=reviewers.filter(cochair=cochair),
                required=False,
                initial=assigned.pk if assigned else None,
                empty_label="Keep the current reviewer" if assigned else "Least loaded reviewer",
            )

    def reviewers(self) -> dict[int, User]:
        chosen = {}
        for name, value in self.cleaned_data.items():
            cochair_id = int(name.removeprefix("reviewer_"))
            current = self.current.get(cochair_id)
            if value is not None and (current is None or current.pk != value.pk):
                chosen[cochair_id] = value
        return chosen
