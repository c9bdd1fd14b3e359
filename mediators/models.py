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
    title = models.CharField(max_length=200)
    scheduled_for = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    minutes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheduled_for", "id"]
        indexes = [models.Index(fields=["status", "scheduled_for"], name="meeting_next")]

    def __str__(self):
        return f"{self.title} ({self.scheduled_for:%Y-%m-%d})"


class AgendaReason(models.TextChoices):
    DISPUTED = "disputed", _("Differing views")
    OVERDUE = "overdue", _("Overdue")
    AWAITING_REPLY = "awaiting_reply", _("Awaiting reply")
    ACCESS_DENIED = "access_denied", _("Access denied")
    APPEAL = "appeal", _("Appeal of a final finding")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.PROTECT, related_name="items")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="agenda_items")
    reason = models.CharField(max_length=20, choices=AgendaReason.choices)
    added_at = models.DateTimeField()
    decision_outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    decision_grade = models.CharField(max_length=16, choices=Grade.choices, blank=True)
    decision_intent = models.CharField(max_length=16, choices=Intent.choices, blank=True)
    minutes = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Deferred, or carried over at the close, to a later meeting, which decides it; this
    # meeting's minutes list it as moved there.
    moved_to = models.ForeignKey(
        ReviewMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
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

    def __str__(self):
        return f"{self.meeting_id}: {self.incident_id} ({self.reason})"
