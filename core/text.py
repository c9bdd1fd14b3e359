"""Free text as people type it, checked once for every field of every API body and form.

Bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)
reorder what a reader sees: "Afghan\\u202eecrof\\u202c" displays as "Afghan force" reversed,
so a record could read differently from what was stored and hashed. They are refused.
Text made only of invisible characters (zero-width spaces and joiners, the word joiner,
the byte-order mark, whitespace) would pass "required" while saying nothing: it counts
as empty."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")

BIDI_MESSAGE = _("Bidirectional control characters are not allowed.")
BIDI_CODE = "bidi_control"


def has_bidi_controls(value: str) -> bool:
    return not BIDI_CONTROLS.isdisjoint(value)


def is_blank(value: str) -> bool:
    """Nothing a reader could see: only whitespace and invisible characters."""
    return all(ch.isspace() or ch in INVISIBLE for ch in value)


def clean_text(value: str) -> str:
    """`value` as stored: "" when it shows nothing; ValidationError (code `bidi_control`)
    when it carries a bidirectional control character."""
    if has_bidi_controls(value):
        raise ValidationError(BIDI_MESSAGE, code=BIDI_CODE)
    return "" if is_blank(value) else value
