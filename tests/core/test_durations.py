"""Clocks in hours read as days, hours and minutes."""

import pytest

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
