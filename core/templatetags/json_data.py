"""`json_data`: Django's json_script, encoded by orjson.

The dashboard embeds thousands of map points; Python's json module took most of the
time spent turning them into text. The output is the same element with the same
escapes (<, > and & as \\u escapes, so the text cannot close the script element)."""

import orjson
from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter(is_safe=True)
def json_data(value, element_id: str):
    # default=str: lazy translations and decimals as text, as DjangoJSONEncoder writes them.
    text = orjson.dumps(value, default=str).decode().translate(_ESCAPES)
    # Escaped above, as django.utils.html.json_script does.
    safe = mark_safe(text)  # noqa: S308  # nosec B308 B703
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, safe)
