"""Commitments a party agreed to at a session, with their milestones."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Party


class CommitmentKind(models.Model):
    """A kind of commitment (raid, arrest, safe houses...): a taxonomy the secretariat manages."""

    code = models.SlugField(max_length=40, unique=True, verbose_name=_("code"))
    label = models.CharField(max_length=120, verbose_name=_("label"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    is_active = models.BooleanField(default=True, verbose_name=_("is active"))
    # The review deadlines of action reports on commitments of this kind, as for claims.
    assignment_hours = models.PositiveIntegerField(
        default=24, validators=[MinValueValidator(1)], verbose_name=_("assignment hours")
    )
    reply_hours = models.PositiveIntegerField(
        default=72, validators=[MinValueValidator(1)], verbose_name=_("reply hours")
    )
    findings_days = models.PositiveIntegerField(
        default=14, validators=[MinValueValidator(1)], verbose_name=_("findings days")
    )

    class Meta:
        verbose_name = _("commitment kind")
        verbose_name_plural = _("commitment kinds")
        ordering = ["label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignment_hours__gte=1, reply_hours__gte=1, findings_days__gte=1),
                name="commitment_kind_deadlines_positive",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def windows(self):
        return (
            timedelta(hours=self.assignment_hours),
            timedelta(hours=self.reply_hours),
            timedelta(days=self.findings_days),
        )


class TargetKind(models.TextChoices):
    QUANTITY = "quantity", _("A quantity")
    DONE = "done", _("Done / not done")


class CommitmentStatus(models.TextChoices):
    """Derived, never stored: see selectors.commitment_annotate."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    MET = "met", _("Met")
    OVERDUE = "overdue", _("Overdue")
    MISSED = "missed", _("Missed")


class Commitment(models.Model):
    """What a party agreed to do at a session, with a measurable target and a due date."""

    reference = models.CharField(
        max_length=24, unique=True, editable=False, verbose_name=_("reference")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("party")
    )
    session_label = models.CharField(max_length=200, verbose_name=_("session label"))
    session_date = models.DateField(verbose_name=_("session date"))
    agreement_clause = models.CharField(max_length=120, verbose_name=_("agreement clause"))
    kind = models.ForeignKey(
        CommitmentKind, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("kind")
    )
    description = models.TextField(
        max_length=5000, validators=[MaxLengthValidator(5000)], verbose_name=_("description")
    )
    target_kind = models.CharField(
        max_length=8, choices=TargetKind.choices, verbose_name=_("target kind")
    )
    # A done / not done target is a quantity of one with no unit.
    target_quantity = models.PositiveIntegerField(
        validators=[MinValueValidator(1)], verbose_name=_("target quantity")
    )
    unit = models.CharField(max_length=40, blank=True, verbose_name=_("unit"))
    due_date = models.DateField(verbose_name=_("due date"))
    # Set once by the sweep when the due date passed without the target met.
    missed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("missed at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["party", "due_date"], name="commitment_party_due"),
            models.Index(
                fields=["due_date"],
                name="commitment_missed_pending",
                condition=Q(missed_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_quantity__gte=1), name="commitment_target_positive"
            ),
            models.CheckConstraint(
                condition=Q(target_kind=TargetKind.DONE, target_quantity=1, unit="")
                | (Q(target_kind=TargetKind.QUANTITY) & ~Q(unit="")),
                name="commitment_target_shape",
            ),
            models.CheckConstraint(
                condition=Q(due_date__gt=F("session_date")),
                name="commitment_due_after_session",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def target_label(self):
        if self.target_kind == TargetKind.DONE:
            return "done"
        return f"{self.target_quantity} {self.unit}"


class Milestone(models.Model):
    """A cumulative quantity due by a date. Across one commitment the dates ascend, the
    quantities never fall and the last equals the target (services.commitment_create)."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        related_name="milestones",
        verbose_name=_("commitment"),
    )
    due_date = models.DateField(verbose_name=_("due date"))
    quantity = models.PositiveIntegerField(
        validators=[MinValueValidator(1)], verbose_name=_("quantity")
    )
    missed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("missed at"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["commitment", "due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "due_date"], name="milestone_one_per_date"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="milestone_quantity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.commitment_id}: {self.quantity} by {self.due_date}"
