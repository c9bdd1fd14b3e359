"""The two parties and the two co-chairs. They are data: nothing outside seed data and
tests names a code."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

code_validator = RegexValidator(
    r"^[A-Z]{3}$", "Use a three-letter upper-case code, e.g. ISO 3166 alpha-3."
)


class Party(models.Model):
    """A delegation to the ceasefire. Its bounding box is the region its claims may lie in."""

    code = models.CharField(
        max_length=3, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    min_latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        verbose_name=_("min latitude"),
    )
    max_latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        verbose_name=_("max latitude"),
    )
    min_longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        verbose_name=_("min longitude"),
    )
    max_longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        verbose_name=_("max longitude"),
    )
    # The zone its people read times in unless they choose another (User.time_zone).
    time_zone = models.CharField(
        _("time zone"),
        max_length=32,
        default="UTC",
        choices=[(zone, zone) for zone in settings.TIME_ZONES],
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{3}$"), name="party_code_format"
            ),
            models.CheckConstraint(
                condition=Q(min_latitude__lt=models.F("max_latitude"))
                & Q(min_longitude__lt=models.F("max_longitude")),
                name="party_region_is_a_box",
            ),
        ]
        verbose_name = _("party")

    def __str__(self):
        return f"{self.name} ({self.code})"


class CoChair(models.Model):
    """A mediator state co-chairing the verification mechanism."""

    code = models.CharField(
        max_length=3, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    # The zone its people read times in unless they choose another (User.time_zone).
    time_zone = models.CharField(
        _("time zone"),
        max_length=32,
        default="UTC",
        choices=[(zone, zone) for zone in settings.TIME_ZONES],
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("co-chair")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{3}$"), name="cochair_code_format"
            ),
        ]
        verbose_name_plural = _("co-chairs")

    def __str__(self):
        return f"{self.name} ({self.code})"
