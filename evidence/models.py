"""The abstract evidence file every record type's evidence is built on: stored once under a
random name with its SHA-256, size and the content type read from its bytes; never edited,
only added. Concrete tables (a claim's, an action report's, a referral's) live with their
record and name its foreign key."""

import uuid

from django.conf import settings
from django.db import models


def random_name():
    return uuid.uuid4().hex


def evidence_path(instance, filename):
    # The uploaded name is never used as a path: only a random one.
    return f"evidence/{instance.stored_name[:2]}/{instance.stored_name}"


class Visibility(models.TextChoices):
    PARTIES = "parties", "Both parties and the mediators"
    MEDIATORS_ONLY = "mediators_only", "Mediators only"


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

    stored_name = models.CharField(max_length=64, unique=True, default=random_name, editable=False)
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=255)
    description = models.CharField(max_length=500, blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PARTIES
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

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
