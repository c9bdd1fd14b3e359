"""Commitments a party agreed to, the actions it reports against them, and the
intelligence referrals the parties pass to each other through the mechanism."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from accounts.models import CoChair, Party
from evidence.models import EvidenceBase, Visibility
from incidents.models import Grade, Outcome, RevisionBase, Status
from mediators.models import ReviewMeeting
from verification.models import AssignmentBase, FindingBase, ReplyBase


class CommitmentKind(models.Model):
    """A kind of commitment (raid, arrest, safe houses...): a taxonomy the secretariat manages."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    # The review deadlines of action reports on commitments of this kind, as for claims.
    assignment_hours = models.PositiveIntegerField(default=24, validators=[MinValueValidator(1)])
    reply_hours = models.PositiveIntegerField(default=72, validators=[MinValueValidator(1)])
    findings_days = models.PositiveIntegerField(default=14, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignment_hours__gte=1, reply_hours__gte=1, findings_days__gte=1),
                name="commitment_kind_deadlines_positive",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def windows(self):
        return (
            timedelta(hours=self.assignment_hours),
            timedelta(hours=self.reply_hours),
            timedelta(days=self.findings_days),
        )


class Urgency(models.Model):
    """An urgency level of a referral and its two clocks, as data the secretariat manages."""

    code = models.SlugField(max_length=20, unique=True)
    label = models.CharField(max_length=60)
    rank = models.PositiveSmallIntegerField(help_text="Most urgent first (lowest rank).")
    acknowledge_hours = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    action_hours = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["rank"]
        verbose_name_plural = "urgencies"
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledge_hours__gte=1, action_hours__gte=1),
                name="urgency_deadlines_positive",
            ),
            models.CheckConstraint(
                condition=Q(action_hours__gte=F("acknowledge_hours")),
                name="urgency_action_after_acknowledge",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def acknowledge_window(self):
        return timedelta(hours=self.acknowledge_hours)

    @property
    def action_window(self):
        return timedelta(hours=self.action_hours)


class ReferenceSequence(models.Model):
    """Last number handed out per kind of record, party and year; see services.next_reference."""

    prefix = models.CharField(max_length=3)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "party", "year"], name="compliance_sequence_unique"
            ),
        ]

    def __str__(self):
        return f"{self.prefix}-{self.party_id}/{self.year}: {self.last}"


class TargetKind(models.TextChoices):
    QUANTITY = "quantity", "A quantity"
    DONE = "done", "Done / not done"


class CommitmentStatus(models.TextChoices):
    """Derived, never stored: see selectors.commitment_annotate."""

    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    MET = "met", "Met"
    OVERDUE = "overdue", "Overdue"
    MISSED = "missed", "Missed"


class Commitment(models.Model):
    """What a party agreed to do at a session, with a measurable target and a due date."""

    reference = models.CharField(max_length=24, unique=True, editable=False)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="commitments")
    session_label = models.CharField(max_length=200)
    session_date = models.DateField()
    agreement_clause = models.CharField(max_length=120)
    kind = models.ForeignKey(CommitmentKind, on_delete=models.PROTECT, related_name="commitments")
    description = models.TextField(max_length=5000, validators=[MaxLengthValidator(5000)])
    target_kind = models.CharField(max_length=8, choices=TargetKind.choices)
    # A done / not done target is a quantity of one with no unit.
    target_quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    unit = models.CharField(max_length=40, blank=True)
    due_date = models.DateField()
    # Set once by the sweep when the due date passed without the target met.
    missed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["party", "due_date"], name="commitment_party_due"),
            models.Index(
                fields=["due_date"],
                name="commitment_missed_pending",
                condition=Q(missed_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_quantity__gte=1), name="commitment_target_positive"
            ),
            models.CheckConstraint(
                condition=Q(target_kind=TargetKind.DONE, target_quantity=1, unit="")
                | (Q(target_kind=TargetKind.QUANTITY) & ~Q(unit="")),
                name="commitment_target_shape",
            ),
            models.CheckConstraint(
                condition=Q(due_date__gt=F("session_date")),
                name="commitment_due_after_session",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def target_label(self):
        if self.target_kind == TargetKind.DONE:
            return "done"
        return f"{self.target_quantity} {self.unit}"


class Milestone(models.Model):
    """A cumulative quantity due by a date. Across one commitment the dates ascend, the
    quantities never fall and the last equals the target (services.commitment_create)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="milestones")
    due_date = models.DateField()
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    missed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["commitment", "due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "due_date"], name="milestone_one_per_date"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="milestone_quantity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.commitment_id}: {self.quantity} by {self.due_date}"


class ActionReport(models.Model):
    """An action the obligated party reports against one of its commitments."""

    reference = models.CharField(max_length=24, unique=True, editable=False)
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="action_reports"
    )
    # The commitment's party, kept on the row: visibility and review read it without a join.
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="action_reports")
    # The party that may contest the report (the review's answering party).
    other_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    action_date = models.DateField()
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    place_name = models.CharField(max_length=200, blank=True)
    province = models.CharField(max_length=100, blank=True)
    quantity = models.PositiveIntegerField(default=0)
    narrative = models.TextField(max_length=20000, validators=[MaxLengthValidator(20000)])
    # The review's columns, as on a claim (verification.review).
    submitted_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    assignment_due_at = models.DateTimeField(null=True, blank=True)
    reply_due_at = models.DateTimeField(null=True, blank=True)
    findings_due_at = models.DateTimeField(null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    assignment_overdue_at = models.DateTimeField(null=True, blank=True)
    reply_overdue_at = models.DateTimeField(null=True, blank=True)
    findings_overdue_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    grade = models.CharField(max_length=16, choices=Grade.choices, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-action_date", "-id"]
        indexes = [
            models.Index(fields=["commitment", "status"], name="action_report_progress"),
            models.Index(fields=["party", "status"], name="action_report_party_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="action_report_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="action_report_location_whole",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT)
                | Q(status=Status.WITHDRAWN)
                | Q(submitted_at__isnull=False),
                name="action_report_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(party=F("other_party")), name="action_report_parties_differ"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.VERIFIED, Status.NOT_VERIFIED, Status.INCONCLUSIVE])
                | ~Q(outcome=""),
                name="action_report_decided_has_outcome",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_draft(self):
        return self.status == Status.DRAFT

    # The review's two roles: the party that files, and the party that may answer.
    @property
    def reporting_party(self):
        return self.party

    @property
    def reporting_party_id(self):
        return self.party_id

    @property
    def accused_party(self):
        return self.other_party

    @property
    def accused_party_id(self):
        return self.other_party_id


class ActionReportAssignment(AssignmentBase):
    action_report = models.ForeignKey(
        ActionReport, on_delete=models.PROTECT, related_name="assignments"
    )

    class Meta:
        ordering = ["action_report", "cochair"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_report", "cochair"],
                condition=Q(ended_at__isnull=True),
                name="action_assignment_one_active_per_cochair",
            ),
        ]

    def __str__(self):
        return f"{self.action_report_id}/{self.cochair_id}: {self.reviewer_id}"


class ActionReportReply(ReplyBase):
    """The other party's contest (or acceptance) of an action report."""

    action_report = models.OneToOneField(
        ActionReport, on_delete=models.PROTECT, related_name="reply"
    )

    class Meta:
        verbose_name_plural = "action report replies"

    def __str__(self):
        return f"Reply to {self.action_report_id}: {self.position}"


class ActionReportFinding(FindingBase):
    action_report = models.ForeignKey(
        ActionReport, on_delete=models.PROTECT, related_name="findings"
    )

    class Meta:
        ordering = ["action_report", "cochair"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_report", "cochair"], name="action_finding_one_per_cochair"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="action_finding_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(grade__in=Grade.values), name="action_finding_grade_valid"
            ),
            models.CheckConstraint(condition=~Q(reasoning=""), name="action_finding_has_reasoning"),
        ]

    def __str__(self):
        return f"{self.action_report_id}/{self.cochair_id}: {self.outcome}"


class ActionReportEvidence(EvidenceBase):
    """A file attached to an action report: stored, hashed and shown like a claim's evidence."""

    subject_link = "action_report"
    subject_type = "action_report"

    action_report = models.ForeignKey(
        ActionReport, on_delete=models.PROTECT, related_name="evidence"
    )

    class Meta(EvidenceBase.Meta):
        verbose_name_plural = "action report evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="action_evidence_sha256_hex"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values),
                name="action_evidence_visibility_valid",
            ),
        ]


class ActionReportRevision(RevisionBase):
    """An action report's content before an amendment, as a claim's revision."""

    action_report = models.ForeignKey(
        ActionReport, on_delete=models.PROTECT, related_name="revisions"
    )

    class Meta:
        ordering = ["action_report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_report", "number"], name="action_revision_number_unique"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="action_revision_has_reason"),
        ]

    def __str__(self):
        return f"{self.action_report_id} revision {self.number}"


class ReferralStatus(models.TextChoices):
    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESPONDED = "responded", "Responded"


class Referral(models.Model):
    """Actionable information one party passes to the other through the mechanism."""

    reference = models.CharField(max_length=24, unique=True, editable=False)
    from_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="referrals_sent")
    to_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="referrals_received")
    status = models.CharField(
        max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    subject = models.CharField(max_length=200)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    place_name = models.CharField(max_length=200, blank=True)
    requested_action = models.TextField(max_length=5000, validators=[MaxLengthValidator(5000)])
    urgency = models.ForeignKey(Urgency, on_delete=models.PROTECT, related_name="referrals")
    sent_at = models.DateTimeField()
    acknowledge_due_at = models.DateTimeField()
    action_due_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    response_action_report = models.ForeignKey(
        ActionReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_answered",
    )
    response_answer = models.TextField(
        max_length=5000, blank=True, validators=[MaxLengthValidator(5000)]
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Each flag is set once by the sweep, when that clock ran out.
    acknowledge_overdue_at = models.DateTimeField(null=True, blank=True)
    action_overdue_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["to_party", "status"], name="referral_inbox"),
            models.Index(fields=["from_party", "status"], name="referral_outbox"),
            models.Index(
                fields=["acknowledge_due_at"],
                name="referral_ack_pending",
                condition=Q(acknowledge_overdue_at__isnull=True, status="sent"),
            ),
            models.Index(
                fields=["action_due_at"],
                name="referral_action_pending",
                condition=Q(action_overdue_at__isnull=True, status__in=["sent", "acknowledged"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_party=F("to_party")), name="referral_parties_differ"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReferralStatus.values), name="referral_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="referral_location_whole",
            ),
            models.CheckConstraint(
                condition=Q(acknowledge_due_at__gt=F("sent_at"))
                & Q(action_due_at__gte=F("acknowledge_due_at")),
                name="referral_clocks_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status=ReferralStatus.SENT) | Q(acknowledged_at__isnull=False),
                name="referral_acknowledged_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReferralStatus.RESPONDED)
                | (
                    Q(responded_at__isnull=False)
                    & (Q(response_action_report__isnull=False) | ~Q(response_answer=""))
                ),
                name="referral_response_complete",
            ),
            models.CheckConstraint(
                condition=Q(response_action_report__isnull=True) | Q(response_answer=""),
                name="referral_one_kind_of_response",
            ),
        ]

    def __str__(self):
        return self.reference


class ReferralEvidence(EvidenceBase):
    """A file attached to a referral; "mediators only" files reach the mediators, the
    secretariat and the uploading party, never the other party."""

    subject_link = "referral"
    subject_type = "referral"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="evidence")

    class Meta(EvidenceBase.Meta):
        verbose_name_plural = "referral evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="referral_evidence_sha256_hex"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values),
                name="referral_evidence_visibility_valid",
            ),
        ]


class AgendaReason(models.TextChoices):
    MILESTONE_MISSED = "milestone_missed", "Milestone missed"
    COMMITMENT_MISSED = "commitment_missed", "Commitment missed"
    REFERRAL_UNACKNOWLEDGED = "referral_unacknowledged", "Referral not acknowledged"
    REFERRAL_NO_RESPONSE = "referral_no_response", "Referral without a response"
    ACTION_REPORT_DISPUTED = "action_report_disputed", "Action report: differing views"
    PENALTY_SPLIT = "penalty_split", "Penalty: the co-chairs differ"
    PENALTY_APPEALED = "penalty_appealed", "Penalty: appealed"


class AgendaEntry(models.Model):
    """A compliance item on a review meeting's agenda, put there by the sweep."""

    meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.PROTECT, related_name="compliance_items"
    )
    reason = models.CharField(max_length=24, choices=AgendaReason.choices)
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_entries"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_entries"
    )
    action_report = models.ForeignKey(
        ActionReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_entries",
    )
    penalty_case = models.ForeignKey(
        "PenaltyCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_entries",
    )
    added_at = models.DateTimeField()
    minutes = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "reason", "id"]
        verbose_name_plural = "agenda entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    commitment__isnull=False,
                    referral__isnull=True,
                    action_report=None,
                    penalty_case=None,
                )
                | Q(
                    commitment__isnull=True,
                    referral__isnull=False,
                    action_report=None,
                    penalty_case=None,
                )
                | Q(
                    commitment__isnull=True,
                    referral__isnull=True,
                    action_report__isnull=False,
                    penalty_case=None,
                )
                | Q(
                    commitment__isnull=True,
                    referral__isnull=True,
                    action_report=None,
                    penalty_case__isnull=False,
                ),
                name="agenda_entry_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | ~Q(minutes=""),
                name="agenda_entry_decision_has_minutes",
            ),
            models.UniqueConstraint(
                fields=["meeting", "reason", "action_report"],
                condition=Q(action_report__isnull=False),
                name="agenda_entry_action_report_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "reason", "commitment"],
                condition=Q(commitment__isnull=False),
                name="agenda_entry_commitment_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "reason", "referral"],
                condition=Q(referral__isnull=False),
                name="agenda_entry_referral_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "reason", "penalty_case"],
                condition=Q(penalty_case__isnull=False),
                name="agenda_entry_penalty_case_once",
            ),
        ]

    def __str__(self):
        return f"{self.meeting_id}: {self.reason}"


# --- penalties ----------------------------------------------------------------------------


class PenaltyMeasure(models.Model):
    """A diplomatic measure a penalty may impose: a catalogue the secretariat manages.

    `appeal_days` is the penalised party's appeal window once the measure takes effect."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    appeal_days = models.PositiveIntegerField(default=14, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(appeal_days__gte=1), name="penalty_measure_appeal_days_positive"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def appeal_window(self):
        return timedelta(days=self.appeal_days)


class PenaltyStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    SPLIT = "split", "Split (differing decisions)"
    IN_EFFECT = "in_effect", "In effect"
    APPEALED = "appealed", "Appealed"
    UPHELD = "upheld", "Upheld on appeal"
    OVERTURNED = "overturned", "Overturned on appeal"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The measure applies in these; observers see these cases (and only these).
APPROVED_PENALTY_STATUSES = (
    PenaltyStatus.IN_EFFECT,
    PenaltyStatus.APPEALED,
    PenaltyStatus.UPHELD,
    PenaltyStatus.OVERTURNED,
)


class PenaltyCaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .penalties.selectors import penalty_visibility_filter

        return self.filter(penalty_visibility_filter(user))


class PenaltyCase(models.Model):
    """A penalty proposed against one party, on grounds linked to verified claims against
    it and commitments it missed. It takes effect only when both co-chairs approve."""

    reference = models.CharField(max_length=24, unique=True, editable=False)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="penalty_cases")
    measure = models.ForeignKey(PenaltyMeasure, on_delete=models.PROTECT, related_name="cases")
    rationale = models.TextField(max_length=20000, validators=[MaxLengthValidator(20000)])
    status = models.CharField(
        max_length=16, choices=PenaltyStatus.choices, default=PenaltyStatus.PROPOSED
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    # Both co-chairs' decisions in: approved (the measure applies from then) or rejected.
    approved_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    # Opened on approval: approved_at + the measure's appeal_days.
    appeal_due_at = models.DateTimeField(null=True, blank=True)
    # Set once by the sweep when the window lapsed with no appeal.
    appeal_closed_at = models.DateTimeField(null=True, blank=True)
    appealed_at = models.DateTimeField(null=True, blank=True)
    appealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appeal_grounds = models.TextField(
        max_length=20000, blank=True, validators=[MaxLengthValidator(20000)]
    )
    # A review meeting's decision on a split case (approve or reject) ...
    split_meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    split_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    split_decided_at = models.DateTimeField(null=True, blank=True)
    split_minutes = models.TextField(blank=True)
    # ... and on an appeal (uphold or overturn).
    appeal_meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appeal_decided_at = models.DateTimeField(null=True, blank=True)
    appeal_minutes = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)

    objects = PenaltyCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["party", "status"], name="penalty_party_status"),
            models.Index(fields=["status", "opened_at"], name="penalty_status_opened"),
            models.Index(
                fields=["appeal_due_at"],
                name="penalty_appeal_open",
                condition=Q(status="in_effect", appeal_closed_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PenaltyStatus.values), name="penalty_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=APPROVED_PENALTY_STATUSES)
                | Q(approved_at__isnull=False, appeal_due_at__isnull=False),
                name="penalty_approved_has_window",
            ),
            models.CheckConstraint(
                condition=Q(appeal_due_at__isnull=True) | Q(appeal_due_at__gt=F("approved_at")),
                name="penalty_appeal_due_after_approval",
            ),
            models.CheckConstraint(
                condition=~Q(status=PenaltyStatus.REJECTED) | Q(rejected_at__isnull=False),
                name="penalty_rejected_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[
                        PenaltyStatus.APPEALED,
                        PenaltyStatus.UPHELD,
                        PenaltyStatus.OVERTURNED,
                    ]
                )
                | (Q(appealed_at__isnull=False) & ~Q(appeal_grounds="")),
                name="penalty_appealed_has_grounds",
            ),
            models.CheckConstraint(
                condition=Q(appealed_at__isnull=True) | Q(appealed_at__lt=F("appeal_due_at")),
                name="penalty_appeal_within_window",
            ),
            models.CheckConstraint(
                condition=Q(appealed_at__isnull=True) | Q(appeal_closed_at__isnull=True),
                name="penalty_appeal_or_window_closed",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[PenaltyStatus.UPHELD, PenaltyStatus.OVERTURNED])
                | (Q(appeal_decided_at__isnull=False) & ~Q(appeal_minutes="")),
                name="penalty_appeal_decision_has_minutes",
            ),
            models.CheckConstraint(
                condition=Q(split_decided_at__isnull=True) | ~Q(split_minutes=""),
                name="penalty_split_decision_has_minutes",
            ),
            models.CheckConstraint(
                condition=~Q(status=PenaltyStatus.WITHDRAWN)
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")),
                name="penalty_withdrawn_has_reason",
            ),
        ]

    def __str__(self):
        return self.reference


class PenaltyDecisionChoice(models.TextChoices):
    APPROVE = "approve", "Approve"
    REJECT = "reject", "Reject"


class PenaltyDecision(models.Model):
    """One co-chair's decision on a proposed penalty, recorded by one of its reviewers."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="decisions")
    cochair = models.ForeignKey(CoChair, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=8, choices=PenaltyDecisionChoice.choices)
    reason = models.TextField(max_length=20000, validators=[MaxLengthValidator(20000)])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "cochair"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "cochair"], name="penalty_decision_one_per_cochair"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=PenaltyDecisionChoice.values),
                name="penalty_decision_valid",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="penalty_decision_has_reason"),
        ]

    def __str__(self):
        return f"{self.case_id}/{self.cochair_id}: {self.decision}"


class PenaltyGround(models.Model):
    """A link from a penalty case to one of its grounds: a verified claim against the
    penalised party, or a commitment that party missed. The database refuses any other
    (migration 0004's trigger), whatever writes the row."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="grounds")
    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penalty_grounds",
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, null=True, blank=True, related_name="penalty_grounds"
    )

    class Meta:
        ordering = ["case", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(incident__isnull=False, commitment__isnull=True)
                | Q(incident__isnull=True, commitment__isnull=False),
                name="penalty_ground_one_subject",
            ),
            models.UniqueConstraint(
                fields=["case", "incident"],
                condition=Q(incident__isnull=False),
                name="penalty_ground_incident_once",
            ),
            models.UniqueConstraint(
                fields=["case", "commitment"],
                condition=Q(commitment__isnull=False),
                name="penalty_ground_commitment_once",
            ),
        ]

    def __str__(self):
        return f"{self.case_id}: {self.incident_id or self.commitment_id}"
