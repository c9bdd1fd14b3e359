"""The reverse look-up (core.geo) over the vendored provinces and gazetteer, the mismatch
warnings, and the pickers' JSON endpoint."""

import pytest

from core import geo
from core.geo.checks import normalise

KURRAM = (33.85, 70.05)  # in Kurram district, west of Parachinar
LAHORE = (31.52, 74.35)


@pytest.mark.parametrize(
    ("point", "province", "country", "place"),
    [
        (KURRAM, "Khyber Pakhtunkhwa", "PAK", "Parachinar"),
        (LAHORE, "Punjab", "PAK", None),
        ((30.917, 66.45), "Balochistan", "PAK", "Chaman"),
        ((31.0, 66.4), "Kandahar", "AFG", None),
        ((34.43, 70.45), "Nangarhar", "AFG", None),
        ((32.3, 69.57), "Khyber Pakhtunkhwa", "PAK", "Wana"),  # once FATA, since 2018 KP
    ],
)
def test_a_point_is_looked_up_to_its_province_and_nearest_place(point, province, country, place):
    found = geo.locate(*point)
    assert found.province.name == province
    assert found.province.country == country
    assert found.place is not None and found.distance_km < 40
    if place:
        assert found.place.name == place


def test_a_point_in_kurram_is_near_parachinar_in_khyber_pakhtunkhwa():
    found = geo.locate(*KURRAM)
    assert found.province.code == "PK-KP"
    assert found.place.name == "Parachinar"
    assert 5 < found.distance_km < 10
    assert found.as_dict()["place"]["name"] == "Parachinar"


def test_a_point_outside_both_countries_has_no_province():
    found = geo.locate(35.69, 51.39)  # Tehran
    assert found.province is None
    assert found.as_dict()["province"] is None


def test_the_provinces_are_those_of_today():
    names = {p.name for p in geo.lookup.provinces()}
    assert {"Khyber Pakhtunkhwa", "Punjab", "Panjshir", "Daykundi", "Parwan"} <= names
    assert "Federally Administered Tribal Areas" not in names
    assert len({p.code for p in geo.lookup.provinces()}) == len(names) == 41


def test_kurram_typed_for_a_point_in_punjab_is_flagged_on_each_field():
    found = geo.mismatches(
        *LAHORE, place_name="Kurram", district="Kurram Agency", province="Khyber Pakhtunkhwa"
    )
    assert [(m.field, m.message) for m in found] == [
        ("place_name", "The place field says Kurram (Khyber Pakhtunkhwa), the point is in Punjab."),
        (
            "district",
            "The district field says Kurram Agency (Khyber Pakhtunkhwa), the point is in Punjab.",
        ),
        ("province", "The province field says Khyber Pakhtunkhwa, the point is in Punjab."),
    ]


def test_a_town_of_the_gazetteer_far_from_the_point_is_flagged_with_the_distance():
    [found] = geo.mismatches(*LAHORE, place_name="Parachinar")
    assert found.field == "place_name"
    assert found.message.startswith("The place field says Parachinar (Khyber Pakhtunkhwa), about")
    assert found.message.endswith("km from the point, which is in Punjab.")


@pytest.mark.parametrize(
    "typed",
    [
        {"place_name": "Parachinar", "province": "Khyber Pakhtunkhwa", "district": "Kurram"},
        {"place_name": "Para Chinar", "province": "NWFP", "district": "Kurram District"},
        {"place_name": "Kurram", "province": "FATA"},
        {"place_name": "A hamlet the gazetteer does not know", "province": "kpk"},
        {"place_name": "", "province": "", "district": ""},
    ],
)
def test_names_that_agree_with_the_point_or_are_unknown_give_no_warning(typed):
    assert geo.mismatches(*KURRAM, **typed) == []


def test_a_province_typed_for_a_point_outside_both_countries_is_flagged():
    [found] = geo.mismatches(35.69, 51.39, province="Punjab")
    assert (
        found.message
        == "The province field says Punjab, the point is outside Pakistan and Afghanistan."
    )


def test_no_point_no_warning():
    assert geo.mismatches(None, None, place_name="Kurram", province="Punjab") == []


def test_names_are_compared_without_case_punctuation_or_suffixes():
    assert normalise("  Kurram  Agency ") == normalise("kurram") == "kurram"
    assert normalise("Khyber-Pakhtunkhwa Province") == "khyber pakhtunkhwa"


def test_the_locate_endpoint_answers_the_picker(client, cast):
    client.force_login(cast["pak_officer"])
    response = client.get(
        "/maps/locate/",
        {"lat": LAHORE[0], "lon": LAHORE[1], "place_name": "Kurram", "province": "Punjab"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["province"] == {"code": "PK-PB", "name": "Punjab", "country": "PAK"}
    assert body["place"]["distance_km"] < 20
    assert body["warnings"] == [
        {
            "field": "place_name",
            "message": "The place field says Kurram (Khyber Pakhtunkhwa), the point is in Punjab.",
        }
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [({"lat": "north", "lon": "70"}, "lat"), ({"lat": "33", "lon": "190"}, "lon"), ({}, "lat")],
)
def test_the_locate_endpoint_refuses_bad_coordinates_with_a_code(client, cast, query, field):
    client.force_login(cast["observer"])
    response = client.get("/maps/locate/", query)
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert list(response.json()["fields"]) == [field]


def test_the_locate_endpoint_is_for_signed_in_people_and_reads_only(client, cast):
    assert client.get("/maps/locate/", {"lat": 33, "lon": 70}).status_code == 302
    client.force_login(cast["observer"])
    assert client.post("/maps/locate/", {"lat": 33, "lon": 70}).status_code == 405
