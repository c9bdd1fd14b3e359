"""The implementation review report as CSV tables: the records' figures, and each list."""

import csv
import io

from core.csv import csv_safe


def _record_rows(report: dict):
    for record in report["records"]:
        code = record["party"]["code"]
        violations = record["violations"]
        yield code, "violations", "total", violations["total"]
        yield code, "violations", "under_appeal", violations["under_appeal"]
        for row in violations["by_category"]:
            yield code, "violations_by_category", row["code"], row["count"]
        for row in violations["by_month"]:
            yield code, "violations_by_month", row["month"], row["count"]
        for intent, count in violations["by_intent"].items():
            yield code, "violations_by_intent", intent, count
        for key, value in record["commitments"].items():
            yield code, "commitments", key, value
        for key, value in record["access_denied"].items():
            yield code, "access_denied", key, value
        referrals = record["referrals"]
        if referrals is not None:
            yield code, "referrals", "received", referrals["received"]
            for clock in ("acknowledgement", "action"):
                for key, value in referrals[clock].items():
                    yield code, f"referrals_{clock}", key, "" if value is None else value
        for key, value in record["penalties"].items():
            if not isinstance(value, list):
                yield code, "penalties", key, value


def _list_rows(name: str, columns: list[str]):
    def rows(report: dict):
        section = report[name]
        for row in section["rows"] if section else []:
            yield [row[c] for c in columns]

    return rows


VIOLATION_COLUMNS = [
    "reference",
    "accused_party",
    "reporting_party",
    "category",
    "category_label",
    "occurred_at",
    "grade",
    "place_name",
    "province",
]
COMMITMENT_COLUMNS = [
    "reference",
    "party",
    "kind",
    "description",
    "due_date",
    "target",
    "unit",
    "verified",
]
REFERRAL_COLUMNS = [
    "reference",
    "from_party",
    "to_party",
    "urgency",
    "status",
    "sent_at",
    "late_for",
    "due_at",
]
DISPUTE_COLUMNS = [
    "kind",
    "reference",
    "party",
    "other_party",
    "outcome",
    "grade",
    "decided_at",
    "meeting",
]
PENALTY_COLUMNS = [
    "reference",
    "party",
    "measure",
    "status",
    "in_effect",
    "approved_at",
    "appeal_due_at",
    "appeal_decided_at",
]

# The report's tables as CSV: name -> (columns, rows of the report).
CSV_TABLES = {
    "records": (["party", "section", "item", "value"], _record_rows),
    "violations": (VIOLATION_COLUMNS, _list_rows("new_violations", VIOLATION_COLUMNS)),
    "commitments": (COMMITMENT_COLUMNS, _list_rows("commitments_missed", COMMITMENT_COLUMNS)),
    "referrals": (REFERRAL_COLUMNS, _list_rows("overdue_referrals", REFERRAL_COLUMNS)),
    "penalties": (PENALTY_COLUMNS, _list_rows("penalties", PENALTY_COLUMNS)),
    "disputes": (DISPUTE_COLUMNS, _list_rows("disputes_decided", DISPUTE_COLUMNS)),
}


def report_csv(report: dict, table: str) -> str:
    columns, rows = CSV_TABLES[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows(report):
        writer.writerow([csv_safe(value) for value in row])
    return buffer.getvalue()
