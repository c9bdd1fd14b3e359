"""The dashboard's tallies of claims: how many share each combination of their dimensions,
kept by the database's triggers on the claim table (migrations 0006 and 0023)."""

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from accounts.models import Party
from verification.statuses import Status


class ClaimCount(models.Model):
    """What both tallies count claims by besides their own dimensions, and the count."""

    reporting_party = models.ForeignKey(
        Party,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        verbose_name=_("reporting party"),
    )
    accused_party = models.ForeignKey(
        Party,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        verbose_name=_("accused party"),
    )
    status = models.CharField(max_length=16, choices=Status.choices, verbose_name=_("status"))
    submitted = models.BooleanField(verbose_name=_("submitted"))
    week = models.DateField(
        help_text=_("Monday (UTC) of the week the claimed event occurred"), verbose_name=_("week")
    )
    n = models.BigIntegerField(default=0, verbose_name=_("n"))

    class Meta:
        abstract = True


class IncidentTally(ClaimCount):
    """How many claims share each combination of the dimensions the dashboard counts by.

    Kept current by database triggers on the claim table (see migration 0006), whatever
    writes the claim: a service, a bulk COPY or an UPDATE. The dashboard sums a few
    thousand of these rows instead of counting a million claims."""

    category = models.ForeignKey(
        "Category",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        verbose_name=_("category"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "reporting_party",
                    "accused_party",
                    "category",
                    "status",
                    "submitted",
                    "week",
                ],
                name="incident_tally_dimensions",
            ),
        ]
        verbose_name = _("incident tally")
        verbose_name_plural = _("incident tallies")

    def __str__(self):
        return f"{self.week} {self.status}: {self.n}"


class IncidentPlaceTally(ClaimCount):
    """How many claims share each place (province and border sector, as typed) with the
    dashboard's other dimensions but the category.

    Kept by database triggers like IncidentTally (migration 0023). A province or border
    sector filter selects a third of a million claims; summed here it reads a few hundred
    rows."""

    province = models.CharField(max_length=100, verbose_name=_("province"))
    border_sector = models.CharField(max_length=100, verbose_name=_("border sector"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "reporting_party",
                    "accused_party",
                    "province",
                    "border_sector",
                    "status",
                    "submitted",
                    "week",
                ],
                name="incident_place_tally_dimensions",
            ),
        ]
        verbose_name = _("incident place tally")
        verbose_name_plural = _("incident place tallies")

    def __str__(self):
        return f"{self.week} {self.province} / {self.border_sector} {self.status}: {self.n}"


def tally_compact() -> bool:
    """Rewrite both tallies without the superseded row versions a bulk load leaves: True
    when done (PostgreSQL, outside a transaction), False where there is nothing to do.

    A load counts its claims in a batch at a time, each batch updating the same few
    thousand tally rows, all in one transaction: no version can be pruned until it ends.
    At a million claims the tally held 9,543 rows in 43 MB, and every dashboard read it
    whole (17 ms of the page's counts; 5 ms once rewritten, 1.6 MB). Claims written one
    at a time do not need this: the update stays in its half-empty page and autovacuum,
    set for the tallies at 2,000 dead rows, reclaims it."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        for model in (IncidentTally, IncidentPlaceTally):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"VACUUM (FULL, ANALYZE) {table}")
    return True
