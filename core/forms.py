"""What every browser form shares: how a service's refusal lands on it, and its look."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext

from .errors import ServiceError
from .text import clean_text

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
DATETIME_TYPED = "%Y-%m-%d %H:%M"


class LanguageSelect(forms.Select):
    """A choice of languages, each named in its own language and marked so (`lang`), so
    that a reader finds theirs whatever the page's language, and a screen reader says it
    right."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
            option["label"] = translation.get_language_info(value)["name_local"]
        return option


class ZonedDateTimeInput(forms.DateTimeInput):
    """A date and time as the reader's wall clock: 24-hour, in the active time zone, which
    is named beside the field (Django's DateTimeField reads the value in that zone and
    stores UTC). Plain text without scripts; static/js/app.js puts a 24-hour picker on
    it. Never the browser's own datetime-local, whose clock follows the browser's locale."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "data-datetime-picker": "",
            "placeholder": "YYYY-MM-DD HH:MM",
            "autocomplete": "off",
            "spellcheck": "false",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATETIME_TYPED)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        zone = timezone.get_current_timezone_name()
        note_id = f"{attrs['id']}_zone" if attrs.get("id") else ""
        if note_id:
            attrs["aria-describedby"] = " ".join(
                part for part in (attrs.get("aria-describedby", ""), note_id) if part
            )
        html = super().render(name, value, attrs, renderer)
        note = gettext("%(zone)s time, 24-hour clock") % {"zone": zone}
        if note_id:
            return format_html('{}<span class="zone-note" id="{}">{}</span>', html, note_id, note)
        return format_html('{}<span class="zone-note">{}</span>', html, note)


def form_add_service_error(form: forms.Form, exc: ServiceError) -> None:
    """Put a service's refusal on the form: next to the field it names when the form has
    that field, otherwise at the top. Never raises, so a refusal is never a 500."""
    for name, messages in exc.fields.items():
        for message in messages if isinstance(messages, list | tuple) else [messages]:
            if name in form.fields:
                form.add_error(name, str(message))
            elif name in ("non_field_errors", "__all__"):
                form.add_error(None, str(message))
            else:
                form.add_error(None, f"{name.replace('_', ' ').capitalize()}: {message}")
    if not exc.fields:
        form.add_error(None, exc.detail)


class BrowserForm(forms.Form):
    """Labels sit above their inputs, so they need no trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def _clean_fields(self):
        """Every text field's value through core.text.clean_text, as the API's bodies are:
        bidi controls refused on the field, invisible-only text empty (so "required"
        refuses it). Before the form's own clean(), so that it sees the checked text."""
        super()._clean_fields()
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if not isinstance(field, forms.CharField) or not isinstance(value, str):
                continue
            try:
                value = clean_text(value)
            except ValidationError as exc:
                self.add_error(name, exc)
                continue
            if value == "" and field.required:
                self.add_error(
                    name, ValidationError(field.error_messages["required"], code="required")
                )
            else:
                self.cleaned_data[name] = value
