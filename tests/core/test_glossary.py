"""The catalogues follow locale/GLOSSARY.md: wherever an English message uses one of the
mechanism's terms, its translation uses that language's rendering of the term."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from .catalogues import CATALOGUES, catalogue_id, compile_po, entries, language_of

GLOSSARY = Path(settings.LOCALE_PATHS[0]) / "GLOSSARY.md"


def glossary() -> tuple[list[str], list[dict]]:
    """The table's language columns and its rows: {"en": [forms], "ur": [forms], ...}."""
    lines = [line for line in GLOSSARY.read_text().splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    languages = header[1:]
    rows = []
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append(
            {
                ("en" if i == 0 else languages[i - 1]): [f.strip() for f in cell.split("·")]
                for i, cell in enumerate(cells)
            }
        )
    return languages, rows


def fold(text: str, language: str) -> str:
    """Case-folded for comparison; Turkish dotted and dotless i kept apart."""
    if language == "tr":
        text = text.replace("İ", "i").replace("I", "ı")
    return text.casefold()


def english_pattern(forms: list[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def breaches(language: str, entries: dict[str, str], rows: list[dict]) -> list[str]:
    """Each entry whose English uses a term its translation does not render as fixed.
    Longer terms are read first and blanked, so "not verified" is not also "verified"."""
    ordered = sorted(rows, key=lambda row: -max(len(f) for f in row["en"]))
    found = []
    for msgid, msgstr in entries.items():
        # Placeholders and markup are not words of the message.
        english = re.sub(r"%\(\w+\)\w|\{\w*\}|<[^>]+>", " ", msgid)
        translated = fold(msgstr, language)
        for row in ordered:
            pattern = english_pattern(row["en"])
            if not pattern.search(english):
                continue
            english = pattern.sub(" ", english)
            if not any(fold(form, language) in translated for form in row[language]):
                found.append(f"{row['en'][0]!r} not rendered {row[language][0]!r}: {msgid!r}")
    return found


def test_every_row_gives_each_language_a_rendering():
    languages, rows = glossary()
    assert set(languages) == {code for code, _ in settings.LANGUAGES} - {"en"}
    assert len(rows) >= 30
    for row in rows:
        for language in languages:
            assert all(row[language]), (row["en"][0], language)


@pytest.mark.parametrize("po", CATALOGUES, ids=catalogue_id)
def test_catalogue_uses_the_glossary_terms(po, tmp_path):
    _, rows = glossary()
    code, statistics, catalogue = compile_po(po, tmp_path / "django.mo")
    assert code == 0, statistics
    assert breaches(language_of(po), entries(catalogue), rows) == []


def test_a_synonym_is_caught():
    _, rows = glossary()
    # "Appeal" in Turkish is "itiraz" here; "temyiz" is another word for it.
    assert breaches("tr", {"File an appeal": "Temyiz başvurusu yap"}, rows)
    assert not breaches("tr", {"File an appeal": "İtiraz başvurusu yap"}, rows)
    # "not verified" is read before "verified".
    assert not breaches("tr", {"Not verified": "Doğrulanmadı"}, rows)
    # Dari's own term, not Iranian Persian's.
    assert breaches("fa-af", {"Province": "استان"}, rows)
    assert not breaches("fa-af", {"Province": "ولایت"}, rows)
