"""Times as the reader reads them: in the active time zone, named, with UTC in the title.

`{{ moment|zoned }}` renders
`<time datetime="2026-12-05T09:30:00+00:00" title="2026-12-05 09:30 UTC">2026-12-05 14:30 PKT</time>`;
`{{ moment|zoned:"Y-m-d" }}` shows only the local date (the zone in the title);
`{{ moment|zoned_text }}` is the same wall-clock text without markup, for attributes and
sentences that are translated whole.
"""

from datetime import UTC, datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

DEFAULT = "Y-m-d H:i"


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def zone_label(moment: datetime) -> str:
    """The zone's short name at that moment ("PKT", "UTC"), or its offset ("+0430")."""
    return _local(moment).tzname() or timezone.get_current_timezone_name()


@register.filter
def zoned_text(moment, fmt: str = DEFAULT) -> str:
    if not isinstance(moment, datetime):
        return ""
    return _("%(time)s %(zone)s") % {
        "time": date_format(_local(moment), fmt),
        "zone": zone_label(moment),
    }


@register.filter
def zoned(moment, fmt: str = DEFAULT):
    if not isinstance(moment, datetime):
        return ""
    utc = moment.astimezone(UTC) if timezone.is_aware(moment) else moment
    shown = date_format(_local(moment), fmt)
    if "H" in fmt or "G" in fmt:
        shown = _("%(time)s %(zone)s") % {"time": shown, "zone": zone_label(moment)}
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        utc.isoformat(),
        _("%(time)s UTC") % {"time": date_format(utc, DEFAULT)},
        shown,
    )
