"""Reads of translations. A translation is seen by exactly who sees its record: callers
load the record through its own visibility first (translation_record_or_404), and only
then read its translations."""

from django.db.models import QuerySet
from django.http import Http404

from .languages import language_direction, language_name
from .models import NarrativeTranslation
from .registry import TRANSLATABLES, translatable_of


def translations_of(record) -> QuerySet:
    """The translations of a record the caller has already loaded through its visibility."""
    return NarrativeTranslation.objects.filter(
        record_type=translatable_of(record).record_type, record_id=record.pk
    ).select_related("translated_by")


def translation_record_or_404(*, user, record_type: str, reference: str):
    """The record of this type and reference if `user` may see it; 404 otherwise, for an
    unknown type as for a hidden record (never 403)."""
    translatable = TRANSLATABLES.get(record_type)
    record = (
        translatable.visible_to(user).filter(reference=reference).first() if translatable else None
    )
    if record is None:
        raise Http404(f"No such {translatable.noun}." if translatable else "No such record.")
    return record


def narrative_side_by_side(record) -> dict:
    """The original narrative and its translations, each with its language's name and
    direction, for the record's page."""
    translatable = translatable_of(record)
    language = getattr(record, translatable.language_field)
    translations = list(translations_of(record))
    for t in translations:
        t.language_name = language_name(t.language)
        t.direction = language_direction(t.language)
    return {
        "record_type": translatable.record_type,
        "reference": record.reference,
        "original": {
            "text": getattr(record, translatable.text_field),
            "language": language,
            "language_name": language_name(language),
            "direction": language_direction(language),
        },
        "translations": translations,
    }
