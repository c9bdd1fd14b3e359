"""The signed-in home page ("My work"): what awaits each person, in sections that the apps
register from their AppConfig.ready(), so that the page's own module imports no domain.

A section provider is a callable (user, now) -> HomeSection | None; it answers None for
roles it does not serve. Each provider reads a bounded list (ROWS) and a count, so the
page's queries do not grow with the records behind it.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from .durations import human_duration

ROWS = 10


@dataclass(frozen=True)
class HomeRow:
    reference: str
    url: str
    summary: str
    # The deadline this row is about ("Reply due") and, when acting must wait, from when.
    due: datetime | None = None
    due_label: str = ""
    acts_from: datetime | None = None
    overdue: bool = False


@dataclass(frozen=True)
class HomeSection:
    key: str
    title: str
    count: int
    rows: list[HomeRow]
    see_all_url: str = ""
    empty: str = ""
    # Rows say when they can be acted on (a reviewer's queue): from `acts_from`, or now.
    actionable: bool = False
    # Label and value lines for a section that is one thing, not a list (the next
    # meeting), and the link to that thing's page.
    lines: list[tuple[str, str]] = field(default_factory=list)
    link: str = ""


# (order, provider); lower order first.
PROVIDERS: list[tuple[int, object]] = []


def register_home_section(provider, *, order: int = 100) -> None:
    """Add a section to the home page (from AppConfig.ready)."""
    if all(existing is not provider for _, existing in PROVIDERS):
        PROVIDERS.append((order, provider))
        PROVIDERS.sort(key=lambda pair: pair[0])


def home_sections(user, *, now: datetime) -> list[HomeSection]:
    sections = (provider(user, now) for _, provider in PROVIDERS)
    return [section for section in sections if section is not None]


def countdown(due: datetime | None, *, now: datetime) -> str:
    """ "in 2 days, 4 hours" before the deadline, "2 days, 4 hours overdue" after it."""
    if due is None:
        return ""
    hours = (due - now).total_seconds() / 3600
    if hours >= 0:
        return _("in %(span)s") % {"span": human_duration(hours)}
    return _("%(span)s overdue") % {"span": human_duration(hours)}
