"""The stylesheets speak of the line's start and end, never of left and right, so that a
right-to-left page mirrors by itself (logical properties). Vendored CSS is not ours."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS_DIR = Path(settings.BASE_DIR) / "static" / "css"
SHEETS = sorted(CSS_DIR.rglob("*.css"))

# "left" or "right" as a word anywhere in a declaration or selector: a property's name
# (margin-left, border-right-width, left), a value (text-align: left, float: right).
PHYSICAL = re.compile(r"\b(left|right)\b")
# Four-value margins and paddings name the right and left sides by position: physical
# whenever the second and fourth differ.
BOX_SHORTHAND = re.compile(
    r"(?<![\w-])(margin|padding|inset|border-width|border-color|border-style)\s*:\s*([^;}!]+)"
)


def declarations(text):
    """(line number, declaration) of a stylesheet, comments removed."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), text, flags=re.S)
    for number, line in enumerate(text.splitlines(), start=1):
        for part in re.split(r"[;{}]", line):
            if part.strip():
                yield number, part.strip()


def physical_sides(text):
    found = []
    for number, declaration in declarations(text):
        if PHYSICAL.search(declaration):
            found.append((number, declaration))
            continue
        shorthand = BOX_SHORTHAND.search(declaration)
        if shorthand:
            values = shorthand.group(2).split()
            if len(values) == 4 and values[1] != values[3]:
                found.append((number, declaration))
    return found


def test_there_are_stylesheets_to_check():
    assert CSS_DIR / "app.css" in SHEETS


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.name)
def test_no_physical_left_or_right(sheet):
    assert physical_sides(sheet.read_text()) == []


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-left: 1rem; }",
        ".a { padding-right: 0; }",
        ".a { border-left: 4px solid red; }",
        ".a { text-align: left; }",
        ".a { float: right; }",
        ".a { position: absolute; left: 0; }",
        ".a { margin: 0 1rem .25rem 0; }",
        ".a { padding: .25rem 0 .25rem .9rem; }",
    ],
)
def test_the_check_catches_physical_sides(css):
    assert physical_sides(css) != []


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-inline-start: 1rem; }",
        ".a { text-align: start; }",
        ".a { inset-inline-end: 0; }",
        ".a { margin: 0 1rem .25rem 1rem; }",
        ".a { padding: .4rem .6rem; }",
        "/* the left column */ .a { color: red; }",
        ".highlight { color: red; }",
    ],
)
def test_the_check_lets_logical_css_through(css):
    assert physical_sides(css) == []
