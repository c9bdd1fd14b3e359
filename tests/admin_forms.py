"""Posting an admin change form as a browser would: every field as the page shows it."""

from django import forms
from django.urls import reverse


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _as_posted(widget, value):
    if isinstance(widget, forms.CheckboxInput):
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [str(getattr(v, "pk", v)) for v in value]
    return "" if value is None else str(value)


def admin_form_data(client, url, **changes) -> dict:
    """The change page's form as it stands, with `changes` applied: what a person who
    edits those fields and presses Save sends."""
    form = client.get(url).context["adminform"].form
    data = {}
    for bound in form:
        if bound.field.disabled:
            continue
        widget, value = bound.field.widget, bound.value()
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{bound.name}_{index}"] = "" if part is None else str(part)
            continue
        posted = _as_posted(widget, value)
        if posted is not None:
            data[bound.name] = posted
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
