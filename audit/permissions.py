"""Who may read what of the trail in the browser."""

import rules

from accounts.permissions import is_secretariat

# The page of changes made by hand to people and reference data.
can_view_record_changes = is_secretariat
rules.add_perm("audit.view_record_changes", can_view_record_changes)
