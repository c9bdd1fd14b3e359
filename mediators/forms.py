"""Browser forms for review meetings. The services decide what is valid."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATETIME_LOCAL, BrowserForm, ZonedDateTimeInput
from verification.statuses import Grade, Intent, Outcome

APPEAL_DECISIONS = [("uphold", _("Uphold the finding")), ("overturn", _("Overturn the finding"))]


class MeetingForm(BrowserForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    scheduled_for = forms.DateTimeField(
        label=_("Date and time"),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        widget=ZonedDateTimeInput(),
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)


class AgendaDecisionForm(BrowserForm):
    """A joint decision: a disputed claim takes an outcome and grade; any item takes minutes."""

    outcome = forms.ChoiceField(
        label=_("Decided outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, widget=forms.RadioSelect)
    intent = forms.ChoiceField(
        label=_("Intent (when verified)"),
        choices=Intent.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Whether the verified violation looked deliberate or accidental."),
    )
    appeal_decision = forms.ChoiceField(
        label=_("On appeal"), choices=APPEAL_DECISIONS, widget=forms.RadioSelect
    )
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, disputed: bool, appeal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not disputed:
            del self.fields["outcome"]
            del self.fields["grade"]
            del self.fields["intent"]
        if not appeal:
            del self.fields["appeal_decision"]

    def decision(self) -> dict:
        decision = {
            "minutes": self.cleaned_data["minutes"],
            "outcome": self.cleaned_data.get("outcome", ""),
            "grade": self.cleaned_data.get("grade", ""),
            "intent": self.cleaned_data.get("intent", ""),
        }
        if "appeal_decision" in self.fields:
            decision["appeal_decision"] = self.cleaned_data["appeal_decision"]
        return decision


class MeetingCloseForm(BrowserForm):
    minutes = forms.CharField(
        label=_("Minutes of the meeting"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
