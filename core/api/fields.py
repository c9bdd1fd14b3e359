"""Serializer pieces every domain's API shares."""

from datetime import UTC, datetime

from rest_framework import serializers


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def utc(value: datetime | None) -> datetime | None:
    """A date and time left for the API's renderer to write (orjson with OPT_UTC_Z, in C):
    the same text as `iso(value)`, at a tenth of the cost on a page of 50 claims with
    14 timestamps each. Only for data that renderer writes."""
    if value is None or value.tzinfo is UTC:
        return value
    return value.astimezone(UTC)


class CodeField(serializers.SlugRelatedField):
    """A party or category named by its code."""

    default_error_messages = {
        **serializers.SlugRelatedField.default_error_messages,
        # The code and words every text input uses for it (DRF's CharField).
        "null_characters_not_allowed": "Null characters are not allowed.",
    }

    def to_internal_value(self, data):
        # PostgreSQL refuses NUL in any text parameter, even one only compared against:
        # refuse it here rather than let the lookup fail with a database error.
        if isinstance(data, str) and "\x00" in data:
            self.fail("null_characters_not_allowed")
        return super().to_internal_value(data)
