"""What the mechanism tells a person: in-app, and by email after commit."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .messages import MESSAGES, message_render


class Notification(models.Model):
    """An in-app message; its email goes out after commit and is retried until sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(max_length=40, verbose_name=_("kind"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    body = models.TextField(blank=True, verbose_name=_("body"))
    # The values the sentence of its kind is composed of (notifications.messages); empty
    # on rows written before, which show their stored title and body.
    params = models.JSONField(default=dict, blank=True, verbose_name=_("params"))
    subject_type = models.CharField(max_length=32, blank=True, verbose_name=_("subject type"))
    subject_ref = models.CharField(max_length=40, blank=True, verbose_name=_("subject ref"))
    created_at = models.DateTimeField(verbose_name=_("created at"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read at"))
    email_sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("email sent at"))
    email_attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("email attempts"))

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
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.user_id}: {self.title}"

    def _rendered(self) -> tuple[str, str] | None:
        if not self.params or self.kind not in MESSAGES:
            return None
        return message_render(self.kind, self.params)

    def text(self) -> str:
        """The title in the active language (the stored English one on older rows)."""
        rendered = self._rendered()
        return rendered[0] if rendered else self.title

    def details(self) -> str:
        """The body in the active language (the stored one on older rows)."""
        rendered = self._rendered()
        return rendered[1] if rendered else self.body
