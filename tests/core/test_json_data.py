"""`json_data` embeds data as Django's json_script does: the same element, the same
escapes, and the same data read back."""

import json
import re
from decimal import Decimal

from django.utils.html import json_script
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from core.templatetags.json_data import json_data

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=20,
)


def body(html: str) -> str:
    return re.fullmatch(r'<script id="x" type="application/json">(.*)</script>', html, re.S)[1]


@given(JSON)
def test_the_data_reads_back_and_cannot_close_the_element(value):
    html = json_data(value, "x")

    assert json.loads(body(html)) == value
    assert "<" not in body(html) and ">" not in body(html) and "&" not in body(html)


def test_the_same_element_as_json_script():
    value = {"points": [["PAK-2026-00001", 34.1, 71.0, "</script><b>&"]], "limit": 2000}

    ours, django = json_data(value, "x"), json_script(value, "x")

    assert json.loads(body(ours)) == json.loads(body(django)) == value
    assert "\\u003C/script\\u003E\\u003Cb\\u003E\\u0026" in body(ours)


def test_lazy_text_and_decimals_as_text():
    html = json_data({"label": gettext_lazy("Verified"), "n": Decimal("1.50")}, "x")

    assert json.loads(body(html)) == {"label": "Verified", "n": "1.50"}
