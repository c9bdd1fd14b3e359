"""The review's building blocks for any reviewed record: the review's columns (an abstract
record), the abstract assignment, reply and finding each record type builds its own tables
on (incidents: claims; compliance: action reports)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import CoChair

from .statuses import DECIDED_STATUSES, Grade, Intent, Outcome, RecordIntent, Status


class ReviewedRecord(models.Model):
    """The review's columns on a record it reviews (review.Reviewable): where it stands,
    the three deadlines and the sweep's flags on them, and the decision. Constraint and
    index names take the concrete model's name (`%(class)s`): `incident_status_valid`."""

    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    assigned_at = models.DateTimeField(null=True, blank=True, verbose_name=_("assigned at"))
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closed at"))

    assignment_due_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("assignment due at")
    )
    reply_due_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reply due at"))
    findings_due_at = models.DateTimeField(null=True, blank=True, verbose_name=_("findings due at"))
    # Set with the answering party's reply, on this row: the sweep's UPDATE re-reads it
    # after waiting on a replying transaction's lock, so a reply is never overwritten
    # by "no reply received".
    replied_at = models.DateTimeField(null=True, blank=True, verbose_name=_("replied at"))
    # Each flag is set once by the deadline sweep, when that deadline passed unmet.
    assignment_overdue_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("assignment overdue at")
    )
    reply_overdue_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reply overdue at")
    )
    findings_overdue_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("findings overdue at")
    )
    # The findings clock stands still while the verifiers are kept from the site: set when
    # it paused, cleared when it runs again (services.clock). While set, the sweep never
    # flags the findings deadline; on resume, findings_due_at moves later by the pause.
    findings_paused_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("findings paused at")
    )
    # Empty until the clock first ran again (and a plain ADD COLUMN on SQLite, whose
    # table rebuild would trip the triggers that read these tables).
    findings_paused_total = models.DurationField(
        null=True,
        blank=True,
        help_text=_("The time the findings clock stood still, all pauses."),
        verbose_name=_("findings paused total"),
    )

    outcome = models.CharField(
        max_length=16, choices=Outcome.choices, blank=True, verbose_name=_("outcome")
    )
    grade = models.CharField(
        max_length=16, choices=Grade.choices, blank=True, verbose_name=_("grade")
    )
    # A verified record's intent, for counting (RecordIntent); empty otherwise.
    intent = models.CharField(
        max_length=16, choices=RecordIntent.choices, blank=True, verbose_name=_("intent")
    )
    # Bumped on every content change; clients send it back to detect a concurrent edit.
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))

    class Meta:
        abstract = True
        indexes = [
            # The sweep's three questions ("whose deadline passed, unflagged?"): each
            # index holds only the records still waiting on that deadline.
            models.Index(
                fields=["assignment_due_at"],
                name="%(class)s_assign_due",
                condition=Q(assignment_overdue_at__isnull=True, status="submitted"),
            ),
            models.Index(
                fields=["reply_due_at"],
                name="%(class)s_reply_due",
                condition=Q(
                    reply_overdue_at__isnull=True,
                    replied_at__isnull=True,
                    status__in=["under_review", "disputed"],
                ),
            ),
            models.Index(
                fields=["findings_due_at"],
                name="%(class)s_findings_due",
                condition=Q(
                    findings_overdue_at__isnull=True, status__in=["submitted", "under_review"]
                ),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT)
                | Q(submitted_at__isnull=False)
                | Q(status=Status.WITHDRAWN),
                name="%(class)s_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=DECIDED_STATUSES) | ~Q(outcome=""),
                name="%(class)s_decided_has_outcome",
            ),
            # Only a verified record carries an intent (records verified before intents
            # were recorded carry none).
            models.CheckConstraint(
                condition=Q(intent="") | Q(status=Status.VERIFIED, intent__in=RecordIntent.values),
                name="%(class)s_intent_only_when_verified",
            ),
        ]

    @property
    def findings_clock_paused(self) -> bool:
        return self.findings_paused_at is not None

    @property
    def findings_paused_hours(self) -> int:
        """The time the findings clock stood still so far, already added to its deadline,
        in whole hours (rounded up: a pause is never shown as none)."""
        total = self.findings_paused_total
        return 0 if not total else -(-int(total.total_seconds()) // 3600)

    @property
    def is_draft(self):
        return self.status == Status.DRAFT


class ReplyPosition(models.TextChoices):
    ACCEPTS = "accepts", _("Accepts")
    DENIES = "denies", _("Denies")
    PARTIALLY_ACCEPTS = "partially_accepts", _("Partially accepts")


class AssignmentBase(models.Model):
    """One reviewer of one co-chair on one record. Overrides end the old row, never edit it."""

    cochair = models.ForeignKey(
        CoChair, on_delete=models.PROTECT, related_name="+", verbose_name=_("cochair")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when assigned automatically."),
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(verbose_name=_("assigned at"))
    ended_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ended at"))

    class Meta:
        abstract = True


class ReplyBase(models.Model):
    """The answering party's one reply to a record."""

    position = models.CharField(
        max_length=20, choices=ReplyPosition.choices, verbose_name=_("position")
    )
    narrative = models.TextField(max_length=20000, verbose_name=_("narrative"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("filed by"),
    )
    filed_at = models.DateTimeField(verbose_name=_("filed at"))

    class Meta:
        abstract = True


class FindingBase(models.Model):
    """One co-chair's finding on one record; one per co-chair per record (each subclass's
    unique constraint)."""

    cochair = models.ForeignKey(
        CoChair, on_delete=models.PROTECT, related_name="+", verbose_name=_("cochair")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, verbose_name=_("outcome"))
    grade = models.CharField(max_length=16, choices=Grade.choices, verbose_name=_("grade"))
    # Deliberate, accidental or undetermined: said on a verified violation, and only then.
    intent = models.CharField(
        max_length=16, choices=Intent.choices, blank=True, verbose_name=_("intent")
    )
    reasoning = models.TextField(max_length=20000, verbose_name=_("reasoning"))
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"))

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome=Outcome.VERIFIED, intent__in=Intent.values)
                | (~Q(outcome=Outcome.VERIFIED) & Q(intent="")),
                name="%(class)s_intent_when_verified",
            ),
        ]


class RevisionBase(models.Model):
    """The content of a submitted record before an amendment, with the reason. Old text is
    never lost. Each reviewable record has its own table (review.Reviewable.revision_model)."""

    number = models.PositiveIntegerField(verbose_name=_("number"))
    previous_content = models.JSONField(verbose_name=_("previous content"))
    changed_fields = models.JSONField(default=list, verbose_name=_("changed fields"))
    reason = models.TextField(max_length=2000, verbose_name=_("reason"))
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("amended by"),
    )
    amended_at = models.DateTimeField(auto_now_add=True, verbose_name=_("amended at"))

    class Meta:
        abstract = True
