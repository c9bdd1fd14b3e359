from rest_framework import serializers

from .models import Visibility


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
    uploaded_by_party = serializers.CharField(allow_null=True)
    uploaded_at = serializers.DateTimeField()
    download_url = serializers.CharField(allow_null=True)
