"""Compliance records in JSON: input parsing for writes, one shape per record for reads.

Reads build plain dicts from instances loaded with their relations (a fixed number of
queries per page); the Serializer classes describe the same shapes for the schema.
"""

from rest_framework import serializers

from accounts.models import Party
from core.api.fields import CodeField, iso
from incidents.models import Status
from incidents.serializers import CoordinateField

from .models import (
    CommitmentKind,
    CommitmentStatus,
    ReferralStatus,
    TargetKind,
    Urgency,
)


def _number(value):
    return None if value is None else float(value)


def commitment_json(c) -> dict:
    """`c` carries the annotations of selectors.commitment_annotate."""
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


def action_report_json(r) -> dict:
    return {
        "reference": r.reference,
        "commitment": r.commitment.reference,
        "party": r.party.code,
        "status": r.status,
        "action_date": r.action_date.isoformat(),
        "latitude": _number(r.latitude),
        "longitude": _number(r.longitude),
        "place_name": r.place_name,
        "province": r.province,
        "quantity": r.quantity,
        "narrative": r.narrative,
        "version": r.version,
        "submitted_at": iso(r.submitted_at),
        "closed_at": iso(r.closed_at),
        "created_at": iso(r.created_at),
        "updated_at": iso(r.updated_at),
    }


def referral_json(r) -> dict:
    return {
        "reference": r.reference,
        "from_party": r.from_party.code,
        "to_party": r.to_party.code,
        "status": r.status,
        "subject": r.subject,
        "latitude": _number(r.latitude),
        "longitude": _number(r.longitude),
        "place_name": r.place_name,
        "requested_action": r.requested_action,
        "urgency": r.urgency.code,
        "sent_at": iso(r.sent_at),
        "acknowledge_due_at": iso(r.acknowledge_due_at),
        "action_due_at": iso(r.action_due_at),
        "acknowledged_at": iso(r.acknowledged_at),
        "responded_at": iso(r.responded_at),
        "response_action_report": r.response_action_report.reference
        if r.response_action_report_id
        else None,
        "response_answer": r.response_answer,
        "acknowledge_overdue_at": iso(r.acknowledge_overdue_at),
        "action_overdue_at": iso(r.action_overdue_at),
    }


# --- shapes for the schema ------------------------------------------------------------------


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


class ActionReportSerializer(serializers.Serializer):
    reference = serializers.CharField()
    commitment = serializers.CharField()
    party = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    action_date = serializers.DateField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    place_name = serializers.CharField(allow_blank=True)
    province = serializers.CharField(allow_blank=True)
    quantity = serializers.IntegerField()
    narrative = serializers.CharField()
    version = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class CommitmentDetailSerializer(CommitmentSerializer):
    milestones = MilestoneOutSerializer(many=True)
    action_reports = ActionReportSerializer(many=True)


class ReferralSerializer(serializers.Serializer):
    reference = serializers.CharField()
    from_party = serializers.CharField()
    to_party = serializers.CharField()
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    subject = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    place_name = serializers.CharField(allow_blank=True)
    requested_action = serializers.CharField()
    urgency = serializers.CharField()
    sent_at = serializers.DateTimeField()
    acknowledge_due_at = serializers.DateTimeField()
    action_due_at = serializers.DateTimeField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    responded_at = serializers.DateTimeField(allow_null=True)
    response_action_report = serializers.CharField(allow_null=True)
    response_answer = serializers.CharField(allow_blank=True)
    acknowledge_overdue_at = serializers.DateTimeField(allow_null=True)
    action_overdue_at = serializers.DateTimeField(allow_null=True)


# --- input ---------------------------------------------------------------------------------


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


class ActionReportFieldsSerializer(serializers.Serializer):
    """An action report's content: what a draft holds and an amendment may correct."""

    action_date = serializers.DateField()
    latitude = CoordinateField(90, required=False, allow_null=True)
    longitude = CoordinateField(180, required=False, allow_null=True)
    place_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    province = serializers.CharField(max_length=100, required=False, allow_blank=True)
    quantity = serializers.IntegerField(min_value=0, max_value=2_000_000_000)
    narrative = serializers.CharField(max_length=20000)


class ActionReportWriteSerializer(ActionReportFieldsSerializer):
    commitment = serializers.CharField(max_length=24)


class ActionReportContentSerializer(ActionReportFieldsSerializer):
    """A draft's edit (PATCH): the fields to change, and the version last read."""

    version = serializers.IntegerField(
        min_value=1,
        required=False,
        write_only=True,
        help_text="The version you last read; a mismatch answers 409 STALE_VERSION",
    )

    def content(self) -> tuple[dict, int | None]:
        """The validated content fields, and the expected version if one was sent."""
        data = dict(self.validated_data)
        return data, data.pop("version", None)


class ActionReportAmendSerializer(ActionReportContentSerializer):
    reason = serializers.CharField(max_length=2000)

    def content(self) -> tuple[dict, int | None]:
        data, version = super().content()
        data.pop("reason", None)
        return data, version


class ReferralWriteSerializer(serializers.Serializer):
    to_party = CodeField(slug_field="code", queryset=Party.objects.all())
    subject = serializers.CharField(max_length=200)
    latitude = CoordinateField(90, required=False, allow_null=True)
    longitude = CoordinateField(180, required=False, allow_null=True)
    place_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    requested_action = serializers.CharField(max_length=5000)
    urgency = CodeField(slug_field="code", queryset=Urgency.objects.all())


class ReferralRespondSerializer(serializers.Serializer):
    action_report = serializers.CharField(
        max_length=24,
        required=False,
        allow_blank=True,
        help_text="Reference of an action report of the receiving party; give this or "
        "`answer`, not both.",
    )
    answer = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        help_text="A reasoned answer instead of an action report; give this or "
        "`action_report`, not both.",
    )
