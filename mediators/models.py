"""Review meetings of the two co-chairs: the generated agenda and the joint decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident
from verification.statuses import Grade, Intent, Outcome


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CLOSED = "closed", _("Closed")


class ReviewMeeting(models.Model):
    title = models.CharField(max_length=200, verbose_name=_("title"))
    scheduled_for = models.DateTimeField(verbose_name=_("scheduled for"))
    location = models.CharField(max_length=200, blank=True, verbose_name=_("location"))
    status = models.CharField(
        max_length=16,
        choices=MeetingStatus.choices,
        default=MeetingStatus.SCHEDULED,
        verbose_name=_("status"),
    )
    minutes = models.TextField(blank=True, verbose_name=_("minutes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["scheduled_for", "id"]
        indexes = [models.Index(fields=["status", "scheduled_for"], name="meeting_next")]
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")

    def __str__(self):
        return f"{self.title} ({self.scheduled_for:%Y-%m-%d})"


class AgendaReason(models.TextChoices):
    DISPUTED = "disputed", _("Differing views")
    OVERDUE = "overdue", _("Overdue")
    AWAITING_REPLY = "awaiting_reply", _("Awaiting reply")
    ACCESS_DENIED = "access_denied", _("Access denied")
    APPEAL = "appeal", _("Appeal of a final finding")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.PROTECT, related_name="items", verbose_name=_("meeting")
    )
    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("incident")
    )
    reason = models.CharField(max_length=20, choices=AgendaReason.choices, verbose_name=_("reason"))
    added_at = models.DateTimeField(verbose_name=_("added at"))
    decision_outcome = models.CharField(
        max_length=16, choices=Outcome.choices, blank=True, verbose_name=_("decision outcome")
    )
    decision_grade = models.CharField(
        max_length=16, choices=Grade.choices, blank=True, verbose_name=_("decision grade")
    )
    decision_intent = models.CharField(
        max_length=16, choices=Intent.choices, blank=True, verbose_name=_("decision intent")
    )
    minutes = models.TextField(blank=True, verbose_name=_("minutes"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    # Deferred, or carried over at the close, to a later meeting, which decides it; this
    # meeting's minutes list it as moved there.
    moved_to = models.ForeignKey(
        ReviewMeeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved to"),
    )

    class Meta:
        ordering = ["meeting", "reason", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "incident"], name="agenda_item_once_per_meeting"
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | ~Q(minutes=""),
                name="agenda_decision_has_minutes",
            ),
        ]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return f"{self.meeting_id}: {self.incident_id} ({self.reason})"
