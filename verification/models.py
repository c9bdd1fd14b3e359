"""The review's building blocks for any reviewed record: the abstract assignment, reply and
finding each record type builds its own tables on (incidents: claims; compliance: action
reports), and the notifications the workflow sends."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import CoChair

from .statuses import Grade, Outcome


class ReplyPosition(models.TextChoices):
    ACCEPTS = "accepts", "Accepts"
    DENIES = "denies", "Denies"
    PARTIALLY_ACCEPTS = "partially_accepts", "Partially accepts"


class AssignmentBase(models.Model):
    """One reviewer of one co-chair on one record. Overrides end the old row, never edit it."""

    cochair = models.ForeignKey(CoChair, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when assigned automatically.",
    )
    assigned_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class ReplyBase(models.Model):
    """The answering party's one reply to a record."""

    position = models.CharField(max_length=20, choices=ReplyPosition.choices)
    narrative = models.TextField(max_length=20000)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField()

    class Meta:
        abstract = True


class FindingBase(models.Model):
    """One co-chair's finding on one record; one per co-chair per record (each subclass's
    unique constraint)."""

    cochair = models.ForeignKey(CoChair, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    grade = models.CharField(max_length=16, choices=Grade.choices)
    reasoning = models.TextField(max_length=20000)
    recorded_at = models.DateTimeField()

    class Meta:
        abstract = True


class Notification(models.Model):
    """An in-app message; its email goes out after commit and is retried until sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    subject_type = models.CharField(max_length=32, blank=True)
    subject_ref = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(
                fields=["created_at"],
                condition=Q(email_sent_at__isnull=True),
                name="notification_email_pending",
            ),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.title}"
