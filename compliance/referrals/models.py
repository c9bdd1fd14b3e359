"""The intelligence referrals the parties pass to each other through the mechanism."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Party
from evidence.models import EvidenceBase, Visibility, location_strip_constraints
from translations.models import narrative_language_field

from ..action_reports.models import ActionReport


class Urgency(models.Model):
    """An urgency level of a referral and its two clocks, as data the secretariat manages."""

    code = models.SlugField(max_length=20, unique=True, verbose_name=_("code"))
    label = models.CharField(max_length=60, verbose_name=_("label"))
    rank = models.PositiveSmallIntegerField(
        help_text=_("Most urgent first (lowest rank)."), verbose_name=_("rank")
    )
    acknowledge_hours = models.PositiveIntegerField(
        validators=[MinValueValidator(1)], verbose_name=_("acknowledge hours")
    )
    action_hours = models.PositiveIntegerField(
        validators=[MinValueValidator(1)], verbose_name=_("action hours")
    )

    class Meta:
        ordering = ["rank"]
        verbose_name = _("urgency")
        verbose_name_plural = _("urgencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledge_hours__gte=1, action_hours__gte=1),
                name="urgency_deadlines_positive",
            ),
            models.CheckConstraint(
                condition=Q(action_hours__gte=F("acknowledge_hours")),
                name="urgency_action_after_acknowledge",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def acknowledge_window(self):
        return timedelta(hours=self.acknowledge_hours)

    @property
    def action_window(self):
        return timedelta(hours=self.action_hours)


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESPONDED = "responded", _("Responded")


class Referral(models.Model):
    """Actionable information one party passes to the other through the mechanism."""

    reference = models.CharField(
        max_length=24, unique=True, editable=False, verbose_name=_("reference")
    )
    from_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="referrals_sent", verbose_name=_("from party")
    )
    to_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to party"),
    )
    status = models.CharField(
        max_length=16,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SENT,
        verbose_name=_("status"),
    )
    subject = models.CharField(max_length=200, verbose_name=_("subject"))
    latitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True, verbose_name=_("latitude")
    )
    longitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True, verbose_name=_("longitude")
    )
    place_name = models.CharField(max_length=200, blank=True, verbose_name=_("place name"))
    requested_action = models.TextField(
        max_length=5000, validators=[MaxLengthValidator(5000)], verbose_name=_("requested action")
    )
    # The language of the referral's text (its subject and the requested action).
    narrative_language = narrative_language_field()
    urgency = models.ForeignKey(
        Urgency, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("urgency")
    )
    sent_at = models.DateTimeField(verbose_name=_("sent at"))
    acknowledge_due_at = models.DateTimeField(verbose_name=_("acknowledge due at"))
    action_due_at = models.DateTimeField(verbose_name=_("action due at"))
    acknowledged_at = models.DateTimeField(null=True, blank=True, verbose_name=_("acknowledged at"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    response_action_report = models.ForeignKey(
        ActionReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_answered",
        verbose_name=_("response action report"),
    )
    response_answer = models.TextField(
        max_length=5000,
        blank=True,
        validators=[MaxLengthValidator(5000)],
        verbose_name=_("response answer"),
    )
    responded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("responded at"))
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responded by"),
    )
    # Each flag is set once by the sweep, when that clock ran out.
    acknowledge_overdue_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("acknowledge overdue at")
    )
    action_overdue_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("action overdue at")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["to_party", "status"], name="referral_inbox"),
            models.Index(fields=["from_party", "status"], name="referral_outbox"),
            models.Index(
                fields=["acknowledge_due_at"],
                name="referral_ack_pending",
                condition=Q(acknowledge_overdue_at__isnull=True, status="sent"),
            ),
            models.Index(
                fields=["action_due_at"],
                name="referral_action_pending",
                condition=Q(action_overdue_at__isnull=True, status__in=["sent", "acknowledged"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_party=F("to_party")), name="referral_parties_differ"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReferralStatus.values), name="referral_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="referral_location_whole",
            ),
            models.CheckConstraint(
                condition=Q(acknowledge_due_at__gt=F("sent_at"))
                & Q(action_due_at__gte=F("acknowledge_due_at")),
                name="referral_clocks_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status=ReferralStatus.SENT) | Q(acknowledged_at__isnull=False),
                name="referral_acknowledged_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReferralStatus.RESPONDED)
                | (
                    Q(responded_at__isnull=False)
                    & (Q(response_action_report__isnull=False) | ~Q(response_answer=""))
                ),
                name="referral_response_complete",
            ),
            models.CheckConstraint(
                condition=Q(response_action_report__isnull=True) | Q(response_answer=""),
                name="referral_one_kind_of_response",
            ),
        ]

    def __str__(self):
        return self.reference


class ReferralEvidence(EvidenceBase):
    """A file attached to a referral; "mediators only" files reach the mediators, the
    secretariat and the uploading party, never the other party."""

    subject_link = "referral"
    subject_type = "referral"

    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("referral")
    )

    class Meta(EvidenceBase.Meta):
        verbose_name = _("referral evidence")
        verbose_name_plural = _("referral evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="referral_evidence_sha256_hex"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values),
                name="referral_evidence_visibility_valid",
            ),
            *location_strip_constraints("referral_evidence"),
        ]
