"""Who may lock the mechanism down: the secretariat, and nobody else."""

import rules

from accounts.permissions import is_secretariat

can_lock_down = is_secretariat

rules.add_perm("operations.lock_down", can_lock_down)
