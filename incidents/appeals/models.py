"""An appeal of a claim's final finding, and the new evidence filed with it.

The claim keeps its first finding (its findings and `decided` or `meeting_decision`
event); the appeal records the meeting's decision on it beside that. The claim's own
`appeal_status` column mirrors the appeal's status for the lists, filters, exports and
counts; incidents.appeals.services is its one writer, under the claim's lock.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Party
from evidence.models import EvidenceBase, Visibility, location_strip_constraints

GROUNDS_LIMIT = 20000


class AppealStatus(models.TextChoices):
    """Where a claim stands on appeal (`none`: no appeal filed)."""

    NONE = "none", _("No appeal")
    PENDING = "pending", _("Under appeal")
    UPHELD = "upheld", _("Upheld on appeal")
    OVERTURNED = "overturned", _("Overturned on appeal")


APPEAL_STATUSES = (AppealStatus.PENDING, AppealStatus.UPHELD, AppealStatus.OVERTURNED)
# An appeal's own status: the claim's standing without "none".
APPEAL_STATUS_CHOICES = [(s.value, s.label) for s in APPEAL_STATUSES]
DECIDED_APPEAL_STATUSES = (AppealStatus.UPHELD, AppealStatus.OVERTURNED)


class Appeal(models.Model):
    """The party found against asks the review meeting for a second hearing."""

    subject_type = "appeal"

    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        related_name="appeals",
        verbose_name=_("incident"),
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("party")
    )
    # The finding appealed (verified or not verified), as it stood when the appeal was filed.
    appealed_outcome = models.CharField(max_length=16, verbose_name=_("appealed outcome"))
    grounds = models.TextField(
        max_length=GROUNDS_LIMIT, validators=[MaxLengthValidator(20000)], verbose_name=_("grounds")
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("filed by"),
    )
    filed_at = models.DateTimeField(verbose_name=_("filed at"))
    status = models.CharField(
        max_length=16,
        choices=APPEAL_STATUS_CHOICES,
        default=AppealStatus.PENDING,
        verbose_name=_("status"),
    )
    minutes = models.TextField(
        blank=True,
        max_length=20000,
        validators=[MaxLengthValidator(20000)],
        verbose_name=_("minutes"),
    )
    meeting = models.CharField(
        max_length=250,
        blank=True,
        help_text=_("The meeting that decided"),
        verbose_name=_("meeting"),
    )
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
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["status", "filed_at"], name="appeal_status_filed")]
        constraints = [
            models.UniqueConstraint(fields=["incident"], name="appeal_one_per_claim"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in APPEAL_STATUSES]),
                name="appeal_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(appealed_outcome__in=["verified", "not_verified"]),
                name="appeal_of_a_final_finding",
            ),
            models.CheckConstraint(condition=~Q(grounds=""), name="appeal_has_grounds"),
            models.CheckConstraint(
                condition=(
                    Q(status=AppealStatus.PENDING, decided_at__isnull=True)
                    | (
                        Q(status__in=DECIDED_APPEAL_STATUSES, decided_at__isnull=False)
                        & ~Q(minutes="")
                    )
                ),
                name="appeal_decision_has_minutes",
            ),
        ]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self):
        return f"Appeal of {self.incident_id} ({self.status})"

    @property
    def reference(self) -> str:
        """The appealed claim's reference (evidence and events name the appeal by it)."""
        return self.incident.reference

    # A new file is weighed against the appealed claim's time and place (evidence.panel).
    @property
    def occurred_at(self):
        return self.incident.occurred_at

    @property
    def latitude(self):
        return self.incident.latitude

    @property
    def longitude(self):
        return self.incident.longitude

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_APPEAL_STATUSES


class AppealEvidence(EvidenceBase):
    """A new file filed with an appeal."""

    subject_link = "appeal"
    subject_type = Appeal.subject_type
    claimed_time_field = "occurred_at"

    appeal = models.ForeignKey(
        Appeal, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("appeal")
    )

    class Meta(EvidenceBase.Meta):
        verbose_name_plural = _("appeal evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="appeal_evidence_sha256_hex"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values),
                name="appeal_evidence_visibility_valid",
            ),
            *location_strip_constraints("appeal_evidence"),
        ]
        verbose_name = _("appeal evidence")
