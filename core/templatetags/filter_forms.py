"""`filter_form`: a list's filter panel (includes/filters.html), rendered once per process
for the same words, values and choices.

The panel costs a page more than its queries: ten fields, each through Django's widget
templates, 10 ms of the dashboard's 45 in process. Most pages show one of a few panels
(the empty one, or the filters a reader has just applied), so the HTML is kept, under a
key holding everything it is made from: the language, the values submitted and the
errors found in them, each field's label, help text, widget and choices (the parties
and categories as the database holds them at this request) and the tag's own
arguments. Nothing in the panel depends on the reader, and it is a GET form: no token.
With DEBUG on, while templates are being edited, it is rendered each time."""

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

TEMPLATE = "includes/filters.html"
# Panels kept per process; all are dropped when the count is reached (a few MB at most).
KEEP = 256
_panels: dict[tuple, str] = {}


def _text(value) -> str | tuple:
    if isinstance(value, dict):
        return tuple((str(k), _text(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(_text(v) for v in value)
    return str(value)


def panel_key(form, options: dict) -> tuple:
    """What the panel's HTML is made from; two forms with one key render alike."""
    fields = []
    for name, field in form.fields.items():
        widget = field.widget
        choices = getattr(widget, "choices", None)
        if choices is not None:
            # Read once (a model field's choices are a query each time they are read),
            # and kept for the rendering that may follow; iter() spares the count list()
            # would ask of a query first.
            widget.choices = choices = list(iter(choices))
        fields.append(
            (
                name,
                type(field).__name__,
                type(widget).__name__,
                str(field.label),
                str(field.help_text),
                field.required,
                field.disabled,
                getattr(field, "empty_label", None) and str(field.empty_label),
                getattr(widget, "input_type", None),
                tuple(sorted((k, str(v)) for k, v in widget.attrs.items())),
                None if choices is None else tuple(_text(choice) for choice in choices),
            )
        )
    data = errors = None
    if form.is_bound:
        # The values the fields read (a widget of several parts reads `<name>_<part>`),
        # not the page's own (`page`, `sort`), which would keep the same panel twice.
        names = tuple(form.add_prefix(name) for name in form.fields)
        data = tuple(
            sorted(
                (key, tuple(values))
                for key, values in form.data.lists()
                if key in names or key.startswith(tuple(f"{n}_" for n in names))
            )
        )
        # The errors too: a check may answer differently for the same values later (a
        # party code another process has just removed).
        errors = tuple((name, tuple(map(str, e))) for name, e in form.errors.items())
    return (
        get_language(),
        form.prefix,
        form.auto_id,
        str(form.label_suffix),
        data,
        errors,
        tuple(fields),
        tuple(sorted((k, _text(v)) for k, v in options.items())),
    )


def render_panel(filterset, **options) -> str:
    # While templates are being edited (DEBUG) the process lives on: nothing is kept.
    key = None if settings.DEBUG else panel_key(filterset.form, options)
    html = _panels.get(key)
    if html is None:
        html = get_template(TEMPLATE).render({"filter": filterset, **options})
        if key is not None:
            if len(_panels) >= KEEP:
                _panels.clear()
            _panels[key] = html
    return html


@register.simple_tag
def filter_form(filterset, **options):
    """{% filter_form filter action=action %}: includes/filters.html with `filter` and
    these arguments (htmx_target, show_bbox, sorts, sort), as an include would render it."""
    # Rendered by the template engine, which escapes what it writes.
    return mark_safe(render_panel(filterset, **options))  # noqa: S308  # nosec B308 B703
