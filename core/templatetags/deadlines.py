"""Deadlines as people read them: "in 2 days, 4 hours", "3 hours overdue", and lengths
of a clock in hours as "7 days"."""

from django import template

from core.durations import human_duration as human_duration_text
from core.home import countdown as countdown_text

register = template.Library()


@register.filter
def countdown(due, now):
    return countdown_text(due, now=now)


@register.filter
def is_past(moment, now) -> bool:
    return moment is not None and moment <= now


@register.filter
def human_duration(hours) -> str:
    """Hours as days and hours (core.durations): 168 → "7 days"."""
    return human_duration_text(hours)
