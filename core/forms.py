"""What every browser form shares: how a service's refusal lands on it, and its look."""

from django import forms
from django.core.exceptions import ValidationError

from .errors import ServiceError
from .text import clean_text

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


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
