"""What the mechanism tells a person: in-app, and by email after commit."""

from django.conf import settings
from django.db import models
from django.db.models import Q


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
        # Created by verification's first migration; the table keeps its name and rows.
        db_table = "verification_notification"
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
