"""A link between two claims and a suggestion that two claims may be linked. Each is one
row per unordered pair: the lower claim id is always `first`, so the database itself
refuses a self link and a second row for the same pair."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class LinkKind(models.TextChoices):
    SAME_EVENT = "same_event", _("Same event (counter-claim)")
    RELATED = "related", _("Related (a sequence)")


class SuggestionState(models.TextChoices):
    OPEN = "open", _("Open")
    LINKED = "linked", _("Linked")
    DISMISSED = "dismissed", _("Dismissed")


def _pair_constraints(prefix: str) -> list:
    return [
        models.CheckConstraint(condition=Q(first__lt=F("second")), name=f"{prefix}_ordered_pair"),
        models.UniqueConstraint(fields=["first", "second"], name=f"{prefix}_one_per_pair"),
    ]


class PairQuerySet(models.QuerySet):
    def of(self, claim):
        return self.filter(Q(first=claim) | Q(second=claim))

    def pair(self, a, b):
        low, high = sorted((a.pk, b.pk))
        return self.filter(first_id=low, second_id=high)


class ClaimLink(models.Model):
    """Two claims that a reviewer or the secretariat found to belong together."""

    first = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        related_name="links_as_first",
        verbose_name=_("first"),
    )
    second = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        related_name="links_as_second",
        verbose_name=_("second"),
    )
    kind = models.CharField(max_length=16, choices=LinkKind.choices, verbose_name=_("kind"))
    reason = models.TextField(max_length=2000, verbose_name=_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = PairQuerySet.as_manager()

    class Meta:
        ordering = ["first", "second"]
        constraints = [
            *_pair_constraints("claim_link"),
            models.CheckConstraint(
                condition=Q(kind__in=LinkKind.values), name="claim_link_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="claim_link_has_reason"),
        ]
        verbose_name = _("claim link")
        verbose_name_plural = _("claim links")

    def __str__(self):
        return f"{self.first_id}-{self.second_id}: {self.kind}"

    def other(self, claim):
        return self.second if claim.pk == self.first_id else self.first


class LinkSuggestion(models.Model):
    """Two claims of opposite parties close in time and place, found when the later of
    them was submitted; open until a reviewer links them or dismisses the suggestion."""

    first = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        related_name="suggestions_as_first",
        verbose_name=_("first"),
    )
    second = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        related_name="suggestions_as_second",
        verbose_name=_("second"),
    )
    state = models.CharField(
        max_length=16,
        choices=SuggestionState.choices,
        default=SuggestionState.OPEN,
        verbose_name=_("state"),
    )
    distance_m = models.PositiveIntegerField(verbose_name=_("distance m"))
    minutes_apart = models.PositiveIntegerField(verbose_name=_("minutes apart"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    reason = models.TextField(max_length=2000, blank=True, verbose_name=_("reason"))

    objects = PairQuerySet.as_manager()

    class Meta:
        ordering = ["first", "second"]
        constraints = [
            *_pair_constraints("link_suggestion"),
            models.CheckConstraint(
                condition=Q(state__in=SuggestionState.values), name="link_suggestion_state_valid"
            ),
            # Decided means someone decided, at a time; open means no one has yet.
            models.CheckConstraint(
                condition=(
                    Q(state=SuggestionState.OPEN, decided_at__isnull=True)
                    | (~Q(state=SuggestionState.OPEN) & Q(decided_at__isnull=False))
                ),
                name="link_suggestion_decided_when_closed",
            ),
        ]
        verbose_name = _("link suggestion")
        verbose_name_plural = _("link suggestions")

    def __str__(self):
        return f"{self.first_id}-{self.second_id}: {self.state}"

    def other(self, claim):
        return self.second if claim.pk == self.first_id else self.first
