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
