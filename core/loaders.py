"""Load a record the caller may see, or answer 404: one helper for pages and API alike.

Not visible answers exactly as not existing does ("boring" errors, as Zulip's
`access_*_by_id` helpers), so that a caller learns nothing of records it may not see.
"""

from django.http import Http404
from rest_framework.exceptions import NotFound


def get_visible_or_404(queryset, *, api: bool = False, noun: str = "record", **lookup):
    """The one row of `queryset` (already narrowed to what the caller may see) matching
    `lookup`; Http404 (or DRF's NotFound when `api`) otherwise, with the same words."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        detail = f"No such {noun}."
        raise NotFound(detail) if api else Http404(detail)
    return obj


def visible_or_404(obj, *, api: bool = False, noun: str = "record"):
    """`obj` as a selector returned it (None when missing or not visible), or 404."""
    if obj is None:
        detail = f"No such {noun}."
        raise NotFound(detail) if api else Http404(detail)
    return obj
