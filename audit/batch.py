"""Appending many events of one shape at once: the deadline sweep's path.

A sweep flags a hundred thousand rows with events that differ only in their subject, their
statuses and a few payload values. Their canonical JSON (what both hashes cover, see
audit.services) is therefore one template, rendered once from `canonical_json` over the
event's keys with a marker in each varying place, and filled in per event with the
values' own canonical JSON: byte for byte what `event_content` and `canonical_json`
give back when the chain is verified. The events reach PostgreSQL as one COPY of rows
already in its text format, and SQLite as one executemany.
"""

import hashlib
import json
import secrets
from collections.abc import Sequence
from datetime import UTC, date, datetime
from json.encoder import encode_basestring

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from core.bulk import bulk_insert

from .deferral import deferred
from .models import AuditEvent
from .services import (
    EVENT_COLUMNS,
    append_begin,
    append_close,
    append_lock_head,
    canonical_json,
    normalise_payload,
)

_ENCODER = DjangoJSONEncoder()
SALT_BYTES = 32
# Events per write to the COPY stream.
COPY_CHUNK = 10_000


def json_value(value) -> str:
    """The canonical JSON of one payload value as the chain stores and hashes it: what
    `canonical_json(normalise_payload({...: value}))` writes for it."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if isinstance(value, date):  # datetimes too: DjangoJSONEncoder's ISO 8601 text
        return encode_basestring(_ENCODER.default(value))
    return canonical_json(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))


def _template(content: dict, varying: Sequence[str]) -> str:
    """`canonical_json(content)` as a str.format template: each key named in `varying`
    becomes a positional field, in `varying`'s order, filled with raw JSON text."""
    markers = {name: f"\x00{secrets.token_hex(8)}\x00" for name in varying}
    text = canonical_json({**content, **markers})
    text = text.replace("{", "{{").replace("}", "}}")
    for position, name in enumerate(varying):
        encoded = canonical_json(markers[name])
        if text.count(encoded) != 1:
            raise ValueError(f"the event template holds {name!r} {text.count(encoded)} times")
        text = text.replace(encoded, f"{{{position}}}")
    return text


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: str) -> str:
    """A value in COPY's text format."""
    return value.translate(_COPY_ESCAPES)


def audit_record_batch(
    *,
    action: str,
    subject_type: str,
    rows: Sequence[Sequence],
    payload: dict | None = None,
    varying: Sequence[str] = (),
    actor=None,
    occurred_at: datetime | None = None,
) -> str:
    """Append one event per row, by `actor` (None: the system), all with `action` on
    `subject_type`, in the rows' order; returns the new head hash.

    Each row is (subject_id, subject_ref, from_status, to_status, *values): the values
    are those of the payload keys named in `varying`, beside `payload`'s constant ones.
    Guarantees what audit_record_many does (run inside the caller's transaction as its
    last write, the chain head locked until the commit, LOG_TAMPERED on a head the
    application did not sign, one signature for the batch), with one insert and a
    constant number of queries whatever the number of rows. Inside `audit_appends_last()`
    the append waits for the end of that block (and returns "")."""
    if not rows:
        return ""
    rows = list(rows)
    asked = dict(
        action=action,
        subject_type=subject_type,
        payload=payload,
        varying=varying,
        actor=actor,
        occurred_at=occurred_at,
    )
    if deferred(lambda: audit_record_batch(rows=rows, **asked)):
        return ""
    now = append_begin()
    head = append_lock_head()
    occurred_at = occurred_at or now
    actor_id = getattr(actor, "pk", actor)
    constant = normalise_payload(payload or {})
    clash = set(constant) & set(varying)
    if clash:
        raise ValueError(f"payload keys both constant and varying: {sorted(clash)}")
    width = 4 + len(varying)
    if any(len(row) != width for row in rows):
        raise ValueError(f"every row holds {width} values: subject, statuses and {varying}")
    payload_template = _template(constant, varying)
    fields = ("from_status", "payload", "salt", "sequence", "subject_id", "subject_ref")
    content_template = _template(
        {
            "occurred_at": occurred_at.astimezone(UTC).isoformat(),
            "actor": actor_id,
            "action": action,
            "subject_type": subject_type,
        },
        (*fields, "to_status"),
    )
    render_payload = payload_template.format
    render_content = content_template.format
    sha256 = hashlib.sha256
    salts = secrets.token_bytes(SALT_BYTES * len(rows)).hex()
    step = 2 * SALT_BYTES
    sequence, prev = head.sequence, head.hash
    leaves, stored = [], []
    for n, (subject_id, subject_ref, from_status, to_status, *values) in enumerate(rows):
        sequence += 1
        salt = salts[n * step : (n + 1) * step]
        payload_json = render_payload(*map(json_value, values))
        canonical = render_content(
            encode_basestring(from_status),
            payload_json,
            f'"{salt}"',
            sequence,
            json_value(subject_id),
            encode_basestring(subject_ref),
            encode_basestring(to_status),
        ).encode()
        digest = sha256(prev.encode() + canonical).hexdigest()
        leaf = sha256(b"\x00" + canonical).digest()
        leaves.append(leaf)
        stored.append(
            (
                sequence,
                subject_id,
                subject_ref,
                from_status,
                to_status,
                payload_json,
                prev,
                digest,
                salt,
                leaf,
            )
        )
        prev = digest
    _insert(
        stored, action=action, subject_type=subject_type, actor_id=actor_id, occurred_at=occurred_at
    )
    return append_close(head, sequence=sequence, prev=prev, leaves=leaves, now=now)


# The columns each event gives, in the order audit_record_batch keeps them.
VARYING = (
    "sequence",
    "subject_id",
    "subject_ref",
    "from_status",
    "to_status",
    "payload",
    "prev_hash",
    "hash",
    "salt",
    "leaf_hash",
)


def _insert(stored: list[tuple], *, action, subject_type, actor_id, occurred_at) -> None:
    """One COPY (PostgreSQL) or one executemany (elsewhere) of the events' rows."""
    constant = {
        "occurred_at": occurred_at,
        "actor_id": actor_id,
        "action": action,
        "subject_type": subject_type,
    }
    if set(constant) | set(VARYING) != set(EVENT_COLUMNS):
        raise RuntimeError("the audit event's columns changed: audit.batch writes them")
    if connection.vendor != "postgresql":
        rows = []
        for row in stored:
            named = dict(zip(VARYING, (*row[:9], row[9].hex()), strict=True))
            rows.append([named[c] if c in named else constant[c] for c in EVENT_COLUMNS])
        bulk_insert(AuditEvent, EVENT_COLUMNS, rows)
        return
    # COPY's text format: tab-separated, \N for NULL; the constant columns written once.
    text = {
        "occurred_at": occurred_at.astimezone(UTC).isoformat(),
        "actor_id": "\\N" if actor_id is None else str(int(actor_id)),
        "action": _copy_text(action),
        "subject_type": _copy_text(subject_type),
    }
    line = "\t".join(
        text[c].replace("{", "{{").replace("}", "}}") if c in text else f"{{{VARYING.index(c)}}}"
        for c in EVENT_COLUMNS
    )
    render = (line + "\n").format
    escape = _copy_text
    table = AuditEvent._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in EVENT_COLUMNS)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} ({quoted}) FROM STDIN"  # nosec B608  # names from the model's _meta
        ) as copy,
    ):
        for start in range(0, len(stored), COPY_CHUNK):
            copy.write(
                "".join(
                    render(
                        sequence,
                        subject_id,
                        escape(subject_ref),
                        escape(from_status),
                        escape(to_status),
                        escape(payload_json),
                        prev,
                        digest,
                        salt,
                        leaf.hex(),
                    )
                    for (
                        sequence,
                        subject_id,
                        subject_ref,
                        from_status,
                        to_status,
                        payload_json,
                        prev,
                        digest,
                        salt,
                        leaf,
                    ) in stored[start : start + COPY_CHUNK]
                )
            )
