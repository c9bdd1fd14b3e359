"""Colours mean the same thing everywhere: static/css/app.css gives every status of every
record exactly one tone, in one block, and the dashboard's legend names the tones."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from compliance.commitments.models import CommitmentStatus
from compliance.penalties.models import PenaltyStatus
from compliance.reference_data import URGENCIES
from mediators.models import MeetingStatus
from verification.statuses import Status

TONES = ("settled", "open", "contested", "attention", "breach", "late", "done")
CSS = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()

# The class each template puts on a status, by record.
STATUS_CLASSES = (
    [f"status-{s}" for s in Status.values]
    + [f"action-report-{s}" for s in Status.values]
    + [f"penalty-{s}" for s in PenaltyStatus.values]
    + [f"commitment-{s}" for s in CommitmentStatus.values]
    + [f"status-meeting-{s}" for s in MeetingStatus.values]
    + [f"milestone-{s}" for s in ("met", "missed", "pending")]
    + [f"urgency-{code}" for code, *_ in URGENCIES]
    + ["status-overdue"]
)


def tone_of() -> dict[str, list[str]]:
    """Each class listed under a tone's rule (`.tone-x, .a, .b { … }`), with its tones."""
    tones: dict[str, list[str]] = {}
    for selectors in re.findall(r"(\.tone-[a-z]+,[^{]*)\{", CSS):
        names = re.findall(r"\.([\w-]+)", selectors)
        tone = names[0].removeprefix("tone-")
        for name in names[1:]:
            tones.setdefault(name, []).append(tone)
    return tones


def test_every_tone_has_a_rule():
    assert set(TONES) == {tone for found in tone_of().values() for tone in found}


@pytest.mark.parametrize("name", STATUS_CLASSES)
def test_every_status_has_exactly_one_tone(name):
    assert len(tone_of().get(name, [])) == 1, name
    # …and no other rule colours it.
    others = re.findall(rf"\.{re.escape(name)}(?![\w-])[^{{]*\{{", CSS)
    assert len(others) == 1, name


@pytest.mark.parametrize(
    "name,tone",
    [
        ("status-verified", "breach"),  # a violation established against a party
        ("action-report-verified", "done"),  # the party's action, verified
        ("commitment-met", "done"),
        ("penalty-in_effect", "breach"),
        ("status-overdue", "late"),
        ("commitment-overdue", "late"),
    ],
)
def test_meanings(name, tone):
    assert tone_of()[name] == [tone]


def test_an_approval_is_not_red():
    assert re.search(r"\.decision-approve \{[^}]*var\(--tone-done\)", CSS)


def test_the_dashboard_explains_the_tones(client, cast):
    client.force_login(cast["observer"])
    body = client.get("/").content.decode()
    legend = re.search(r'<ul class="legend tone-legend".*?</ul>', body, re.S)
    assert legend
    for tone in TONES:
        assert f'class="status tone-{tone}"' in legend.group(0)
