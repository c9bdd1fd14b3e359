"""The committed catalogues: each compiles, every entry is translated and none is fuzzy,
and every translation keeps its msgid's placeholders."""

import gettext
import re
import subprocess  # nosec B404  # msgfmt, with our own arguments
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|\{\w*\}")


def _id(po: Path) -> str:
    return po.parent.parent.name


def test_every_language_but_english_has_a_catalogue():
    assert {_id(po) for po in CATALOGUES} == {"ur", "ps", "fa_AF", "tr", "ar"}


@pytest.fixture(params=CATALOGUES, ids=_id)
def compiled(request, tmp_path):
    """(the .po file, msgfmt's statistics, the compiled catalogue)."""
    po, mo = request.param, tmp_path / "django.mo"
    run = subprocess.run(  # nosec B603 B607
        ["msgfmt", "--check", "--statistics", "-o", str(mo), str(po)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C"},
    )
    assert run.returncode == 0, run.stderr
    with mo.open("rb") as stream:
        return po, run.stderr, gettext.GNUTranslations(stream)


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
