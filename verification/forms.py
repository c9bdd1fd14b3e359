"""Browser forms for the review's actions on any reviewed record: reply, finding, assignment.
The services re-check everything."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import CoChair, Role, User
from core.forms import BrowserForm

from .models import ReplyPosition
from .statuses import Grade, Intent, Outcome


class ReplyForm(BrowserForm):
    """The answering party's position; each record type's page adds its evidence fields."""

    position = forms.ChoiceField(
        label=_("Your party's position"), choices=ReplyPosition.choices, widget=forms.RadioSelect
    )
    narrative = forms.CharField(
        label=_("What the position rests on"), widget=forms.Textarea(attrs={"rows": 6})
    )


class FindingForm(BrowserForm):
    """A co-chair's finding. Intent is asked when the outcome is verified (the page shows
    it then; without scripts it is always shown, and the service says when it is needed)."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, widget=forms.RadioSelect)
    intent = forms.ChoiceField(
        label=_("Intent (when verified)"),
        choices=Intent.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Whether the verified violation looked deliberate or accidental."),
    )
    reasoning = forms.CharField(label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 6}))


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
                label=gettext("Reviewer for %(cochair)s") % {"cochair": cochair.name},
                queryset=reviewers.filter(cochair=cochair),
                required=False,
                initial=assigned.pk if assigned else None,
                empty_label=(
                    gettext("Keep the current reviewer")
                    if assigned
                    else gettext("Least loaded reviewer")
                ),
            )

    def reviewers(self) -> dict[int, User]:
        chosen = {}
        for name, value in self.cleaned_data.items():
            cochair_id = int(name.removeprefix("reviewer_"))
            current = self.current.get(cochair_id)
            if value is not None and (current is None or current.pk != value.pk):
                chosen[cochair_id] = value
        return chosen
