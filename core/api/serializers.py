from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """Every refusal: a stable code, a sentence, and the fields at fault."""

    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
