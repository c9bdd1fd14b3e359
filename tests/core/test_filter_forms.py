"""The filter panel kept per process renders exactly what the include would, and renders
anew when anything it is made from changes: the values, the language, a party's name, a
category."""

import pytest
from django.template.loader import get_template
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


def panels(reader, query: str = "", **options):
    """(kept, as the include renders it) for the same request, each from its own filterset."""
    request = RequestFactory().get(f"/dashboard/?{query}")
    request.user = reader
    kept = filter_forms.render_panel(
        claim_filter(request, incident_visible_to(reader))[0], action="/dashboard/", **options
    )
    direct = get_template(filter_forms.TEMPLATE).render(
        {
            "filter": claim_filter(request, incident_visible_to(reader))[0],
            "action": "/dashboard/",
            **options,
        }
    )
    return kept, direct


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
    first, direct = panels(reader, query)
    again, _ = panels(reader, query)
    assert first == direct and again == direct
    assert len(filter_forms._panels) == 1


def test_the_refused_values_show_their_errors(cast, category):
    html, _ = panels(cast["secretariat"], "reporting_party=XYZ")
    assert "error-summary" in html and 'value="XYZ"' not in html


def test_the_claim_lists_arguments_are_part_of_the_key(cast, category):
    reader = cast["secretariat"]
    plain, _ = panels(reader)
    with_sorts, direct = panels(
        reader, htmx_target="claim-results", show_bbox=True, sorts={"-id": "Newest"}, sort="-id"
    )
    assert with_sorts == direct and with_sorts != plain
    assert 'hx-target="#claim-results"' in with_sorts and "Newest" in with_sorts


def test_each_language_has_its_own_panel(cast, category):
    reader = cast["secretariat"]
    english, _ = panels(reader)
    with translation.override("tr"):
        turkish, direct = panels(reader)
    assert turkish == direct and turkish != english


def test_a_renamed_party_or_a_new_category_shows_at_once(cast, category, pak):
    reader = cast["secretariat"]
    before, _ = panels(reader)
    pak.name = "Islamic Republic of Pakistan"
    pak.save(update_fields=["name"])
    renamed, direct = panels(reader)
    assert renamed == direct and "Islamic Republic of Pakistan" in renamed
    assert "Islamic Republic of Pakistan" not in before
    CategoryFactory(code="sniper-fire", label="Sniper fire")
    added, direct = panels(reader)
    assert added == direct and "Sniper fire" in added and "Sniper fire" not in renamed


def test_the_parties_are_read_once_a_field_kept_or_not(cast, category, django_assert_num_queries):
    reader = cast["secretariat"]
    request = RequestFactory().get("/dashboard/")
    request.user = reader
    for _ in range(2):  # rendered, then kept
        filterset = claim_filter(request, incident_visible_to(reader))[0]
        # The categories when the form is built; the panel: each party field's choices.
        with django_assert_num_queries(2):
            filter_forms.render_panel(filterset, action="/dashboard/")
