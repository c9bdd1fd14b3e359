"""Lengths of time as people say them: "7 days", "1 day, 12 hours", "45 minutes".

Clocks are configured and measured in hours (a referral's 168 h to act, a median of
36.5 h to acknowledge); readers think in days and hours. The two largest units that
are not zero are shown, so a figure stays short and never rounds a day away.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _part(n: int, unit: str) -> str:
    if unit == "day":
        return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}
    if unit == "hour":
        return ngettext("%(n)d hour", "%(n)d hours", n) % {"n": n}
    return ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}


def human_duration(hours: float | None, *, empty: str = "—") -> str:
    """`hours` as days, hours and minutes (the two largest that are not zero), rounded
    to the minute; `empty` for None. 168 → "7 days", 36.5 → "1 day, 12 hours"."""
    if hours is None:
        return empty
    minutes = round(abs(hours) * 60)
    days, rest = divmod(minutes, 24 * 60)
    parts = [(days, "day"), *zip(divmod(rest, 60), ("hour", "minute"), strict=True)]
    shown = [_part(n, unit) for n, unit in parts if n][:2]
    if len(shown) == 2:
        return _("%(larger)s, %(smaller)s") % {"larger": shown[0], "smaller": shown[1]}
    return shown[0] if shown else _part(0, "minute")
