"""Reads the compliance selectors share: the UTC day, day numbers in SQL and a record's
timeline."""

from datetime import UTC, date

from django.db.models import Func, IntegerField, Q
from django.utils import timezone

from audit.models import AuditEvent
from verification.review import REVIEWABLES
from verification.selectors import incident_timeline

NOTHING = Q(pk__in=[])


def is_active_user(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


class DayNumber(Func):
    """Days since 1970-01-01 of a date column, as an integer, on either backend."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="(%(expressions)s - DATE '1970-01-01')", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)",
            **extra,
        )


def day_number(day: date) -> int:
    return (day - date(1970, 1, 1)).days


def today(as_of=None) -> date:
    """The mechanism keeps dates in UTC: a due date passes when its UTC day ends."""
    return (as_of or timezone.now()).astimezone(UTC).date()


def timeline(subject_type: str, obj, *, user) -> list:
    """A record's audit events in order, as `user` may read them (its page's timeline and
    the API's events/). A record under review follows the review's rule for finding
    events (verification.selectors.incident_timeline); the others hide nothing."""
    if type(obj) in REVIEWABLES:
        return incident_timeline(obj, user=user)
    events = list(AuditEvent.objects.for_subject(subject_type, obj.pk).select_related("actor"))
    for event in events:
        event.withheld = event.prev_withheld = False
    return events
