"""Access denied: a party kept the verifiers from a claim's site, or let them only part of
the way. Each denial is a record of its own (DEN-AFG-2026-0001); while one is open on a
claim, the claim's findings clock stands still (verification.services.clock)."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Party
from core.references import ReferenceSequenceBase
from evidence.models import EvidenceBase, Visibility, location_strip_constraints


class AccessDenialSequence(ReferenceSequenceBase):
    """Last denial number handed out per denying party and year."""

    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["party", "year"], name="access_denial_sequence_unique"),
        ]
        verbose_name = _("access denial sequence")
        verbose_name_plural = _("access denial sequences")


class AccessDenialQuerySet(models.QuerySet):
    def open(self):
        return self.filter(ended_at__isnull=True)


class AccessDenial(models.Model):
    """One refusal of access: when it began, where, who refused and what; open until
    access is recorded as granted (ended_at)."""

    reference = models.CharField(
        max_length=24, unique=True, editable=False, verbose_name=_("reference")
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        related_name="access_denials",
        verbose_name=_("incident"),
    )
    denying_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="access_denials",
        verbose_name=_("denying party"),
    )
    began_at = models.DateTimeField(verbose_name=_("began at"))
    ended_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When access was granted; empty while it is denied."),
        verbose_name=_("ended at"),
    )
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        verbose_name=_("latitude"),
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        verbose_name=_("longitude"),
    )
    place_name = models.CharField(max_length=200, verbose_name=_("place name"))
    denied_by = models.CharField(
        max_length=200,
        help_text=_("The unit or post that refused access, as the verifiers met it."),
        verbose_name=_("denied by"),
    )
    refused = models.TextField(
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
        help_text=_("What was refused: the site, a part of it, people, documents."),
        verbose_name=_("refused"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_recorded_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("granted recorded at")
    )
    # The claim's findings clock stood still from here (its pause may have begun with an
    # earlier denial on the same claim); set with the record, for the claim page.
    clock_paused = models.BooleanField(
        default=False,
        help_text=_("Whether this denial stopped the claim's findings clock."),
        verbose_name=_("clock paused"),
    )

    objects = AccessDenialQuerySet.as_manager()

    class Meta:
        ordering = ["-began_at", "-id"]
        indexes = [
            # The party record's count: denials by a party in a period.
            models.Index(fields=["denying_party", "began_at"], name="access_denial_party_began"),
            models.Index(fields=["incident", "ended_at"], name="access_denial_claim"),
            models.Index(fields=["-began_at", "-id"], name="access_denial_began"),
        ]
        constraints = [
            # One open denial per party per claim: a further refusal is part of it.
            models.UniqueConstraint(
                fields=["incident", "denying_party"],
                condition=Q(ended_at__isnull=True),
                name="access_denial_one_open_per_party",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("began_at")),
                name="access_denial_ends_after_it_began",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True, granted_by__isnull=True)
                | Q(ended_at__isnull=False, granted_by__isnull=False),
                name="access_denial_grant_recorded",
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="access_denial_coordinates_on_earth",
            ),
            models.CheckConstraint(condition=~Q(refused=""), name="access_denial_says_what"),
        ]
        verbose_name = _("access denial")
        verbose_name_plural = _("access denials")

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def duration(self):
        return None if self.ended_at is None else self.ended_at - self.began_at


class AccessDenialEvidence(EvidenceBase):
    """A file documenting a denial (a photograph of the closed post, a written refusal)."""

    subject_link = "denial"
    subject_type = "access_denial"
    claimed_time_field = "began_at"

    denial = models.ForeignKey(
        AccessDenial, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("denial")
    )

    class Meta(EvidenceBase.Meta):
        verbose_name_plural = _("access denial evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="access_denial_evidence_sha256_hex",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values),
                name="access_denial_evidence_visibility_valid",
            ),
            *location_strip_constraints("access_denial_evidence"),
        ]
        verbose_name = _("access denial evidence")
