"""Writes of translations: guard → lock the record → change → audit event → on_commit."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import CommonError, ServiceError, validation_error
from core.text import clean_text

from .error_codes import TranslationError
from .languages import language_codes
from .models import MAX_NOTE, MAX_TEXT, NarrativeTranslation
from .permissions import can_translate_narrative
from .registry import translatable_of

log = logging.getLogger(__name__)


def _clean(*, language: str, text: str, note: str) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    if language not in language_codes():
        errors["language"] = [_("Choose one of the languages offered.")]
    try:
        text = clean_text(text or "")
    except ValidationError as exc:  # a bidirectional control character
        errors["text"] = list(exc.messages)
    else:
        if not text:
            errors["text"] = [_("The translation cannot be empty.")]
        elif len(text) > MAX_TEXT:
            errors["text"] = [_("At most %(limit)d characters.") % {"limit": MAX_TEXT}]
    try:
        note = clean_text(note or "")
    except ValidationError as exc:
        errors["note"] = list(exc.messages)
    else:
        if len(note) > MAX_NOTE:
            errors["note"] = [_("At most %(limit)d characters.") % {"limit": MAX_NOTE}]
    if errors:
        raise validation_error(errors)
    return text, note


def translation_require_allowed(actor, record) -> None:
    """Refuse a caller who may not translate the record (TRANSLATION_NOT_ALLOWED): the
    services' guard, and the API's before it reads a body."""
    if not can_translate_narrative.test(actor, record):
        raise ServiceError(
            TranslationError.NOT_ALLOWED,
            _("Only the secretariat or a co-chair's reviewer of this record translates it."),
        )


def _lock(*, record, language: str):
    """Lock the record's row; refuse the narrative's own language
    (TRANSLATION_SAME_AS_ORIGINAL)."""
    translatable = translatable_of(record)
    locked = translatable.model.objects.select_for_update().get(pk=record.pk)
    if language == getattr(locked, translatable.language_field):
        raise ServiceError(
            TranslationError.SAME_AS_ORIGINAL,
            _("The narrative is written in this language already."),
            fields={"language": [_("The narrative is written in this language already.")]},
        )
    return translatable, locked


def _audit(*, actor, translatable, record, translation, action: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        subject_type=translatable.record_type,
        subject_id=record.pk,
        subject_ref=record.reference,
        payload={
            "language": translation.language,
            "version": translation.version,
            "text": translation.text,
            "note": translation.note,
            "unofficial": True,
        },
    )
    transaction.on_commit(
        lambda: log.info(
            "translation %s: %s %s [%s] v%s",
            action,
            translatable.record_type,
            record.reference,
            translation.language,
            translation.version,
        )
    )


@transaction.atomic
def translation_add(
    *, actor, record, language: str, text: str, note: str = ""
) -> NarrativeTranslation:
    """Add the first translation of `record`'s narrative into `language`.

    Locks the record's row; writes the translation (version 1) and one
    `translation_added` event carrying its whole text. Raises VALIDATION_ERROR,
    TRANSLATION_NOT_ALLOWED, TRANSLATION_SAME_AS_ORIGINAL or TRANSLATION_EXISTS (a
    translation into that language is corrected, not added again); writes nothing then.
    """
    translation_require_allowed(actor, record)
    text, note = _clean(language=language, text=text, note=note)
    translatable, locked = _lock(record=record, language=language)
    if NarrativeTranslation.objects.filter(
        record_type=translatable.record_type, record_id=locked.pk, language=language
    ).exists():
        raise ServiceError(
            TranslationError.EXISTS,
            _("There is a translation into this language already: correct it instead."),
            fields={"language": [_("There is a translation into this language already.")]},
        )
    translation = NarrativeTranslation.objects.create(
        record_type=translatable.record_type,
        record_id=locked.pk,
        language=language,
        text=text,
        note=note,
        translated_by=actor,
        translated_at=timezone.now(),
    )
    _audit(
        actor=actor,
        translatable=translatable,
        record=locked,
        translation=translation,
        action="translation_added",
    )
    return translation


@transaction.atomic
def translation_correct(
    *,
    actor,
    record,
    language: str,
    text: str,
    note: str = "",
    expected_version: int | None = None,
) -> NarrativeTranslation:
    """Correct the translation into `language`: a new version, never a silent overwrite.

    Locks the record's row and the translation's; writes the new version (attributed to
    `actor`, time-stamped now) and one `translation_corrected` event carrying its whole
    text, so that every earlier version stays on the trail. Raises VALIDATION_ERROR,
    TRANSLATION_NOT_ALLOWED, TRANSLATION_SAME_AS_ORIGINAL, TRANSLATION_MISSING or
    STALE_VERSION (`expected_version` is not the current one).
    """
    translation_require_allowed(actor, record)
    text, note = _clean(language=language, text=text, note=note)
    translatable, locked = _lock(record=record, language=language)
    translation = (
        NarrativeTranslation.objects.select_for_update()
        .filter(record_type=translatable.record_type, record_id=locked.pk, language=language)
        .first()
    )
    if translation is None:
        raise ServiceError(
            TranslationError.MISSING, _("There is no translation into this language to correct.")
        )
    if expected_version is not None and expected_version != translation.version:
        raise ServiceError(
            CommonError.STALE_VERSION,
            _("The translation was corrected meanwhile: read it again."),
        )
    translation.text = text
    translation.note = note
    translation.version += 1
    translation.translated_by = actor
    translation.translated_at = timezone.now()
    translation.save()
    _audit(
        actor=actor,
        translatable=translatable,
        record=locked,
        translation=translation,
        action="translation_corrected",
    )
    return translation
