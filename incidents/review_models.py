"""A claim's review rows: who reviews it, the accused party's reply and each co-chair's
finding, built on the review engine's abstract bases (verification.models). Their tables
keep the names they had when the engine held them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import CoChair
from verification.models import AssignmentBase, FindingBase, ReplyBase, ReplyPosition
from verification.statuses import Grade, Outcome


class Assignment(AssignmentBase):
    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("incident"),
    )
    cochair = models.ForeignKey(
        CoChair, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("cochair")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("reviewer"),
    )

    class Meta:
        db_table = "verification_assignment"
        ordering = ["incident", "cochair"]
        indexes = [models.Index(fields=["reviewer", "ended_at"], name="assignment_reviewer_open")]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "cochair"],
                condition=Q(ended_at__isnull=True),
                name="assignment_one_active_per_cochair",
            ),
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.incident_id}/{self.cochair_id}: {self.reviewer_id}"


class Reply(ReplyBase):
    incident = models.OneToOneField(
        "incidents.Incident",
        on_delete=models.PROTECT,
        related_name="reply",
        verbose_name=_("incident"),
    )

    class Meta:
        db_table = "verification_reply"
        verbose_name_plural = _("replies")
        constraints = [
            models.CheckConstraint(
                condition=Q(position__in=ReplyPosition.values), name="reply_position_valid"
            ),
        ]
        verbose_name = _("reply")

    def __str__(self):
        return f"Reply to {self.incident_id}: {self.position}"


class Finding(FindingBase):
    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("incident"),
    )
    cochair = models.ForeignKey(
        CoChair, on_delete=models.PROTECT, related_name="findings", verbose_name=_("cochair")
    )

    class Meta:
        db_table = "verification_finding"
        ordering = ["incident", "cochair"]
        constraints = [
            *FindingBase.Meta.constraints,
            models.UniqueConstraint(fields=["incident", "cochair"], name="finding_one_per_cochair"),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="finding_outcome_valid"
            ),
            models.CheckConstraint(condition=Q(grade__in=Grade.values), name="finding_grade_valid"),
            models.CheckConstraint(condition=~Q(reasoning=""), name="finding_has_reasoning"),
        ]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self):
        return f"{self.incident_id}/{self.cochair_id}: {self.outcome}"
