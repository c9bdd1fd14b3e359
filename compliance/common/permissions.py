"""The compliance app's Django admin rules: the secretariat manages the taxonomies and
reads the rest. Each package's permissions.py holds the rules of its own records."""

import rules

from accounts.permissions import can_use_admin

# Django admin: the secretariat manages the taxonomies and reads the rest.
rules.add_perm("compliance", can_use_admin)
for model in ("commitmentkind", "urgency"):
    for action in ("view", "add", "change"):
        rules.add_perm(f"compliance.{action}_{model}", can_use_admin)
for model in ("commitment", "milestone", "actionreport", "referral", "agendaentry"):
    rules.add_perm(f"compliance.view_{model}", can_use_admin)
