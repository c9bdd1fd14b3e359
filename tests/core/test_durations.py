"""Clocks in hours read as days, hours and minutes."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from core.durations import human_duration


@pytest.mark.parametrize(
    "hours,text",
    [
        (168, "7 days"),
        (24, "1 day"),
        (36.5, "1 day, 12 hours"),
        (25.5, "1 day, 1 hour"),
        (2, "2 hours"),
        (12.34, "12 hours, 20 minutes"),
        (0.75, "45 minutes"),
        (0, "0 minutes"),
        (None, "—"),
    ],
)
def test_human_duration(hours, text):
    assert human_duration(hours) == text


def test_the_template_filter_says_the_same():
    from django.template import engines

    template = engines["django"].from_string("{% load deadlines %}{{ hours|human_duration }}")
    assert template.render({"hours": 168}) == "7 days"
    assert template.render({"hours": 36.5}) == "1 day, 12 hours"


def test_a_paused_findings_clock_reads_as_days_and_hours_not_h():
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    record = SimpleNamespace(
        findings_paused_at=None,
        findings_due_at=None,
        findings_overdue_at=None,
        findings_paused_hours=168,
    )
    text = render_to_string("includes/findings_deadline.html", {"record": record})
    assert "7 days added: access denied" in text
    assert " h added" not in text


def test_two_units_are_joined_by_the_languages_own_sentence():
    with translation.override("ar"):
        expected = gettext("%(larger)s, %(smaller)s") % {
            "larger": ngettext("%(n)d day", "%(n)d days", 1) % {"n": 1},
            "smaller": ngettext("%(n)d hour", "%(n)d hours", 12) % {"n": 12},
        }
        assert human_duration(36.5) == expected
        assert "1" in expected and "12" in expected
