"""The penalty step of the deadline sweep (compliance.agenda.sweep runs it with the others, in
the same transaction): close every appeal window that lapsed with no appeal, once.

As the other steps: one locking SELECT of the cases this run closes, one UPDATE, one
insert of their audit events and one of their notifications, whatever their number. A
second run at the same time finds nothing. Split and appealed cases go on the next
meeting's agenda with the other compliance items (compliance.agenda.sweep._place_on_agenda)."""

from audit.services import audit_record_many
from notifications.services import notify_many

from .models import PenaltyCase, PenaltyStatus
from .services import PENALTY_CASE

UPDATE_BATCH = 30_000


def close_appeal_windows(*, as_of, report, dry_run: bool, people: dict) -> list:
    """Set `appeal_closed_at` on every case in effect whose window passed unappealed;
    write `appeal_window_closed` for each; tell both parties and the secretariat."""
    pending = PenaltyCase.objects.filter(
        status=PenaltyStatus.IN_EFFECT, appeal_closed_at__isnull=True, appeal_due_at__lte=as_of
    )
    if not dry_run:
        pending = pending.select_for_update(of=("self",))
    rows = list(pending.order_by("pk").values_list("pk", "reference", "appeal_due_at"))
    report.flagged["penalty_appeal_windows"] = [r[1] for r in rows]
    if dry_run or not rows:
        return rows
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), UPDATE_BATCH):
        PenaltyCase.objects.filter(pk__in=ids[start : start + UPDATE_BATCH]).update(
            appeal_closed_at=as_of
        )
    audit_record_many(
        [
            dict(
                actor=None,
                action="appeal_window_closed",
                subject_type=PENALTY_CASE,
                subject_id=pk,
                subject_ref=ref,
                from_status=PenaltyStatus.IN_EFFECT,
                to_status=PenaltyStatus.IN_EFFECT,
                payload={"appeal_due_at": due, "as_of": as_of},
            )
            for pk, ref, due in rows
        ]
    )
    refs = [r[1] for r in rows]
    # `people` holds both parties' officers (by party id) and the secretariat.
    recipients = sorted({uid for user_ids in people.values() for uid in user_ids})
    body = "\n".join(refs[:200]) + (f"\n... and {len(refs) - 200} more" if len(refs) > 200 else "")
    report.notifications += notify_many(
        [
            dict(
                user_id=uid,
                kind="penalty_appeal_window_closed",
                title=f"Appeal window closed with no appeal on {len(refs)} penalty case(s)",
                body=body,
                subject_type=PENALTY_CASE,
                subject_ref=refs[0] if len(refs) == 1 else "",
            )
            for uid in recipients
        ]
    )
    return rows
