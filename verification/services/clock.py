"""The findings clock's pause: while the verifiers are kept from the site, the time left to
record findings stands still. The record types' services call these on a record they have
already locked (common._lock), inside their own transaction."""

from datetime import datetime, timedelta

from .common import _audit


def findings_clock_pause(record, *, actor, at: datetime, reason: dict) -> bool:
    """Stop `record`'s findings clock at `at`, unless it already stands still. Writes
    `findings_clock_paused` (with `reason`, e.g. the denial's reference) and saves the two
    columns. Returns whether the clock was running."""
    if record.findings_paused_at is not None:
        return False
    record.findings_paused_at = at
    record.save(update_fields=["findings_paused_at"])
    _audit(
        record,
        actor=actor,
        action="findings_clock_paused",
        from_status=record.status,
        payload={"paused_at": at, "findings_due_at": record.findings_due_at, **reason},
    )
    return True


def findings_clock_resume(record, *, actor, at: datetime, reason: dict) -> timedelta:
    """Start `record`'s stopped findings clock again at `at`: the findings deadline moves
    later by the time it stood still, so the time that was left is kept, and the sweep
    can flag it only after the new due time. Writes `findings_clock_resumed`. Returns the
    pause's length (zero when the clock was running)."""
    if record.findings_paused_at is None:
        return timedelta(0)
    paused = max(at - record.findings_paused_at, timedelta(0))
    previous_due = record.findings_due_at
    if record.findings_due_at is not None:
        record.findings_due_at = record.findings_due_at + paused
    record.findings_paused_total = (record.findings_paused_total or timedelta(0)) + paused
    record.findings_paused_at = None
    record.save(update_fields=["findings_due_at", "findings_paused_at", "findings_paused_total"])
    _audit(
        record,
        actor=actor,
        action="findings_clock_resumed",
        from_status=record.status,
        payload={
            "resumed_at": at,
            "paused_seconds": int(paused.total_seconds()),
            "previous_findings_due_at": previous_due,
            "findings_due_at": record.findings_due_at,
            **reason,
        },
    )
    return paused
