"""The claim (an alleged violation), its evidence and its revisions.

Field names follow the ACLED codebook and UCDP GED where they overlap, so that analysts
can join this record with the datasets they already use.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from accounts.models import Party
from core.references import ReferenceSequenceBase
from evidence.models import EvidenceBase, Visibility, location_strip_constraints
from translations.models import narrative_language_field
from verification.models import ReviewedRecord, RevisionBase
from verification.statuses import OPEN_STATUSES

from ..appeals.models import AppealStatus
from ..visibility import incident_visibility_filter
from .categories import Category


class TimePrecision(models.TextChoices):
    EXACT = "exact", _("Exact time")
    DAY = "day", _("Day")
    WEEK = "week", _("Week")


class GeoPrecision(models.TextChoices):
    EXACT = "exact", _("Exact location")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")


class ReferenceSequence(ReferenceSequenceBase):
    """Last number handed out per party and year; see services.next_reference."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, verbose_name=_("party"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["party", "year"], name="reference_sequence_unique"),
        ]
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")

    def __str__(self):
        return f"{self.party_id}/{self.year}: {self.last}"


# What the dashboard groups its counts by and the visibility rule reads: covering
# indexes carry them so that a filtered count never reads the table.
DASHBOARD_COLUMNS = ["reporting_party", "accused_party", "status", "submitted_at"]

# What IncidentQuerySet.overdue selects, as its partial indexes name it.
OVERDUE = (
    Q(assignment_overdue_at__isnull=False)
    | Q(reply_overdue_at__isnull=False)
    | Q(findings_overdue_at__isnull=False)
) & Q(status__in=["submitted", "under_review", "disputed"])

CASUALTY_FIELDS = (
    "killed_civilian",
    "killed_security",
    "injured_civilian",
    "injured_security",
)


def _casualty_constraints():
    return [
        models.CheckConstraint(
            condition=Q(**{f"{name}_low__lte": F(f"{name}_high")}),
            name=f"incident_{name}_low_le_high",
        )
        for name in CASUALTY_FIELDS
    ]


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(incident_visibility_filter(user))

    def overdue(self):
        return self.filter(
            Q(assignment_overdue_at__isnull=False)
            | Q(reply_overdue_at__isnull=False)
            | Q(findings_overdue_at__isnull=False),
            status__in=OPEN_STATUSES,
        )


class Incident(ReviewedRecord):
    """A claim that the accused party violated the ceasefire."""

    reference = models.CharField(
        max_length=20, unique=True, editable=False, verbose_name=_("reference")
    )

    reporting_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="claims_reported",
        verbose_name=_("reporting party"),
    )
    accused_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="claims_against",
        verbose_name=_("accused party"),
    )
    alleged_actor = models.CharField(max_length=200, verbose_name=_("alleged actor"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("category")
    )

    occurred_at = models.DateTimeField(verbose_name=_("occurred at"))
    time_precision = models.CharField(
        max_length=8,
        choices=TimePrecision.choices,
        default=TimePrecision.EXACT,
        verbose_name=_("time precision"),
    )
    reported_at = models.DateTimeField(verbose_name=_("reported at"))

    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        verbose_name=_("latitude"),
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        verbose_name=_("longitude"),
    )
    place_name = models.CharField(max_length=200, verbose_name=_("place name"))
    province = models.CharField(max_length=100, verbose_name=_("province"))
    district = models.CharField(max_length=100, blank=True, verbose_name=_("district"))
    border_sector = models.CharField(max_length=100, blank=True, verbose_name=_("border sector"))
    geo_precision = models.CharField(
        max_length=8,
        choices=GeoPrecision.choices,
        default=GeoPrecision.EXACT,
        verbose_name=_("geo precision"),
    )

    narrative = models.TextField(
        max_length=20000, validators=[MaxLengthValidator(20000)], verbose_name=_("narrative")
    )
    narrative_language = narrative_language_field()
    sources = models.TextField(
        max_length=5000,
        blank=True,
        validators=[MaxLengthValidator(5000)],
        verbose_name=_("sources"),
    )

    killed_civilian_low = models.PositiveIntegerField(
        default=0, verbose_name=_("killed civilian low")
    )
    killed_civilian_high = models.PositiveIntegerField(
        default=0, verbose_name=_("killed civilian high")
    )
    killed_security_low = models.PositiveIntegerField(
        default=0, verbose_name=_("killed security low")
    )
    killed_security_high = models.PositiveIntegerField(
        default=0, verbose_name=_("killed security high")
    )
    injured_civilian_low = models.PositiveIntegerField(
        default=0, verbose_name=_("injured civilian low")
    )
    injured_civilian_high = models.PositiveIntegerField(
        default=0, verbose_name=_("injured civilian high")
    )
    injured_security_low = models.PositiveIntegerField(
        default=0, verbose_name=_("injured security low")
    )
    injured_security_high = models.PositiveIntegerField(
        default=0, verbose_name=_("injured security high")
    )

    # Mirrors the claim's appeal (incidents.appeals), written only with it, under this
    # row's lock: the lists, filters, exports and the party record read it from here.
    # The database's default serves bulk loads that name no such column.
    appeal_status = models.CharField(
        max_length=16,
        choices=AppealStatus.choices,
        default=AppealStatus.NONE,
        db_default=AppealStatus.NONE,
        verbose_name=_("appeal status"),
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="incidents_created",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = IncidentQuerySet.as_manager()

    class Meta(ReviewedRecord.Meta):
        ordering = ["-occurred_at", "-id"]
        indexes = [
            *ReviewedRecord.Meta.indexes,
            models.Index(fields=["status", "-occurred_at", "-id"], name="incident_status_occurred"),
            models.Index(fields=["reporting_party", "status"], name="incident_reporter_status"),
            models.Index(fields=["accused_party", "status"], name="incident_accused_status"),
            # Covering: a date range's part weeks are counted on the index alone
            # (selectors.incident_counts; 166 ms reading the table at a million claims),
            # and the map's newest claims, in a box or not, are read from it alone
            # (selectors.map_claims: what a point shows but the names of its category
            # and parties, which come from their own small tables).
            models.Index(
                fields=["-occurred_at", "-id"],
                include=[*DASHBOARD_COLUMNS, "latitude", "longitude", "reference", "category"],
                name="incident_occurred",
            ),
            # A box's claims counted on the index alone: a range of latitudes, the
            # longitudes tested on the index (369 ms over the claims, 70 ms here).
            models.Index(
                fields=["latitude", "longitude"],
                include=["occurred_at", *DASHBOARD_COLUMNS],
                name="incident_box",
            ),
            # Same-event suggestions (incidents.links.selectors): the other party's claims
            # in a time window, before the location box narrows them.
            # Covering: the suggestion's box and party are tested on the index alone (an
            # index-only scan; at a million claims 1.5 ms instead of 23 ms reading the
            # ~2,700 rows of a party's 48 hours).
            models.Index(
                fields=["reporting_party", "occurred_at"],
                include=["id", "accused_party", "latitude", "longitude", "submitted_at", "status"],
                name="incident_reporter_occurred",
            ),
            # A party's record (compliance.records): verified claims against it in a
            # period, by category and month, read from the index alone.
            models.Index(
                fields=["accused_party", "occurred_at"],
                include=["category"],
                name="incident_verified_accused",
                condition=Q(status="verified"),
            ),
            # The dashboard and the lists under a province or border-sector filter (iexact:
            # UPPER(column) = UPPER(value)): the counts read the index alone, the newest
            # claims come in its order. The column itself is included so that PostgreSQL
            # may answer from the index without the table.
            *(
                models.Index(
                    Upper(column),
                    F("occurred_at").desc(),
                    F("id").desc(),
                    include=[*DASHBOARD_COLUMNS, column],
                    name=name,
                )
                for column, name in (
                    ("province", "incident_province_newest"),
                    ("border_sector", "incident_sector_newest"),
                )
            ),
            # The dashboard's overdue list (IncidentQuerySet.overdue, by findings deadline).
            models.Index(
                fields=["findings_due_at", "id"], name="incident_overdue", condition=OVERDUE
            ),
            # The same list under a date filter (selectors.overdue_first): deadlines follow
            # occurrence, so the claims of a recent range lie at the far end of the index
            # above. Read here instead, by range, on the index alone.
            models.Index(
                fields=["occurred_at"],
                include=["findings_due_at", "id", *DASHBOARD_COLUMNS],
                name="incident_overdue_occurred",
                condition=OVERDUE,
            ),
            # Appeals waiting for a meeting (mediators.selectors, every sweep): a handful
            # among a million claims, found without reading the table (186 ms).
            models.Index(
                fields=["-occurred_at", "-id"],
                name="incident_appeal_pending",
                condition=Q(appeal_status=AppealStatus.PENDING),
            ),
        ]
        constraints = [
            *ReviewedRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(appeal_status__in=AppealStatus.values),
                name="incident_appeal_status_valid",
            ),
            # Only a final finding (verified, not verified) is appealed.
            models.CheckConstraint(
                condition=Q(appeal_status=AppealStatus.NONE)
                | Q(status__in=["verified", "not_verified"]),
                name="incident_appeal_on_final_finding",
            ),
            models.CheckConstraint(
                condition=~Q(reporting_party=F("accused_party")),
                name="incident_parties_differ",
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="incident_coordinates_on_earth",
            ),
            *_casualty_constraints(),
        ]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self):
        return self.reference

    @property
    def overdue(self):
        return self.status in OPEN_STATUSES and bool(
            self.assignment_overdue_at or self.reply_overdue_at or self.findings_overdue_at
        )


class Evidence(EvidenceBase):
    """A file attached to a claim."""

    subject_link = "incident"
    subject_type = "incident"
    claimed_time_field = "occurred_at"

    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("incident")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evidence_uploaded",
        verbose_name=_("uploaded by"),
    )

    class Meta(EvidenceBase.Meta):
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="evidence_sha256_hex"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="evidence_visibility_valid"
            ),
            *location_strip_constraints("evidence"),
        ]
        verbose_name = _("evidence")


class IncidentRevision(RevisionBase):
    """The content of a submitted claim before an amendment."""

    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("incident")
    )

    class Meta:
        ordering = ["incident", "number"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "number"], name="revision_number_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="revision_has_reason"),
        ]
        verbose_name = _("incident revision")
        verbose_name_plural = _("incident revisions")

    def __str__(self):
        return f"{self.incident_id} revision {self.number}"
