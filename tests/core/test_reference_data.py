"""`load_reference_data`: everything an install needs before anyone works, no user, and
nothing changed by a second run. `seed_demo` loads the same data from the same source."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import CoChair, Party, User
from compliance.models import CommitmentKind, PenaltyMeasure, Urgency
from compliance.reference_data import KINDS, PENALTY_MEASURES, URGENCIES
from incidents import seed_data
from incidents.models import Category

pytestmark = pytest.mark.django_db

# Columns that differ between two loads of the same data.
VARYING = {"id", "created_at", "updated_at"}
MODELS = [Party, CoChair, Category, CommitmentKind, Urgency, PenaltyMeasure]


def load() -> str:
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


@pytest.fixture
def empty():
    """A database with none of it (migrations seed the kinds, urgencies and measures)."""
    for model in (CommitmentKind, Urgency, PenaltyMeasure):
        model.objects.all().delete()


def test_it_loads_every_kind_of_reference_data_and_says_so(empty):
    out = load()

    assert Party.objects.count() == len(seed_data.PARTIES)
    assert CoChair.objects.count() == len(seed_data.COCHAIRS)
    assert Category.objects.count() == len(seed_data.CATEGORIES)
    assert CommitmentKind.objects.count() == len(KINDS)
    assert Urgency.objects.count() == len(URGENCIES)
    assert PenaltyMeasure.objects.count() == len(PENALTY_MEASURES)
    assert out.strip() == (
        f"Created: {len(seed_data.PARTIES)} parties, {len(seed_data.COCHAIRS)} co-chairs, "
        f"{len(seed_data.CATEGORIES)} categories, {len(KINDS)} commitment kinds, "
        f"{len(URGENCIES)} urgencies, {len(PENALTY_MEASURES)} penalty measures."
    )


def test_categories_come_with_their_deadlines(empty):
    load()

    code, _, clause, assign_h, reply_h, findings_d = seed_data.CATEGORIES[2]
    category = Category.objects.get(code=code)
    assert (category.agreement_clause, category.assignment_hours) == (clause, assign_h)
    assert (category.reply_hours, category.findings_days) == (reply_h, findings_d)


def test_it_creates_no_user(empty):
    load()

    assert not User.objects.exists()


def test_a_second_run_changes_nothing(empty):
    load()
    before = snapshot()

    out = load()

    assert snapshot() == before
    assert out.strip() == "Nothing to create: the reference data is complete."


def test_it_keeps_what_the_secretariat_edited_and_adds_what_is_missing(empty):
    load()
    Category.objects.filter(code="other").update(reply_hours=5)
    Urgency.objects.filter(code="routine").delete()

    out = load()

    assert Category.objects.get(code="other").reply_hours == 5
    assert Urgency.objects.filter(code="routine").exists()
    assert out.strip() == "Created: 1 urgencies."


def test_seed_demo_loads_the_same_reference_data(empty):
    load()
    expected = snapshot()
    for model in reversed(MODELS):
        model.objects.all().delete()

    call_command("seed_demo", "--password", "Demo-pass-5521", stdout=StringIO())

    def without_ids(data):
        return {
            name: sorted(
                tuple(sorted((k, v) for k, v in row.items() if k not in VARYING)) for row in rows
            )
            for name, rows in data.items()
        }

    assert without_ids(snapshot()) == without_ids(expected)
