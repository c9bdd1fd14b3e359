"""The violation categories: each edit a new version, which claims keep."""

from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# A same-event window past a month or a distance past a province would suggest everything.
MAX_SAME_EVENT_HOURS = 720
MAX_SAME_EVENT_KM = 500


class CategoryQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class Category(models.Model):
    """One version of a violation category. Editing a category adds a version; claims keep theirs."""

    code = models.SlugField(max_length=40, verbose_name=_("code"))
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    is_current = models.BooleanField(default=True, verbose_name=_("is current"))
    label = models.CharField(max_length=120, verbose_name=_("label"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    agreement_clause = models.CharField(max_length=120, verbose_name=_("agreement clause"))
    assignment_hours = models.PositiveIntegerField(
        default=24, validators=[MinValueValidator(1)], verbose_name=_("assignment hours")
    )
    reply_hours = models.PositiveIntegerField(
        default=72, validators=[MinValueValidator(1)], verbose_name=_("reply hours")
    )
    findings_days = models.PositiveIntegerField(
        default=14, validators=[MinValueValidator(1)], verbose_name=_("findings days")
    )
    # Two claims of opposite parties may describe the same event when they occurred within
    # this many hours and kilometres of each other (incidents.links suggests them).
    same_event_hours = models.PositiveIntegerField(
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SAME_EVENT_HOURS)],
        verbose_name=_("same event hours"),
    )
    same_event_km = models.PositiveIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SAME_EVENT_KM)],
        verbose_name=_("same event km"),
    )
    # How long after the final finding the party found against may appeal it.
    appeal_days = models.PositiveIntegerField(
        default=14, validators=[MinValueValidator(1)], verbose_name=_("appeal days")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-version"]
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="category_code_version_unique"
            ),
            models.UniqueConstraint(
                fields=["code"], condition=Q(is_current=True), name="category_one_current_version"
            ),
            models.CheckConstraint(
                condition=Q(assignment_hours__gte=1, reply_hours__gte=1, findings_days__gte=1),
                name="category_deadlines_positive",
            ),
            models.CheckConstraint(
                condition=Q(same_event_hours__gte=1, same_event_hours__lte=MAX_SAME_EVENT_HOURS)
                & Q(same_event_km__gte=1, same_event_km__lte=MAX_SAME_EVENT_KM),
                name="category_same_event_window_bounded",
            ),
            models.CheckConstraint(
                condition=Q(appeal_days__gte=1), name="category_appeal_days_positive"
            ),
        ]
        verbose_name = _("category")

    def __str__(self):
        return f"{self.label} (v{self.version})"

    @property
    def assignment_window(self):
        return timedelta(hours=self.assignment_hours)

    @property
    def reply_window(self):
        return timedelta(hours=self.reply_hours)

    @property
    def findings_window(self):
        return timedelta(days=self.findings_days)

    @property
    def same_event_window(self):
        return timedelta(hours=self.same_event_hours)

    @property
    def appeal_window(self):
        return timedelta(days=self.appeal_days)
