"""Offers of an account, made to an email address."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisations import CoChair, Party
from .users import ROLE_MATCHES_ORGANISATION, Role, User, organisation_errors


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    SUPERSEDED = "superseded", _("Superseded")


class Invitation(models.Model):
    """An offer of an account in one role and organisation, made to an email address.

    The link it is sent with carries no stored secret: it is an HMAC over the
    invitation's id, address and creation time (operations.invitations.tokens), and
    works only while the invitation is pending and unexpired. The database keeps one
    pending invitation per address, the organisation its role needs, and a time of
    acceptance exactly on accepted ones.
    """

    email = models.EmailField(verbose_name=_("email"))
    role = models.CharField(max_length=16, choices=Role.choices, verbose_name=_("role"))
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("party"),
    )
    cochair = models.ForeignKey(
        CoChair,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("cochair"),
    )
    status = models.CharField(
        max_length=16,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
        verbose_name=_("status"),
    )
    # Null when sent from the command line (`manage.py invite`), e.g. the first account.
    invited_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created = models.DateTimeField(verbose_name=_("created"))
    expires = models.DateTimeField(verbose_name=_("expires"))
    emailed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("emailed at"))
    accepted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("accepted at"))
    user = models.OneToOneField(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("user"),
    )

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=ROLE_MATCHES_ORGANISATION,
                name="invitation_role_matches_organisation",
            ),
            models.CheckConstraint(
                condition=Q(expires__gt=models.F("created")), name="invitation_expires_after"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        status=InvitationStatus.ACCEPTED,
                        accepted_at__isnull=False,
                        user__isnull=False,
                    )
                    | (
                        ~Q(status=InvitationStatus.ACCEPTED)
                        & Q(accepted_at__isnull=True, user__isnull=True)
                    )
                ),
                name="invitation_accepted_exactly_when_used",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(status=InvitationStatus.PENDING),
                name="invitation_one_pending_per_email",
            ),
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} ({self.get_role_display()}, {self.get_status_display()})"

    def clean(self):
        super().clean()
        if errors := organisation_errors(self.role, self.party_id, self.cochair_id):
            raise ValidationError(errors)

    @property
    def organisation(self):
        return self.party or self.cochair

    def is_expired(self, *, now=None) -> bool:
        return (now or timezone.now()) >= self.expires
