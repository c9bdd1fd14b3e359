"""Reads of the organisations that every request may need."""

import time

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Party

# How long a process trusts its list of party codes before reading it again.
PARTY_CODES_SECONDS = 60

_party_codes: tuple[float, frozenset[str]] | None = None


def party_code_exists(code: str) -> bool:
    """Whether a party has this code, from this process's list of the codes.

    The list is read again when it lacks the code (a party added a moment ago is known at
    once), when it is over PARTY_CODES_SECONDS old, and when this process saves or deletes
    a party. A filter that takes a party's code asks this instead of reading the party on
    every request, and filters by the code itself, so that what it answers never depends
    on the list: a code renamed in another process meanwhile finds no claims for up to a
    minute rather than being refused."""
    global _party_codes
    now = time.monotonic()
    cached = _party_codes
    if cached is None or now - cached[0] > PARTY_CODES_SECONDS or code not in cached[1]:
        cached = _party_codes = (now, frozenset(Party.objects.values_list("code", flat=True)))
    return code in cached[1]


@receiver([post_save, post_delete], sender=Party, dispatch_uid="party_codes_forget")
def _party_codes_forget(**kwargs) -> None:
    global _party_codes
    _party_codes = None
