"""Who is who: the two parties, the two co-chairs, and users with exactly one role.

Parties and co-chairs are data. Nothing outside seed data and tests names a code.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

code_validator = RegexValidator(
    r"^[A-Z]{3}$", "Use a three-letter upper-case code, e.g. ISO 3166 alpha-3."
)


class Party(models.Model):
    """A delegation to the ceasefire. Its bounding box is the region its claims may lie in."""

    code = models.CharField(max_length=3, unique=True, validators=[code_validator])
    name = models.CharField(max_length=100, unique=True)
    min_latitude = models.DecimalField(
        max_digits=8, decimal_places=5, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    max_latitude = models.DecimalField(
        max_digits=8, decimal_places=5, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    min_longitude = models.DecimalField(
        max_digits=8, decimal_places=5, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    max_longitude = models.DecimalField(
        max_digits=8, decimal_places=5, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "parties"
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

    def __str__(self):
        return f"{self.name} ({self.code})"


class CoChair(models.Model):
    """A mediator state co-chairing the verification mechanism."""

    code = models.CharField(max_length=3, unique=True, validators=[code_validator])
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "co-chair"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{3}$"), name="cochair_code_format"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Role(models.TextChoices):
    OFFICER = "officer", "Delegation officer"
    REVIEWER = "reviewer", "Mediator reviewer"
    SECRETARIAT = "secretariat", "Secretariat"
    OBSERVER = "observer", "Observer"


class User(AbstractUser):
    """A person or API client with exactly one role and the organisation that role needs.

    The database refuses an officer without a party, a reviewer without a co-chair, and
    any organisation on a secretariat or observer account.
    """

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.OBSERVER)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="officers"
    )
    cochair = models.ForeignKey(
        CoChair, on_delete=models.PROTECT, null=True, blank=True, related_name="reviewers"
    )

    objects = UserManager()

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role=Role.OFFICER, party__isnull=False, cochair__isnull=True)
                    | Q(role=Role.REVIEWER, party__isnull=True, cochair__isnull=False)
                    | Q(
                        role__in=[Role.SECRETARIAT, Role.OBSERVER],
                        party__isnull=True,
                        cochair__isnull=True,
                    )
                ),
                name="user_role_matches_organisation",
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.role == Role.OFFICER and self.party_id is None:
            errors["party"] = "A delegation officer belongs to one party."
        if self.role == Role.REVIEWER and self.cochair_id is None:
            errors["cochair"] = "A mediator reviewer belongs to one co-chair."
        if self.role != Role.OFFICER and self.party_id is not None:
            errors["party"] = "Only delegation officers belong to a party."
        if self.role != Role.REVIEWER and self.cochair_id is not None:
            errors["cochair"] = "Only mediator reviewers belong to a co-chair."
        if errors:
            raise ValidationError(errors)

    @property
    def organisation(self):
        return self.party or self.cochair

    @property
    def organisation_label(self):
        org = self.organisation
        return org.name if org else "Verification mechanism" if self.is_secretariat else ""

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
