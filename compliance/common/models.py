"""What the compliance records share: the reference counters."""

from django.db import models

from accounts.models import Party
from core.references import ReferenceSequenceBase


class ReferenceSequence(ReferenceSequenceBase):
    """Last number handed out per kind of record, party and year; see common.services.next_reference."""

    prefix = models.CharField(max_length=3)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "party", "year"], name="compliance_sequence_unique"
            ),
        ]

    def __str__(self):
        return f"{self.prefix}-{self.party_id}/{self.year}: {self.last}"
