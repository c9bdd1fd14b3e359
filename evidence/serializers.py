from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import LocationStrip, MatchKind, Visibility


class EvidenceMatchSerializer(serializers.Serializer):
    record_type = serializers.CharField()
    reference = serializers.CharField()
    filed_at = serializers.DateTimeField()
    days_earlier = serializers.IntegerField(help_text="Negative when the other file came later")
    kind = serializers.ChoiceField(choices=MatchKind.choices)
    distance = serializers.IntegerField(
        help_text="pHash + dHash Hamming distance; 0 for the same bytes"
    )


class EvidenceAnalysisSerializer(serializers.Serializer):
    analysed = serializers.BooleanField()
    problem = serializers.CharField(allow_blank=True)
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    page_count = serializers.IntegerField(allow_null=True, help_text="A PDF's pages")
    duration_seconds = serializers.FloatField(
        allow_null=True, help_text="An audio or video file's length"
    )
    captured_at = serializers.DateTimeField(allow_null=True)
    captured_offset_known = serializers.BooleanField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    hours_from_record = serializers.FloatField(allow_null=True)
    km_from_record = serializers.FloatField(allow_null=True)
    warnings = serializers.ListField(
        child=serializers.ChoiceField(
            choices=[
                "time_differs",
                "place_differs",
                "no_metadata",
                "seen_before",
                "seen_elsewhere",
            ]
        )
    )
    matches = EvidenceMatchSerializer(many=True)


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField(
        allow_null=True, help_text="Hidden (null) where the caller may not download the file"
    )
    description = serializers.CharField(allow_blank=True)
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    location_strip = serializers.ChoiceField(
        choices=LocationStrip.choices,
        help_text="stripped: the other party downloads a copy without the GPS position",
    )
    stripped_sha256 = serializers.CharField(
        allow_null=True, help_text="SHA-256 of the copy without location, when there is one"
    )
    uploaded_by_party = serializers.CharField(allow_null=True)
    uploaded_at = serializers.DateTimeField()
    download_url = serializers.CharField(allow_null=True)
    graphic = serializers.BooleanField(
        help_text="Previews are blurred until the viewer reveals them"
    )
    preview_url = serializers.CharField(
        allow_null=True,
        help_text="A preview (an image's JPEG, a PDF's first page as PNG), where the caller "
        "may download the file",
    )
    analysis = serializers.SerializerMethodField(
        help_text="For the mediators and the secretariat only (null for the parties)"
    )

    @extend_schema_field(EvidenceAnalysisSerializer(allow_null=True))
    def get_analysis(self, obj):  # pragma: no cover - documents the shape only
        return obj.get("analysis")
