"""Deadlines as people read them: "in 2 days, 4 hours", "3 hours overdue"."""

from django import template

from core.home import countdown as countdown_text

register = template.Library()


@register.filter
def countdown(due, now):
    return countdown_text(due, now=now)


@register.filter
def is_past(moment, now) -> bool:
    return moment is not None and moment <= now
