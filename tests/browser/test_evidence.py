"""A reviewer weighs a claim's evidence in a real browser: a graphic photograph's preview
is blurred until the reviewer reveals it; the screenshots before and after go to
docs/screenshots/."""

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from evidence import synthetic
from evidence.analysis import evidence_analyse
from incidents.services import evidence_add
from tests.evidence.recordings import mp3_bytes
from tests.factories import IncidentFactory
from verification.statuses import Status

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_a_reviewer_reveals_a_graphic_photograph(open_as, cast, category):
    officer = cast["pak_officer"]
    claim = IncidentFactory(
        category=category,
        reporting_party=officer.party,
        accused_party=cast["afg_officer"].party,
        created_by=officer,
        status=Status.SUBMITTED,
        submitted_at=datetime(2025, 6, 3, 9, 0, tzinfo=UTC),
        occurred_at=datetime(2025, 6, 2, 6, 0, tzinfo=UTC),
        latitude=Decimal("34.13300"),
        longitude=Decimal("71.08300"),
    )
    data = synthetic.jpeg_bytes(synthetic.scene(11))
    evidence = evidence_add(
        user=officer,
        incident=claim,
        upload=SimpleUploadedFile("casualties.jpg", data, content_type="image/jpeg"),
        graphic=True,
    )
    evidence_analyse(evidence=evidence)

    page = open_as(cast["tur_reviewer"])
    page.goto(f"/claims/{claim.reference}/")
    figure = page.locator(f"#evidence-file-{evidence.pk}")
    preview = figure.get_by_test_id("evidence-preview")
    expect(preview).to_be_visible()
    expect(preview).to_have_js_property("complete", True)
    expect(figure.get_by_test_id("evidence-panel")).to_contain_text("Not seen on another record")
    expect(page.get_by_test_id("evidence-verdict-summary")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    figure.scroll_into_view_if_needed()
    veiled = preview.screenshot()
    page.screenshot(path=str(SCREENSHOTS / "evidence-graphic-veiled.png"))

    figure.get_by_role("link", name="Reveal").click()
    figure = page.locator(f"#evidence-file-{evidence.pk}")
    preview = figure.get_by_test_id("evidence-preview")
    expect(preview).to_have_attribute(
        "src", f"/claims/{claim.reference}/evidence/{evidence.pk}/preview/?reveal=1"
    )
    expect(preview).to_have_js_property("complete", True)
    expect(figure.get_by_test_id("reveal")).to_have_count(0)
    revealed = preview.screenshot()
    page.screenshot(path=str(SCREENSHOTS / "evidence-graphic-revealed.png"))

    assert veiled != revealed


def test_a_party_sees_a_reports_first_page_and_a_recordings_length(open_as, cast, category):
    officer = cast["pak_officer"]
    claim = IncidentFactory(
        category=category,
        reporting_party=officer.party,
        accused_party=cast["afg_officer"].party,
        created_by=officer,
        status=Status.SUBMITTED,
        submitted_at=datetime(2025, 6, 3, 9, 0, tzinfo=UTC),
        occurred_at=datetime(2025, 6, 2, 6, 0, tzinfo=UTC),
    )
    files = {}
    for name, data in (
        ("field-report.pdf", synthetic.pdf_bytes(pages=3)),
        ("radio-call.mp3", mp3_bytes(3000)),
    ):
        files[name] = evidence_add(
            user=officer, incident=claim, upload=SimpleUploadedFile(name, data)
        )
        evidence_analyse(evidence=files[name])

    page = open_as(cast["afg_officer"])
    page.goto(f"/claims/{claim.reference}/")
    report = page.locator(f"#evidence-file-{files['field-report.pdf'].pk}")
    preview = report.get_by_test_id("evidence-preview")
    expect(preview).to_be_visible()
    expect(preview).to_have_js_property("complete", True)
    # The page decoded, shown at its own portrait size, not stretched to the grid's width.
    natural, shown = preview.evaluate(
        "img => [[img.naturalWidth, img.naturalHeight], [img.width, img.height]]"
    )
    assert natural[1] == 320 and natural[0] < 240
    assert shown[1] <= 320 and abs(shown[0] / shown[1] - natural[0] / natural[1]) < 0.02
    expect(report.get_by_test_id("evidence-media")).to_have_text("· 3 pages")
    recording = page.locator(f"#evidence-file-{files['radio-call.mp3'].pk}")
    expect(recording.get_by_test_id("evidence-media")).to_have_text("· 1 min 12 s")
    expect(recording.get_by_test_id("evidence-nopreview")).to_have_text("No preview")
    report.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "evidence-pdf-preview.png"))
