"""Load a record the caller may see, or answer 404: one helper for pages and API alike.

Not visible answers exactly as not existing does ("boring" errors, as Zulip's
`access_*_by_id` helpers), so that a caller learns nothing of records it may not see.
The API's exception handler turns the Http404 into its JSON 404 with the same words.
"""

from collections.abc import Callable

from django.http import Http404


def load_visible_or_404(get_visible: Callable, *, user, noun: str, **lookup):
    """`get_visible(user=user, **lookup)` (a selector answering None for a record that is
    missing or hidden from `user`), or Http404 "No such <noun>." in both cases."""
    obj = get_visible(user=user, **lookup)
    if obj is None:
        raise Http404(f"No such {noun}.")
    return obj


def loader(get_visible: Callable, *, noun: str) -> Callable:
    """A record type's `(request, reference) -> record` for its pages and API alike."""

    def load(request, reference):
        return load_visible_or_404(get_visible, user=request.user, noun=noun, reference=reference)

    load.__doc__ = f"The {noun} if the caller may see it; 404 otherwise (never 403)."
    return load
