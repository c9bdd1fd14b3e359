"""Appending to the chain and checking it.

Each event is hashed twice: into the linear chain (`hash`, over the previous hash and
the content) and as a leaf of the transparency log (`leaf_hash`, RFC 9162, audit.tree).
Both commit to a random per-event salt, carried inside the content as "salt", so that
neither hash of an event a reader may not see can be matched against guesses of it.
Events written before the salt existed have none, and hash as they always did.
"""

import hashlib
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.bulk import bulk_insert
from core.errors import ServiceError
from core.site_mode import require_writable
from notifications.services import notifications_mark_subject_read

from .deferral import deferred
from .error_codes import LogError
from .merkle import frontier_append, frontier_root
from .models import AuditEvent, ChainHead
from .signing import sign_head, signed_time, verify_head

log = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64


def canonical_json(data) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


PLAIN_JSON = (str, int, bool, type(None))


def normalise_payload(payload) -> dict:
    """What the database gives back for this payload, so the hash is over what is stored."""
    if not payload:
        return {}
    # The common case, flat text and numbers, comes back as it went in.
    if all(type(v) in PLAIN_JSON for v in payload.values()) and all(
        type(k) is str for k in payload
    ):
        return payload
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def event_content(event: AuditEvent) -> dict:
    """What both hashes cover: the event's columns, and its salt when it has one."""
    content = {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
        "actor": event.actor_id,
        "action": event.action,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "subject_ref": event.subject_ref,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "payload": event.payload,
    }
    if event.salt:
        content["salt"] = event.salt
    return content


def event_hash(prev_hash: str, content: dict) -> str:
    return hashlib.sha256((prev_hash + canonical_json(content)).encode()).hexdigest()


def event_leaf_hash(content: dict) -> str:
    """RFC 9162 leaf hash of the event: SHA-256(0x00 || canonical JSON of its content)."""
    return hashlib.sha256(b"\x00" + canonical_json(content).encode()).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(32)


def _lock_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        ChainHead.objects.get_or_create(pk=1, defaults={"hash": GENESIS_HASH})
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


# The (size, root, time, key id, signature) this process last signed or verified on the
# chain head row: an append that finds the row exactly so need not verify it again.
_trusted_head: tuple | None = None


def _head_signed(head: ChainHead) -> tuple:
    stamp = signed_time(head.log_signed_at) if head.log_signed_at else ""
    return (head.sequence, head.log_root, stamp, head.log_key_id, head.log_signature)


def log_head_problem(head: ChainHead) -> str:
    """ "" if the chain head row is as the application signed it at the last append;
    otherwise why not. O(log n) hashes and one Ed25519 verification."""
    global _trusted_head
    if not head.log_signature:
        if head.sequence == 0 and not head.log_frontier and not head.log_root:
            return ""  # the empty log, before its first append
        return f"the chain head at size {head.sequence} carries no signed log root"
    try:
        frontier = [bytes.fromhex(node) for node in head.log_frontier]
    except (TypeError, ValueError):
        return "the chain head's log frontier is malformed"
    if len(frontier) != head.sequence.bit_count() or frontier_root(frontier).hex() != head.log_root:
        return f"the chain head's log frontier does not lead to its root at size {head.sequence}"
    signed = _head_signed(head)
    if signed == _trusted_head:
        return ""
    why = verify_head(*signed)
    if why:
        return f"the chain head's log root at size {head.sequence}: {why}"
    _trusted_head = signed
    return ""


def _refuse_if_tampered(head: ChainHead) -> None:
    problem = log_head_problem(head)
    if problem:
        log.error("Audit append refused, the log was tampered with: %s", problem)
        raise ServiceError(
            LogError.LOG_TAMPERED,
            _(
                "The audit log was changed outside the application (%(problem)s); nothing is "
                "recorded until it is investigated (manage.py verify_audit_chain)."
            )
            % {"problem": problem},
        )


def audit_record(
    *,
    actor,
    action: str,
    subject_type: str,
    subject_id: int,
    subject_ref: str,
    from_status: str = "",
    to_status: str = "",
    payload: dict | None = None,
) -> None:
    """Append one event. Must run inside the caller's transaction, as its last write.

    Locks the chain head row until the caller commits, so two writers can never fork
    the chain; the lock is held only from here to the commit.

    Acting on a record reads what its actor was told about it: their notifications on
    the subject are marked read first, before the head's lock is taken.
    """
    notifications_mark_subject_read(user=actor, subject_type=subject_type, subject_ref=subject_ref)
    audit_record_many(
        [
            {
                "actor": actor,
                "action": action,
                "subject_type": subject_type,
                "subject_id": subject_id,
                "subject_ref": subject_ref,
                "from_status": from_status,
                "to_status": to_status,
                "payload": payload,
            }
        ]
    )


def append_begin():
    """What every append checks first: the mechanism is not frozen and the caller's
    transaction is open. Returns the time the appended events occurred at by default."""
    # Every workflow change ends here: while the mechanism is frozen, none is committed.
    require_writable()
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction it records.")
    return timezone.now()


def append_lock_head() -> ChainHead:
    """Lock the chain head until the caller commits, and refuse (LOG_TAMPERED) a head the
    application did not sign."""
    head = _lock_head()
    _refuse_if_tampered(head)
    return head


def append_close(head: ChainHead, *, sequence: int, prev: str, leaves: list[bytes], now) -> str:
    """Move the locked head past the events just inserted: their last `sequence` and hash,
    the log's frontier with their `leaves` folded in, and one signature of the new
    (size, root). Returns the new head hash."""
    global _trusted_head
    frontier = frontier_append(
        [bytes.fromhex(node) for node in head.log_frontier], head.sequence, leaves
    )
    root = frontier_root(frontier).hex()
    signed_at = now.replace(microsecond=0)
    key_id, signature = sign_head(sequence, root, signed_time(signed_at))
    ChainHead.objects.filter(pk=1).update(
        sequence=sequence,
        hash=prev,
        log_root=root,
        log_frontier=[node.hex() for node in frontier],
        log_signed_at=signed_at,
        log_key_id=key_id,
        log_signature=signature,
    )
    _trusted_head = (sequence, root, signed_time(signed_at), key_id, signature)
    return prev


def audit_record_many(entries: list[dict]) -> str:
    """Append several events in one locked step and one bulk insert; returns the new head hash.

    Under the same lock, checks that the chain head is as this application signed it
    (LOG_TAMPERED otherwise), folds the new leaves into its Merkle frontier and signs the
    new (size, root) once for the whole batch. Events of one shape by the thousand go
    faster through audit.batch.audit_record_batch. Inside `audit_appends_last()` the
    append waits for the end of that block (and returns "")."""
    if not entries:
        return ""
    entries = list(entries)
    if deferred(lambda: audit_record_many(entries)):
        return ""
    now = append_begin()
    head = append_lock_head()
    sequence, prev = head.sequence, head.hash
    rows, leaves = [], []
    for entry in entries:
        sequence += 1
        actor = entry.get("actor")
        occurred_at = entry.get("occurred_at") or now
        # The same content event_content() reads back from a stored row, built without
        # a model instance.
        content = {
            "sequence": sequence,
            "occurred_at": occurred_at.astimezone(UTC).isoformat(),
            "actor": getattr(actor, "pk", actor),
            "action": entry["action"],
            "subject_type": entry["subject_type"],
            "subject_id": entry["subject_id"],
            "subject_ref": entry["subject_ref"],
            "from_status": entry.get("from_status", ""),
            "to_status": entry.get("to_status", ""),
            "payload": normalise_payload(entry.get("payload")),
            "salt": new_salt(),
        }
        canonical = canonical_json(content).encode()
        digest = hashlib.sha256(prev.encode() + canonical).hexdigest()
        leaf = hashlib.sha256(b"\x00" + canonical).digest()
        leaves.append(leaf)
        columns = {
            "sequence": sequence,
            "occurred_at": occurred_at,
            "actor_id": content["actor"],
            "action": content["action"],
            "subject_type": content["subject_type"],
            "subject_id": content["subject_id"],
            "subject_ref": content["subject_ref"],
            "from_status": content["from_status"],
            "to_status": content["to_status"],
            "payload": content["payload"],
            "prev_hash": prev,
            "hash": digest,
            "salt": content["salt"],
            "leaf_hash": leaf.hex(),
        }
        rows.append([columns[column] for column in EVENT_COLUMNS])
        prev = digest
    bulk_insert(AuditEvent, EVENT_COLUMNS, rows)
    return append_close(head, sequence=sequence, prev=prev, leaves=leaves, now=now)


EVENT_COLUMNS = [f.column for f in AuditEvent._meta.concrete_fields if not f.primary_key]


@dataclass
class ChainReport:
    ok: bool
    count: int
    head_hash: str
    broken_sequence: int | None = None
    problem: str = ""


def audit_verify_chain(*, chunk_size: int = 5000) -> ChainReport:
    """Recompute every hash in order. Names the first event that does not fit."""
    prev = GENESIS_HASH
    expected_sequence = 0
    count = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=chunk_size):
        expected_sequence += 1
        count += 1
        if event.sequence != expected_sequence:
            return ChainReport(
                False,
                count,
                prev,
                event.sequence,
                f"sequence {expected_sequence} is missing (found {event.sequence})",
            )
        if event.prev_hash != prev:
            return ChainReport(
                False,
                count,
                prev,
                event.sequence,
                "previous-hash link does not match the event before it",
            )
        content = event_content(event)
        if event.hash != event_hash(prev, content):
            return ChainReport(
                False, count, prev, event.sequence, "content does not match its hash"
            )
        if event.leaf_hash != event_leaf_hash(content):
            return ChainReport(
                False, count, prev, event.sequence, "content does not match its log leaf hash"
            )
        prev = event.hash
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and head.sequence > expected_sequence:
        return ChainReport(
            False,
            count,
            prev,
            expected_sequence + 1,
            f"chain head says {head.sequence} events; events after {expected_sequence} are missing",
        )
    if head is not None and head.sequence < expected_sequence:
        return ChainReport(
            False,
            count,
            prev,
            head.sequence + 1,
            f"event was added outside the chain head (head says {head.sequence} events)",
        )
    if head is not None and head.hash != prev:
        return ChainReport(
            False, count, prev, expected_sequence, "the last event does not match the chain head"
        )
    return ChainReport(True, count, prev)
