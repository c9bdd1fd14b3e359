"""`search=` over narratives and place names: what it finds, and on PostgreSQL that the
trigram indexes (migration 0017) serve it rather than a read of every narrative."""

import json

import pytest
from django.db import connection

from incidents.filters import IncidentFilter
from incidents.models import Incident
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(pak_officer, afg_officer, category):
    def make(narrative, place_name="Torkham"):
        return IncidentFactory(
            category=category,
            reporting_party=pak_officer.party,
            accused_party=afg_officer.party,
            created_by=pak_officer,
            narrative=narrative,
            place_name=place_name,
        )

    return {
        "mortar": make("Mortar rounds landed near the checkpoint at dawn."),
        "drone": make("A drone crossed the line twice.", place_name="Chaman"),
        "quiet": make("Small arms fire, no casualties."),
    }


def searched(value):
    return IncidentFilter({"search": value}, queryset=Incident.objects.all()).qs


def test_search_finds_words_in_the_narrative_whatever_their_case(claims):
    assert list(searched("MORTAR rounds")) == [claims["mortar"]]


def test_search_finds_the_place_name(claims):
    assert list(searched("chaman")) == [claims["drone"]]


def test_a_blank_search_filters_nothing(claims):
    assert searched("   ").count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm exists on PostgreSQL")
def test_search_is_served_by_the_trigram_indexes(claims):
    with connection.cursor() as cursor:
        # Three rows are cheaper to read than an index, and PostgreSQL rightly reads them;
        # what must hold at any size is that the indexes can serve the search on their own.
        cursor.execute("SET LOCAL enable_seqscan = off")
    # The rows that match, as the dashboard counts them (a page adds its own order and
    # limit, and PostgreSQL weighs the term's frequency against walking the date index).
    plan = json.loads(searched("checkpoint").order_by().explain(format="json"))[0]["Plan"]
    used = set()

    def walk(node):
        if "Index Name" in node:
            used.add(node["Index Name"])
        for child in node.get("Plans", []):
            walk(child)

    walk(plan)
    assert {"incident_narrative_trgm", "incident_place_name_trgm"} <= used, plan
