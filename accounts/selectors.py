"""Reads of the organisations that every request may need."""

import time

from django.db import transaction

from .models import Party

# How long a process trusts its list of party codes before reading it again.
PARTY_CODES_SECONDS = 60

_party_codes: tuple[float, frozenset[str]] | None = None


def party_code_exists(code: str) -> bool:
    """Whether a party has this code, from this process's list of the codes.

    The list is read again when it lacks the code (a party added a moment ago is known at
    once), when it is over PARTY_CODES_SECONDS old, and when this process has committed a
    change to a party (party_codes_forget, connected in apps.py). A filter that takes a
    party's code asks this instead of reading the party on every request, and filters by
    the code itself, so that which claims it answers never depends on the list: a code
    renamed or deleted in another process meanwhile finds no claims for up to a minute
    rather than being refused."""
    global _party_codes
    now = time.monotonic()
    cached = _party_codes
    if cached is None or now - cached[0] > PARTY_CODES_SECONDS or code not in cached[1]:
        cached = _party_codes = (now, frozenset(Party.objects.values_list("code", flat=True)))
    return code in cached[1]


def party_codes_forget(**kwargs) -> None:
    """The list is read again after the change in hand commits (a post_save and
    post_delete receiver for Party)."""
    transaction.on_commit(_forget)


def _forget() -> None:
    global _party_codes
    _party_codes = None
