"""Required fields marked where they are labelled: the label (or legend) carries the
class `is-required`, after which the stylesheet draws a visible "*" with no text for
screen readers (they hear the input's own `required`), so the label's text, and the
field's name, stay the label's words; and the one-line legend a form shows when any of
its fields is required."""

from django import template

register = template.Library()

MARKED = {"class": "is-required"}


def _required(bound_field) -> bool:
    return bool(bound_field.field.required) and not bound_field.is_hidden


@register.filter
def marked_label(bound_field):
    """The field's <label> (or <legend>, for a group), with the marker when required."""
    attrs = MARKED if _required(bound_field) else None
    if bound_field.use_fieldset:
        return bound_field.legend_tag(attrs=attrs)
    return bound_field.label_tag(attrs=attrs)


@register.filter
def has_required_fields(form) -> bool:
    return form is not None and any(_required(field) for field in form.visible_fields())
