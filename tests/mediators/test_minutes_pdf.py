"""A meeting's minutes as PDF in Urdu and Arabic: the headings, the tables' headers and
the footer in the reader's words, read back un-shaped; the tables' columns mirrored; the
minutes' paragraph read from its first line down, a reference in it left to right; no
English left of the document's own words."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from mediators.minutes import minutes_pdf
from mediators.services import agenda_item_decide
from tests.pdf_reading import (
    english_left,
    english_words,
    header_row,
    pieces,
    squeezed,
    whole_text,
    words_of,
)

FIRST, LAST = "آغاز", "اختتام"
MINUTES = " ".join(
    [FIRST, *["دونوں فریق سرحدی علاقے میں مشترکہ معائنہ کریں گے"] * 5, "PAK-2026-00042", LAST]
)
DECIDED = ["Reference", "Parties", "Kind", "Decision", "Minutes"]
CARRIED = ["Reference", "Kind", "Taken up by"]
# The minutes' own words: headings, labels, the footer.
LABELS = [
    "Minutes: %(title)s",
    "Held %(when)s",
    "Co-chairs: %(names)s.",
    "Minutes of the meeting",
    "Decisions (%(count)d)",
    "Moved or still to decide (%(count)d)",
    "Still to decide at this meeting",
    "Page %(page)d of %(total)d",
    "Ceasefire Verification Mechanism · minutes of %(title)s",
    *DECIDED,
    *CARRIED,
]


@pytest.fixture
def meeting(cast, disputed_claims, meeting_in):
    claims = disputed_claims(2)
    meeting = meeting_in(3, title="Doha")
    agenda_item_decide(
        actor=cast["secretariat"],
        item=meeting.items.get(incident=claims[0]),
        minutes="طورخم",
        outcome="inconclusive",
        grade="possible",
    )
    meeting.minutes = MINUTES
    meeting.save(update_fields=["minutes"])
    return meeting


@pytest.mark.parametrize("language", ["ur", "ar"])
def test_the_minutes_read_from_the_right_in_the_readers_words(meeting, language):
    with translation.override(language):
        pdf = minutes_pdf(meeting)
        translated = {msgid: gettext(msgid) for msgid in LABELS}
    text, found = squeezed(whole_text(pdf)), pieces(pdf)

    for label in translated.values():
        for words in words_of(label):
            assert squeezed(words) in text, (label, words)
    for labels in (DECIDED, CARRIED):
        cells = header_row(found, [translated[msgid] for msgid in labels])
        assert [c.x for c in cells] == sorted((c.x for c in cells), reverse=True), labels
    # The parties' codes with a sign the Arabic face draws between them.
    assert any(p.text == "PAK › AFG" for p in found)

    first = next(p for p in found if FIRST in p.text)
    last = next(p for p in found if LAST in p.text)
    assert first.y > last.y and first.text.startswith(FIRST)
    assert any(p.text == "PAK-2026-00042" for p in found)

    english = english_words(msgid for msgid, t in translated.items() if msgid != t)
    assert english_left(whole_text(pdf), english) == set()


def test_the_place_of_the_meeting_follows_its_time(meeting):
    meeting.location = "Doha"
    meeting.save(update_fields=["location"])
    with translation.override("en"):
        text = whole_text(minutes_pdf(meeting))
    assert "Held " in text and " · Doha" in text
