"""What the sweep's agenda steps share (the claims' here, compliance's in
compliance.agenda.sweep): the next meeting to escalate to, and the audit event of an item
placed on its agenda. These steps flag no deadline; they run after the deadlines, in the
sweep's transaction."""

from collections.abc import Callable

from .selectors import meeting_next

# Agenda rows per INSERT.
AGENDA_BATCH = 2000


def agenda_step(key: str, place: Callable) -> Callable:
    """A sweep step that calls `place(meeting, as_of=, dry_run=)` with the next meeting
    scheduled at or after `as_of` and reports the references it returns under `key`.
    With no meeting ahead nothing is placed and `key` reports none."""

    def step(*, as_of, report, dry_run: bool) -> None:
        meeting = meeting_next(as_of=as_of)
        report.flagged[key] = (
            [] if meeting is None else place(meeting, as_of=as_of, dry_run=dry_run)
        )

    return step


def placed_on_agenda(
    *, meeting, reason, subject_type, subject_id, subject_ref, actor=None, status=None
) -> dict:
    """The audit event (for audit_record_many) of one item placed on `meeting`'s agenda for
    `reason`, by `actor` (None: the sweep); it records the subject's status, unchanged,
    when given."""
    statuses = {} if status is None else {"from_status": status, "to_status": status}
    return dict(
        actor=actor,
        action="placed_on_agenda",
        subject_type=subject_type,
        subject_id=subject_id,
        subject_ref=subject_ref,
        **statuses,
        payload={"meeting": meeting.pk, "reason": reason},
    )
