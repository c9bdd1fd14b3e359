"""Moving every open deadline on by the time the mechanism spent frozen (read-only or
no-access): nobody could act on them then, so none may lapse because of it."""

from datetime import timedelta
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


def extend_open_deadlines(*, by: timedelta) -> dict[str, int]:
    """Add `by` to every open deadline the sweep watches, one set-based UPDATE per
    deadline column; returns {"<model>.<column>": rows moved}. Date-only deadlines move
    by whole days, rounded up. A column two kinds share moves once per row.

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
        step = by if isinstance(field, models.DateTimeField) else ceil(by / ONE_DAY) * ONE_DAY
        rows = model.objects.filter(condition, **{f"{column}__isnull": False})
        moved[f"{model._meta.label_lower}.{column}"] = rows.update(**{column: F(column) + step})
    return moved
