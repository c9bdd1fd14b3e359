"""Browser forms for review meetings. The services decide what is valid."""

from django import forms

from core.forms import DATETIME_LOCAL, BrowserForm
from verification.statuses import Grade, Intent, Outcome


class MeetingForm(BrowserForm):
    title = forms.CharField(label="Title", max_length=200)
    scheduled_for = forms.DateTimeField(
        label="Date and time (UTC)",
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    location = forms.CharField(label="Location", max_length=200, required=False)


class AgendaDecisionForm(BrowserForm):
    """A joint decision: a disputed claim takes an outcome and grade; any item takes minutes."""

    outcome = forms.ChoiceField(
        label="Decided outcome", choices=Outcome.choices, widget=forms.RadioSelect
    )
    grade = forms.ChoiceField(label="Grade", choices=Grade.choices, widget=forms.RadioSelect)
    intent = forms.ChoiceField(
        label="Intent (when verified)",
        choices=Intent.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Whether the verified violation looked deliberate or accidental.",
    )
    minutes = forms.CharField(label="Minutes", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, disputed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not disputed:
            del self.fields["outcome"]
            del self.fields["grade"]
            del self.fields["intent"]

    def decision(self) -> dict:
        return {
            "minutes": self.cleaned_data["minutes"],
            "outcome": self.cleaned_data.get("outcome", ""),
            "grade": self.cleaned_data.get("grade", ""),
            "intent": self.cleaned_data.get("intent", ""),
        }


class MeetingCloseForm(BrowserForm):
    minutes = forms.CharField(
        label="Minutes of the meeting", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
