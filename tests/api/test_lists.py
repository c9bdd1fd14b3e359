"""GET /api/v1/incidents/ and /api/v1/meetings/: filters, ordering, cursor pagination,
and a query count that does not grow with the page."""

import base64
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from incidents.models import Incident
from mediators.models import ReviewMeeting
from tests.factories import CategoryFactory, IncidentFactory
from verification.statuses import Status

pytestmark = pytest.mark.django_db

LIST = "/api/v1/incidents/"
MEETINGS = "/api/v1/meetings/"
T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def refs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["reference"] for row in response.json()["results"]]


def submitted(**fields):
    """A claim both parties and the co-chairs see."""
    now = timezone.now()
    defaults = {"status": Status.UNDER_REVIEW, "submitted_at": now - timedelta(days=1)}
    return IncidentFactory(**{**defaults, **fields})


@pytest.fixture
def fire(category):
    return category


@pytest.fixture
def drone(db):
    return CategoryFactory(code="drone_strike", label="Air or drone strike")


@pytest.fixture
def claims(cast, pak, afg, fire, drone):
    """One claim per distinguishing trait; the names say which."""
    now = timezone.now()
    return {
        "kurram": submitted(
            occurred_at=T0,
            province="Khyber Pakhtunkhwa",
            border_sector="Kurram",
            place_name="Parachinar",
            latitude=Decimal("33.90000"),
            longitude=Decimal("70.10000"),
            narrative="Shelling hit the bazaar.",
        ),
        "afg_drone": submitted(
            reporting_party=afg,
            accused_party=pak,
            category=drone,
            occurred_at=T0 + timedelta(days=1),
            province="Paktika",
            border_sector="Barmal",
            place_name="Barmal",
            latitude=Decimal("32.80000"),
            longitude=Decimal("69.30000"),
            narrative="A drone struck a house.",
        ),
        "verified": submitted(
            status=Status.VERIFIED,
            outcome="verified",
            grade="confirmed",
            closed_at=now,
            occurred_at=T0 + timedelta(days=2),
            province="Balochistan",
            border_sector="Chaman",
            place_name="Chaman",
            latitude=Decimal("30.90000"),
            longitude=Decimal("66.40000"),
            narrative="Crossing closed after gunfire at the Friendship Gate.",
        ),
        "overdue": submitted(
            status=Status.SUBMITTED,
            occurred_at=T0 + timedelta(days=3),
            assignment_due_at=now - timedelta(days=2),
            assignment_overdue_at=now - timedelta(days=1),
            province="Khyber Pakhtunkhwa",
            border_sector="Torkham",
            narrative="Small arms fire.",
        ),
        "pak_draft": IncidentFactory(
            occurred_at=T0 + timedelta(days=4), province="Sindh", narrative="Draft."
        ),
    }


def by_name(claims, *names):
    return sorted(claims[name].reference for name in names)


FILTERS = [
    ({"status": "verified"}, ["verified"]),
    ({"status": ["verified", "submitted"]}, ["verified", "overdue"]),
    ({"status": "draft"}, ["pak_draft"]),
    ({"reporting_party": "AFG"}, ["afg_drone"]),
    ({"accused_party": "AFG"}, ["kurram", "verified", "overdue", "pak_draft"]),
    ({"category": "drone_strike"}, ["afg_drone"]),
    ({"occurred_after": "2025-06-03T12:00:00Z"}, ["verified", "overdue", "pak_draft"]),
    ({"occurred_before": "2025-06-02T12:00:00Z"}, ["kurram", "afg_drone"]),
    # Offsets Python accepts and PostgreSQL would not (beyond ±16 h), same instants.
    ({"occurred_after": "2025-06-04T10:08:00+22:08"}, ["verified", "overdue", "pak_draft"]),
    ({"occurred_before": "2025-06-01T18:00:00-18:00"}, ["kurram", "afg_drone"]),
    (
        {"occurred_after": "2025-06-02T00:00:00Z", "occurred_before": "2025-06-03T23:00:00+05:00"},
        ["afg_drone", "verified"],
    ),
    ({"province": "khyber pakhtunkhwa"}, ["kurram", "overdue"]),
    ({"border_sector": "CHAMAN"}, ["verified"]),
    ({"bbox": "69,32,71,34"}, ["kurram", "afg_drone"]),
    ({"bbox": "66.4,30.9,66.4,30.9"}, ["verified"]),  # the edges are inside
    ({"overdue": "true"}, ["overdue"]),
    ({"overdue": "false"}, ["kurram", "afg_drone", "verified", "pak_draft"]),
    ({"search": "drone"}, ["afg_drone"]),  # narrative
    ({"search": "parachinar"}, ["kurram"]),  # place name
    ({"search": "friendship gate"}, ["verified"]),
    ({"search": "100%"}, []),  # LIKE wildcards are text
]


@pytest.mark.parametrize(("query", "expected"), FILTERS, ids=lambda v: str(v))
def test_each_filter_alone(api_as, claims, query, expected):
    found = refs(api_as("secretariat").get(LIST, query))
    assert sorted(found) == by_name(claims, *expected)


def test_filters_combine_and_respect_visibility(api_as, claims):
    query = {"province": "Khyber Pakhtunkhwa", "status": ["submitted", "under_review"]}
    assert sorted(refs(api_as("afg_officer").get(LIST, query))) == by_name(
        claims, "kurram", "overdue"
    )
    # A party never sees the other's drafts, whatever it asks for.
    assert refs(api_as("afg_officer").get(LIST, {"status": "draft"})) == []
    assert refs(api_as("pak_officer").get(LIST, {"status": "draft"})) == [
        claims["pak_draft"].reference
    ]
    # Observers see decided claims only.
    assert refs(api_as("observer").get(LIST)) == [claims["verified"].reference]
    assert refs(api_as("observer").get(LIST, {"status": "under_review"})) == []


BAD_FILTERS = [
    ({"bbox": "1,2,3"}, "bbox"),
    ({"bbox": "a,b,c,d"}, "bbox"),
    ({"bbox": "71,34,69,32"}, "bbox"),  # min > max
    ({"bbox": "-200,0,0,10"}, "bbox"),
    ({"bbox": "0,-91,10,10"}, "bbox"),
    ({"bbox": "NaN,0,1,1"}, "bbox"),
    ({"bbox": "sNaN,0,1,1"}, "bbox"),
    ({"bbox": "Infinity,0,1,1"}, "bbox"),
    ({"occurred_after": "yesterday"}, "occurred_after"),
    ({"occurred_after": "2025-13-45T00:00:00Z"}, "occurred_after"),
    ({"occurred_before": "2025-06-01T25:00:00Z"}, "occurred_before"),
    ({"occurred_after": "9999-12-31T23:59:59-05:00"}, "occurred_after"),  # past year 9999 in UTC
    ({"occurred_before": "0001-01-01T00:00:00+05:00"}, "occurred_before"),  # before year 1 in UTC
    ({"reporting_party": "XYZ"}, "reporting_party"),
    ({"accused_party": "pak"}, "accused_party"),
    ({"reporting_party": "PA\x00K"}, "reporting_party"),
    ({"status": "pending"}, "status"),
    ({"status": ["verified", "bogus"]}, "status"),
    ({"overdue": "maybe"}, "overdue"),
    ({"category": "x" * 41}, "category"),
    ({"search": "x" * 201}, "search"),
    ({"search": "a\x00b"}, "search"),
    ({"province": "x" * 101}, "province"),
    ({"ordering": "reference"}, "ordering"),
    ({"ordering": "-id"}, "ordering"),
    ({"page_size": "0"}, "page_size"),
    ({"page_size": "501"}, "page_size"),
    ({"page_size": "-1"}, "page_size"),
    ({"page_size": "ten"}, "page_size"),
    ({"page_size": "1e2"}, "page_size"),
    ({"page_size": "9" * 30}, "page_size"),
]


@pytest.mark.parametrize(("query", "field"), BAD_FILTERS, ids=lambda v: repr(v)[:40])
def test_bad_values_answer_400_naming_the_parameter(api_as, claims, query, field):
    for path in (LIST, "/api/v1/incidents/export.csv", "/api/v1/incidents/export.geojson"):
        if field in ("ordering", "page_size") and path != LIST:
            continue  # the exports are neither ordered by choice nor paged
        response = api_as("secretariat").get(path, query)
        assert response.status_code == 400, (path, response.content)
        body = response.json()
        assert body["code"] == "VALIDATION_ERROR"
        assert field in body["fields"], body


# --- ordering ---------------------------------------------------------------------------

ORDERINGS = [
    "-occurred_at",
    "occurred_at",
    "-created_at",
    "created_at",
    "-updated_at",
    "updated_at",
]


@pytest.fixture
def spread(cast, fire):
    """Claims with occurred_at, created_at and updated_at in different orders."""
    rows = [submitted(occurred_at=T0 + timedelta(hours=h)) for h in (5, 1, 3, 2, 4)]
    # created_at and updated_at are automatic: spread them out by hand, in another order.
    for index, (claim, shift) in enumerate(zip(rows, (2, 4, 1, 5, 3), strict=True)):
        Incident.objects.filter(pk=claim.pk).update(
            created_at=T0 + timedelta(days=shift), updated_at=T0 + timedelta(days=10 - index)
        )
    return rows


def expected_order(ordering: str) -> list[str]:
    field = ordering.lstrip("-")
    rows = Incident.objects.order_by(ordering, f"{ordering[:1] if ordering[0] == '-' else ''}id")
    return [row.reference for row in rows if getattr(row, field) is not None]


def test_newest_first_by_default(api_as, spread):
    found = refs(api_as("secretariat").get(LIST))
    occurred = [Incident.objects.get(reference=r).occurred_at for r in found]
    assert occurred == sorted(occurred, reverse=True)
    assert found == expected_order("-occurred_at")


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_each_allowed_ordering(api_as, spread, ordering):
    found = refs(api_as("secretariat").get(LIST, {"ordering": ordering}))
    assert found == expected_order(ordering)
    assert len(found) == 5


# --- cursor pagination ------------------------------------------------------------------


def query_of(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def walk(client, path, query, direction="next"):
    """Follow `direction` links from `query`: every page's rows in the order met, and
    the query of the page where the links end."""
    pages, current = [], query
    while True:
        response = client.get(path, current)
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append(body["results"])
        if body[direction] is None:
            return pages, current
        assert len(pages) < 100, "the walk does not end"
        current = query_of(body[direction])


@pytest.fixture
def many(cast, fire):
    """37 claims, 15 of them at the very same instant (ties broken by id)."""
    rows = [submitted(occurred_at=T0 + timedelta(minutes=m)) for m in range(22)]
    rows += [submitted(occurred_at=T0 + timedelta(minutes=7)) for _ in range(15)]
    return rows


@pytest.mark.parametrize("ordering", ORDERINGS)
@pytest.mark.parametrize("size", [1, 7, 37, 50])
def test_walking_forward_and_back_sees_every_claim_once(api_as, many, ordering, size):
    if ordering.lstrip("-") != "occurred_at":
        # Tie every row on the sort column: only the id tells them apart.
        Incident.objects.update(created_at=T0, updated_at=T0)
    client = api_as("pak_officer")
    query = {"page_size": size, "ordering": ordering}
    pages, last = walk(client, LIST, query)
    forward = [row["reference"] for page in pages for row in page]
    assert forward == expected_order(ordering)
    assert len(forward) == len(set(forward)) == 37
    assert all(len(page) == size for page in pages[:-1])
    assert pages[0] and pages[-1]  # no empty page at either end
    assert client.get(LIST, query).json()["previous"] is None

    # Back from the last page with `previous` links, to the first page again.
    back, first = walk(client, LIST, last, "previous")
    assert [row["reference"] for page in reversed(back) for row in page] == forward
    assert [len(page) for page in reversed(back)] == [len(page) for page in pages]
    assert client.get(LIST, first).json()["next"] == client.get(LIST, query).json()["next"]


def test_links_keep_the_filters_and_page_size(api_as, many, claims):
    query = {"page_size": 4, "province": "Khyber Pakhtunkhwa", "status": "under_review"}
    body = api_as("secretariat").get(LIST, query).json()
    link = query_of(body["next"])
    assert link["page_size"] == ["4"] and link["province"] == ["Khyber Pakhtunkhwa"]
    assert link["status"] == ["under_review"] and "cursor" in link


def cursor(payload) -> str:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


BAD_CURSORS = [
    "not a cursor",
    "%%%",
    "////",
    cursor(b"\xff\xfe"),
    cursor(b"[1, 2]"),
    cursor(b"null"),
    cursor({"f": "occurred_at", "v": "2025-06-01T12:00:00+00:00"}),  # no id
    cursor({"f": "occurred_at", "v": "2025-06-01T12:00:00+00:00", "id": "7"}),
    cursor({"f": "created_at", "v": "2025-06-01T12:00:00+00:00", "id": 7}),  # other ordering
    cursor({"f": "occurred_at", "v": "soon", "id": 7}),
    cursor({"f": "occurred_at", "v": 17, "id": 7}),
    cursor({"f": "occurred_at", "v": "2025-13-45T00:00:00+00:00", "id": 7}),
    cursor({"f": "occurred_at", "v": "2025-06-01T12:00:00", "id": 7}),  # no offset
    cursor({"f": "occurred_at", "v": "9999-12-31T23:59:59-05:00", "id": 7}),
    cursor({"f": "occurred_at", "v": "2025-06-01T12:00:00+00:00", "id": 10**30}),
    cursor({"f": "occurred_at", "v": "2025-06-01T12:00:00+00:00", "id": -(10**30)}),
    cursor({"f": "occurred_at", "v": "2025-06-01T12:00:00+00:00", "id": True}),
]


@pytest.mark.parametrize("value", BAD_CURSORS)
def test_bad_cursor_answers_400(api_as, many, value):
    response = api_as("secretariat").get(LIST, {"cursor": value})
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert "cursor" in response.json()["fields"]


def test_a_cursor_in_any_offset_is_the_same_position(api_as, many):
    client = api_as("secretariat")
    first = client.get(LIST, {"page_size": 3}).json()
    payload = json.loads(base64.urlsafe_b64decode(query_of(first["next"])["cursor"][0] + "=="))
    instant = datetime.fromisoformat(payload["v"])
    far_east = instant.astimezone(timezone.get_fixed_timezone(22 * 60 + 8)).isoformat()
    moved = cursor({**payload, "v": far_east})
    assert refs(client.get(LIST, {"page_size": 3, "cursor": moved})) == refs(
        client.get(first["next"])
    )


def test_page_size_bounds(api_as, many):
    client = api_as("secretariat")
    assert len(refs(client.get(LIST))) == 37  # default 50
    assert len(refs(client.get(LIST, {"page_size": 1}))) == 1
    assert len(refs(client.get(LIST, {"page_size": 500}))) == 37


def test_meetings_walk_forward_and_back(api_as, secretariat):
    for day in range(9):
        for _ in range(2):  # pairs at the same time: ties broken by id
            ReviewMeeting.objects.create(
                title=f"Meeting {day}",
                scheduled_for=T0 + timedelta(days=day),
                created_by=secretariat,
            )
    client = api_as("tur_reviewer")
    for ordering in ("-scheduled_for", "scheduled_for"):
        query = {"page_size": 4, "ordering": ordering}
        pages, last = walk(client, MEETINGS, query)
        forward = [row["id"] for page in pages for row in page]
        expected = list(
            ReviewMeeting.objects.order_by(
                ordering, "-id" if ordering[0] == "-" else "id"
            ).values_list("id", flat=True)
        )
        assert forward == expected
        back, _ = walk(client, MEETINGS, last, "previous")
        assert [row["id"] for page in reversed(back) for row in page] == expected
    bad = cursor({"f": "scheduled_for", "v": "not a date", "id": 1})
    response = client.get(MEETINGS, {"cursor": bad})
    assert response.status_code == 400 and "cursor" in response.json()["fields"]


# --- query counts -----------------------------------------------------------------------


@pytest.fixture
def crowd(cast, pak, afg, fire, drone):
    """120 claims the PAK officer sees, of every kind the filters look at."""
    now = timezone.now()
    rows = []
    for n in range(120):
        rows.append(
            submitted(
                reporting_party=pak if n % 3 else afg,
                accused_party=afg if n % 3 else pak,
                category=fire if n % 2 else drone,
                occurred_at=T0 + timedelta(hours=n),
                assignment_overdue_at=now if n % 5 == 0 else None,
                status=Status.UNDER_REVIEW if n % 5 else Status.SUBMITTED,
                narrative=f"Shelling report {n}.",
            )
        )
    return rows


LIST_QUERIES = [
    {},
    {"status": ["under_review", "submitted"], "reporting_party": "PAK", "accused_party": "AFG"},
    {
        "category": "cross_border_fire",
        "occurred_after": "2025-01-01T00:00:00Z",
        "occurred_before": "2026-01-01T00:00:00Z",
        "province": "Khyber Pakhtunkhwa",
        "border_sector": "",
        "bbox": "60,23,78,39",
        "overdue": "false",
        "search": "shelling",
    },
    {"ordering": "-updated_at"},
]


@pytest.mark.parametrize("query", LIST_QUERIES, ids=["plain", "parties", "every-filter", "order"])
def test_list_query_count_does_not_grow_with_the_page(
    api_as, crowd, django_assert_num_queries, query
):
    client = api_as("pak_officer")
    client.get(LIST, query)  # the process learns the party codes once (accounts.selectors)
    # Token lookup, then the page itself: a party's code is matched in the page's query.
    expected = 2
    for size in (10, 100):
        with django_assert_num_queries(expected):
            response = client.get(LIST, {**query, "page_size": size})
        assert response.status_code == 200
        rows = response.json()["results"]
        assert len(rows) == min(size, 120) or query, len(rows)
    assert len(client.get(LIST, {"page_size": 100}).json()["results"]) == 100
    # A later page costs the same.
    next_url = client.get(LIST, {**query, "page_size": 10}).json()["next"]
    if next_url:
        with django_assert_num_queries(expected):
            assert client.get(LIST, query_of(next_url)).status_code == 200


def test_detail_query_count_does_not_grow_with_evidence_or_amendments(
    api_as, file_claim, cast, settings, tmp_path, django_assert_num_queries
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.models import Visibility
    from incidents.services import evidence_add
    from verification.services import review_amend

    settings.MEDIA_ROOT = str(tmp_path)
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
        "0000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082"
    )
    small, large = file_claim("under_review"), file_claim("under_review")
    for claim, files in ((small, 1), (large, 6)):
        for n in range(files):
            evidence_add(
                user=cast["pak_officer"],
                incident=claim,
                upload=SimpleUploadedFile(f"photo{n}.png", png),
                visibility=Visibility.MEDIATORS_ONLY if n % 2 else Visibility.PARTIES,
            )
    for n in range(3):
        review_amend(
            actor=cast["pak_officer"],
            record=large,
            data={"narrative": f"Corrected account {n}."},
            reason="Clarified.",
        )
    for name in ("pak_officer", "afg_officer", "tur_reviewer", "secretariat"):
        client = api_as(name)
        counts = []
        # The files' analyses; for the mediators and the secretariat their matches, the
        # secretariat's thresholds (one row) and the claim's own time and place to weigh
        # them against. And the narrative's translations, in one query.
        expected = 10 if name in ("tur_reviewer", "secretariat") else 7
        for claim in (small, large):
            with django_assert_num_queries(expected) as captured:
                response = client.get(f"/api/v1/incidents/{claim.reference}/")
            assert response.status_code == 200
            counts.append(len(captured))
        body = response.json()
        assert len(body["evidence"]) == 6 and len(body["revisions"]) == 3
        hidden = [e for e in body["evidence"] if e["original_name"] is None]
        assert len(hidden) == (3 if name == "afg_officer" else 0)


def test_meetings_list_query_count_does_not_grow_with_the_page(
    api_as, secretariat, django_assert_num_queries
):
    for n in range(120):
        ReviewMeeting.objects.create(
            title=f"Meeting {n}", scheduled_for=T0 + timedelta(days=n), created_by=secretariat
        )
    client = api_as("qat_reviewer")
    for size in (10, 100):
        with django_assert_num_queries(2):
            response = client.get(MEETINGS, {"page_size": size})
        assert len(response.json()["results"]) == size


def test_the_list_writes_each_date_and_time_as_the_detail_does(api_as, cast):
    """The list leaves its timestamps to the renderer (core.api.fields.utc); the detail
    writes them itself (iso): the same text, whole seconds or not, in UTC with "Z"."""
    whole = submitted(occurred_at=T0, reported_at=T0 + timedelta(hours=1))
    fraction = submitted(
        occurred_at=T0 + timedelta(microseconds=120),
        reported_at=T0 + timedelta(hours=2, microseconds=999_999),
        findings_overdue_at=T0 + timedelta(days=9, microseconds=5),
    )
    client = api_as("secretariat")
    listed = {row["reference"]: row for row in client.get(LIST).json()["results"]}
    for claim in (whole, fraction):
        detail = client.get(f"{LIST}{claim.reference}/").json()
        row = listed[claim.reference]
        assert {key: detail[key] for key in row} == row
    row = listed[fraction.reference]
    assert row["occurred_at"] == "2025-06-01T12:00:00.000120Z"
    assert row["reported_at"] == "2025-06-01T14:00:00.999999Z"
    assert row["findings_overdue_at"] == "2025-06-10T12:00:00.000005Z"
    assert listed[whole.reference]["occurred_at"] == "2025-06-01T12:00:00Z"
