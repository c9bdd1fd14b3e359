"""Writes to the sign-in policy, each change an event on the audit trail."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.changes import record_change, record_snapshot_stored

from .models import Role, SecondFactorPolicy, SecondFactorRule


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
