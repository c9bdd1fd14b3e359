"""The commitment kinds, urgencies and penalty measures every install starts with, for
core.reference_data. Migrations 0002 and 0004 seed the same rows into a new database;
this puts back what is missing from one flushed since."""

import importlib

from .models import CommitmentKind, PenaltyMeasure, Urgency

KINDS = [
    ("dismantle_sanctuary", "Dismantle sanctuary"),
    ("arrest_or_expel", "Arrest or expel a listed person"),
    ("raid", "Raid"),
    ("destroy_safe_houses", "Destroy safe houses"),
    ("border_control", "Border control measure"),
    ("financing_measure", "Financing measure"),
    ("other", "Other"),
]
PENALTY_MEASURES = importlib.import_module("compliance.migrations.0004_penalties").MEASURES
URGENCIES = [
    # code, label, rank, hours to acknowledge, hours to act
    ("immediate", "Immediate", 1, 6, 72),
    ("priority", "Priority", 2, 24, 7 * 24),
    ("routine", "Routine", 3, 72, 30 * 24),
]


def reference_data_load() -> dict[str, int]:
    """Creates what is missing, never changes what the secretariat has edited; returns
    how many of each it created."""
    created = {"commitment kinds": 0, "urgencies": 0, "penalty measures": 0}
    for code, label in KINDS:
        created["commitment kinds"] += CommitmentKind.objects.get_or_create(
            code=code, defaults={"label": label}
        )[1]
    for code, label, rank, acknowledge, action in URGENCIES:
        created["urgencies"] += Urgency.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "rank": rank,
                "acknowledge_hours": acknowledge,
                "action_hours": action,
            },
        )[1]
    for code, label, description, appeal_days in PENALTY_MEASURES:
        created["penalty measures"] += PenaltyMeasure.objects.get_or_create(
            code=code,
            defaults={"label": label, "description": description, "appeal_days": appeal_days},
        )[1]
    return created
