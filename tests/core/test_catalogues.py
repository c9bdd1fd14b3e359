"""The committed catalogues: each compiles, every entry is translated and none is fuzzy,
and every translation keeps its msgid's placeholders."""

import re

import pytest

from .catalogues import CATALOGUES, catalogue_id, compile_po

PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|\{\w*\}")


def test_every_language_but_english_has_a_catalogue():
    assert {catalogue_id(po) for po in CATALOGUES} == {"ur", "ps", "fa_AF", "tr", "ar"}


@pytest.fixture(params=CATALOGUES, ids=catalogue_id)
def compiled(request, tmp_path):
    """(the .po file, msgfmt's statistics, the compiled catalogue)."""
    po = request.param
    code, statistics, catalogue = compile_po(po, tmp_path / "django.mo")
    assert code == 0, statistics
    return po, statistics, catalogue


def test_every_entry_is_translated_and_none_is_fuzzy(compiled):
    po, statistics, _ = compiled
    assert "untranslated" not in statistics, statistics
    assert "fuzzy" not in statistics, statistics
    assert "#, fuzzy" not in po.read_text(encoding="utf-8")
    assert re.match(r"\d+ translated messages\.", statistics), statistics


def test_every_translation_keeps_the_placeholders_of_its_msgid(compiled):
    _, _, catalogue = compiled
    broken = []
    for key, translation in catalogue._catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid:
            continue  # the header
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(translation)):
            broken.append((msgid, translation))
    assert not broken


def test_the_placeholder_check_sees_a_broken_one():
    assert sorted(PLACEHOLDER.findall("%(reference)s was amended")) != sorted(
        PLACEHOLDER.findall("تعدیل شد")
    )
    assert PLACEHOLDER.findall("{count} of {total}") == ["{count}", "{total}"]
