"""The JSON of links and suggestions, and the bodies the API accepts."""

from rest_framework import serializers

from core.api.fields import iso

from .models import LinkKind, SuggestionState


def _other_json(other) -> dict:
    return {
        "reference": other.reference,
        "reporting_party": other.reporting_party.code,
        "status": other.status,
    }


def link_json(link, claim) -> dict:
    return {
        "other": _other_json(link.other(claim)),
        "kind": link.kind,
        "reason": link.reason,
        "created_by": link.created_by.username,
        "created_at": iso(link.created_at),
    }


def suggestion_json(suggestion, claim) -> dict:
    return {
        "other": _other_json(suggestion.other(claim)),
        "state": suggestion.state,
        "distance_m": suggestion.distance_m,
        "minutes_apart": suggestion.minutes_apart,
        "created_at": iso(suggestion.created_at),
        "decided_at": iso(suggestion.decided_at) if suggestion.decided_at else None,
        "reason": suggestion.reason,
    }


class LinkedClaimSerializer(serializers.Serializer):
    reference = serializers.CharField()
    reporting_party = serializers.CharField(help_text="Party code")
    status = serializers.CharField()


class LinkSerializer(serializers.Serializer):
    other = LinkedClaimSerializer(help_text="The claim at the other end of the link")
    kind = serializers.ChoiceField(choices=LinkKind.choices)
    reason = serializers.CharField()
    created_by = serializers.CharField(help_text="Username")
    created_at = serializers.DateTimeField()


class SuggestionSerializer(serializers.Serializer):
    other = LinkedClaimSerializer(help_text="The claim that may describe the same event")
    state = serializers.ChoiceField(choices=SuggestionState.choices)
    distance_m = serializers.IntegerField(help_text="Great-circle distance in metres")
    minutes_apart = serializers.IntegerField(help_text="Between the two occurrence times")
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)


class LinkCreateSerializer(serializers.Serializer):
    other = serializers.CharField(max_length=20, help_text="The reference of the claim to link")
    kind = serializers.ChoiceField(choices=LinkKind.choices)
    reason = serializers.CharField(max_length=2000)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
