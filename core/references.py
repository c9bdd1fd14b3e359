"""Reference numbers handed out without races: `PAK-2025-00042`, `CMT-AFG-2025-0007`."""

from django.db import connection, models
from django.utils.translation import gettext_lazy as _


class ReferenceSequenceBase(models.Model):
    """The last number handed out for one key (a party and a year, and whatever else the
    concrete table adds); see next_number."""

    year = models.PositiveIntegerField(verbose_name=_("year"))
    last = models.PositiveIntegerField(default=0, verbose_name=_("last"))

    class Meta:
        abstract = True


def next_number(model: type[ReferenceSequenceBase], **key) -> int:
    """The next number of the sequence `key` names in `model`'s table.

    One upsert statement increments and returns the counter, holding its row lock until
    the caller's transaction ends: two writers can never get the same number. `key` names
    the table's unique columns (`party_id=3, year=2025`).
    """
    table = model._meta.db_table
    columns = list(key)
    names = ", ".join(columns)
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}, last) VALUES ({placeholders}, 1) "  # noqa: S608  # nosec B608  # table and column names from the model; values are parameters
            f"ON CONFLICT ({names}) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            list(key.values()),
        )
        (number,) = cursor.fetchone()
    return number
