"""The scripts' words (core/js_strings.py): every page carries them in its language as the
json_script "js-strings", and each word a script asks for is there."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from core.js_strings import PLURAL_SAMPLES, js_strings

SCRIPTS = Path(settings.BASE_DIR) / "static" / "js"
BLOCK = re.compile(r'<script id="js-strings" type="application/json">(.*?)</script>', re.S)


def words_of(page: str) -> dict:
    found = BLOCK.search(page)
    assert found, "the page carries no js-strings"
    return json.loads(found.group(1))


@pytest.mark.django_db
def test_a_page_in_urdu_carries_the_scripts_words_in_urdu(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    words = words_of(page)

    with translation.override("ur"):
        assert words["remove"] == gettext("Remove") != "Remove"
        assert words["group_verified"] == gettext("Verified") != "Verified"
        assert words["access_denied"] == gettext("Access denied")
        assert words["day"]["one"] == ngettext("%(n)d day", "%(n)d days", 1)
    assert set(words) == set(js_strings())


@pytest.mark.django_db
def test_the_english_page_carries_the_english_words(client):
    words = words_of(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert words["remove"] == "Remove"
    assert words["left"] == "%(span)s left"
    assert words["hour"] == {
        "zero": "%(n)d hours",
        "one": "%(n)d hour",
        "two": "%(n)d hours",
        "few": "%(n)d hours",
        "many": "%(n)d hours",
        "other": "%(n)d hours",
    }


def test_a_plural_is_sent_as_its_forms_by_plural_category():
    """Arabic has six forms; the script picks one with Intl.PluralRules("ar")."""
    with translation.override("ar"):
        forms = js_strings()["minute"]
        expected = {
            category: ngettext("%(n)d minute", "%(n)d minutes", n)
            for category, n in PLURAL_SAMPLES.items()
        }
    assert forms == expected
    assert len(set(forms.values())) > 2  # more than English's two forms


def _asked_for() -> set[str]:
    """The keys the scripts pass to pageText.text / pageText.count as literals."""
    keys = set()
    for script in SCRIPTS.glob("*.js"):
        if script.name == "i18n.js":
            continue
        source = script.read_text(encoding="utf-8")
        for call in re.finditer(r"\b(?:text|count)\(\s*([^,)]*)", source):
            keys |= {k for k in re.findall(r'"(\w+)"', call.group(1)) if not k.endswith("_")}
        # maps.js: a layer per status group, named "group_<key>".
        keys |= {f"group_{k}" for k in re.findall(r'\{ key: "(\w+)"', source)}
    return keys


def test_every_word_a_script_asks_for_is_on_the_page():
    asked = _asked_for()
    assert {"remove", "ground_count", "regional_borders", "left", "overdue", "day"} <= asked
    assert {"group_verified", "group_other"} <= asked
    assert asked <= set(js_strings())
    # The look-up's sentence is chosen from these four (maps.js, show()).
    assert {"lies_in", "lies_in_town", "lies_outside", "lies_outside_town"} <= set(js_strings())


def test_no_script_writes_english_of_its_own():
    """Texts reach the page through pageText: no script sets an English sentence."""
    for script in SCRIPTS.glob("*.js"):
        source = script.read_text(encoding="utf-8")
        assert not re.search(r'textContent\s*=\s*"[A-Za-z]', source), script.name
        assert not re.search(r'"\s*\+\s*"[a-z ]+ "|" (against|left|is empty)', source), script.name


def test_the_templates_no_longer_carry_words_for_scripts():
    templates = Path(settings.BASE_DIR) / "templates"
    for name in ("compliance/_milestone_rows.html", "compliance/_penalty_grounds.html"):
        text = (templates / name).read_text(encoding="utf-8")
        assert "data-remove-label" not in text
        assert "data-template" not in text
