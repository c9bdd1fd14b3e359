"""Action reports in JSON: input parsing for writes, one shape for reads."""

from rest_framework import serializers

from core.api.fields import iso
from incidents.serializers import CoordinateField
from translations.languages import language_choices
from verification.statuses import Status

from ..common.serializers import number


def action_report_json(r) -> dict:
    return {
        "reference": r.reference,
        "commitment": r.commitment.reference,
        "party": r.party.code,
        "status": r.status,
        "action_date": r.action_date.isoformat(),
        "latitude": number(r.latitude),
        "longitude": number(r.longitude),
        "place_name": r.place_name,
        "province": r.province,
        "quantity": r.quantity,
        "narrative": r.narrative,
        "narrative_language": r.narrative_language,
        "version": r.version,
        "submitted_at": iso(r.submitted_at),
        "closed_at": iso(r.closed_at),
        "created_at": iso(r.created_at),
        "updated_at": iso(r.updated_at),
    }


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
    narrative_language = serializers.ChoiceField(
        choices=language_choices(), help_text="The language the narrative is written in"
    )
    version = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ActionReportFieldsSerializer(serializers.Serializer):
    """An action report's content: what a draft holds and an amendment may correct."""

    action_date = serializers.DateField()
    latitude = CoordinateField(90, required=False, allow_null=True)
    longitude = CoordinateField(180, required=False, allow_null=True)
    place_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    province = serializers.CharField(max_length=100, required=False, allow_blank=True)
    quantity = serializers.IntegerField(min_value=0, max_value=2_000_000_000)
    narrative = serializers.CharField(max_length=20000)
    narrative_language = serializers.ChoiceField(
        choices=language_choices(),
        required=False,
        help_text="The language the narrative is written in; the author's own when left out",
    )


class ActionReportWriteSerializer(ActionReportFieldsSerializer):
    commitment = serializers.CharField(max_length=24)


class ActionReportContentSerializer(ActionReportFieldsSerializer):
    """A draft's edit (PATCH): the fields to change, and the version last read."""

    version = serializers.IntegerField(
        min_value=1,
        max_value=2_000_000_000,
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
