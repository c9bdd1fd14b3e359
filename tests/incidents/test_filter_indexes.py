"""The filters the dashboard and the lists cannot answer from the tally: what they find,
and on PostgreSQL that an index serves each (search: trigrams, migration 0017; province
and border sector: covering indexes, migration 0018) rather than a read of the table."""

import json

import pytest
from django.db import connection
from django.db.models import Count

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


def plan_nodes(queryset) -> list[dict]:
    nodes = []

    def walk(node):
        nodes.append(node)
        for child in node.get("Plans", []):
            walk(child)

    walk(json.loads(queryset.explain(format="json"))[0]["Plan"])
    return nodes


def test_province_and_sector_match_whatever_their_case(claims):
    Incident.objects.filter(pk=claims["drone"].pk).update(
        province="Balochistan", border_sector="Chaman-Spin Boldak"
    )
    found = IncidentFilter({"province": "BALOCHISTAN"}, queryset=Incident.objects.all()).qs
    assert list(found) == [claims["drone"]]
    found = IncidentFilter(
        {"border_sector": "chaman-spin boldak"}, queryset=Incident.objects.all()
    ).qs
    assert list(found) == [claims["drone"]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index-only scans on PostgreSQL")
@pytest.mark.parametrize(
    ("name", "index"),
    [("province", "incident_province_newest"), ("border_sector", "incident_sector_newest")],
)
def test_a_place_filter_is_counted_from_its_index_alone(claims, name, index, secretariat):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    filtered = IncidentFilter({name: "kurram"}, queryset=Incident.objects.visible_to(secretariat))
    # the dashboard's counts: grouped from the index's own columns
    counts = filtered.qs.order_by().values("reporting_party_id", "status").annotate(n=Count("id"))
    scans = {n.get("Index Name"): n["Node Type"] for n in plan_nodes(counts) if "Index Name" in n}
    assert scans.get(index) in {"Index Only Scan", "Index Scan"}, scans
    # the map's newest claims: in the index's order, no sort
    newest = filtered.qs.order_by("-occurred_at", "-id")[:2000]
    nodes = plan_nodes(newest)
    assert any(n.get("Index Name") == index for n in nodes), nodes
    assert not any(n["Node Type"] == "Sort" for n in nodes), nodes
