"""The period a record or report covers: by default, since the last review meeting."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from mediators.models import ReviewMeeting

DEFAULT_DAYS = 90
MAX_DAYS = 3660  # ten years: a record is for review periods, not for all time


@dataclass(frozen=True)
class Period:
    """Whole UTC days, both ends included."""

    start: date
    end: date

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=UTC)

    @property
    def end_before(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC)

    def months(self) -> list[str]:
        year, month, months = self.start.year, self.start.month, []
        while (year, month) <= (self.end.year, self.end.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    def as_json(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def last_review_meeting_date(*, as_of=None) -> date | None:
    """The day of the latest review meeting held (scheduled at or before now), in UTC."""
    as_of = as_of or timezone.now()
    meeting = (
        ReviewMeeting.objects.filter(scheduled_for__lte=as_of)
        .order_by("-scheduled_for", "-pk")
        .only("scheduled_for")
        .first()
    )
    return meeting.scheduled_for.astimezone(UTC).date() if meeting else None


def default_period(*, start: date | None = None, end: date | None = None, as_of=None) -> Period:
    """What a period without `from` means: since the last review meeting, or the last 90
    days when there was none (or when `to` falls before it); `to` defaults to today."""
    today = (as_of or timezone.now()).astimezone(UTC).date()
    end = end or today
    if start is None:
        start = last_review_meeting_date(as_of=as_of)
        if start is None or start > end:
            start = max(end, date.min + timedelta(days=DEFAULT_DAYS)) - timedelta(days=DEFAULT_DAYS)
    return Period(start, end)


def parse_period(
    data, *, as_of=None, blank_is_absent=False
) -> tuple[Period | None, dict[str, list[str]]]:
    """`from` and `to` from a query string (ISO dates, both optional) as a Period, or
    the field errors: each a date, `from` not after `to`, at most MAX_DAYS days. A form's
    cleared date field sends a blank value: `blank_is_absent` takes it as not given."""
    values, errors = {}, {}
    for name in ("from", "to"):
        raw = data.get(name)
        if raw is None or (blank_is_absent and not raw.strip()):
            values[name] = None
            continue
        raw = raw.strip()
        try:
            values[name] = date.fromisoformat(raw)
        except ValueError:
            errors[name] = [_("Enter a date as YYYY-MM-DD.")]
            continue
        if values[name] >= date.max - timedelta(days=1):
            errors[name] = [_("Enter a date before the year 9999 ends.")]
    if errors:
        return None, errors
    period = default_period(start=values["from"], end=values["to"], as_of=as_of)
    if period.start > period.end:
        return None, {
            "from": [_("The period starts after it ends: `from` must not be after `to`.")]
        }
    if (period.end - period.start).days > MAX_DAYS:
        return None, {"to": [_("A period spans at most %(days)d days.") % {"days": MAX_DAYS}]}
    return period, {}
