"""`make messages-check` (scripts/messages_check.py): the catalogues' msgids against what
the extraction would make of them; dates and wrapping do not count."""

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "messages_check.py"
spec = importlib.util.spec_from_file_location("messages_check", SCRIPT)
messages_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(messages_check)

CATALOGUE = r"""# Urdu.
msgid ""
msgstr ""
"POT-Creation-Date: 2026-12-01 10:00+0000\n"
"Language: ur\n"

msgid "Remove"
msgstr "ہٹائیں"

#, python-format
msgid ""
"The point lies in %(province)s; the nearest town is %(town)s, "
"%(km)s km away."
msgstr "نقطہ %(province)s میں ہے؛ قریب ترین قصبہ %(town)s ہے، %(km)s کلومیٹر دور۔"

msgctxt "map"
msgid "Towns"
msgstr "قصبے"

#, python-format
msgid "%(n)d day"
msgid_plural "%(n)d days"
msgstr[0] "%(n)d دن"
msgstr[1] "%(n)d دن"

#~ msgid "Gone"
#~ msgstr "گیا"
"""


def test_the_msgids_are_read_whole_with_their_context_and_plural():
    assert messages_check.msgids(CATALOGUE) == {
        ("", "Remove", ""),
        (
            "",
            "The point lies in %(province)s; the nearest town is %(town)s, %(km)s km away.",
            "",
        ),
        ("map", "Towns", ""),
        ("", "%(n)d day", "%(n)d days"),
    }


@pytest.fixture
def locale(tmp_path):
    folder = tmp_path / "locale" / "ur" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(CATALOGUE, encoding="utf-8")
    return tmp_path / "locale"


def extraction(code: str) -> list[str]:
    """A stand-in for makemessages: Python that edits the catalogue `po`."""
    return [sys.executable, "-c", f"import pathlib, sys; po = pathlib.Path(sys.argv[1]); {code}"]


def run(locale, code):
    po = locale / "ur" / "LC_MESSAGES" / "django.po"
    return messages_check.main([*extraction(code)[:3], str(po)], locale=locale), po


def test_a_new_header_date_and_other_wrapping_pass(locale, capsys):
    code, _ = run(
        locale,
        "t = po.read_text(); w = ', ' + chr(34) + chr(10) + chr(34); assert w in t; "
        "po.write_text(t.replace('2026-12-01 10:00', '2026-12-06 03:00').replace(w, ', '))",
    )
    assert code == 0
    assert "up to date" in capsys.readouterr().out


@pytest.mark.parametrize(
    "edit,word",
    [
        ('po.write_text(po.read_text() + \'\\nmsgid "Zoom in"\\nmsgstr ""\\n\')', "missing"),
        ("po.write_text(po.read_text().replace('msgid \"Remove\"', 'msgid \"Delete\"'))", "no"),
    ],
)
def test_an_added_or_removed_msgid_fails_and_the_catalogue_is_put_back(locale, capsys, edit, word):
    code, po = run(locale, edit)
    assert code == 1
    assert word in capsys.readouterr().out
    assert po.read_text(encoding="utf-8") == CATALOGUE


def test_a_failing_extraction_fails_the_check(locale):
    code, po = run(locale, "po.write_text(''); sys.exit(3)")
    assert code == 3
    assert po.read_text(encoding="utf-8") == CATALOGUE
