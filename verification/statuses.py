"""The review's vocabulary, shared by every reviewed record (a claim, an action report):
where a record stands, and what a finding or decision concludes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    DISPUTED = "disputed", _("Disputed (differing views)")
    VERIFIED = "verified", _("Verified")
    NOT_VERIFIED = "not_verified", _("Not verified")
    INCONCLUSIVE = "inconclusive", _("Inconclusive")
    WITHDRAWN = "withdrawn", _("Withdrawn")


DECIDED_STATUSES = (Status.VERIFIED, Status.NOT_VERIFIED, Status.INCONCLUSIVE)
OPEN_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.DISPUTED)


class Outcome(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    NOT_VERIFIED = "not_verified", _("Not verified")
    INCONCLUSIVE = "inconclusive", _("Inconclusive")


class Grade(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    PROBABLE = "probable", _("Probable")
    POSSIBLE = "possible", _("Possible")


class Intent(models.TextChoices):
    """What a co-chair's finding on a verified violation says of it: the outcome stays
    the two-key verdict; intent is each co-chair's reading of it."""

    DELIBERATE = "deliberate", _("Deliberate")
    ACCIDENTAL = "accidental", _("Accidental")
    UNDETERMINED = "undetermined", _("Undetermined")


class RecordIntent(models.TextChoices):
    """A verified record's intent, for counting: the co-chairs' agreed intent, `differing`
    when their intents differ, or the review meeting's."""

    DELIBERATE = Intent.DELIBERATE.value, Intent.DELIBERATE.label
    ACCIDENTAL = Intent.ACCIDENTAL.value, Intent.ACCIDENTAL.label
    UNDETERMINED = Intent.UNDETERMINED.value, Intent.UNDETERMINED.label
    DIFFERING = "differing", _("Differing between the co-chairs")
