"""{{ record.narrative_language|text_direction }}: "rtl" or "ltr", for a narrative shown
outside translations/_narrative.html."""

from django import template

from ..languages import language_direction

register = template.Library()


@register.filter
def text_direction(code: str) -> str:
    return language_direction(code or "")
