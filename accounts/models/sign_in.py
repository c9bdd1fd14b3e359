"""How each role signs in: the second-factor policy and the single sign-on mappings."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .organisations import CoChair, Party
from .users import ROLE_MATCHES_ORGANISATION, Role, User


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
