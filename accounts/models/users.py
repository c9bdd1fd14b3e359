"""Users, each with exactly one role and the organisation that role needs."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .organisations import CoChair, Party


class Role(models.TextChoices):
    OFFICER = "officer", _("Delegation officer")
    REVIEWER = "reviewer", _("Mediator reviewer")
    SECRETARIAT = "secretariat", _("Secretariat")
    OBSERVER = "observer", _("Observer")


# What the database holds every account (and every offer of one) to: an officer belongs
# to a party, a reviewer to a co-chair, the secretariat and observers to neither.
ROLE_MATCHES_ORGANISATION = (
    Q(role=Role.OFFICER, party__isnull=False, cochair__isnull=True)
    | Q(role=Role.REVIEWER, party__isnull=True, cochair__isnull=False)
    | Q(
        role__in=[Role.SECRETARIAT, Role.OBSERVER],
        party__isnull=True,
        cochair__isnull=True,
    )
)


def organisation_errors(role, party_id, cochair_id) -> dict[str, str]:
    """What is wrong with this role and organisation together, by field (empty: nothing);
    the same rule the database's constraints on users and invitations hold."""
    errors = {}
    if role == Role.OFFICER and party_id is None:
        errors["party"] = gettext("A delegation officer belongs to one party.")
    if role == Role.REVIEWER and cochair_id is None:
        errors["cochair"] = gettext("A mediator reviewer belongs to one co-chair.")
    if role != Role.OFFICER and party_id is not None:
        errors["party"] = gettext("Only delegation officers belong to a party.")
    if role != Role.REVIEWER and cochair_id is not None:
        errors["cochair"] = gettext("Only mediator reviewers belong to a co-chair.")
    return errors


class User(AbstractUser):
    """A person or API client with exactly one role and the organisation that role needs.

    The database refuses an officer without a party, a reviewer without a co-chair, and
    any organisation on a secretariat or observer account.
    """

    role = models.CharField(
        max_length=16, choices=Role.choices, default=Role.OBSERVER, verbose_name=_("role")
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("party"),
    )
    cochair = models.ForeignKey(
        CoChair,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewers",
        verbose_name=_("cochair"),
    )
    # Pages, emails and notifications in this language; empty: the browser's.
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        default="",
        choices=[("", _("As my browser asks")), *settings.LANGUAGES],
    )
    # Times shown in this zone (stored in UTC whatever it is); left empty, an account
    # takes its organisation's zone when saved (save()), UTC without one.
    time_zone = models.CharField(
        _("time zone"),
        max_length=32,
        blank=True,
        default="",
        choices=[(zone, zone) for zone in settings.TIME_ZONES],
    )

    objects = UserManager()

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=ROLE_MATCHES_ORGANISATION,
                name="user_role_matches_organisation",
            ),
        ]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self):
        super().clean()
        if errors := organisation_errors(self.role, self.party_id, self.cochair_id):
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # An account nobody gave a zone (made in the admin, by a command, on first
        # single sign-on) reads its party's or co-chair's time, not UTC.
        if not self.time_zone:
            self.time_zone = self.organisation_time_zone()
            if (fields := kwargs.get("update_fields")) is not None:
                kwargs["update_fields"] = {*fields, "time_zone"}
        super().save(*args, **kwargs)

    def organisation_time_zone(self) -> str:
        """The zone of the account's party or co-chair; UTC for the secretariat and observers."""
        org = self.organisation
        return org.time_zone if org else "UTC"

    @property
    def organisation(self):
        return self.party or self.cochair

    @property
    def organisation_label(self):
        org = self.organisation
        return org.name if org else _("Verification mechanism") if self.is_secretariat else ""

    @property
    def is_officer(self):
        return self.role == Role.OFFICER

    @property
    def is_reviewer(self):
        return self.role == Role.REVIEWER

    @property
    def is_secretariat(self):
        return self.role == Role.SECRETARIAT

    @property
    def is_observer(self):
        return self.role == Role.OBSERVER
