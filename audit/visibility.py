"""Who may see which audit event, for the transparency log's proofs.

`audit` knows no record type, so each app that writes events registers the rule for its
subject type from its AppConfig.ready(): `register("incident", rule)` where
`rule(user, event) -> bool` answers as that record's timeline would (claims through
their visibility, a co-chair's finding withheld until both are in). A subject type
nobody registered is seen by the secretariat only.
"""

from collections.abc import Callable

from accounts.models import Role

Rule = Callable[[object, object], bool]

RULES: dict[str, Rule] = {}


def register(subject_type: str, rule: Rule) -> None:
    RULES[subject_type] = rule


def anyone_signed_in(user, event) -> bool:
    return True


def event_visible_to(user, event) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    rule = RULES.get(event.subject_type)
    if rule is None:
        return user.role == Role.SECRETARIAT
    return bool(rule(user, event))
