"""What the compliance records share: the reference counters."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Party
from core.references import ReferenceSequenceBase


class ReferenceSequence(ReferenceSequenceBase):
    """Last number handed out per kind of record, party and year; see common.services.next_reference."""

    prefix = models.CharField(max_length=3, verbose_name=_("prefix"))
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party")
    )

    class Meta:
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "party", "year"], name="compliance_sequence_unique"
            ),
        ]

    def __str__(self):
        return f"{self.prefix}-{self.party_id}/{self.year}: {self.last}"
