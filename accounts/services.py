"""Writes to the sign-in policy and to a person's preferences, each change an event on
the audit trail."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.changes import record_change, record_snapshot_stored
from core.errors import validation_error

from .models import Role, SecondFactorPolicy, SecondFactorRule, User


@transaction.atomic
def second_factor_policy_set(*, actor, rules_by_role: dict[str, str]) -> list[str]:
    """Set the rule (required/offered) of each role given; returns the roles changed.

    Only the secretariat (or a superuser) may; an unknown role or rule raises ValueError
    before anything is written. Locks the policy rows it changes.
    """
    if not actor.has_perm("accounts.edit_sign_in_policy"):
        raise PermissionDenied
    for role, rule in rules_by_role.items():
        if role not in Role.values or rule not in SecondFactorRule.values:
            raise ValueError(f"Unknown role or rule: {role}={rule}")
    changed = []
    for role, rule in rules_by_role.items():
        policy, created = SecondFactorPolicy.objects.select_for_update().get_or_create(role=role)
        if policy.rule != rule:
            before = None if created else record_snapshot_stored(policy)
            policy.rule = rule
            policy.save(update_fields=["rule"])
            # On the hash-chained trail like every change to roles: who, before, after.
            record_change(
                actor=actor,
                instance=policy,
                before=before,
                after=record_snapshot_stored(policy),
                via="service",
            )
            changed.append(role)
    return changed


def second_factor_policy_all() -> list[SecondFactorPolicy]:
    """One policy row a role, in the order of the roles (missing rows unsaved, offered)."""
    existing = {policy.role: policy for policy in SecondFactorPolicy.objects.all()}
    return [existing.get(role) or SecondFactorPolicy(role=role) for role in Role.values]


@transaction.atomic
def second_factor_policy_relax_for_demo() -> None:
    """Every role offered, none required: the demo's accounts sign in with a password.
    For seed_demo only; never called by a production path."""
    for role in Role.values:
        SecondFactorPolicy.objects.update_or_create(
            role=role, defaults={"rule": SecondFactorRule.OFFERED}
        )


@transaction.atomic
def user_preferences_set(*, actor, language: str, time_zone: str) -> bool:
    """Set the actor's own language ("" for the browser's) and time zone; returns whether
    anything changed.

    Locks the actor's row; an unknown language or zone raises VALIDATION_ERROR naming the
    field before anything is written. A change is an event on the audit trail."""
    errors = {}
    if language and language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose one of the languages offered.")
    if time_zone not in settings.TIME_ZONES:
        errors["time_zone"] = _("Choose one of the time zones offered.")
    if errors:
        raise validation_error(errors)
    user = User.objects.select_for_update().get(pk=actor.pk)
    if (user.language, user.time_zone) == (language, time_zone):
        return False
    before = record_snapshot_stored(user)
    user.language, user.time_zone = language, time_zone
    user.save(update_fields=["language", "time_zone"])
    record_change(
        actor=actor, instance=user, before=before, after=record_snapshot_stored(user), via="service"
    )
    actor.language, actor.time_zone = language, time_zone
    return True
