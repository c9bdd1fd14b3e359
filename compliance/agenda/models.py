"""Compliance items on a review meeting's agenda."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mediators.models import ReviewMeeting

from ..action_reports.models import ActionReport
from ..commitments.models import Commitment
from ..referrals.models import Referral


class AgendaReason(models.TextChoices):
    MILESTONE_MISSED = "milestone_missed", _("Milestone missed")
    COMMITMENT_MISSED = "commitment_missed", _("Commitment missed")
    REFERRAL_UNACKNOWLEDGED = "referral_unacknowledged", _("Referral not acknowledged")
    REFERRAL_NO_RESPONSE = "referral_no_response", _("Referral without a response")
    ACTION_REPORT_DISPUTED = "action_report_disputed", _("Action report: differing views")
    PENALTY_SPLIT = "penalty_split", _("Penalty: the co-chairs differ")
    PENALTY_APPEALED = "penalty_appealed", _("Penalty: appealed")


class AgendaEntry(models.Model):
    """A compliance item on a review meeting's agenda, put there by the sweep."""

    meeting = models.ForeignKey(
        ReviewMeeting,
        on_delete=models.PROTECT,
        related_name="compliance_items",
        verbose_name=_("meeting"),
    )
    reason = models.CharField(max_length=24, choices=AgendaReason.choices, verbose_name=_("reason"))
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_entries",
        verbose_name=_("commitment"),
    )
    referral = models.ForeignKey(
        Referral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_entries",
        verbose_name=_("referral"),
    )
    action_report = models.ForeignKey(
        ActionReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_entries",
        verbose_name=_("action report"),
    )
    penalty_case = models.ForeignKey(
        "PenaltyCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_entries",
        verbose_name=_("penalty case"),
    )
    added_at = models.DateTimeField(verbose_name=_("added at"))
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

    class Meta:
        ordering = ["meeting", "reason", "id"]
        verbose_name = _("agenda entry")
        verbose_name_plural = _("agenda entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    commitment__isnull=False,
                    referral__isnull=True,
                    action_report=None,
                    penalty_case=None,
                )
                | Q(
                    commitment__isnull=True,
                    referral__isnull=False,
                    action_report=None,
                    penalty_case=None,
                )
                | Q(
                    commitment__isnull=True,
                    referral__isnull=True,
                    action_report__isnull=False,
                    penalty_case=None,
                )
                | Q(
                    commitment__isnull=True,
                    referral__isnull=True,
                    action_report=None,
                    penalty_case__isnull=False,
                ),
                name="agenda_entry_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | ~Q(minutes=""),
                name="agenda_entry_decision_has_minutes",
            ),
            models.UniqueConstraint(
                fields=["meeting", "reason", "action_report"],
                condition=Q(action_report__isnull=False),
                name="agenda_entry_action_report_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "reason", "commitment"],
                condition=Q(commitment__isnull=False),
                name="agenda_entry_commitment_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "reason", "referral"],
                condition=Q(referral__isnull=False),
                name="agenda_entry_referral_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "reason", "penalty_case"],
                condition=Q(penalty_case__isnull=False),
                name="agenda_entry_penalty_case_once",
            ),
        ]

    def __str__(self):
        return f"{self.meeting_id}: {self.reason}"
