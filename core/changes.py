"""Before-and-after records of changes made by hand to people and reference data.

Users, roles, organisations, the taxonomy and the catalogues change through the admin
(core.admin.ChangeRecordingAdmin) and through a few secretariat services; both describe
the change here and hand it to the one recorder, which the audit trail registers when it
starts (audit.changes). The recorder is looked up at call time because `core` sits below
`audit`: accounts and core cannot import the trail, yet their changes must reach it.

Secrets never leave this module: a field that holds a password hash, a token digest or a
secret is left out of every snapshot; only the fact that it changed is recorded.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

# The audit actions of these records, one per kind of change.
CREATED, CHANGED, DELETED = "record_created", "record_changed", "record_deleted"
CHANGE_ACTIONS = (CREATED, CHANGED, DELETED)

# Fields never written to the trail, by name, on any model...
SECRET_FIELDS = frozenset(
    {"password", "secret", "token", "token_key", "digest", "key", "salt", "recovery_codes"}
)
# ...and any field whose name says it holds one.
SECRET_MARKERS = ("password", "secret", "digest", "token", "_hash", "_key", "recovery")

Recorder = Callable[..., None]
_recorder: Recorder | None = None


def change_recorder_register(recorder: Recorder) -> None:
    global _recorder
    _recorder = recorder


def is_secret(name: str) -> bool:
    return name in SECRET_FIELDS or any(marker in name for marker in SECRET_MARKERS)


@dataclass(frozen=True)
class Snapshot:
    """A record's field values as stored (foreign keys as ids, many-to-many as sorted ids),
    secrets left out; `secret_digests` only lets two snapshots tell that a secret changed."""

    values: dict
    secret_digests: dict = field(default_factory=dict, repr=False)


def _plain(value):
    # What the trail's JSON will hold, so that before and after compare as stored.
    if value is None or isinstance(value, str | int | bool | float):
        return value
    return DjangoJSONEncoder().default(value)


def record_snapshot(instance) -> Snapshot:
    """The record as the trail will show it. Many-to-many values are read from the database
    and so reflect what was saved."""
    opts = instance._meta
    values, secrets = {}, {}
    for f in opts.concrete_fields:
        raw = f.value_from_object(instance)
        if isinstance(f, models.DecimalField) and isinstance(raw, Decimal):
            # As the database keeps it: 38.5 in memory is 38.50000 once stored.
            raw = raw.quantize(Decimal(1).scaleb(-f.decimal_places))
        if is_secret(f.name):
            secrets[f.name] = hashlib.sha256(str(raw).encode()).hexdigest()
        else:
            values[f.name] = _plain(raw)
    if instance.pk is not None:
        for f in opts.many_to_many:
            if not is_secret(f.name):
                values[f.name] = sorted(getattr(instance, f.name).values_list("pk", flat=True))
    return Snapshot(values, secrets)


def record_snapshot_stored(instance) -> Snapshot | None:
    """The record as the database holds it now (None if it is not stored)."""
    if instance.pk is None:
        return None
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    return record_snapshot(stored) if stored is not None else None


def record_change(
    *,
    actor,
    instance,
    before: Snapshot | None,
    after: Snapshot | None,
    via: str,
) -> bool:
    """Write one audit event for a record created (no `before`), changed or deleted (no
    `after`) by `actor`, in the caller's transaction (one is opened if there is none).

    The event's payload names the model and carries both snapshots, the names of the
    fields that changed and of the secrets that changed (never their values). A save that
    changed nothing writes nothing and returns False. Raises RuntimeError when no recorder
    is registered: a change the trail cannot see is refused rather than lost."""
    if _recorder is None:
        raise RuntimeError("No audit recorder is registered for changes to records.")
    old = before.values if before else {}
    new = after.values if after else {}
    if before is None:
        action = CREATED
    elif after is None:
        action = DELETED
    else:
        action = CHANGED
    changed = sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))
    old_secrets = before.secret_digests if before else {}
    new_secrets = after.secret_digests if after else {}
    secrets_changed = sorted(
        name
        for name in old_secrets.keys() & new_secrets.keys()
        if old_secrets[name] != new_secrets[name]
    )
    if action == CHANGED and not changed and not secrets_changed:
        return False
    payload = {
        "model": instance._meta.label_lower,
        "via": via,
        "before": old,
        "after": new,
        "changed": changed,
        "secrets_changed": secrets_changed,
    }
    with transaction.atomic():
        _recorder(
            actor=actor,
            action=action,
            subject_type=instance._meta.label_lower,
            subject_id=(new or old)[instance._meta.pk.attname],
            subject_ref=str(instance)[:40],
            payload=payload,
        )
    return True
