"""Request bodies in JSON, parsed strictly.

The standard library's parser lets through what nothing behind it can hold: a lone
UTF-16 surrogate ("\\ud800") that no database or renderer will encode, numbers that
overflow to infinity (1e400), and nesting deep enough to exhaust the stack. Each of those
ended in a 500. orjson refuses all three as malformed JSON, so they answer 400 PARSE_ERROR.
"""

import orjson
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import DataAndFiles

from core.text import clean_text

from .renderers import ORJSONRenderer


class JSONParser(parsers.JSONParser):
    # A subclass of DRF's parser, so that DRF reads the body through `request.body` and
    # DATA_UPLOAD_MAX_MEMORY_SIZE still applies (413 beyond it).
    renderer_class = ORJSONRenderer

    def parse(self, stream, media_type=None, parser_context=None):
        # JSON exchanged between systems is UTF-8 (RFC 8259 §8.1); a charset parameter
        # naming anything else is not honoured.
        try:
            return orjson.loads(stream.read())
        except orjson.JSONDecodeError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc


# --- free text, checked once for every body ----------------------------------------------


def _clean_strings(data, prefix: str, errors: dict):
    """`data` with every string through core.text.clean_text; refusals gathered by field
    name (nested names dotted, as the error shape names them)."""
    if isinstance(data, str):
        try:
            return clean_text(data)
        except DjangoValidationError as exc:
            errors.setdefault(prefix or "non_field_errors", []).extend(exc.messages)
            return data
    if isinstance(data, dict):
        return {
            k: _clean_strings(v, f"{prefix}.{k}" if prefix else str(k), errors)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [
            _clean_strings(v, f"{prefix}.{i}" if prefix else str(i), errors)
            for i, v in enumerate(data)
        ]
    return data


def _plain(data: QueryDict, errors: dict) -> dict:
    """A form's fields as a JSON body would hold them: one value as itself, a repeated one
    as a list. DRF reads a QueryDict the way HTML forms send it: an empty field as "not
    given" (so a default stood in for it), a missing checkbox as false, and the last of
    repeated values. A plain dict is read like JSON, so "" is refused where it is no
    value and a repeated field where one value is expected."""
    plain = {}
    for key, values in data.lists():
        values = [_clean_strings(v, key, errors) for v in values]
        plain[key] = values[0] if len(values) == 1 else values
    return plain


def checked(data):
    """The parsed body with its text checked: ValidationError (400 VALIDATION_ERROR naming
    each field) for bidirectional controls; invisible-only text as "". A form's fields
    come back as a plain dict (see _plain)."""
    errors: dict[str, list[str]] = {}
    form = isinstance(data, QueryDict)
    data = _plain(data, errors) if form else _clean_strings(data, "", errors)
    if errors:
        raise ValidationError(errors)
    return data


class TextCheckedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return checked(super().parse(stream, media_type, parser_context))


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return checked(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        # Files plain too: DRF merges them into the fields with dict.update, which would
        # copy a MultiValueDict's inner lists rather than its files.
        files = {key: v[0] if len(v) == 1 else v for key, v in parsed.files.lists()}
        return DataAndFiles(checked(parsed.data), files)
