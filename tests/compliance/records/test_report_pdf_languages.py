"""The report's PDF in Urdu and Arabic: Arabic-script text read back shaped and in visual
order, in the embedded Arabic face; the cover, headings, charts and footer in the reader's
words, the lists' columns mirrored. An English report keeps its standard font."""

import io
from datetime import timedelta

import arabic_reshaper
import pytest
from bidi.algorithm import get_display
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from compliance.records.pdf import report_pdf
from compliance.records.present import section_tables
from compliance.records.report import implementation_report
from tests.factories_records import VerifiedClaimFactory
from tests.pdf_reading import (
    english_left,
    english_words,
    header_row,
    pieces,
    squeezed,
    whole_text,
    words_of,
)

PLACE = "طورخم سرحد"


def _read_back(pdf: bytes) -> tuple[PdfReader, str]:
    """The PDF's text as pypdf reads it. pypdf reverses each Arabic-script run it extracts,
    taking what is drawn as visual order: text drawn shaped and in visual order reads back
    shaped and in logical order; text drawn in logical order would read back reversed."""
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def report(cast, afg, category):
    now = timezone.now()
    VerifiedClaimFactory(accused_party=afg, category=category, occurred_at=now, place_name=PLACE)
    today = now.date()
    return implementation_report(
        start=today - timedelta(days=30), end=today, user=cast["secretariat"]
    )


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (
                descendants[0].get_object()["/FontDescriptor"]
                if descendants
                else font.get("/FontDescriptor")
            )
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            names.add((str(font["/BaseFont"]).lstrip("/").split("+")[-1], embedded))
    return names


def test_the_urdu_report_holds_the_shaped_place_name_in_the_embedded_face(report):
    with translation.override("ur"):
        pdf = report_pdf(report)
        drawn = get_display(arabic_reshaper.reshape(PLACE), base_dir="R")

    reader, text = _read_back(pdf)
    assert drawn[::-1] in text  # what was drawn, as pypdf reads it back
    assert drawn not in text  # not drawn in logical order
    assert PLACE not in text  # nor as bare, unjoined letters
    assert ("NotoNaskhArabic-Regular", True) in _fonts(reader)


def test_an_english_report_shapes_the_place_name_and_keeps_helvetica_elsewhere(report):
    with translation.override("en"):
        pdf = report_pdf(report)

    reader, text = _read_back(pdf)
    assert get_display(arabic_reshaper.reshape(PLACE))[::-1] in text
    assert {("Helvetica", False), ("NotoNaskhArabic-Regular", True)} <= _fonts(reader)


# The report's own words: its cover, its headings, its charts' titles, its footer.
LABELS = [
    "Implementation review report",
    "For the principals' session: %(start)s to %(end)s (UTC days, both included).",
    "The parties: %(names)s.",
    "Co-chairs of the verification mechanism: %(names)s.",
    "Generated %(when)s.",
    "The parties' records",
    "Figure",
    "Verified violations by month",
    "Verified violations by category",
    "None.",
    "Page %(page)d of %(total)d",
    "Ceasefire Verification Mechanism · implementation review",
]


@pytest.mark.parametrize("language", ["ur", "ar"])
def test_the_report_reads_from_the_right_in_the_readers_words(report, language):
    with translation.override(language):
        pdf = report_pdf(report)
        translated = [gettext(msgid) for msgid in LABELS]
        tables = section_tables(report)
    text, found = squeezed(whole_text(pdf)), pieces(pdf)

    for label in translated:
        for words in words_of(label):
            assert squeezed(words) in text, (label, words)
    for table in (t for t in tables if t["rows"]):
        # Each list's header whole, its cells drawn from the left: the last one first.
        assert squeezed("".join(table["header"][::-1])) in text, table["header"]
    # The first list's columns mirrored: its first column at the right.
    cells = header_row(found, tables[0]["header"])
    assert [c.x for c in cells] == sorted((c.x for c in cells), reverse=True)
    # No English left of the report's own words (those the catalogue translates).
    english = english_words(m for m, t in zip(LABELS, translated, strict=True) if m != t)
    assert english_left(whole_text(pdf), english) == set()
