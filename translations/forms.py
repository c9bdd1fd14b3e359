"""Browser forms for a narrative's translation. The service re-checks everything."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BrowserForm, LanguageSelect

from .languages import author_language, language_choices
from .models import MAX_NOTE, MAX_TEXT


class TranslationForm(BrowserForm):
    """A new translation: into any language but the narrative's own and those done."""

    language = forms.ChoiceField(label=_("Translated into"), widget=LanguageSelect)
    text = forms.CharField(
        label=_("Translation"), widget=forms.Textarea(attrs={"rows": 6}), max_length=MAX_TEXT
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=MAX_NOTE,
        required=False,
        help_text=_("E.g. how place names were rendered."),
    )

    def __init__(self, *args, original: str = "", done=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, name)
            for code, name in language_choices()
            if code != original and code not in done
        ]


class TranslationCorrectForm(BrowserForm):
    """A correction: the whole text again, as a new version of the same language."""

    language = forms.ChoiceField(widget=forms.HiddenInput, choices=language_choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    text = forms.CharField(
        label=_("Corrected translation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
    )
    note = forms.CharField(label=_("What was corrected"), max_length=MAX_NOTE, required=False)


class NarrativeLanguageField(forms.ChoiceField):
    """The language a narrative is written in, on a filing form. Left empty (a form
    posted without it), the service takes the author's language; the form's initial
    value is the author's language already (set_author_language)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Language of the narrative"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", LanguageSelect)
        kwargs.setdefault(
            "help_text", _("The language you write in; reviewers may add translations.")
        )
        super().__init__(choices=language_choices, **kwargs)


def set_author_language(form, user, name: str = "narrative_language") -> None:
    """Start a filing form's language at the author's own, unless the form has a value."""
    if name in form.fields and not form.initial.get(name):
        form.fields[name].initial = author_language(user)
