"""Role predicates. Object-level rules live in each app's permissions module and build on these."""

import rules

from .models import Role


@rules.predicate
def is_officer(user):
    return user.is_authenticated and user.role == Role.OFFICER


@rules.predicate
def is_reviewer(user):
    return user.is_authenticated and user.role == Role.REVIEWER


@rules.predicate
def is_secretariat(user):
    return user.is_authenticated and user.role == Role.SECRETARIAT


@rules.predicate
def is_observer(user):
    return user.is_authenticated and user.role == Role.OBSERVER


can_use_admin = is_secretariat | rules.is_superuser

# Django admin: the secretariat manages organisations and users.
for _model in ("party", "cochair", "user"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"accounts.{_action}_{_model}", can_use_admin)
rules.add_perm("audit.view_auditevent", can_use_admin)

# Invitations: only the secretariat offers accounts (the page, the admin, the services).
can_invite = is_secretariat | rules.is_superuser
rules.add_perm("accounts.invite", can_invite)
rules.add_perm("accounts.view_invitation", can_invite)
rules.add_perm("accounts.add_invitation", can_invite)
# App-level permissions: what makes the admin index list these apps for the secretariat.
for _app in ("accounts", "incidents", "audit"):
    rules.add_perm(_app, can_use_admin)


def of_party(attribute: str, *, name: str):
    """A predicate: the user belongs to the party that the object names in `attribute`
    (`reporting_party_id`, `party_id`...); False when there is no object."""

    @rules.predicate(name=name)
    def predicate(user, obj):
        return obj is not None and user.party_id == getattr(obj, attribute)

    return predicate


# The second-factor policy and the single sign-on mappings: the secretariat's to set.
can_edit_sign_in_policy = is_secretariat | rules.is_superuser
rules.add_perm("accounts.edit_sign_in_policy", can_edit_sign_in_policy)
for _model in ("secondfactorpolicy", "singlesignonmapping"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"accounts.{_action}_{_model}", can_edit_sign_in_policy)
