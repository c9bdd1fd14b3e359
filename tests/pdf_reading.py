"""A generated PDF read back by pypdf, as its reader would: the pieces of text each page
draws and where, with Arabic script un-shaped so that it compares with the catalogue.

pypdf takes what is drawn as visual order: it gives each Arabic-script run back in
logical order, each run of Latin letters or digits as it is, the runs of one line in the
order they stand from left to right. Un-shaping maps the joined forms the PDF draws back
to the letters the catalogue holds (NFKC)."""

import io
import re
import unicodedata
from dataclasses import dataclass

from pypdf import PdfReader

_UNDRAWN = "[\u064b-\u065f\u0670\u200c-\u200f\u061c]"
# A run of words of one script: Arabic letters (their vowel marks within), or Latin ones.
_ARABIC_WORD = "[\u0621-\u065f\u066e-\u06d3\u06d5\u06ee-\u06ff\u0750-\u077f]+"
_LATIN_WORD = "[A-Za-z\u00c0-\u024f]+"
_RUN = re.compile(rf"{_ARABIC_WORD}(?: {_ARABIC_WORD})*|{_LATIN_WORD}(?: {_LATIN_WORD})*")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@dataclass(frozen=True)
class Piece:
    page: int
    x: float
    y: float
    text: str


def unshaped(text: str) -> str:
    """`text` in the letters the catalogue holds, its whitespace collapsed; without the
    vowel marks, which the shaping drops (reportlab could not place them), nor the
    invisible direction and joining marks."""
    text = re.sub(_UNDRAWN, "", unicodedata.normalize("NFKC", text))
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """`text` un-shaped, without any whitespace: a label found whole even where a narrow
    column broke it into lines."""
    return re.sub(r"\s+", "", unshaped(text))


def pieces(pdf: bytes) -> list[Piece]:
    """Every run of text the PDF draws, page by page, where its line starts."""
    found = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):

        def visit(text, cm, tm, _font, _size, number=number):
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                found.append(Piece(number, round(x, 1), round(y, 1), unshaped(text)))

        page.extract_text(visitor_text=visit)
    return found


def whole_text(pdf: bytes) -> str:
    """The PDF's text, un-shaped."""
    return unshaped(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def words_of(translated: str) -> list[str]:
    """The runs of words of one script in a translated text, between its placeholders,
    digits and punctuation: "صفحہ %(page)d از %(total)d" -> ["صفحہ", "از"]. What a reader
    finds of it in the PDF whatever the placeholders' values."""
    return [run for part in _PLACEHOLDER.split(unshaped(translated)) for run in _RUN.findall(part)]


def english_words(msgids) -> set[str]:
    """The English words (of four letters or more) of the labels `msgids`."""
    return {
        word
        for msgid in msgids
        for word in re.findall(r"[A-Za-z]{4,}", _PLACEHOLDER.sub(" ", msgid))
    }


def english_left(text: str, words: set[str]) -> set[str]:
    """The words of `words` that `text` holds, as whole words, in any case."""
    return {w for w in words if re.search(rf"\b{w}\b", text, re.IGNORECASE)}


def header_row(found: list[Piece], labels: list[str]) -> list[Piece]:
    """The cells of the first row drawn holding `labels`, in the order of `labels`: the
    pieces on one line of one page whose text is each label."""
    wanted = [unshaped(label) for label in labels]
    for first in (p for p in found if p.text == wanted[0]):
        row = {p.text: p for p in found if p.page == first.page and abs(p.y - first.y) < 0.5}
        if all(label in row for label in wanted):
            return [row[label] for label in wanted]
    raise AssertionError(f"no row holds {labels}")
