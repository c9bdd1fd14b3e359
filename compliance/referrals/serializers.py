"""Referrals in JSON: input parsing for writes, one shape for reads."""

from rest_framework import serializers

from accounts.models import Party
from core.api.fields import CodeField, iso
from incidents.serializers import CoordinateField
from translations.languages import language_choices
from translations.serializers import TranslationSerializer

from ..common.serializers import number
from .models import ReferralStatus, Urgency


def referral_json(r) -> dict:
    return {
        "reference": r.reference,
        "from_party": r.from_party.code,
        "to_party": r.to_party.code,
        "status": r.status,
        "subject": r.subject,
        "latitude": number(r.latitude),
        "longitude": number(r.longitude),
        "place_name": r.place_name,
        "requested_action": r.requested_action,
        "narrative_language": r.narrative_language,
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
    narrative_language = serializers.ChoiceField(
        choices=language_choices(),
        help_text="The language the subject and requested action are written in",
    )
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


class ReferralDetailSerializer(ReferralSerializer):
    translations = TranslationSerializer(
        many=True, help_text="Unofficial translations of the requested action"
    )


class ReferralWriteSerializer(serializers.Serializer):
    to_party = CodeField(slug_field="code", queryset=Party.objects.all())
    subject = serializers.CharField(max_length=200)
    latitude = CoordinateField(90, required=False, allow_null=True)
    longitude = CoordinateField(180, required=False, allow_null=True)
    place_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    requested_action = serializers.CharField(max_length=5000)
    narrative_language = serializers.ChoiceField(
        choices=language_choices(),
        required=False,
        help_text="The language the requested action is written in; the author's own when left out",
    )
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
