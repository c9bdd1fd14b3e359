"""The implementation review report as people read it, for the page and the PDF alike:
dates with their zone named ("2 Dec 2026, 21:05 UTC"), labels instead of codes
("In effect", not `in_effect`), parties by name, durations in days and hours.

The report's JSON and CSV keep the codes and ISO timestamps (the API's contract); this
module only reads them. Each list of the report is a Section: a title and its columns,
each column a header, how to show a row's value and its share of the PDF's width. The
page and the PDF draw any Section the same way, so a new list needs one entry in
SECTIONS and no layout of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verification.statuses import Grade, Outcome, Status

from ..penalties.models import PenaltyStatus

EMPTY = "—"


def when(value) -> str:
    """A moment (datetime or ISO text) in the reader's zone, the zone named:
    "2 Dec 2026, 21:05 UTC"."""
    if not value:
        return EMPTY
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'j M Y, H:i')} {local.tzname()}"


def day(value) -> str:
    """A calendar day (date or ISO text): "2 Dec 2026"."""
    if not value:
        return EMPTY
    return formats.date_format(
        date.fromisoformat(value) if isinstance(value, str) else value, "j M Y"
    )


def month(value: str) -> str:
    """A month as the records key it ("2026-11"): "Nov 2026"."""
    return formats.date_format(date.fromisoformat(f"{value}-01"), "M Y")


def _label(choices) -> Callable[[str], str]:
    labels = dict(choices)
    return lambda code: str(labels.get(code, code)) if code else EMPTY


status_label = _label(Status.choices)
grade_label = _label(Grade.choices)
outcome_label = _label([*Status.choices, *Outcome.choices])
penalty_status_label = _label(PenaltyStatus.choices)
RECORD_KINDS = {"claim": gettext_lazy("Claim"), "action_report": gettext_lazy("Action report")}
LATE_FOR = {
    "acknowledgement": gettext_lazy("Acknowledgement"),
    "action": gettext_lazy("Action"),
}


@dataclass(frozen=True)
class Column:
    """One column of a list: its header, the text of a row's cell (from the row and the
    parties' names by code) and its share of the PDF's width."""

    header: str
    text: Callable[[dict, dict], str]
    share: float


def _key(name: str) -> Callable[[dict, dict], str]:
    return lambda row, names: EMPTY if row.get(name) in (None, "") else str(row[name])


def _party(name: str) -> Callable[[dict, dict], str]:
    return lambda row, names: names.get(row[name], row[name])


def _shown(name: str, show: Callable) -> Callable[[dict, dict], str]:
    return lambda row, names: show(row.get(name))


def _progress(row: dict, names: dict) -> str:
    return f"{row['verified']} / {row['target']} {row['unit']}".strip()


def _link(name: str) -> Callable[[dict], str]:
    return lambda row: reverse(name, args=[row["reference"]])


def _dispute_link(row: dict) -> str:
    name = "claim-detail" if row["kind"] == "claim" else "action-report-detail"
    return reverse(name, args=[row["reference"]])


@dataclass(frozen=True)
class Section:
    """One of the report's lists (`report[key]`: `{total, rows}`, or None when the
    reader may not see that kind of record, with `hidden` said instead)."""

    key: str
    title: str
    columns: list[Column]
    testid: str
    link: Callable[[dict], str] | None = None
    note: str = ""
    hidden: str = ""
    widths: list[float] = field(init=False)

    def __post_init__(self):
        total = sum(c.share for c in self.columns)
        object.__setattr__(self, "widths", [c.share / total for c in self.columns])


REFERENCE = gettext_lazy("Reference")
PARTY = gettext_lazy("Party")

SECTIONS = [
    Section(
        "new_violations",
        gettext_lazy("New verified violations"),
        [
            Column(REFERENCE, _key("reference"), 0.16),
            Column(gettext_lazy("Accused"), _party("accused_party"), 0.12),
            Column(gettext_lazy("Reported by"), _party("reporting_party"), 0.12),
            Column(gettext_lazy("Category"), _key("category_label"), 0.2),
            Column(gettext_lazy("Occurred"), _shown("occurred_at", when), 0.14),
            Column(gettext_lazy("Grade"), _shown("grade", grade_label), 0.09),
            Column(gettext_lazy("Place"), _key("place_name"), 0.17),
        ],
        testid="violations",
        link=_link("claim-detail"),
    ),
    Section(
        "commitments_missed",
        gettext_lazy("Commitments due and missed"),
        [
            Column(REFERENCE, _key("reference"), 0.18),
            Column(PARTY, _party("party"), 0.13),
            Column(gettext_lazy("Kind"), _key("kind"), 0.2),
            Column(gettext_lazy("Commitment"), _key("description"), 0.25),
            Column(gettext_lazy("Due"), _shown("due_date", day), 0.11),
            Column(gettext_lazy("Verified / target"), _progress, 0.13),
        ],
        testid="missed",
        link=_link("commitment-detail"),
    ),
    Section(
        "overdue_referrals",
        gettext_lazy("Overdue referrals"),
        [
            Column(REFERENCE, _key("reference"), 0.16),
            Column(gettext_lazy("From"), _party("from_party"), 0.12),
            Column(gettext_lazy("To"), _party("to_party"), 0.12),
            Column(gettext_lazy("Urgency"), _key("urgency"), 0.1),
            Column(gettext_lazy("Sent"), _shown("sent_at", when), 0.18),
            Column(gettext_lazy("Late for"), _shown("late_for", lambda v: str(LATE_FOR[v])), 0.14),
            Column(gettext_lazy("Due"), _shown("due_at", when), 0.18),
        ],
        testid="overdue-referrals",
        link=_link("referral-detail"),
        hidden=gettext_lazy("Referrals are not shown to observers."),
    ),
    Section(
        "penalties",
        gettext_lazy("Penalties"),
        [
            Column(REFERENCE, _key("reference"), 0.16),
            Column(PARTY, _party("party"), 0.12),
            Column(gettext_lazy("Measure"), _key("measure"), 0.22),
            Column(gettext_lazy("Status"), _shown("status", penalty_status_label), 0.14),
            Column(gettext_lazy("Approved"), _shown("approved_at", when), 0.18),
            Column(gettext_lazy("Appeal due"), _shown("appeal_due_at", when), 0.18),
        ],
        testid="penalties",
        link=_link("penalty-detail"),
        note=gettext_lazy(
            "Cases whose measure applies (in effect, appealed, upheld), and those approved, "
            "rejected or decided on appeal in the period."
        ),
    ),
    Section(
        "disputes_decided",
        gettext_lazy("Disputes decided"),
        [
            Column(gettext_lazy("Kind"), _shown("kind", lambda v: str(RECORD_KINDS[v])), 0.11),
            Column(REFERENCE, _key("reference"), 0.16),
            Column(PARTY, _party("party"), 0.12),
            Column(gettext_lazy("Other party"), _party("other_party"), 0.12),
            Column(gettext_lazy("Outcome"), _shown("outcome", outcome_label), 0.12),
            Column(gettext_lazy("Decided"), _shown("decided_at", when), 0.17),
            Column(gettext_lazy("Meeting"), _key("meeting"), 0.2),
        ],
        testid="disputes",
        link=_dispute_link,
    ),
]


def party_names(report: dict) -> dict[str, str]:
    return {r["party"]["code"]: r["party"]["name"] for r in report["records"]}


def section_tables(report: dict, *, links: bool = False) -> list[dict]:
    """Every list of the report as headers and rows of text (with each row's link for
    the page when `links`): what the page and the PDF draw."""
    names = party_names(report)
    tables = []
    for section in SECTIONS:
        data = report.get(section.key, False)
        if data is False:
            continue
        rows = data["rows"] if data else []
        table = {
            "section": section,
            "data": data,
            "total": data["total"] if data else None,
            "header": [str(c.header) for c in section.columns],
            # The reference links to the record.
            "link_at": next((i for i, c in enumerate(section.columns) if c.header is REFERENCE), 0),
            "rows": [
                {
                    "cells": [c.text(row, names) for c in section.columns],
                    "url": section.link(row) if links and section.link else "",
                }
                for row in rows
            ],
        }
        table["cut_note"] = cut_note(table)
        tables.append(table)
    return tables


def cut_note(table: dict) -> str:
    """ "The first 200 of 350" when a list stops at LIST_LIMIT; blank otherwise."""
    total, shown = table["total"], len(table["rows"])
    if total is None or total <= shown:
        return ""
    return _("The first %(shown)d of %(total)d; the CSV and the API have the same rows.") % {
        "shown": shown,
        "total": total,
    }
