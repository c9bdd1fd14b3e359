"""The filter panel kept per process renders exactly what the include would, and renders
anew when anything it is made from changes: the values, the language, a party's name, a
category."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from core.templatetags import filter_forms
from incidents.selectors import incident_visible_to
from incidents.views.claims import claim_filter
from tests.factories import CategoryFactory


@pytest.fixture(autouse=True)
def _no_panels_kept():
    filter_forms._panels.clear()
    yield
    filter_forms._panels.clear()


INCLUDE = {
    "dashboard": '{% include "includes/filters.html" with action=action %}',
    "claim list": '{% include "includes/filters.html" with action=action'
    ' htmx_target="claim-results" show_bbox=True %}',
}


def panels(reader, query: str = "", page: str = "dashboard", **options):
    """(kept, as the page's include rendered it) for the same request, each from its own
    filterset; the include inside the page's whole context (the request, the reader, the
    context processors), as the pages rendered the panel before it was kept."""
    request = RequestFactory().get(f"/dashboard/?{query}")
    request.user = reader
    kept = filter_forms.render_panel(
        claim_filter(request, incident_visible_to(reader))[0], action="/dashboard/", **options
    )
    included = (
        engines["django"]
        .from_string(INCLUDE[page])
        .render(
            {
                "filter": claim_filter(request, incident_visible_to(reader))[0],
                "action": "/dashboard/",
                **{k: v for k, v in options.items() if k in ("sorts", "sort")},
            },
            request=request,
        )
    )
    return kept, included


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=verified&status=disputed&reporting_party=PAK&search=Chaman",
        "reporting_party=XYZ&occurred_after=yesterday&overdue=perhaps",
    ],
    ids=["empty", "applied", "refused"],
)
def test_the_kept_panel_is_the_included_one(cast, category, query):
    reader = cast["secretariat"]
    first, included = panels(reader, query)
    again, _ = panels(reader, query)
    assert first == included and again == included
    assert len(filter_forms._panels) == 1


def test_the_refused_values_show_their_errors(cast, category):
    html, _ = panels(cast["secretariat"], "reporting_party=XYZ")
    assert "error-summary" in html and 'href="#id_reporting_party"' in html


def test_the_same_values_refused_later_show_their_errors(cast, category, pak, monkeypatch):
    """A code this process still knew, and no longer does (another process removed it):
    the same values, a different panel."""
    reader = cast["secretariat"]
    monkeypatch.setattr("incidents.filters.party_code_exists", lambda code: True)
    accepted, _ = panels(reader, "reporting_party=GONE")
    monkeypatch.setattr("incidents.filters.party_code_exists", lambda code: False)
    refused, included = panels(reader, "reporting_party=GONE")
    assert "error-summary" not in accepted
    assert refused == included and "error-summary" in refused


def test_the_pages_own_values_keep_one_panel(cast, category):
    reader = cast["secretariat"]
    for page in ("2", "3"):
        kept, included = panels(reader, f"status=verified&page={page}&sort=reference")
        assert kept == included
    assert len(filter_forms._panels) == 1


def test_with_debug_on_nothing_is_kept(cast, category, settings):
    settings.DEBUG = True
    kept, included = panels(cast["secretariat"])
    assert kept == included and not filter_forms._panels


def test_the_claim_lists_arguments_are_part_of_the_key(cast, category):
    reader = cast["secretariat"]
    plain, _ = panels(reader)
    with_sorts, included = panels(
        reader,
        page="claim list",
        htmx_target="claim-results",
        show_bbox=True,
        sorts={"-id": "Newest"},
        sort="-id",
    )
    assert with_sorts == included and with_sorts != plain
    assert 'hx-target="#claim-results"' in with_sorts and "Newest" in with_sorts


def test_each_language_has_its_own_panel(cast, category):
    reader = cast["secretariat"]
    english, _ = panels(reader)
    with translation.override("tr"):
        turkish, included = panels(reader)
    assert turkish == included and turkish != english


def test_a_renamed_party_or_a_new_category_shows_at_once(cast, category, pak):
    reader = cast["secretariat"]
    before, _ = panels(reader)
    pak.name = "Islamic Republic of Pakistan"
    pak.save(update_fields=["name"])
    renamed, included = panels(reader)
    assert renamed == included and "Islamic Republic of Pakistan" in renamed
    assert "Islamic Republic of Pakistan" not in before
    CategoryFactory(code="sniper-fire", label="Sniper fire")
    added, included = panels(reader)
    assert added == included and "Sniper fire" in added and "Sniper fire" not in renamed


def test_the_parties_are_read_once_a_field_kept_or_not(cast, category, django_assert_num_queries):
    reader = cast["secretariat"]
    request = RequestFactory().get("/dashboard/")
    request.user = reader
    for _ in range(2):  # rendered, then kept
        filterset = claim_filter(request, incident_visible_to(reader))[0]
        # The categories when the form is built; the panel: each party field's choices.
        with django_assert_num_queries(2):
            filter_forms.render_panel(filterset, action="/dashboard/")


def test_the_claim_list_shows_its_sort_and_its_own_filters(client, cast, category):
    client.force_login(cast["secretariat"])
    body = client.get("/claims/", {"sort": "reference", "status": "verified"}).content.decode()
    assert '<select name="sort" id="id_sort">' in body
    assert '<option value="reference" selected>' in body
    assert 'hx-target="#claim-results"' in body
    for field in ("bbox", "related_to", "has_counter_claim", "search"):
        assert f'id="id_{field}"' in body
    assert '<input type="checkbox" name="status" value="verified" id="id_status_4" checked>' in body
