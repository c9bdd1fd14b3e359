"""The record types whose narratives may be translated. Each app registers its own in its
AppConfig.ready(), so this app knows no record type (as verification.review does for
reviewed records)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class Translatable:
    record_type: str  # the audit subject type, and the kind in the translation URLs
    model: type
    noun: str
    visible_to: Callable[..., QuerySet]  # (user) -> the records the user may see
    text_field: str  # the narrative's column
    reviews: Callable[..., bool]  # (user, record) -> a reviewer concerned with the record
    page: str  # URL name of the record's page, taking its reference
    # (request, record, *, forms, status) -> the record's page, a refused form on it
    render_page: Callable[..., object]
    language_field: str = "narrative_language"


TRANSLATABLES: dict[str, Translatable] = {}


def register(translatable: Translatable) -> None:
    TRANSLATABLES[translatable.record_type] = translatable


def translatable_of(record) -> Translatable:
    for translatable in TRANSLATABLES.values():
        if isinstance(record, translatable.model):
            return translatable
    raise LookupError(f"{type(record).__name__} has no translatable narrative")
