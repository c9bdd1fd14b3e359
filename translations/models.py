"""Unofficial translations of a record's narrative (a claim's, an action report's, a
referral's requested action).

A translation names its record as the audit trail does, by subject type and id, so that
one table serves every record type that registers with translations.registry. One row per
record and language holds the current version; every version, the first and each
correction, is written whole to the record's audit trail.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_TEXT = 20000
MAX_NOTE = 500


class NarrativeTranslation(models.Model):
    record_type = models.CharField(
        max_length=32, help_text=_("The record's audit subject type"), verbose_name=_("record type")
    )
    record_id = models.PositiveBigIntegerField(verbose_name=_("record id"))
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, verbose_name=_("language")
    )
    text = models.TextField(
        max_length=MAX_TEXT, validators=[MaxLengthValidator(MAX_TEXT)], verbose_name=_("text")
    )
    note = models.CharField(max_length=MAX_NOTE, blank=True, verbose_name=_("note"))
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("translated by"),
    )
    translated_at = models.DateTimeField(verbose_name=_("translated at"))

    class Meta:
        ordering = ["record_type", "record_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "language"],
                name="translation_one_per_language",
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="translation_version"),
        ]
        verbose_name = _("narrative translation")
        verbose_name_plural = _("narrative translations")

    def __str__(self):
        return f"{self.record_type} {self.record_id} [{self.language}] v{self.version}"


def narrative_language_field():
    """The column that says which language a record's narrative is written in; the
    filing service sets it from the author when the form or body leaves it out."""
    return models.CharField(
        _("narrative language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        # Rows loaded in bulk without naming the column are taken as the default language.
        db_default=settings.LANGUAGE_CODE,
        help_text=_("The language the narrative is written in"),
    )
