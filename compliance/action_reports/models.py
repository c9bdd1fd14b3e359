"""The actions a party reports against its commitments, reviewed like claims."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Party
from evidence.models import EvidenceBase, Visibility, location_strip_constraints
from translations.models import narrative_language_field
from verification.models import AssignmentBase, FindingBase, ReplyBase, ReviewedRecord, RevisionBase
from verification.statuses import Grade, Outcome

from ..commitments.models import Commitment


class ActionReport(ReviewedRecord):
    """An action the obligated party reports against one of its commitments; reviewed like
    a claim (its review columns and their constraints come from ReviewedRecord)."""

    reference = models.CharField(
        max_length=24, unique=True, editable=False, verbose_name=_("reference")
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        related_name="action_reports",
        verbose_name=_("commitment"),
    )
    # The commitment's party, kept on the row: visibility and review read it without a join.
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="action_reports", verbose_name=_("party")
    )
    # The party that may contest the report (the review's answering party).
    other_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("other party")
    )
    action_date = models.DateField(verbose_name=_("action date"))
    latitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True, verbose_name=_("latitude")
    )
    longitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True, verbose_name=_("longitude")
    )
    place_name = models.CharField(max_length=200, blank=True, verbose_name=_("place name"))
    province = models.CharField(max_length=100, blank=True, verbose_name=_("province"))
    quantity = models.PositiveIntegerField(default=0, verbose_name=_("quantity"))
    narrative = models.TextField(
        max_length=20000, validators=[MaxLengthValidator(20000)], verbose_name=_("narrative")
    )
    narrative_language = narrative_language_field()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta(ReviewedRecord.Meta):
        verbose_name = _("action report")
        verbose_name_plural = _("action reports")
        ordering = ["-action_date", "-id"]
        indexes = [
            *ReviewedRecord.Meta.indexes,
            models.Index(fields=["commitment", "status"], name="action_report_progress"),
            models.Index(fields=["party", "status"], name="action_report_party_status"),
        ]
        constraints = [
            *ReviewedRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="action_report_location_whole",
            ),
            models.CheckConstraint(
                condition=~Q(party=F("other_party")), name="action_report_parties_differ"
            ),
        ]

    def __str__(self):
        return self.reference

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
        ActionReport,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("action report"),
    )

    class Meta:
        verbose_name = _("action report assignment")
        verbose_name_plural = _("action report assignments")
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
        ActionReport,
        on_delete=models.PROTECT,
        related_name="reply",
        verbose_name=_("action report"),
    )

    class Meta:
        verbose_name = _("action report reply")
        verbose_name_plural = _("action report replies")

    def __str__(self):
        return f"Reply to {self.action_report_id}: {self.position}"


class ActionReportFinding(FindingBase):
    action_report = models.ForeignKey(
        ActionReport,
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("action report"),
    )

    class Meta:
        verbose_name = _("action report finding")
        verbose_name_plural = _("action report findings")
        ordering = ["action_report", "cochair"]
        constraints = [
            *FindingBase.Meta.constraints,
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
    claimed_time_field = "action_date"

    action_report = models.ForeignKey(
        ActionReport,
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("action report"),
    )

    class Meta(EvidenceBase.Meta):
        verbose_name = _("action report evidence")
        verbose_name_plural = _("action report evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="action_evidence_sha256_hex"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values),
                name="action_evidence_visibility_valid",
            ),
            *location_strip_constraints("action_evidence"),
        ]


class ActionReportRevision(RevisionBase):
    """An action report's content before an amendment, as a claim's revision."""

    action_report = models.ForeignKey(
        ActionReport,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name=_("action report"),
    )

    class Meta:
        verbose_name = _("action report revision")
        verbose_name_plural = _("action report revisions")
        ordering = ["action_report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_report", "number"], name="action_revision_number_unique"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="action_revision_has_reason"),
        ]

    def __str__(self):
        return f"{self.action_report_id} revision {self.number}"
