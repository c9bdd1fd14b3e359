"""The review's vocabulary, shared by every reviewed record (a claim, an action report):
where a record stands, and what a finding or decision concludes."""

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    DISPUTED = "disputed", "Disputed (differing views)"
    VERIFIED = "verified", "Verified"
    NOT_VERIFIED = "not_verified", "Not verified"
    INCONCLUSIVE = "inconclusive", "Inconclusive"
    WITHDRAWN = "withdrawn", "Withdrawn"


DECIDED_STATUSES = (Status.VERIFIED, Status.NOT_VERIFIED, Status.INCONCLUSIVE)
OPEN_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.DISPUTED)


class Outcome(models.TextChoices):
    VERIFIED = "verified", "Verified"
    NOT_VERIFIED = "not_verified", "Not verified"
    INCONCLUSIVE = "inconclusive", "Inconclusive"


class Grade(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    PROBABLE = "probable", "Probable"
    POSSIBLE = "possible", "Possible"


class Intent(models.TextChoices):
    """What a co-chair's finding on a verified violation says of it: the outcome stays
    the two-key verdict; intent is each co-chair's reading of it."""

    DELIBERATE = "deliberate", "Deliberate"
    ACCIDENTAL = "accidental", "Accidental"
    UNDETERMINED = "undetermined", "Undetermined"


class RecordIntent(models.TextChoices):
    """A verified record's intent, for counting: the co-chairs' agreed intent, `differing`
    when their intents differ, or the review meeting's."""

    DELIBERATE = Intent.DELIBERATE.value, Intent.DELIBERATE.label
    ACCIDENTAL = Intent.ACCIDENTAL.value, Intent.ACCIDENTAL.label
    UNDETERMINED = Intent.UNDETERMINED.value, Intent.UNDETERMINED.label
    DIFFERING = "differing", "Differing between the co-chairs"
