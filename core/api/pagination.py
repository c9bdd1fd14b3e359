"""Keyset (cursor) pagination: `next`, `previous`, `results`; no OFFSET and no COUNT.

The cursor carries the last row's sort value and id, so every page is an index range
scan whatever its depth. The sort is one column plus the id as a tie-breaker; the
client may choose among the view's `ordering_choices`.
"""

import base64
import binascii
import json
from datetime import UTC, datetime

from django.db.models import DateTimeField, Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .errors import ApiError


def _encode(payload: dict) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str) -> dict:
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise ApiError(
            "VALIDATION_ERROR", _("Invalid cursor."), fields={"cursor": [_("Invalid cursor.")]}
        ) from exc
    if not isinstance(payload, dict):
        raise ApiError(
            "VALIDATION_ERROR", _("Invalid cursor."), fields={"cursor": [_("Invalid cursor.")]}
        )
    return payload


# Ids are positive 64-bit integers on every backend.
MAX_ID = 2**63


def _aware_datetime(value) -> datetime | None:
    """The datetime a cursor carries, in UTC: ISO 8601 with an offset (as _sort_value
    writes it) and within years 1 to 9999 in UTC; None otherwise. UTC also keeps an
    offset PostgreSQL refuses (beyond ±16 h) out of the query."""
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value)
        if parsed is None or parsed.tzinfo is None:
            return None
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _sort_value(value):
    return value.isoformat() if isinstance(value, datetime) else value


class KeysetPagination(BasePagination):
    page_size = 50
    max_page_size = 500
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"
    # Overridden per view through `ordering_choices` and `default_ordering`.
    default_ordering = "-id"

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ApiError(
                "VALIDATION_ERROR",
                "Invalid page size.",
                fields={"page_size": [f"Give a whole number from 1 to {self.max_page_size}."]},
            )
        return size

    def _ordering(self, request, view) -> str:
        choices = getattr(view, "ordering_choices", None) or [self.default_ordering]
        default = getattr(view, "default_ordering", choices[0])
        ordering = request.query_params.get(self.ordering_query_param, default)
        if ordering not in choices:
            raise ApiError(
                "VALIDATION_ERROR",
                "Invalid ordering.",
                fields={"ordering": [f"Choose one of: {', '.join(choices)}."]},
            )
        return ordering

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.size = self._page_size(request)
        self.ordering = self._ordering(request, view)
        field = self.ordering.lstrip("-")
        self.field = field
        descending = self.ordering.startswith("-")

        cursor = request.query_params.get(self.cursor_query_param)
        position, backwards = None, False
        if cursor:
            payload = _decode(cursor)
            position, backwards = self._position(payload, field, queryset.model)
        # Walking backwards reads the rows before the cursor in reverse and flips them.
        walk_desc = descending != backwards
        direction = "-" if walk_desc else ""
        queryset = queryset.order_by(f"{direction}{field}", f"{direction}id")
        if position is not None:
            value, pk = position
            after = "lt" if walk_desc else "gt"
            # The redundant bound (<= or >=) is what the index range can use: without
            # it PostgreSQL reads every row from the top of the list down to the
            # cursor and filters them (100,000 rows at page 1,000 of a million).
            queryset = queryset.filter(
                Q(**{f"{field}__{after}e": value}),
                Q(**{f"{field}__{after}": value}) | Q(**{field: value, f"id__{after}": pk}),
            )
        rows = list(queryset[: self.size + 1])
        more = len(rows) > self.size
        rows = rows[: self.size]
        if backwards:
            rows.reverse()
        self.has_next = more if not backwards else position is not None
        self.has_previous = (position is not None) if not backwards else more
        self.first, self.last = (rows[0], rows[-1]) if rows else (None, None)
        return rows

    def _position(self, payload: dict, field: str, model):
        """(sort value, id) and the direction from a cursor this class wrote; anything
        else, however it was made, is an invalid cursor and never reaches the query."""
        invalid = ApiError(
            "VALIDATION_ERROR", _("Invalid cursor."), fields={"cursor": [_("Invalid cursor.")]}
        )
        pk = payload.get("id")
        if payload.get("f") != field or type(pk) is not int or not 0 < pk < MAX_ID:
            raise invalid
        value = payload.get("v")
        if isinstance(model._meta.get_field(field), DateTimeField):
            value = _aware_datetime(value)
            if value is None:
                raise invalid
        elif type(value) not in (int, str):
            raise invalid
        return (value, pk), bool(payload.get("b"))

    def _value(self, row, name):
        return row[name] if isinstance(row, dict) else getattr(row, name)

    def _link(self, row, *, backwards: bool):
        if row is None:
            return None
        token = _encode(
            {
                "f": self.field,
                "v": _sort_value(self._value(row, self.field)),
                "id": self._value(row, "id"),
                **({"b": 1} if backwards else {}),
            }
        )
        return replace_query_param(
            self.request.build_absolute_uri(), self.cursor_query_param, token
        )

    def get_next_link(self):
        if not self.has_next:
            return None
        return self._link(self.last, backwards=False)

    def get_previous_link(self):
        if not self.has_previous:
            return None
        if self.first is None:
            return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)
        return self._link(self.first, backwards=True)

    def get_paginated_response(self, data):
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        choices = getattr(view, "ordering_choices", None) or [self.default_ordering]
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque position from a previous page's `next` or `previous`.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, 1 to {self.max_page_size} (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
            {
                "name": self.ordering_query_param,
                "required": False,
                "in": "query",
                "description": "Sort order; newest first by default.",
                "schema": {"type": "string", "enum": choices},
            },
        ]
