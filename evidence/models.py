"""The abstract evidence file every record type's evidence is built on: stored once under a
random name with its SHA-256, size and the content type read from its bytes; never edited,
only added. Concrete tables (a claim's, an action report's, a referral's) live with their
record and name its foreign key."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def random_name():
    return uuid.uuid4().hex


def evidence_path(instance, filename):
    # The uploaded name is never used as a path: only a random one.
    return f"evidence/{instance.stored_name[:2]}/{instance.stored_name}"


# The ranges the database holds the thresholds to: half of the 128 hash bits (beyond it
# unrelated images match), a year, and half the Earth's circumference.
MAX_MATCH_DISTANCE = 64
MAX_TIME_WARN_HOURS = 24 * 366
MAX_DISTANCE_WARN_KM = 20_038


class Visibility(models.TextChoices):
    PARTIES = "parties", _("Both parties and the mediators")
    MEDIATORS_ONLY = "mediators_only", _("Mediators only")


def stripped_path(instance, filename):
    # Beside the original, so the same backup and verification walk finds both.
    return f"evidence/{instance.stored_name[:2]}/{instance.stored_name}-nolocation"


class LocationStrip(models.TextChoices):
    """The filer's choice about the position an image carries, and what came of it."""

    NOT_ASKED = "not_asked", _("Filed as it is")
    STRIPPED = "stripped", _("Location removed for the other party")
    NOTHING_TO_STRIP = "nothing_to_strip", _("Asked to remove location; the file carried none")


def location_strip_constraints(prefix: str) -> list[models.CheckConstraint]:
    """What the database holds for every kind of evidence: a copy without location exists,
    with its own SHA-256 and size, exactly when the location was stripped. Each concrete
    model adds these under its own name prefix."""
    no_copy = Q(stripped_file="", stripped_sha256="", stripped_size__isnull=True)
    copy = (
        ~Q(stripped_file="")
        & Q(stripped_sha256__regex=r"^[0-9a-f]{64}$")
        & Q(stripped_size__isnull=False)
    )
    return [
        models.CheckConstraint(
            condition=Q(location_strip__in=LocationStrip.values),
            name=f"{prefix}_location_strip_valid",
        ),
        models.CheckConstraint(
            condition=(Q(location_strip=LocationStrip.STRIPPED) & copy)
            | (~Q(location_strip=LocationStrip.STRIPPED) & no_copy),
            name=f"{prefix}_stripped_copy_iff_stripped",
        ),
    ]


class EvidenceQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Evidence is never edited; add a new file instead.")

    def delete(self):
        raise TypeError("Evidence is never deleted.")


class EvidenceBase(models.Model):
    """A file attached to a record (a claim, an action report, a referral): stored once
    under a random name with its SHA-256, size and the content type read from its bytes;
    never edited, only added. Each concrete model names its record's foreign key
    (`subject_link`) and the audit trail's `subject_type` for it; incidents.services
    stores and serves every kind through the same functions."""

    subject_link: str = ""
    subject_type: str = ""
    # The record's claimed time (a datetime or date field on it), if it has one; its place
    # is its `latitude` / `longitude`, if it has them. The analysis compares both with the
    # time and place a file carries.
    claimed_time_field: str = ""

    stored_name = models.CharField(
        max_length=64,
        unique=True,
        default=random_name,
        editable=False,
        verbose_name=_("stored name"),
    )
    file = models.FileField(upload_to=evidence_path, max_length=200, verbose_name=_("file"))
    original_name = models.CharField(max_length=255, verbose_name=_("original name"))
    description = models.CharField(max_length=500, blank=True, verbose_name=_("description"))
    sha256 = models.CharField(max_length=64, verbose_name=_("sha256"))
    size = models.PositiveBigIntegerField(verbose_name=_("size"))
    content_type = models.CharField(max_length=100, verbose_name=_("content type"))
    visibility = models.CharField(
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PARTIES,
        verbose_name=_("visibility"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))
    # The filer may keep the file's GPS position from the other party: the original (the
    # fields above) stays as filed for the filer's party and the mediators, and a copy
    # without location, hashed on its own, is what the other party downloads.
    location_strip = models.CharField(
        max_length=16,
        choices=LocationStrip.choices,
        default=LocationStrip.NOT_ASKED,
        verbose_name=_("location strip"),
    )
    stripped_file = models.FileField(
        upload_to=stripped_path, max_length=200, blank=True, verbose_name=_("stripped file")
    )
    stripped_sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("stripped sha256"))
    stripped_size = models.PositiveBigIntegerField(
        null=True, blank=True, verbose_name=_("stripped size")
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return f"{self.subject.reference}: {self.original_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("Evidence is never edited; add a new file instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Evidence is never deleted.")

    @property
    def subject(self):
        """The record the file is attached to."""
        return getattr(self, self.subject_link)

    @property
    def subject_id(self):
        return getattr(self, f"{self.subject_link}_id")

    @property
    def location_stripped(self) -> bool:
        return self.location_strip == LocationStrip.STRIPPED


def preview_path(instance, filename):
    return f"evidence-previews/{filename[:2]}/{filename}"


class EvidenceAnalysis(models.Model):
    """What the mechanism read from one evidence file of any kind: its image hashes
    (banded for lookup, see evidence.matching), its dimensions, the capture time and place
    it carries, a PDF's page count, a recording's duration, a preview (an image's, or a
    PDF's first page), and whether it is graphic. One row per file, created with the
    file (pending) and filled in by the `evidence.analyse` task; rerunning the analysis
    rewrites the row, never the file.

    `evidence_type` is the concrete evidence model's label (`incidents.evidence`), so this
    floor names no record type; `subject_*` copy the record's identity for the matches
    shown to reviewers."""

    evidence_type = models.CharField(max_length=60, verbose_name=_("evidence type"))
    evidence_id = models.PositiveBigIntegerField(verbose_name=_("evidence id"))
    subject_type = models.CharField(max_length=40, verbose_name=_("subject type"))
    subject_id = models.PositiveBigIntegerField(verbose_name=_("subject id"))
    subject_ref = models.CharField(max_length=40, verbose_name=_("subject ref"))
    sha256 = models.CharField(max_length=64, db_index=True, verbose_name=_("sha256"))
    content_type = models.CharField(max_length=100, verbose_name=_("content type"))
    uploaded_at = models.DateTimeField(verbose_name=_("uploaded at"))
    graphic = models.BooleanField(default=False, verbose_name=_("graphic"))
    analysed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("analysed at"))
    problem = models.CharField(max_length=200, blank=True, verbose_name=_("problem"))
    width = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("width"))
    height = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("height"))
    captured_at = models.DateTimeField(null=True, blank=True, verbose_name=_("captured at"))
    # Whether the capture time carried its own UTC offset; without one it is read as UTC.
    captured_offset_known = models.BooleanField(
        default=False, verbose_name=_("captured offset known")
    )
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, verbose_name=_("latitude")
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, verbose_name=_("longitude")
    )
    # 64-bit perceptual and difference hashes as signed integers, each split in four
    # 16-bit bands for the indexed candidate lookup.
    phash = models.BigIntegerField(null=True, blank=True, verbose_name=_("phash"))
    dhash = models.BigIntegerField(null=True, blank=True, verbose_name=_("dhash"))
    phash_b0 = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("phash b0"))
    phash_b1 = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("phash b1"))
    phash_b2 = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("phash b2"))
    phash_b3 = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("phash b3"))
    dhash_b0 = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("dhash b0"))
    dhash_b1 = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("dhash b1"))
    dhash_b2 = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("dhash b2"))
    dhash_b3 = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("dhash b3"))
    # A PDF's pages; an audio or video file's length in seconds (null where unread).
    page_count = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("page count"))
    duration_seconds = models.FloatField(null=True, blank=True, verbose_name=_("duration seconds"))
    # A JPEG for images, a PNG for a PDF's first page (text stays legible).
    preview = models.FileField(
        upload_to=preview_path, max_length=200, blank=True, verbose_name=_("preview")
    )

    class Meta:
        verbose_name_plural = _("evidence analyses")
        constraints = [
            models.UniqueConstraint(
                fields=["evidence_type", "evidence_id"], name="evidence_analysis_one_per_file"
            ),
            models.CheckConstraint(
                condition=models.Q(duration_seconds__isnull=True)
                | models.Q(duration_seconds__gte=0),
                name="evidence_analysis_duration_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["uploaded_at"], name="evidence_analysis_uploaded"),
            *(
                models.Index(fields=[f"{h}_b{i}"], name=f"evidence_analysis_{h}_b{i}")
                for h in ("phash", "dhash")
                for i in range(4)
            ),
        ]
        verbose_name = _("evidence analysis")

    def __str__(self):
        return f"{self.subject_ref}: {self.evidence_type}/{self.evidence_id}"

    @property
    def is_image(self) -> bool:
        return self.phash is not None

    @property
    def preview_content_type(self) -> str:
        return "image/png" if self.preview.name.endswith(".png") else "image/jpeg"


class MatchKind(models.TextChoices):
    SAME_BYTES = "same_bytes", _("The same file (SHA-256)")
    SIMILAR_IMAGE = "similar_image", _("A near-identical image")


class EvidenceMatch(models.Model):
    """Two files on different records that are the same bytes or near-identical images.
    One row per pair, the lower analysis id first, so a rescan finds the row it made."""

    first = models.ForeignKey(
        EvidenceAnalysis, on_delete=models.CASCADE, related_name="+", verbose_name=_("first")
    )
    second = models.ForeignKey(
        EvidenceAnalysis, on_delete=models.CASCADE, related_name="+", verbose_name=_("second")
    )
    kind = models.CharField(max_length=16, choices=MatchKind.choices, verbose_name=_("kind"))
    phash_distance = models.PositiveSmallIntegerField(verbose_name=_("phash distance"))
    dhash_distance = models.PositiveSmallIntegerField(verbose_name=_("dhash distance"))
    found_at = models.DateTimeField(auto_now_add=True, verbose_name=_("found at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="evidence_match_one_per_pair"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="evidence_match_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=MatchKind.values), name="evidence_match_kind_valid"
            ),
        ]
        verbose_name = _("evidence match")
        verbose_name_plural = _("evidence matches")

    def __str__(self):
        return f"{self.first_id} ~ {self.second_id} ({self.kind})"


class EvidenceViewerSetting(models.Model):
    """A viewer's own choice about graphic media: blurred until revealed one by one
    (the default), or shown at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="evidence_setting",
        verbose_name=_("user"),
    )
    reveal_graphic = models.BooleanField(default=False, verbose_name=_("reveal graphic"))

    class Meta:
        verbose_name = _("evidence viewer setting")
        verbose_name_plural = _("evidence viewer settings")

    def __str__(self):
        return f"{self.user_id}: reveal graphic {self.reveal_graphic}"


class EvidenceCheckSettings(models.Model):
    """The thresholds of the evidence checks, one row the secretariat edits (the admin or
    its own page; each change audited by evidence.services.evidence_checks_update). The
    database holds the ranges; the analysis and the panel read the row once per task or
    request (evidence.selectors.evidence_check_settings)."""

    id = models.PositiveSmallIntegerField(
        primary_key=True, default=1, editable=False, verbose_name=_("id")
    )
    image_match_max_distance = models.PositiveSmallIntegerField(
        _("image match distance"),
        default=28,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_MATCH_DISTANCE)],
        help_text=_(
            "Two images match when the Hamming distances of their pHash and dHash "
            "(64 bits each) add up to at most this. Resized, re-compressed and lightly cropped "
            "copies stay under about 28; different photographs of one place land above 40."
        ),
    )
    time_warn_hours = models.FloatField(
        _("time warning (hours)"),
        default=24.0,
        validators=[MinValueValidator(0.1), MaxValueValidator(MAX_TIME_WARN_HOURS)],
        help_text=_("A capture time further than this from the record's time is flagged."),
    )
    distance_warn_km = models.FloatField(
        _("place warning (km)"),
        default=10.0,
        validators=[MinValueValidator(0.01), MaxValueValidator(MAX_DISTANCE_WARN_KM)],
        help_text=_("A capture place further than this from the record's place is flagged."),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = verbose_name_plural = _("evidence check settings")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="evidence_checks_single_row"),
            models.CheckConstraint(
                condition=Q(image_match_max_distance__lte=MAX_MATCH_DISTANCE),
                name="evidence_checks_match_distance_range",
            ),
            models.CheckConstraint(
                condition=Q(time_warn_hours__gte=0.1, time_warn_hours__lte=MAX_TIME_WARN_HOURS),
                name="evidence_checks_time_range",
            ),
            models.CheckConstraint(
                condition=Q(distance_warn_km__gte=0.01, distance_warn_km__lte=MAX_DISTANCE_WARN_KM),
                name="evidence_checks_distance_range",
            ),
        ]

    def __str__(self):
        return gettext("match within %(bits)s bits; warn over %(hours)s h, %(km)s km") % {
            "bits": self.image_match_max_distance,
            "hours": f"{self.time_warn_hours:g}",
            "km": f"{self.distance_warn_km:g}",
        }
