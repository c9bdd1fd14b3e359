from django.db import migrations

# The values as of this migration: later changes to seed_data.py do not rewrite history.
COMMITMENT_KINDS = [
    ("dismantle_sanctuary", "Dismantle sanctuary"),
    ("arrest_or_expel", "Arrest or expel a listed person"),
    ("raid", "Raid"),
    ("destroy_safe_houses", "Destroy safe houses"),
    ("border_control", "Border control measure"),
    ("financing_measure", "Financing measure"),
    ("other", "Other"),
]
URGENCIES = [
    ("immediate", "Immediate", 1, 6, 72),
    ("priority", "Priority", 2, 24, 7 * 24),
    ("routine", "Routine", 3, 72, 30 * 24),
]


def seed(apps, schema_editor):
    CommitmentKind = apps.get_model("compliance", "CommitmentKind")
    Urgency = apps.get_model("compliance", "Urgency")
    for code, label in COMMITMENT_KINDS:
        CommitmentKind.objects.get_or_create(code=code, defaults={"label": label})
    for code, label, rank, acknowledge, action in URGENCIES:
        Urgency.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "rank": rank,
                "acknowledge_hours": acknowledge,
                "action_hours": action,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_commitments_action_reports_referrals")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
