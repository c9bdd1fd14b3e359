"""Penalty cases and measures in JSON: one shape per record for reads (plain dicts built
from rows loaded with their relations), input parsing for writes, and the same shapes
described for the schema."""

from rest_framework import serializers

from accounts.models import Party
from core.api.fields import CodeField, iso

from .models import PenaltyDecisionChoice, PenaltyMeasure, PenaltyStatus

MEASURE_FIELDS = ["code", "label", "description", "is_active", "appeal_days"]


def measure_json(m) -> dict:
    return {name: getattr(m, name) for name in MEASURE_FIELDS}


def penalty_json(c) -> dict:
    """A case as listed: `c` loaded with its party and measure."""
    return {
        "reference": c.reference,
        "party": c.party.code,
        "measure": c.measure.code,
        "measure_label": c.measure.label,
        "status": c.status,
        "rationale": c.rationale,
        "opened_at": iso(c.opened_at),
        "version": c.version,
        "approved_at": iso(c.approved_at),
        "rejected_at": iso(c.rejected_at),
        "appeal_due_at": iso(c.appeal_due_at),
        "appeal_closed_at": iso(c.appeal_closed_at),
        "appealed_at": iso(c.appealed_at),
        "withdrawn_at": iso(c.withdrawn_at),
    }


def _meeting_decision(meeting, decided_at, minutes):
    if decided_at is None:
        return None
    return {
        "meeting": meeting.pk,
        "meeting_title": str(meeting),
        "decided_at": iso(decided_at),
        "minutes": minutes,
    }


def penalty_detail_json(c, *, grounds, decisions) -> dict:
    data = penalty_json(c)
    data.update(
        opened_by=c.opened_by.username,
        appeal_grounds=c.appeal_grounds,
        appealed_by_party=c.party.code if c.appealed_at else None,
        split_decision=_meeting_decision(c.split_meeting, c.split_decided_at, c.split_minutes),
        appeal_decision=_meeting_decision(c.appeal_meeting, c.appeal_decided_at, c.appeal_minutes),
        withdrawal_reason=c.withdrawal_reason,
        grounds=[
            {"kind": "claim", "reference": g.incident.reference}
            if g.incident_id
            else {"kind": "commitment", "reference": g.commitment.reference}
            for g in grounds
        ],
        decisions=[
            {
                "cochair": d.cochair.code,
                "decision": d.decision,
                "reason": d.reason,
                "decided_at": iso(d.decided_at),
            }
            for d in decisions
        ],
    )
    return data


# --- shapes for the schema ------------------------------------------------------------------


class PenaltyMeasureSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    label = serializers.CharField(max_length=120)
    description = serializers.CharField(allow_blank=True, required=False, max_length=5000)
    is_active = serializers.BooleanField(required=False)
    appeal_days = serializers.IntegerField(min_value=1, max_value=3650, required=False)


class PenaltyMeasureUpdateSerializer(PenaltyMeasureSerializer):
    code = serializers.SlugField(max_length=40, required=False)
    label = serializers.CharField(max_length=120, required=False)


class PenaltySerializer(serializers.Serializer):
    reference = serializers.CharField()
    party = serializers.CharField()
    measure = serializers.CharField()
    measure_label = serializers.CharField()
    status = serializers.ChoiceField(choices=PenaltyStatus.choices)
    rationale = serializers.CharField()
    opened_at = serializers.DateTimeField()
    version = serializers.IntegerField()
    approved_at = serializers.DateTimeField(allow_null=True)
    rejected_at = serializers.DateTimeField(allow_null=True)
    appeal_due_at = serializers.DateTimeField(allow_null=True)
    appeal_closed_at = serializers.DateTimeField(
        allow_null=True, help_text="set by the sweep when the window lapsed with no appeal"
    )
    appealed_at = serializers.DateTimeField(allow_null=True)
    withdrawn_at = serializers.DateTimeField(allow_null=True)


class GroundSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["claim", "commitment"])
    reference = serializers.CharField()


class DecisionOutSerializer(serializers.Serializer):
    cochair = serializers.CharField()
    decision = serializers.ChoiceField(choices=PenaltyDecisionChoice.choices)
    reason = serializers.CharField()
    decided_at = serializers.DateTimeField()


class MeetingDecisionOutSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    meeting_title = serializers.CharField()
    decided_at = serializers.DateTimeField()
    minutes = serializers.CharField()


class PenaltyDetailSerializer(PenaltySerializer):
    opened_by = serializers.CharField()
    appeal_grounds = serializers.CharField(allow_blank=True)
    appealed_by_party = serializers.CharField(allow_null=True)
    split_decision = MeetingDecisionOutSerializer(allow_null=True)
    appeal_decision = MeetingDecisionOutSerializer(allow_null=True)
    withdrawal_reason = serializers.CharField(allow_blank=True)
    grounds = GroundSerializer(many=True)
    decisions = DecisionOutSerializer(many=True)


# --- input ---------------------------------------------------------------------------------


class Reference(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=24, **kwargs)


class PenaltyWriteSerializer(serializers.Serializer):
    party = CodeField(slug_field="code", queryset=Party.objects.all())
    measure = CodeField(slug_field="code", queryset=PenaltyMeasure.objects.all())
    rationale = serializers.CharField(max_length=20000)
    claims = serializers.ListField(
        child=Reference(), required=False, max_length=500, help_text="Verified claims' references"
    )
    commitments = serializers.ListField(
        child=Reference(),
        required=False,
        max_length=500,
        help_text="Missed commitments' references",
    )


class VersionedSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2_000_000_000,
        help_text="The case's version as read; a different one is refused (STALE_VERSION)",
    )


class PenaltyDecisionSerializer(VersionedSerializer):
    reason = serializers.CharField(max_length=20000)


class PenaltyAppealSerializer(VersionedSerializer):
    grounds = serializers.CharField(max_length=20000)


class PenaltyMeetingDecisionSerializer(VersionedSerializer):
    meeting = serializers.IntegerField(min_value=1, max_value=2**62)
    outcome = serializers.ChoiceField(
        choices=["approve", "reject", "uphold", "overturn"],
        help_text="approve or reject a split case; uphold or overturn an appealed one",
    )
    minutes = serializers.CharField(max_length=20000)


class PenaltyWithdrawSerializer(VersionedSerializer):
    reason = serializers.CharField(max_length=20000)
