"""Moving every open deadline on by the time the mechanism spent frozen (read-only or
no-access): nobody could act on them then, so none may lapse because of it."""

from datetime import UTC, datetime, timedelta
from math import ceil

from django.db import models
from django.db.models import F, Q

from .steps import deadline_kinds

ONE_DAY = timedelta(days=1)


def _open(kind) -> Q:
    """The rows whose deadline of this kind is still open: not flagged, in a status and
    with the columns the kind watches."""
    condition = Q(**{f"{kind.flag_field}__isnull": True}, **dict(kind.conditions))
    if kind.statuses:
        condition &= Q(status__in=kind.statuses)
    return condition


def extend_open_deadlines(*, since: datetime, by: timedelta) -> dict[str, int]:
    """Add `by` to every deadline the sweep watches that was still running at `since`
    (when the freeze began: due then or later, not flagged, in a status the deadline
    applies to), one set-based UPDATE per deadline column; returns
    {"<model>.<column>": rows moved}. Date-only deadlines move by whole days, rounded up.
    A column two kinds share moves once per row. A deadline already passed at `since`
    stays: the sweep flags it as it would have.

    Runs inside the caller's transaction (the switch back to normal)."""
    if by <= timedelta(0):
        return {}
    columns: dict[tuple[type, str], Q] = {}
    for kind in deadline_kinds():
        key = (kind.model, kind.due_field)
        columns[key] = columns[key] | _open(kind) if key in columns else _open(kind)
    moved = {}
    for (model, column), condition in columns.items():
        field = model._meta.get_field(column)
        if isinstance(field, models.DateTimeField):
            step, start = by, since
        else:
            step, start = ceil(by / ONE_DAY) * ONE_DAY, since.astimezone(UTC).date()
        rows = model.objects.filter(condition, **{f"{column}__gte": start})
        moved[f"{model._meta.label_lower}.{column}"] = rows.update(**{column: F(column) + step})
    return moved
