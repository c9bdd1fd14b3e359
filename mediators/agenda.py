"""Agenda sections other apps add to a meeting's page (compliance: missed commitments,
overdue referrals), so that mediators never imports them.

A section is a callable (request, meeting) -> HTML, registered from AppConfig.ready.
"""

SECTIONS: list = []


def register_section(section) -> None:
    if section not in SECTIONS:
        SECTIONS.append(section)


def extra_sections(request, meeting) -> list[str]:
    return [section(request, meeting) for section in SECTIONS]


# How many agenda items other apps put on a meeting (compliance: its entries), for the
# counts shown outside the meeting's page: callables (meeting) -> int.
ITEM_COUNTERS: list = []


def register_item_counter(counter) -> None:
    if counter not in ITEM_COUNTERS:
        ITEM_COUNTERS.append(counter)


def agenda_item_count(meeting) -> int:
    """The meeting's agenda items, claims and every other app's."""
    return meeting.items.count() + sum(counter(meeting) for counter in ITEM_COUNTERS)
