"""A narrative's translations in JSON: one row shape for reads, the bodies of writes."""

from rest_framework import serializers

from core.api.fields import iso

from .languages import language_choices
from .models import MAX_NOTE, MAX_TEXT


def translation_json(t) -> dict:
    return {
        "language": t.language,
        "text": t.text,
        "note": t.note,
        "version": t.version,
        "translated_by": t.translated_by.username,
        "translated_at": iso(t.translated_at),
        "official": False,
    }


class TranslationSerializer(serializers.Serializer):
    """An unofficial translation of the record's narrative."""

    language = serializers.ChoiceField(choices=language_choices())
    text = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(help_text="1, then one more at each correction")
    translated_by = serializers.CharField(help_text="Username of who made this version")
    translated_at = serializers.DateTimeField()
    official = serializers.BooleanField(help_text="Always false: translations are unofficial")


class TranslationWriteSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=language_choices())
    text = serializers.CharField(max_length=MAX_TEXT)
    note = serializers.CharField(max_length=MAX_NOTE, required=False, allow_blank=True)


class TranslationCorrectSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_TEXT)
    note = serializers.CharField(max_length=MAX_NOTE, required=False, allow_blank=True)
    version = serializers.IntegerField(
        min_value=1,
        max_value=2_000_000_000,
        required=False,
        help_text="The version you last read; a mismatch answers 409 STALE_VERSION",
    )
