"""Who is who: the two parties, the two co-chairs, and users with exactly one role.

Parties and co-chairs are data. Nothing outside seed data and tests names a code.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

code_validator = RegexValidator(
    r"^[A-Z]{3}$", "Use a three-letter upper-case code, e.g. ISO 3166 alpha-3."
)


class Party(models.Model):
    """A delegation to the ceasefire. Its bounding box is the region its claims may lie in."""

    code = models.CharField(
        max_length=3, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    min_latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        verbose_name=_("min latitude"),
    )
    max_latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        verbose_name=_("max latitude"),
    )
    min_longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        verbose_name=_("min longitude"),
    )
    max_longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        verbose_name=_("max longitude"),
    )
    # The zone its people read times in unless they choose another (User.time_zone).
    time_zone = models.CharField(
        _("time zone"),
        max_length=32,
        default="UTC",
        choices=[(zone, zone) for zone in settings.TIME_ZONES],
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{3}$"), name="party_code_format"
            ),
            models.CheckConstraint(
                condition=Q(min_latitude__lt=models.F("max_latitude"))
                & Q(min_longitude__lt=models.F("max_longitude")),
                name="party_region_is_a_box",
            ),
        ]
        verbose_name = _("party")

    def __str__(self):
        return f"{self.name} ({self.code})"


class CoChair(models.Model):
    """A mediator state co-chairing the verification mechanism."""

    code = models.CharField(
        max_length=3, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    # The zone its people read times in unless they choose another (User.time_zone).
    time_zone = models.CharField(
        _("time zone"),
        max_length=32,
        default="UTC",
        choices=[(zone, zone) for zone in settings.TIME_ZONES],
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("co-chair")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{3}$"), name="cochair_code_format"
            ),
        ]
        verbose_name_plural = _("co-chairs")

    def __str__(self):
        return f"{self.name} ({self.code})"


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


class SecondFactorRule(models.TextChoices):
    REQUIRED = "required", _("Required")
    OFFERED = "offered", _("Offered")


class SecondFactorPolicy(models.Model):
    """Whether a role must sign in with a second factor or may choose to (one row a role).

    The secretariat edits it; a role with no row is offered the second factor.
    """

    role = models.CharField(
        max_length=16, choices=Role.choices, unique=True, verbose_name=_("role")
    )
    rule = models.CharField(
        max_length=16,
        choices=SecondFactorRule.choices,
        default=SecondFactorRule.OFFERED,
        verbose_name=_("rule"),
    )

    class Meta:
        ordering = ["role"]
        verbose_name = _("second-factor policy")
        verbose_name_plural = _("second-factor policy")
        constraints = [
            models.CheckConstraint(
                condition=Q(rule__in=SecondFactorRule.values), name="second_factor_rule_known"
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="second_factor_role_known"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.get_rule_display().lower()}"


class SingleSignOnMapping(models.Model):
    """Which identities of an OpenID Connect provider may sign in, as whom.

    An identity matches when its provider is `provider_id` and its e-mail's domain is
    `email_domain` (lower case). It signs in to an account of that organisation and role,
    created on first sign-in with the identity's e-mail; an identity that no row matches
    is refused. The database refuses a row whose organisation does not fit its role.
    """

    provider_id = models.CharField(max_length=64, verbose_name=_("provider id"))
    email_domain = models.CharField(
        max_length=253,
        validators=[
            RegexValidator(
                r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$",
                "A lower-case domain, e.g. mfa.gov.example.",
            )
        ],
        verbose_name=_("email domain"),
    )
    role = models.CharField(max_length=16, choices=Role.choices, verbose_name=_("role"))
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("party")
    )
    cochair = models.ForeignKey(
        CoChair, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("cochair")
    )

    class Meta:
        ordering = ["provider_id", "email_domain"]
        verbose_name = _("single sign-on mapping")
        constraints = [
            models.UniqueConstraint(
                fields=["provider_id", "email_domain"], name="one_mapping_per_provider_domain"
            ),
            models.CheckConstraint(
                condition=ROLE_MATCHES_ORGANISATION,
                name="sso_mapping_role_matches_organisation",
            ),
        ]
        verbose_name_plural = _("single sign-on mappings")

    def __str__(self):
        return f"{self.provider_id} @{self.email_domain} → {self.get_role_display()}"

    def clean(self):
        super().clean()
        self.email_domain = (self.email_domain or "").lower()
        User(role=self.role, party_id=self.party_id, cochair_id=self.cochair_id).clean()
