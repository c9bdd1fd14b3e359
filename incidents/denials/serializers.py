"""Access denials in JSON: input parsing for writes, one shape for reads."""

from rest_framework import serializers

from accounts.models import Party
from core.api.fields import CodeField, iso

from ..serializers import CoordinateField


def access_denial_json(d) -> dict:
    return {
        "reference": d.reference,
        "claim": d.incident.reference,
        "denying_party": d.denying_party.code,
        "state": "open" if d.ended_at is None else "ended",
        "began_at": iso(d.began_at),
        "ended_at": iso(d.ended_at),
        "duration_seconds": None
        if d.ended_at is None
        else int((d.ended_at - d.began_at).total_seconds()),
        "latitude": float(d.latitude),
        "longitude": float(d.longitude),
        "place_name": d.place_name,
        "denied_by": d.denied_by,
        "refused": d.refused,
        "clock_paused": d.clock_paused,
        "recorded_at": iso(d.recorded_at),
        "granted_recorded_at": iso(d.granted_recorded_at),
    }


class AccessDenialSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text="e.g. DEN-AFG-2026-0001")
    claim = serializers.CharField(help_text="The claim's reference")
    denying_party = serializers.CharField(help_text="Party code")
    state = serializers.ChoiceField(
        choices=[("open", "Access denied"), ("ended", "Access granted")]
    )
    began_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(
        allow_null=True, help_text="When access was granted; null while it is denied"
    )
    duration_seconds = serializers.IntegerField(allow_null=True)
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    place_name = serializers.CharField()
    denied_by = serializers.CharField(help_text="The unit or post that refused access")
    refused = serializers.CharField(help_text="What was refused")
    clock_paused = serializers.BooleanField(
        help_text="Whether this denial stopped the claim's findings clock"
    )
    recorded_at = serializers.DateTimeField()
    granted_recorded_at = serializers.DateTimeField(allow_null=True)


class AccessDenialWriteSerializer(serializers.Serializer):
    claim = serializers.RegexField(
        r"^[A-Z]{3}-[0-9]{4}-[0-9]{5,}$", max_length=20, help_text="The claim's reference"
    )
    denying_party = CodeField(slug_field="code", queryset=Party.objects.all())
    began_at = serializers.DateTimeField(help_text="Not in the future, nor before submission")
    latitude = CoordinateField(90)
    longitude = CoordinateField(180)
    place_name = serializers.CharField(max_length=200)
    denied_by = serializers.CharField(max_length=200)
    refused = serializers.CharField(max_length=5000)


class AccessGrantSerializer(serializers.Serializer):
    ended_at = serializers.DateTimeField(
        required=False,
        help_text="When access was granted (now when not given); not in the future, nor "
        "before the denial began",
    )
