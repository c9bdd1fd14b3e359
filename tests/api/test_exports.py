"""GET /api/v1/incidents/export.csv and export.geojson: the list's filtered set, as the
caller may see it, streamed; read back with a CSV reader and a JSON parser."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone

from incidents.serializers import IncidentSerializer
from tests.factories import IncidentFactory
from verification.statuses import Status

pytestmark = pytest.mark.django_db

CSV = "/api/v1/incidents/export.csv"
GEOJSON = "/api/v1/incidents/export.geojson"
LIST = "/api/v1/incidents/"
PUBLIC_FIELDS = list(IncidentSerializer().fields)
T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def body_of(response) -> bytes:
    assert response.status_code == 200, response.content
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def read_csv(response) -> tuple[list[str], list[dict]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="incidents.csv"'
    reader = csv.DictReader(io.StringIO(body_of(response).decode("utf-8"), newline=""))
    return list(reader.fieldnames or []), list(reader)


def read_geojson(response) -> dict:
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"] == 'attachment; filename="incidents.geojson"'
    return json.loads(body_of(response))


def in_csv(value) -> str:
    """How a JSON value of the detail reads back from the CSV."""
    return "" if value is None else str(value)


def listed(client, query=None) -> list[str]:
    response = client.get(LIST, {**(query or {}), "page_size": 500})
    assert response.status_code == 200, response.content
    return [row["reference"] for row in response.json()["results"]]


@pytest.fixture
def claims(cast, pak, afg, category):
    now = timezone.now()
    decided = dict(status=Status.VERIFIED, outcome="verified", grade="probable", closed_at=now)
    open_ = dict(status=Status.UNDER_REVIEW, submitted_at=now - timedelta(days=1))
    return {
        "pak_draft": IncidentFactory(occurred_at=T0, narrative="Draft, not yet submitted."),
        "afg_draft": IncidentFactory(
            reporting_party=afg,
            accused_party=pak,
            occurred_at=T0 + timedelta(hours=1),
            latitude=Decimal("34.50000"),
            longitude=Decimal("69.20000"),
        ),
        "open": IncidentFactory(
            **open_,
            occurred_at=T0 + timedelta(hours=2),
            assignment_overdue_at=now,
            killed_civilian_low=2,
            killed_civilian_high=5,
        ),
        "verified": IncidentFactory(
            **{**decided, "submitted_at": now - timedelta(days=3)},
            occurred_at=T0 + timedelta(hours=3),
            province="Balochistan",
            border_sector="Chaman",
            latitude=Decimal("30.91234"),
            longitude=Decimal("66.45678"),
            narrative='Gunfire, "heavy", at the gate;\nsecond line, with a comma.',
        ),
        "formulas": IncidentFactory(
            **{**decided, "submitted_at": now - timedelta(days=2)},
            occurred_at=T0 + timedelta(hours=4),
            narrative='=HYPERLINK("http://example.org","click")',
            alleged_actor="+cmd|' /C calc'!A0",
            place_name="@SUM(1+1)",
            province="-2+3",
            district="\t=1+1",
            border_sector="\r=1",
            sources="Border post log",
        ),
    }


def test_csv_has_the_public_fields_and_matches_the_detail(api_as, claims):
    client = api_as("secretariat")
    header, rows = read_csv(client.get(CSV))
    assert header == PUBLIC_FIELDS
    assert [row["reference"] for row in rows] == listed(client)  # newest first, like the list
    assert len(rows) == len(claims)
    for row in rows:
        if row["reference"] == claims["formulas"].reference:
            continue  # neutralised: checked below
        detail = client.get(f"{LIST}{row['reference']}/").json()
        assert row == {field: in_csv(detail[field]) for field in PUBLIC_FIELDS}
    verified = next(r for r in rows if r["reference"] == claims["verified"].reference)
    assert verified["narrative"] == 'Gunfire, "heavy", at the gate;\nsecond line, with a comma.'
    assert (verified["latitude"], verified["longitude"]) == ("30.91234", "66.45678")


def test_csv_neutralises_text_a_spreadsheet_would_run(api_as, claims):
    _, rows = read_csv(api_as("secretariat").get(CSV))
    row = next(r for r in rows if r["reference"] == claims["formulas"].reference)
    assert row["narrative"] == '\'=HYPERLINK("http://example.org","click")'
    assert row["alleged_actor"] == "'+cmd|' /C calc'!A0"
    assert row["place_name"] == "'@SUM(1+1)"
    assert row["province"] == "'-2+3"
    assert row["district"] == "'\t=1+1"
    assert row["border_sector"] == "'\r=1"
    assert row["sources"] == "Border post log"  # ordinary text untouched
    # No cell of any row starts with a formula character.
    for r in rows:
        for field, value in r.items():
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r"), (field, value)


def test_geojson_is_a_feature_collection_of_points_with_the_public_fields(api_as, claims):
    client = api_as("secretariat")
    collection = read_geojson(client.get(GEOJSON))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert [f["properties"]["reference"] for f in features] == listed(client)
    for feature in features:
        assert feature["type"] == "Feature"
        detail = client.get(f"{LIST}{feature['properties']['reference']}/").json()
        assert feature["geometry"] == {
            "type": "Point",
            "coordinates": [detail["longitude"], detail["latitude"]],  # lon, lat
        }
        assert list(feature["properties"]) == PUBLIC_FIELDS
        assert feature["properties"] == {field: detail[field] for field in PUBLIC_FIELDS}
    verified = next(
        f for f in features if f["properties"]["reference"] == claims["verified"].reference
    )
    assert verified["geometry"]["coordinates"] == [66.45678, 30.91234]


def test_an_empty_set_is_a_header_or_an_empty_collection(api_as, claims):
    client = api_as("secretariat")
    header, rows = read_csv(client.get(CSV, {"search": "nothing matches this"}))
    assert header == PUBLIC_FIELDS and rows == []
    collection = read_geojson(client.get(GEOJSON, {"search": "nothing matches this"}))
    assert collection == {"type": "FeatureCollection", "features": []}


FILTERS = [
    {"status": "verified"},
    {"status": ["under_review", "draft"]},
    {"reporting_party": "AFG"},
    {"accused_party": "AFG"},
    {"category": "cross_border_fire"},
    {"occurred_after": "2025-06-01T13:30:00Z", "occurred_before": "2025-06-01T15:30:00Z"},
    {"province": "BALOCHISTAN"},
    {"border_sector": "chaman"},
    {"bbox": "66,30,67,31"},
    {"overdue": "true"},
    {"overdue": "false"},
    {"search": "gate"},
]


@pytest.mark.parametrize("query", FILTERS, ids=str)
@pytest.mark.parametrize("name", ["secretariat", "pak_officer", "afg_officer", "observer"])
def test_exports_honour_the_list_filters_and_visibility(api_as, claims, name, query):
    client = api_as(name)
    expected = listed(client, query)
    _, rows = read_csv(client.get(CSV, query))
    assert [row["reference"] for row in rows] == expected
    features = read_geojson(client.get(GEOJSON, query))["features"]
    assert [f["properties"]["reference"] for f in features] == expected


@pytest.mark.parametrize("path", [CSV, GEOJSON])
def test_each_caller_exports_only_what_it_may_see(api_as, claims, path):
    def exported(name):
        response = api_as(name).get(path)
        if path == CSV:
            return {row["reference"] for row in read_csv(response)[1]}
        return {f["properties"]["reference"] for f in read_geojson(response)["features"]}

    ref = {name: claim.reference for name, claim in claims.items()}
    submitted = {ref["open"], ref["verified"], ref["formulas"]}
    assert exported("observer") == {ref["verified"], ref["formulas"]}  # decided only
    assert exported("pak_officer") == submitted | {ref["pak_draft"]}
    assert exported("afg_officer") == submitted | {ref["afg_draft"]}
    assert exported("tur_reviewer") == submitted
    assert exported("secretariat") == set(ref.values())


@pytest.mark.parametrize("path", [CSV, GEOJSON])
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"occurred_after": "not a date"}, "occurred_after"),
        ({"reporting_party": "XYZ"}, "reporting_party"),
        ({"status": "pending"}, "status"),
        ({"overdue": "perhaps"}, "overdue"),
    ],
)
def test_bad_filters_answer_400_json_before_anything_is_streamed(
    api_as, claims, path, query, field
):
    response = api_as("secretariat").get(path, query)
    assert response.status_code == 400
    assert not isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR" and field in body["fields"]


@pytest.mark.parametrize("path", [CSV, GEOJSON])
def test_exports_need_a_token(api_as, claims, path):
    response = api_as(None).get(path)
    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"


@pytest.mark.parametrize("path", [CSV, GEOJSON])
def test_many_rows_stream_in_many_chunks_with_few_queries(
    api_as, cast, category, path, django_assert_max_num_queries
):
    now = timezone.now()
    IncidentFactory.create_batch(
        450,
        status=Status.UNDER_REVIEW,
        submitted_at=now - timedelta(days=1),
        occurred_at=T0,
    )
    client = api_as("afg_officer")
    # Token, the bounded count that decides between streaming and a job (it stops past
    # EXPORT_ASYNC_THRESHOLD), then one query for the rows (the filter check builds but
    # does not run one).
    with django_assert_max_num_queries(3):
        response = client.get(path)
        assert isinstance(response, StreamingHttpResponse)
        chunks = [chunk for chunk in response.streaming_content if chunk]
    assert len(chunks) >= 3  # not one body built in memory
    content = b"".join(chunks)
    if path == CSV:
        rows = list(csv.DictReader(io.StringIO(content.decode(), newline="")))
        assert len(rows) == 450 and len({r["reference"] for r in rows}) == 450
    else:
        assert len(json.loads(content)["features"]) == 450
