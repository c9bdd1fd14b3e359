"""The one transition engine: a workflow is a table of actions, each with the statuses it
may start from and the statuses it may end in (django-oscar's `pipeline`). Claims and
action reports, penalty cases, referrals and meetings each declare one table; every
status change is checked against its table before it happens."""

from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext as _

from .errors import CommonError, ServiceError


@dataclass(frozen=True)
class Workflow:
    # How the refusal names one record ("claim"), marked with gettext_noop where declared:
    # the refusal reads it in the reader's language.
    noun: str
    statuses: type  # the model's TextChoices, for the refusal's words
    # action -> (statuses it may start from, statuses it may end in)
    transitions: dict[str, tuple[frozenset, frozenset]]
    # The refusal's words for an action, where the general sentence reads badly.
    refusals: dict[str, str] = field(default_factory=dict)

    def can(self, action: str, from_status: str, to_status: str | None = None) -> bool:
        sources, targets = self.transitions[action]
        return from_status in sources and (to_status is None or to_status in targets)

    def check(self, action: str, from_status: str, to_status: str | None = None) -> None:
        """Raise ILLEGAL_TRANSITION unless the table allows `action` from `from_status`
        (and to `to_status` when given)."""
        if not self.can(action, from_status, to_status):
            raise ServiceError(
                CommonError.ILLEGAL_TRANSITION,
                self.refusals.get(action) or self.refusal(from_status),
            )

    def refusal(self, from_status: str) -> str:
        """The general refusal, in the reader's language: the record and its status."""
        return _("Not possible while this %(record)s is “%(status)s”.") % {
            "record": gettext(self.noun),  # marked where the workflow is declared
            "status": self.statuses(from_status).label,
        }


def table(**actions: tuple) -> dict[str, tuple[frozenset, frozenset]]:
    """`submit=({DRAFT}, {SUBMITTED})` → the frozen table a Workflow takes."""
    return {name: (frozenset(src), frozenset(dst)) for name, (src, dst) in actions.items()}
