"""The kinds of export, registered by the apps that own the rows."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.http import QueryDict


@dataclass(frozen=True)
class ExportKind:
    """One kind of export. Every callable takes the requester and the request's query
    parameters, and applies the requester's own visibility: a job never sees more than
    the synchronous export would have shown the same user."""

    name: str
    content_type: str
    # (parameters) -> the download's file name
    filename: Callable[[QueryDict], str]
    # (user, parameters, limit) -> the rows (or steps) the export holds, counting at most
    # `limit` of them when given; raises ServiceError for parameters it refuses.
    size: Callable[..., int]
    # (user, parameters) -> (chunk, rows written so far) pairs; chunks are str or bytes.
    chunks: Callable[..., Iterator[tuple[str | bytes, int]]]


_KINDS: dict[str, ExportKind] = {}


def register_export(kind: ExportKind) -> None:
    _KINDS[kind.name] = kind


def export_kind(name: str) -> ExportKind:
    return _KINDS[name]


def export_kinds() -> list[str]:
    return sorted(_KINDS)
