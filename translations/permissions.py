"""Who may translate a record's narrative: the secretariat, or a co-chair's reviewer
concerned with the record (assigned to a claim or an action report; any mediator for a
referral, which has no assignment). Seeing the record is the caller's visibility, checked
where the record is loaded."""

import rules

from accounts.permissions import is_reviewer, is_secretariat

from .registry import translatable_of


@rules.predicate
def reviews_record(user, record):
    return record is not None and translatable_of(record).reviews(user, record)


can_translate_narrative = is_secretariat | (is_reviewer & reviews_record)

rules.add_perm("translations.translate", can_translate_narrative)
