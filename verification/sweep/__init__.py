"""The deadline sweep: one function behind the beat job and `manage.py flag_overdue`.

One engine flags every kind of deadline. A kind is declared once (`DeadlineKind`: which
rows, which flag, what the audit event says, who hears of it) and `sweep_deadline` runs it
as one bulk step: set the flag on every row whose deadline passed and that is not flagged
yet, append one audit event per flag in one insert, and write one notification per person
concerned in another. The number of queries does not depend on the number of rows.

The review's own deadlines (`DEADLINES`) apply to every registered reviewable record.
Other apps register their kinds, and steps of their own (the meetings' agendas), with
`register_step` from their AppConfig.ready(). Everything happens in one transaction: a
worker killed mid-sweep leaves nothing half-done, and the next run completes it.
"""

from .deadlines import DEADLINES, ReviewDeadline
from .engine import DeadlineKind, SweepReport, sweep_deadline
from .extend import extend_open_deadlines
from .steps import STEPS, deadline_kinds, register_step, run_sweep

__all__ = [
    "DEADLINES",
    "STEPS",
    "DeadlineKind",
    "ReviewDeadline",
    "SweepReport",
    "deadline_kinds",
    "extend_open_deadlines",
    "register_step",
    "run_sweep",
    "sweep_deadline",
]
