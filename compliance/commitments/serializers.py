"""Commitments in JSON: input parsing for writes, one shape for reads."""

from rest_framework import serializers

from accounts.models import Party
from core.api.fields import CodeField, iso

from ..action_reports.serializers import ActionReportSerializer
from .models import CommitmentKind, CommitmentStatus, TargetKind


def commitment_json(c) -> dict:
    """`c` carries the annotations of commitments.selectors.commitment_annotate."""
    return {
        "reference": c.reference,
        "party": c.party.code,
        "session_label": c.session_label,
        "session_date": c.session_date.isoformat(),
        "agreement_clause": c.agreement_clause,
        "kind": c.kind.code,
        "description": c.description,
        "target_kind": c.target_kind,
        "target_quantity": c.target_quantity,
        "unit": c.unit,
        "due_date": c.due_date.isoformat(),
        "verified_quantity": c.verified_quantity,
        "status": c.status,
        "missed_at": iso(c.missed_at),
        "created_at": iso(c.created_at),
    }


class CommitmentSerializer(serializers.Serializer):
    reference = serializers.CharField()
    party = serializers.CharField()
    session_label = serializers.CharField()
    session_date = serializers.DateField()
    agreement_clause = serializers.CharField()
    kind = serializers.CharField()
    description = serializers.CharField()
    target_kind = serializers.ChoiceField(choices=TargetKind.choices)
    target_quantity = serializers.IntegerField()
    unit = serializers.CharField(allow_blank=True)
    due_date = serializers.DateField()
    verified_quantity = serializers.IntegerField()
    status = serializers.ChoiceField(choices=CommitmentStatus.choices)
    missed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class MilestoneOutSerializer(serializers.Serializer):
    due_date = serializers.DateField()
    quantity = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["met", "missed", "pending"])


class CommitmentDetailSerializer(CommitmentSerializer):
    milestones = MilestoneOutSerializer(many=True)
    action_reports = ActionReportSerializer(many=True)


class MilestoneInSerializer(serializers.Serializer):
    due_date = serializers.DateField()
    quantity = serializers.IntegerField(min_value=1, max_value=2_000_000_000)


class CommitmentWriteSerializer(serializers.Serializer):
    party = CodeField(slug_field="code", queryset=Party.objects.all())
    session_label = serializers.CharField(max_length=200)
    session_date = serializers.DateField()
    agreement_clause = serializers.CharField(max_length=120)
    kind = CodeField(slug_field="code", queryset=CommitmentKind.objects.all())
    description = serializers.CharField(max_length=5000)
    target_kind = serializers.ChoiceField(choices=TargetKind.choices)
    target_quantity = serializers.IntegerField(
        min_value=1, max_value=2_000_000_000, required=False, default=1
    )
    unit = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    due_date = serializers.DateField()
    milestones = MilestoneInSerializer(many=True, required=False, max_length=100)

    def content(self):
        data = dict(self.validated_data)
        milestones = [(m["due_date"], m["quantity"]) for m in data.pop("milestones", [])]
        return data, milestones
