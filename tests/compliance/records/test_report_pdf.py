"""The report's PDF read back: a cover with the period, the parties and the co-chairs;
every header and every cell's whole text, in the page's words and dates; headers repeated
on the pages a table runs onto; page numbers; and no two pieces of text overlapping or
running past the margins."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth

from compliance.records.pdf import MARGIN, report_pdf
from compliance.records.present import section_tables
from compliance.records.report import implementation_report
from tests.factories_records import ReferralFactory, VerifiedClaimFactory

LONG_WORD = "Nangarhar-Kunar-Nuristan-Bajaur-Mohmand-Khyber-Kurram-corridor"


@pytest.fixture
def report(cast, afg, pak, category, make_commitment):
    now = timezone.now()
    for n in range(3):
        VerifiedClaimFactory(
            accused_party=afg,
            category=category,
            occurred_at=now - timedelta(days=n),
            place_name=f"Torkham crossing, near the old customs house on the Khyber road {n}",
        )
    make_commitment(session_date=now.date() - timedelta(60), due_date=now.date() - timedelta(2))
    ReferralFactory(to_party=afg, from_party=pak, sent_at=now - timedelta(days=9))
    today = now.date()
    built = implementation_report(
        start=today - timedelta(days=30), end=today, user=cast["secretariat"]
    )
    # Enough rows, and long enough text, for tables to wrap and to run over pages; and a
    # row in every list, so that every header is drawn.
    first = built["new_violations"]["rows"][0]
    built["new_violations"]["rows"] += [
        {**first, "reference": f"TST-2026-{n:05d}", "place_name": f"{LONG_WORD} {n}"}
        for n in range(90)
    ]
    built["commitments_missed"]["rows"][0]["description"] = " ".join(["Withdraw"] * 40)
    built["penalties"]["rows"] = [
        {
            "reference": "PEN-AFG-2026-0001",
            "party": "AFG",
            "measure": "Formal démarche and public statement of non-compliance",
            "status": "in_effect",
            "in_effect": True,
            "approved_at": "2026-12-02T21:05:09.941457Z",
            "appeal_due_at": "2026-12-16T21:05:09.941457Z",
            "appeal_decided_at": None,
        }
    ]
    built["disputes_decided"]["rows"] = [
        {
            "kind": kind,
            "reference": f"REF-{kind}",
            "party": "AFG",
            "other_party": "PAK",
            "outcome": "not_verified",
            "grade": "",
            "decided_at": "2026-12-02T21:05:09.941457Z",
            "meeting": "Extraordinary review meeting of the joint verification mechanism, Doha",
        }
        for kind in ("claim", "action_report")
    ]
    return built


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pieces(page) -> list[tuple[float, float, float, float, str]]:
    """The boxes (left, bottom, right, top) of the page's text, from its drawing
    operations: where each piece starts, its font and size give its extent."""
    boxes = []

    def visit(text, cm, tm, font, size):
        if not text.strip() or not font:
            return
        a, b, _c, _d, e, f = tm
        ca, cb, cc, cd, ce, cf = cm
        if abs(b) > 1e-6 or abs(cb) > 1e-6:
            return  # rotated (a chart's axis labels): not text in a table
        # Where the text matrix puts the piece, through the page's current transformation.
        x, y = ca * e + cc * f + ce, cb * e + cd * f + cf
        scale = abs(a * ca)
        name = str(font.get("/BaseFont", "/Helvetica")).lstrip("/")
        for line in text.splitlines():
            if line.strip():
                width = stringWidth(line.rstrip(), name, size) * scale
                boxes.append((x, y - 0.2 * size * scale, x + width, y + 0.75 * size * scale, line))

    page.extract_text(visitor_text=visit)
    return boxes


def _overlaps(boxes) -> list[tuple[str, str]]:
    found = []
    ordered = sorted(boxes, key=lambda b: b[1])
    for i, (left, bottom, right, top, text) in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if other[1] >= top - 0.3:
                break
            overlap_x = min(right, other[2]) - max(left, other[0])
            overlap_y = min(top, other[3]) - max(bottom, other[1])
            if overlap_x > 0.3 and overlap_y > 0.3:
                found.append((text, other[4]))
    return found


def test_the_pdf_reads_back_whole(report):
    pages = PdfReader(io.BytesIO(report_pdf(report))).pages
    texts = [page.extract_text() for page in pages]
    whole = _squeeze("".join(texts))

    cover = texts[0]
    assert "Implementation review report" in cover
    assert re.search(r"\d{1,2} \w{3} \d{4} to \d{1,2} \w{3} \d{4}", cover)
    assert "Co-chairs of the verification mechanism: Qatar, Türkiye." in cover
    assert "The parties: Afghanistan, Pakistan." in cover

    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(pages)}" in text

    tables = section_tables(report)
    assert all(table["rows"] for table in tables)
    for table in tables:
        header = _squeeze("".join(table["header"]))
        assert header in whole, table["header"]
        for row in table["rows"]:
            # Each row's cells whole and in order: nothing cut, nothing dropped.
            assert _squeeze("".join(row["cells"])) in whole, row["cells"]
    assert "2 Dec 2026, 21:05 UTC" in "".join(texts)
    assert "in_effect" not in whole and "not_verified" not in whole
    assert "2026-12-02T21:05" not in whole

    # The long list runs over pages, and each of them starts with its header.
    violations = _squeeze("".join(tables[0]["header"]))
    holding = [t for t in texts if "TST-2026-000" in t]
    assert len(holding) >= 2
    assert all(violations in _squeeze(t) for t in holding)

    for number, page in enumerate(pages, start=1):
        boxes = _pieces(page)
        assert boxes
        assert _overlaps(boxes) == [], f"page {number}"
        for left, _bottom, right, _top, text in boxes:
            assert left >= MARGIN - 1 and right <= A4[0] - MARGIN + 1, (number, text)


def test_the_overlap_check_sees_text_run_into_its_neighbour():
    """What the report's PDF once did: headers wider than their columns, unwrapped."""
    from reportlab.platypus import SimpleDocTemplate, Table

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(
        [Table([["Other party", "Outcome"], ["AFG", "Not verified"]], colWidths=[30, 30])]
    )
    page = PdfReader(io.BytesIO(buffer.getvalue())).pages[0]
    assert ("Other party", "Outcome") in _overlaps(_pieces(page))
