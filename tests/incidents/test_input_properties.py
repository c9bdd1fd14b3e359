"""Properties of claim input, over generated data: the API's serializers and the browser's
form never fail on any input, refuse what is invalid with field errors that carry stable
codes, and store what is valid exactly as it was sent.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from core.errors import CommonError, ServiceError
from incidents.forms import ClaimForm
from incidents.models import CASUALTY_FIELDS, GeoPrecision, Incident, TimePrecision
from incidents.serializers import (
    CASUALTY_NAMES,
    INCIDENT_VALUES,
    MAX_CASUALTIES,
    AmendSerializer,
    IncidentWriteSerializer,
    incident_json,
)
from incidents.services import incident_create_draft

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# DRF's codes for a refused field: what a client may branch on besides the field's name.
FIELD_CODES = {
    "required",
    "null",
    "blank",
    "invalid",
    "max_length",
    "min_value",
    "max_value",
    "max_string_length",
    "invalid_choice",
    "does_not_exist",
    "incorrect_type",
    "date",
    "make_aware",
    "overflow",
    "null_characters_not_allowed",
}

TEXT_LIMITS = {
    "alleged_actor": 200,
    "place_name": 200,
    "province": 100,
    "district": 100,
    "border_sector": 100,
    "narrative": 20000,
    "sources": 5000,
}
REQUIRED_TEXT = {"alleged_actor", "place_name", "province", "narrative"}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.decimals(allow_nan=False, allow_infinity=False).map(str),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=5,
)


def field_names(serializer_class) -> list[str]:
    return sorted(serializer_class().fields)


def printable_text(max_size: int, *, min_size: int = 0):
    """Text as people type it: any letters, digits, punctuation and inner spaces, no
    control or format characters (bidirectional controls are refused and invisible-only
    text counts as empty: core.text), no spaces at either end (the API trims them)."""
    return (
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl", "Zp")),
            min_size=min_size,
            max_size=min(max_size, 60),
        )
        .map(str.strip)
        .filter(lambda s: len(s) >= min_size)
    )


@st.composite
def valid_claims(draw, *, accused_code: str, category_code: str, box: tuple):
    """A claim body the API must accept, for an officer of the party whose region is
    `box` = (min_lat, max_lat, min_lon, max_lon)."""
    min_lat, max_lat, min_lon, max_lon = box
    body = {
        "accused_party": accused_code,
        "category": category_code,
        "occurred_at": draw(
            st.datetimes(
                min_value=datetime(2000, 1, 1),
                max_value=datetime(2025, 1, 1),
                timezones=st.just(UTC),
            )
        ),
        "latitude": draw(st.decimals(min_value=min_lat, max_value=max_lat, places=5)),
        "longitude": draw(st.decimals(min_value=min_lon, max_value=max_lon, places=5)),
        "time_precision": draw(st.sampled_from(TimePrecision.values)),
        "geo_precision": draw(st.sampled_from(GeoPrecision.values)),
    }
    for name, limit in TEXT_LIMITS.items():
        required = name in REQUIRED_TEXT
        if required or draw(st.booleans()):
            body[name] = draw(printable_text(limit, min_size=1 if required else 0))
    for name in CASUALTY_FIELDS:
        low = draw(st.integers(min_value=0, max_value=MAX_CASUALTIES))
        body[f"{name}_low"] = low
        body[f"{name}_high"] = draw(st.integers(min_value=low, max_value=MAX_CASUALTIES))
    return body


def as_json(body: dict) -> dict:
    """The body as a client sends it: numbers and ISO 8601 text."""
    out = dict(body)
    out["occurred_at"] = body["occurred_at"].isoformat().replace("+00:00", "Z")
    out["latitude"] = float(body["latitude"])
    out["longitude"] = float(body["longitude"])
    return out


def assert_stable_field_errors(errors, allowed_fields):
    assert errors, "refused without naming a field"
    for name, details in errors.items():
        assert name in allowed_fields, name
        for detail in details:
            assert detail.code in FIELD_CODES, (name, detail.code, str(detail))


@pytest.fixture
def region(pak):
    return (pak.min_latitude, pak.max_latitude, pak.min_longitude, pak.max_longitude)


# --- the serializers ------------------------------------------------------------------------


@pytest.mark.parametrize("serializer_class", [IncidentWriteSerializer, AmendSerializer])
@pytest.mark.parametrize("partial", [False, True])
@PROPERTY
@given(data=st.data())
def test_any_dict_is_either_valid_or_refused_with_stable_field_codes(
    serializer_class, partial, data, afg, category
):
    names = field_names(serializer_class)
    body = data.draw(
        st.dictionaries(st.sampled_from(names) | st.text(max_size=8), json_values, max_size=8)
    )

    serializer = serializer_class(data=body, partial=partial)
    if serializer.is_valid():
        content, _ = serializer.content()
        assert set(content) <= set(names)
    else:
        assert_stable_field_errors(serializer.errors, set(names) | {"non_field_errors"})


@pytest.mark.parametrize("name", ["accused_party", "category", "narrative"])
def test_a_nul_in_a_code_is_refused_with_the_code_every_text_input_uses(name, afg, category):
    serializer = IncidentWriteSerializer(data={name: "AF\x00G"}, partial=True)

    assert not serializer.is_valid()
    assert [d.code for d in serializer.errors[name]] == ["null_characters_not_allowed"]


@PROPERTY
@given(payload=json_values)
def test_anything_but_an_object_is_refused_as_a_whole(payload, afg, category):
    assume(not isinstance(payload, dict))
    serializer = IncidentWriteSerializer(data=payload)
    assert not serializer.is_valid()
    assert serializer.errors["non_field_errors"][0].code in {"invalid", "null"}


@settings(PROPERTY, max_examples=25)
@given(data=st.data())
def test_a_valid_claim_round_trips_through_the_api(data, cast, afg, category, region):
    body = data.draw(valid_claims(accused_code=afg.code, category_code=category.code, box=region))
    client = APIClient()
    client.force_authenticate(cast["pak_officer"])

    response = client.post("/api/v1/incidents/", as_json(body), format="json")

    assert response.status_code == 201, response.content
    shown = response.json()
    stored = incident_json(
        Incident.objects.filter(reference=shown["reference"]).values(*INCIDENT_VALUES).get()
    )
    assert shown == {**stored, "evidence": [], "revisions": [], "translations": []}
    for name, value in as_json(body).items():
        assert shown[name] == value, name
    for name in set(TEXT_LIMITS) - set(body):
        assert shown[name] == ""
    assert datetime.fromisoformat(shown["occurred_at"]) == body["occurred_at"]


# One wrong value on an otherwise valid claim -> (the change, the field the API must name).
def _low_above_high(draw, body, ctx):
    name = draw(st.sampled_from(CASUALTY_FIELDS))
    high = body[f"{name}_high"]
    if high == MAX_CASUALTIES:
        return {f"{name}_low": MAX_CASUALTIES, f"{name}_high": 0}, f"{name}_high"
    return {f"{name}_low": high + 1}, f"{name}_high"


def _too_long(draw, body, ctx):
    name = draw(st.sampled_from(sorted(TEXT_LIMITS)))
    return {name: "x" * (TEXT_LIMITS[name] + draw(st.integers(1, 50)))}, name


def _wrong_type(draw, body, ctx):
    name = draw(st.sampled_from(["latitude", "killed_civilian_low", "occurred_at", "narrative"]))
    # Text is the right type for a narrative: only numbers and dates can be sent words.
    wrong = [[1], {"a": 1}, None] + ([] if name == "narrative" else ["twelve"])
    return {name: draw(st.sampled_from(wrong))}, name


MUTATIONS = {
    "outside the region": lambda draw, body, ctx: (
        {"latitude": float(draw(st.decimals(-90, ctx["region"][0] - 1, places=5)))},
        "latitude",
    ),
    "in the future": lambda draw, body, ctx: (
        {
            "occurred_at": (
                timezone.now() + timedelta(minutes=draw(st.integers(5, 10**6)))
            ).isoformat()
        },
        "occurred_at",
    ),
    "low above high": _low_above_high,
    "unknown party": lambda draw, body, ctx: (
        {
            "accused_party": draw(
                st.sampled_from(["XXX", ctx["accused"].lower(), "", ctx["accused"] + " "])
            )
        },
        "accused_party",
    ),
    "unknown category": lambda draw, body, ctx: (
        {"category": draw(st.text(min_size=1, max_size=40).filter(lambda c: c != ctx["category"]))},
        "category",
    ),
    "accused is the reporter": lambda draw, body, ctx: (
        {"accused_party": ctx["reporter"]},
        "accused_party",
    ),
    "text too long": _too_long,
    "wrong type": _wrong_type,
}


@settings(PROPERTY, max_examples=40)
@given(data=st.data(), mutation=st.sampled_from(sorted(MUTATIONS)))
def test_one_wrong_value_is_refused_with_its_field_and_nothing_is_stored(
    data, mutation, cast, pak, afg, category, region
):
    body = data.draw(valid_claims(accused_code=afg.code, category_code=category.code, box=region))
    ctx = {"region": region, "reporter": pak.code, "accused": afg.code, "category": category.code}
    change, field = MUTATIONS[mutation](data.draw, body, ctx)
    client = APIClient()
    client.force_authenticate(cast["pak_officer"])
    before = Incident.objects.count()

    response = client.post("/api/v1/incidents/", {**as_json(body), **change}, format="json")

    assert response.status_code == 400, (mutation, response.content)
    error = response.json()
    assert error["code"] == CommonError.VALIDATION_ERROR
    assert field in error["fields"], (mutation, error)
    assert all(isinstance(m, str) and m for m in error["fields"][field])
    assert Incident.objects.count() == before


# --- the browser form -----------------------------------------------------------------------


def form_fields(officer) -> list[str]:
    return sorted(ClaimForm(officer=officer).fields)


@PROPERTY
@given(data=st.data())
def test_any_form_post_is_either_valid_or_refused_on_its_fields(data, cast, afg, category):
    officer = cast["pak_officer"]
    names = [n for n in form_fields(officer) if n != "evidence"]
    post = data.draw(
        st.dictionaries(
            st.sampled_from(names),
            st.text(max_size=30) | st.integers().map(str) | st.sampled_from([str(afg.pk), ""]),
            max_size=len(names),
        )
    )

    form = ClaimForm(post, {}, officer=officer)
    if form.is_valid():
        try:
            incident_create_draft(officer=officer, data=form.content())
        except ServiceError as exc:
            assert exc.code == CommonError.VALIDATION_ERROR
            assert exc.fields
    else:
        assert set(form.errors) <= set(names) | {"__all__"}
        for name, messages in form.errors.items():
            assert messages and all(str(m).strip() for m in messages), name


@settings(PROPERTY, max_examples=20)
@given(data=st.data())
def test_a_valid_form_post_stores_what_was_typed(data, cast, afg, category, region):
    officer = cast["pak_officer"]
    body = data.draw(valid_claims(accused_code=afg.code, category_code=category.code, box=region))
    body["occurred_at"] = body["occurred_at"].replace(second=0, microsecond=0)
    post = {
        **{k: str(v) for k, v in body.items()},
        "accused_party": str(afg.pk),
        "category": str(category.pk),
        "occurred_at": body["occurred_at"].strftime("%Y-%m-%dT%H:%M"),
        "evidence_visibility": "parties",
    }

    form = ClaimForm(post, {}, officer=officer)
    assert form.is_valid(), form.errors
    claim = incident_create_draft(officer=officer, data=form.content())

    claim.refresh_from_db()
    assert claim.accused_party == afg and claim.category == category
    assert claim.occurred_at == body["occurred_at"]
    assert (claim.latitude, claim.longitude) == (body["latitude"], body["longitude"])
    for name in TEXT_LIMITS:
        assert getattr(claim, name) == body.get(name, ""), name
    for name in CASUALTY_NAMES:
        assert getattr(claim, name) == body[name], name
