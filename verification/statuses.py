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
