"""Penalties: the measure catalogue, the cases proposed against a party, the co-chairs'
decisions on them and the grounds they rest on."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import CoChair, Party, Role
from mediators.models import ReviewMeeting

from ..commitments.models import Commitment


class PenaltyMeasure(models.Model):
    """A diplomatic measure a penalty may impose: a catalogue the secretariat manages.

    `appeal_days` is the penalised party's appeal window once the measure takes effect."""

    code = models.SlugField(max_length=40, unique=True, verbose_name=_("code"))
    label = models.CharField(max_length=120, verbose_name=_("label"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    is_active = models.BooleanField(default=True, verbose_name=_("is active"))
    appeal_days = models.PositiveIntegerField(
        default=14, validators=[MinValueValidator(1)], verbose_name=_("appeal days")
    )

    class Meta:
        verbose_name = _("penalty measure")
        verbose_name_plural = _("penalty measures")
        ordering = ["label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(appeal_days__gte=1), name="penalty_measure_appeal_days_positive"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def appeal_window(self):
        return timedelta(days=self.appeal_days)


class PenaltyStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SPLIT = "split", _("Split (differing decisions)")
    IN_EFFECT = "in_effect", _("In effect")
    APPEALED = "appealed", _("Appealed")
    UPHELD = "upheld", _("Upheld on appeal")
    OVERTURNED = "overturned", _("Overturned on appeal")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The measure applies in these; observers see these cases (and only these).
APPROVED_PENALTY_STATUSES = (
    PenaltyStatus.IN_EFFECT,
    PenaltyStatus.APPEALED,
    PenaltyStatus.UPHELD,
    PenaltyStatus.OVERTURNED,
)


NOTHING = Q(pk__in=[])

# The audit trail's subject type for penalty cases.
PENALTY_CASE = "penalty_case"


def penalty_visibility_filter(user) -> Q:
    """Both parties' officers, the co-chairs' reviewers and the secretariat see every
    case; observers see the approved ones only (in effect, appealed, upheld, overturned).

    Beside the model, so that the queryset below applies it without importing upwards."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.role in (Role.OFFICER, Role.REVIEWER, Role.SECRETARIAT):
        return Q()
    if user.role == Role.OBSERVER:
        return Q(status__in=APPROVED_PENALTY_STATUSES)
    return NOTHING


class PenaltyCaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(penalty_visibility_filter(user))


class PenaltyCase(models.Model):
    """A penalty proposed against one party, on grounds linked to verified claims against
    it and commitments it missed. It takes effect only when both co-chairs approve."""

    reference = models.CharField(
        max_length=24, unique=True, editable=False, verbose_name=_("reference")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="penalty_cases", verbose_name=_("party")
    )
    measure = models.ForeignKey(
        PenaltyMeasure, on_delete=models.PROTECT, related_name="cases", verbose_name=_("measure")
    )
    rationale = models.TextField(
        max_length=20000, validators=[MaxLengthValidator(20000)], verbose_name=_("rationale")
    )
    status = models.CharField(
        max_length=16,
        choices=PenaltyStatus.choices,
        default=PenaltyStatus.PROPOSED,
        verbose_name=_("status"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(verbose_name=_("opened at"))
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    # Both co-chairs' decisions in: approved (the measure applies from then) or rejected.
    approved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("approved at"))
    rejected_at = models.DateTimeField(null=True, blank=True, verbose_name=_("rejected at"))
    # Opened on approval: approved_at + the measure's appeal_days.
    appeal_due_at = models.DateTimeField(null=True, blank=True, verbose_name=_("appeal due at"))
    # Set once by the sweep when the window lapsed with no appeal.
    appeal_closed_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("appeal closed at")
    )
    appealed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("appealed at"))
    appealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appealed by"),
    )
    appeal_grounds = models.TextField(
        max_length=20000,
        blank=True,
        validators=[MaxLengthValidator(20000)],
        verbose_name=_("appeal grounds"),
    )
    # A review meeting's decision on a split case (approve or reject) ...
    split_meeting = models.ForeignKey(
        ReviewMeeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("split meeting"),
    )
    split_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("split decided by"),
    )
    split_decided_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("split decided at")
    )
    split_minutes = models.TextField(blank=True, verbose_name=_("split minutes"))
    # ... and on an appeal (uphold or overturn).
    appeal_meeting = models.ForeignKey(
        ReviewMeeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appeal meeting"),
    )
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appeal decided by"),
    )
    appeal_decided_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("appeal decided at")
    )
    appeal_minutes = models.TextField(blank=True, verbose_name=_("appeal minutes"))
    withdrawn_at = models.DateTimeField(null=True, blank=True, verbose_name=_("withdrawn at"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(blank=True, verbose_name=_("withdrawal reason"))

    objects = PenaltyCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("penalty case")
        verbose_name_plural = _("penalty cases")
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["party", "status"], name="penalty_party_status"),
            models.Index(fields=["status", "opened_at"], name="penalty_status_opened"),
            models.Index(
                fields=["appeal_due_at"],
                name="penalty_appeal_open",
                condition=Q(status="in_effect", appeal_closed_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PenaltyStatus.values), name="penalty_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=APPROVED_PENALTY_STATUSES)
                | Q(approved_at__isnull=False, appeal_due_at__isnull=False),
                name="penalty_approved_has_window",
            ),
            models.CheckConstraint(
                condition=Q(appeal_due_at__isnull=True) | Q(appeal_due_at__gt=F("approved_at")),
                name="penalty_appeal_due_after_approval",
            ),
            models.CheckConstraint(
                condition=~Q(status=PenaltyStatus.REJECTED) | Q(rejected_at__isnull=False),
                name="penalty_rejected_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[
                        PenaltyStatus.APPEALED,
                        PenaltyStatus.UPHELD,
                        PenaltyStatus.OVERTURNED,
                    ]
                )
                | (Q(appealed_at__isnull=False) & ~Q(appeal_grounds="")),
                name="penalty_appealed_has_grounds",
            ),
            models.CheckConstraint(
                condition=Q(appealed_at__isnull=True) | Q(appealed_at__lt=F("appeal_due_at")),
                name="penalty_appeal_within_window",
            ),
            models.CheckConstraint(
                condition=Q(appealed_at__isnull=True) | Q(appeal_closed_at__isnull=True),
                name="penalty_appeal_or_window_closed",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[PenaltyStatus.UPHELD, PenaltyStatus.OVERTURNED])
                | (Q(appeal_decided_at__isnull=False) & ~Q(appeal_minutes="")),
                name="penalty_appeal_decision_has_minutes",
            ),
            models.CheckConstraint(
                condition=Q(split_decided_at__isnull=True) | ~Q(split_minutes=""),
                name="penalty_split_decision_has_minutes",
            ),
            models.CheckConstraint(
                condition=~Q(status=PenaltyStatus.WITHDRAWN)
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")),
                name="penalty_withdrawn_has_reason",
            ),
        ]

    def __str__(self):
        return self.reference


class PenaltyDecisionChoice(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")


class PenaltyDecision(models.Model):
    """One co-chair's decision on a proposed penalty, recorded by one of its reviewers."""

    case = models.ForeignKey(
        PenaltyCase, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("case")
    )
    cochair = models.ForeignKey(
        CoChair, on_delete=models.PROTECT, related_name="+", verbose_name=_("cochair")
    )
    decision = models.CharField(
        max_length=8, choices=PenaltyDecisionChoice.choices, verbose_name=_("decision")
    )
    reason = models.TextField(
        max_length=20000, validators=[MaxLengthValidator(20000)], verbose_name=_("reason")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(verbose_name=_("decided at"))

    class Meta:
        verbose_name = _("penalty decision")
        verbose_name_plural = _("penalty decisions")
        ordering = ["case", "cochair"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "cochair"], name="penalty_decision_one_per_cochair"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=PenaltyDecisionChoice.values),
                name="penalty_decision_valid",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="penalty_decision_has_reason"),
        ]

    def __str__(self):
        return f"{self.case_id}/{self.cochair_id}: {self.get_decision_display()}"


class PenaltyGround(models.Model):
    """A link from a penalty case to one of its grounds: a verified claim against the
    penalised party, or a commitment that party missed. The database refuses any other
    (migration 0004's trigger), whatever writes the row."""

    case = models.ForeignKey(
        PenaltyCase, on_delete=models.PROTECT, related_name="grounds", verbose_name=_("case")
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penalty_grounds",
        verbose_name=_("incident"),
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penalty_grounds",
        verbose_name=_("commitment"),
    )

    class Meta:
        verbose_name = _("penalty ground")
        verbose_name_plural = _("penalty grounds")
        ordering = ["case", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(incident__isnull=False, commitment__isnull=True)
                | Q(incident__isnull=True, commitment__isnull=False),
                name="penalty_ground_one_subject",
            ),
            models.UniqueConstraint(
                fields=["case", "incident"],
                condition=Q(incident__isnull=False),
                name="penalty_ground_incident_once",
            ),
            models.UniqueConstraint(
                fields=["case", "commitment"],
                condition=Q(commitment__isnull=False),
                name="penalty_ground_commitment_once",
            ),
        ]

    def __str__(self):
        return f"{self.case_id}: {self.incident_id or self.commitment_id}"
