"""Suggestions: when a claim is submitted, the other party's claims close in time and
place are suggested as the same event, from the category's window and distance."""

import pytest

from incidents.links.models import LinkSuggestion, SuggestionState
from incidents.links.selectors import distance_km, suggestion_candidates, suggestions_of
from incidents.links.services import suggestions_on_submit

pytestmark = pytest.mark.django_db


def pairs():
    return set(LinkSuggestion.objects.values_list("first__reference", "second__reference"))


def test_the_other_partys_claim_nearby_is_suggested_on_submission(file_at):
    pak = file_at("pak_officer", hours_ago=10)
    afg = file_at("afg_officer", hours_ago=4, lat="34.16000", lon="71.10000")  # ~3.4 km

    (suggestion,) = LinkSuggestion.objects.all()
    assert {suggestion.first_id, suggestion.second_id} == {pak.pk, afg.pk}
    assert suggestion.first_id < suggestion.second_id
    assert suggestion.state == SuggestionState.OPEN
    assert suggestion.minutes_apart == 360
    assert 3000 < suggestion.distance_m < 4000


@pytest.mark.parametrize(
    ("by", "hours_ago", "lat", "why"),
    [
        ("pak_officer", 6, "34.13300", "the same party"),
        ("afg_officer", 40, "34.13300", "34 h apart: outside the 24 h window"),
        ("afg_officer", 6, "34.25000", "13 km north: outside 10 km"),
    ],
)
def test_what_is_not_suggested(file_at, by, hours_ago, lat, why):
    file_at("pak_officer", hours_ago=6)
    file_at(by, hours_ago=hours_ago, lat=lat)

    assert not pairs(), why


def test_a_claim_just_inside_the_distance_is_suggested(file_at):
    file_at("pak_officer", hours_ago=6)
    file_at("afg_officer", hours_ago=29, lat="34.20000", lon="71.15000")  # 23 h, 9.7 km

    (suggestion,) = LinkSuggestion.objects.all()
    assert suggestion.distance_m == round(distance_km("34.133", "71.083", "34.2", "71.15") * 1000)
    assert 9000 < suggestion.distance_m < 10000


def test_the_box_corner_beyond_the_distance_is_not_suggested(file_at):
    """The bounding box lets its corners in; the exact distance keeps them out."""
    file_at("pak_officer")
    # 0.08° north and 0.095° east: each inside the 10 km box, together ~12 km away.
    file_at("afg_officer", lat="34.21300", lon="71.17800")
    assert distance_km("34.133", "71.083", "34.213", "71.178") > 10
    assert not pairs()


def test_drafts_and_withdrawn_claims_are_not_suggested(file_at, cast):
    from verification.services import review_withdraw

    file_at("pak_officer", submit=False)
    withdrawn = file_at("pak_officer")
    review_withdraw(actor=cast["pak_officer"], record=withdrawn, reason="Filed twice.")
    LinkSuggestion.objects.all().delete()

    file_at("afg_officer")

    assert not pairs()


def test_the_category_sets_the_window_and_distance(file_at, category):
    category.same_event_hours = 48
    category.same_event_km = 20
    category.save()
    file_at("pak_officer", hours_ago=40)
    file_at("afg_officer", hours_ago=2, lat="34.25000")  # 36 h and 13 km apart

    assert len(pairs()) == 1


def test_suggesting_again_writes_nothing(file_at):
    file_at("pak_officer")
    afg = file_at("afg_officer")

    assert LinkSuggestion.objects.count() == 1
    suggestions_on_submit(afg)
    assert LinkSuggestion.objects.count() == 1


def test_the_candidates_are_one_query(file_at, django_assert_num_queries):
    for hours in (2, 5, 9):
        file_at("pak_officer", hours_ago=hours)
    afg = file_at("afg_officer", submit=False)
    afg.refresh_from_db()
    afg.category  # noqa: B018  (loaded with the claim in the submit path)

    with django_assert_num_queries(1):
        found = suggestion_candidates(afg)

    assert len(found) == 3


@pytest.mark.parametrize(
    ("caller", "sees"),
    [
        ("pak_officer", False),
        ("afg_officer", False),
        ("tur_reviewer", True),
        ("qat_reviewer", True),
        ("secretariat", True),
        ("observer", False),
    ],
)
def test_open_suggestions_are_for_the_mediators_only(file_at, cast, caller, sees):
    pak = file_at("pak_officer")
    file_at("afg_officer")

    assert bool(list(suggestions_of(user=cast[caller], claim=pak))) is sees
