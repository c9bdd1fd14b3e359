"""No input answers 500: wrong JSON types, huge numbers, NaN, NUL characters, lone
surrogates, non-UTF-8 bytes, very long strings, extreme dates and coordinates, for every
field of every write. Each is refused with a 4xx in the error shape, or, where the value
is merely unusual but valid, accepted and readable afterwards."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import STATUS_BY_CODE
from incidents.models import Incident

from .support import (
    PNG,
    assert_error,
    build_cast,
    client_for,
    file_claim_as,
    module_world,
    schedule_meeting,
)

pytestmark = pytest.mark.django_db

WRONG_TYPES = {
    "null": None,
    "true": True,
    "false": False,
    "zero": 0,
    "negative": -1,
    "float": 1.5,
    "huge-int": 10**40,
    "huge-negative": -(10**40),
    "huge-float": 1e300,
    "empty-list": [],
    "list": ["x", 1],
    "nested-list": [[["x"]]],
    "empty-object": {},
    "object": {"a": {"b": 1}},
    "empty-string": "",
    "spaces": "   ",
    "nul": "\x00",
    "embedded-nul": "Tork\x00ham",
    "lone-surrogate": "\ud800",
    "control-chars": "\x01\x02\x1b[31m",
    "rtl-override": "\u202eevil",
    "long-string": "x" * 100_000,
    "nan-string": "NaN",
    "inf-string": "-Infinity",
    "exp-string": "1e400",
    "big-decimal-string": "1" + "0" * 40,
    "tiny-decimal-string": "1e-400",
    "sql": "'; DROP TABLE incidents_incident; --",
}

# Literal JSON text for values json.dumps cannot spell in strict JSON.
RAW = {
    "raw-nan": "NaN",
    "raw-infinity": "Infinity",
    "raw-1e400": "1e400",
    "raw-neg-1e400": "-1e400",
    "raw-long-number": "9" * 5000,
    "raw-exp": "1E+999999999",
}

DATES = {
    "far-past": "0001-01-01T00:00:00Z",
    "far-past-east": "0001-01-01T00:00:00+14:00",
    "far-future": "9999-12-31T23:59:59Z",
    "far-future-west": "9999-12-31T23:59:59-14:00",
    "no-such-day": "2025-02-30T00:00:00Z",
    "hour-25": "2025-06-01T25:00:00Z",
    "naive": "2025-06-01T04:30:00",
    "date-only": "2025-06-01",
    "epoch-number": 1_700_000_000,
    "negative-year": "-2025-01-01T00:00:00Z",
    "year-10000": "10000-01-01T00:00:00Z",
}

COORDINATES = {
    "lat-91": ("latitude", 91),
    "lat-minus-91": ("latitude", -91),
    "lon-181": ("longitude", 181),
    "lon-minus-181": ("longitude", -181),
    "lat-1e30": ("latitude", 1e30),
    "lon-1e30": ("longitude", -1e30),
    "lat-many-digits": ("latitude", "34." + "1" * 500),
    "lat-1e-30": ("latitude", "1e-30"),
    "lat-exp-string": ("latitude", "3.4e1"),
    "lon-huge-string": ("longitude", "1" + "0" * 60),
}


# --- the writes and their bodies ----------------------------------------------------


def _build() -> dict:
    world = build_cast()
    draft, _ = file_claim_as(world, "draft")
    review, _ = file_claim_as(world, "under_review")
    disputed, _ = file_claim_as(world, "disputed")
    file_claim_as(world, "verified")
    meeting = schedule_meeting(world["users"]["secretariat"])
    item = meeting.items.get(incident=disputed)
    return {
        **world,
        "draft": draft.reference,
        "review": (review.reference, review.version),
        "meeting": (meeting.pk, item.pk),
    }


world = module_world(_build)


@pytest.fixture
def targets(world, claim_body):
    """Each write: (client, method, url, a valid body)."""
    draft = world["draft"]
    review, version = world["review"]
    meeting, item = world["meeting"]
    claim_fields = claim_body()
    pak, afg = client_for(world, "pak_officer"), client_for(world, "afg_officer")
    secretariat = client_for(world, "secretariat")
    return {
        "create": (pak, "post", "/api/v1/incidents/", claim_fields),
        "patch": (pak, "patch", f"/api/v1/incidents/{draft}/", {**claim_fields, "version": 1}),
        "amend": (
            pak,
            "post",
            f"/api/v1/incidents/{review}/amend/",
            {**claim_fields, "reason": "Corrected.", "version": version},
        ),
        "reply": (
            afg,
            "post",
            f"/api/v1/incidents/{review}/reply/",
            {"position": "denies", "narrative": "No fire from our side."},
        ),
        "findings": (
            client_for(world, "tur_reviewer"),
            "post",
            f"/api/v1/incidents/{review}/findings/",
            {
                "outcome": "verified",
                "grade": "confirmed",
                "intent": "deliberate",
                "reasoning": "Crater analysis.",
            },
        ),
        "withdraw": (
            pak,
            "post",
            f"/api/v1/incidents/{review}/withdraw/",
            {"reason": "Filed in error."},
        ),
        "assign": (
            secretariat,
            "post",
            f"/api/v1/incidents/{review}/assign/",
            {"reviewers": ["tur_reviewer"]},
        ),
        "meeting": (
            secretariat,
            "post",
            "/api/v1/meetings/",
            {"title": "Review", "scheduled_for": "2099-01-01T09:00:00Z", "location": "Doha"},
        ),
        "close": (secretariat, "post", f"/api/v1/meetings/{meeting}/close/", {"minutes": "x"}),
        "decision": (
            secretariat,
            "post",
            f"/api/v1/meetings/{meeting}/agenda/{item}/decision/",
            {
                "outcome": "verified",
                "grade": "probable",
                "intent": "accidental",
                "minutes": "Joint view.",
            },
        ),
        "token": (
            client_for(world, None),
            "post",
            "/api/v1/auth/token/",
            {"username": "pak_officer", "password": "pw"},
        ),
    }


FIELDS = {
    "create": [
        "accused_party",
        "category",
        "alleged_actor",
        "occurred_at",
        "time_precision",
        "latitude",
        "longitude",
        "place_name",
        "province",
        "district",
        "border_sector",
        "geo_precision",
        "narrative",
        "sources",
        "killed_civilian_low",
        "killed_civilian_high",
        "injured_security_high",
    ],
    "patch": ["version", "place_name", "latitude", "occurred_at", "accused_party"],
    "amend": ["reason", "version", "narrative", "longitude", "category"],
    "reply": ["position", "narrative"],
    "findings": ["outcome", "grade", "reasoning"],
    "withdraw": ["reason"],
    "assign": ["reviewers"],
    "meeting": ["title", "scheduled_for", "location"],
    "close": ["minutes"],
    "decision": ["outcome", "grade", "minutes"],
    "token": ["username", "password"],
}


def send_json(client, method, url, body: dict, *, raw: dict | None = None):
    text = json.dumps(body)
    for name, literal in (raw or {}).items():
        text = text.replace(f'"{name}": "__RAW__"', f'"{name}": {literal}')
    return getattr(client, method)(url, text.encode(), content_type="application/json")


def assert_refused_or_readable(response, client, *, accept_success=False):
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        body = assert_error(response, response.status_code, response.json().get("code"))
        assert body["code"] in STATUS_BY_CODE
        assert STATUS_BY_CODE[body["code"]] == response.status_code
        return
    assert accept_success, (response.status_code, response.content[:500])
    # An accepted value must not break a later read of it.
    reference = response.json().get("reference")
    paths = ["incidents/", "incidents/export.csv", "incidents/export.geojson"]
    if reference:
        paths += [f"incidents/{reference}/", f"incidents/{reference}/events/"]
    for path in paths:
        read = client.get(f"/api/v1/{path}")
        assert read.status_code == 200, read.content[:300]
        if read.streaming:
            b"".join(read.streaming_content)


def names_field(fields: dict, field: str) -> bool:
    """Whether a 400's fields name this input (a list item as `name.0`). The region rule
    judges latitude and longitude together and reports the place under `latitude`."""
    if field == "longitude" and "latitude" in fields:
        return True
    return any(key == field or key.startswith(f"{field}.") for key in fields)


# Which of the odd values a field may accept: free text takes any text and, as DRF does,
# a number written as text; optional text may also be blank; a count may be zero.
FREE_TEXT = {
    ("create", "alleged_actor"),
    ("create", "place_name"),
    ("create", "province"),
    ("create", "narrative"),
    ("patch", "place_name"),
    ("amend", "reason"),
    ("amend", "narrative"),
    ("reply", "narrative"),
    ("findings", "reasoning"),
    ("meeting", "title"),
    ("decision", "minutes"),
}
OPTIONAL_TEXT = {
    ("create", "district"),
    ("create", "border_sector"),
    ("create", "sources"),
    ("withdraw", "reason"),
    ("meeting", "location"),
    ("close", "minutes"),
}
COUNTS = {("create", "killed_civilian_low"), ("create", "injured_security_high")}
NUMBERS = {"zero", "negative", "float", "huge-int", "huge-negative", "huge-float"}
ODD_TEXT = {
    "control-chars",
    "rtl-override",
    "nan-string",
    "inf-string",
    "exp-string",
    "big-decimal-string",
    "tiny-decimal-string",
    "sql",
}


def may_accept(target, field, name) -> bool:
    text = NUMBERS | ODD_TEXT
    if (target, field) in FREE_TEXT:
        return name in text
    if (target, field) in OPTIONAL_TEXT:
        return name in text | {"empty-string", "spaces"}
    if (target, field) in COUNTS:
        return name == "zero"
    return False


CELLS = [
    pytest.param(target, field, name, id=f"{target}-{field}-{name}")
    for target, fields in FIELDS.items()
    for field in fields
    for name in WRONG_TYPES
]


@pytest.mark.parametrize(("target", "field", "name"), CELLS)
def test_wrong_value_in_any_field_is_refused(target, field, name, targets):
    client, method, url, body = targets[target]

    response = send_json(client, method, url, {**body, field: WRONG_TYPES[name]})

    assert_refused_or_readable(response, client, accept_success=may_accept(target, field, name))
    if response.status_code == 400 and response.json()["code"] == "VALIDATION_ERROR":
        assert names_field(response.json()["fields"], field), response.json()


def test_a_lone_surrogate_anywhere_is_a_parse_error(targets):
    client, method, url, body = targets["create"]

    response = send_json(client, method, url, {**body, "narrative": "ok \ud800 ok"})

    assert_error(response, 400, "PARSE_ERROR")
    assert not Incident.objects.filter(narrative__startswith="ok").exists()


# Values no field of any write accepts: refused outright, with the field named.
ALWAYS_REFUSED = ("null", "empty-list", "list", "nested-list", "empty-object", "object", "nul")
STRICT_FIELDS = [
    ("create", "latitude"),
    ("create", "occurred_at"),
    ("create", "accused_party"),
    ("create", "category"),
    ("create", "narrative"),
    ("create", "killed_civilian_low"),
    ("reply", "position"),
    ("reply", "narrative"),
    ("findings", "outcome"),
    ("findings", "reasoning"),
    ("meeting", "scheduled_for"),
    ("decision", "minutes"),
    ("token", "username"),
]


@pytest.mark.parametrize("name", ALWAYS_REFUSED)
@pytest.mark.parametrize(("target", "field"), STRICT_FIELDS)
def test_wrong_type_names_the_field(target, field, name, targets):
    client, method, url, body = targets[target]

    response = send_json(client, method, url, {**body, field: WRONG_TYPES[name]})

    assert_error(response, 400, "VALIDATION_ERROR", field=field)


@pytest.mark.parametrize("name", list(RAW))
@pytest.mark.parametrize(
    ("target", "field"),
    [
        ("create", "latitude"),
        ("create", "longitude"),
        ("create", "killed_civilian_low"),
        ("patch", "version"),
        ("amend", "version"),
        ("create", "narrative"),
    ],
)
def test_non_finite_and_giant_json_numbers_are_refused(target, field, name, targets):
    client, method, url, body = targets[target]

    response = send_json(client, method, url, {**body, field: "__RAW__"}, raw={field: RAW[name]})

    assert 400 <= response.status_code < 500, response.content[:300]
    body = response.json()
    assert body["code"] in ("PARSE_ERROR", "VALIDATION_ERROR", "STALE_VERSION")


@pytest.mark.parametrize("name", list(DATES))
@pytest.mark.parametrize(
    ("target", "field"),
    [("create", "occurred_at"), ("patch", "occurred_at"), ("meeting", "scheduled_for")],
)
def test_extreme_dates(target, field, name, targets):
    client, method, url, body = targets[target]

    response = send_json(client, method, url, {**body, field: DATES[name]})

    assert_refused_or_readable(response, client, accept_success=True)
    if name in ("no-such-day", "hour-25", "negative-year", "year-10000", "epoch-number"):
        assert_error(response, 400, "VALIDATION_ERROR", field=field)
    if target != "meeting" and name.startswith("far-future"):
        assert_error(response, 400, "VALIDATION_ERROR", field=field)


@pytest.mark.parametrize("name", list(COORDINATES))
@pytest.mark.parametrize("target", ["create", "patch", "amend"])
def test_coordinates_out_of_range(target, name, targets):
    client, method, url, body = targets[target]
    field, value = COORDINATES[name]

    response = send_json(client, method, url, {**body, field: value})

    if name in ("lat-1e-30", "lat-exp-string", "lat-many-digits"):
        # In range (34.111…, 34, ~0): accepted when the place lies in the region.
        assert_refused_or_readable(response, client, accept_success=True)
    else:
        assert_error(response, 400, "VALIDATION_ERROR", field=field)


# --- bodies that are not JSON objects ---------------------------------------------------------

NOT_OBJECTS = [
    b"",
    b"null",
    b"[]",
    b'"text"',
    b"42",
    b"\xff\xfe\x00{",
    b'{"narrative": "\xff\xfe"}',
    b'{"narrative": "\\ud800"}',
    b'{"narrative": "\\udc00\\ud800"}',
    b"{" * 10_000,
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a": 1, "a": 2}',
    b"\xef\xbb\xbf{}",
]
# A PATCH changes only the fields it names: no body, or none of the claim's fields, is a
# valid request that changes nothing.
CHANGES_NOTHING = {("patch", b""), ("patch", b'{"a": 1, "a": 2}')}


@pytest.mark.parametrize("raw", NOT_OBJECTS, ids=lambda raw: repr(raw[:20]))
@pytest.mark.parametrize("target", ["create", "patch", "reply", "findings", "meeting", "token"])
def test_bodies_that_are_not_objects_are_refused(target, raw, targets):
    client, method, url, _ = targets[target]

    response = getattr(client, method)(url, raw, content_type="application/json")

    if (target, raw) in CHANGES_NOTHING:
        assert response.status_code == 200, response.content[:300]
        assert response.json()["version"] == 1
        return
    assert 400 <= response.status_code < 500, response.content[:300]
    assert_error(response, response.status_code, response.json()["code"])


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json; charset=latin-1",
        "application/json; charset=nonsense",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "text/xml",
        "",
    ],
)
def test_odd_content_types_are_refused(content_type, targets):
    client, _, url, _ = targets["create"]

    response = client.generic("POST", url, b"narrative=\xff&latitude=\x00", content_type)

    assert 400 <= response.status_code < 500, response.content[:300]
    assert_error(response, response.status_code, response.json()["code"])


# --- multipart: evidence and forms ---------------------------------------------------------


@pytest.fixture
def evidence_upload(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    pak = client_for(world, "pak_officer")

    def post(data, **kwargs):
        return pak.post(f"/api/v1/incidents/{world['draft']}/evidence/", data, **kwargs)

    return post


@pytest.mark.parametrize(
    "fields",
    [
        {"description": "a\x00b"},
        {"visibility": "\x00"},
        {"visibility": "public"},
        {"description": "x" * 100_000},
    ],
    ids=["nul-in-description", "nul-visibility", "unknown-visibility", "long-description"],
)
def test_evidence_form_with_odd_fields_is_refused(fields, evidence_upload):
    response = evidence_upload(
        {"file": SimpleUploadedFile("photo.png", PNG, "image/png"), **fields}, format="multipart"
    )

    assert_error(response, 400, "VALIDATION_ERROR", field=next(iter(fields)))


@pytest.mark.parametrize(
    "filename",
    [
        "a" * 1000 + ".png",
        "../../etc/passwd",
        "..\\..\\windows\\win.ini",
        "photo\x00.png",
        "фото.png",
        "con.png",
        "a\r\nContent-Type: text/html\r\n.png",
        '"; filename="evil.html',
    ],
)
def test_evidence_with_odd_file_names_is_stored_safely(filename, world, evidence_upload, tmp_path):
    response = evidence_upload(
        {"file": SimpleUploadedFile(filename, PNG, "image/png")}, format="multipart"
    )

    assert response.status_code == 201, response.content[:300]
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].resolve().is_relative_to(tmp_path.resolve())
    download = client_for(world, "pak_officer").get(response.json()["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert "\n" not in download["Content-Disposition"]
    assert "\r" not in download["Content-Disposition"]


def multipart(*parts: tuple[str, str | None, bytes], boundary="BoUnDaRy") -> tuple[bytes, str]:
    """A multipart body by hand, for what the test client will not send: (name, filename, bytes)."""
    body = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode("latin-1")
        if filename is not None:
            body += b"Content-Type: image/png\r\n"
        body += b"\r\n" + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    "parts",
    [
        [("visibility", None, b"")],
        [("graphic", None, b"")],
        [("description", None, b"one"), ("description", None, b"two")],
        [("visibility", None, b"parties"), ("visibility", None, b"mediators_only")],
    ],
    ids=["empty-choice", "empty-boolean", "repeated-text", "repeated-choice"],
)
def test_an_empty_or_repeated_evidence_field_is_refused_not_defaulted(parts, evidence_upload):
    # A form cannot say "not given" with an empty field, nor one value twice: each is
    # refused by name, as the same body in JSON would be, and nothing is stored.
    body, content_type = multipart(("file", "photo.png", PNG), *parts)

    response = evidence_upload(body, content_type=content_type)

    assert_error(response, 400, "VALIDATION_ERROR", field=parts[0][0])


def test_two_files_in_one_upload_are_refused(evidence_upload):
    body, content_type = multipart(("file", "a.png", PNG), ("file", "b.png", PNG))

    response = evidence_upload(body, content_type=content_type)

    assert_error(response, 400, "VALIDATION_ERROR", field="file")


@pytest.mark.parametrize("fmt", ["multipart", "form"])
def test_a_form_body_elsewhere_is_an_unsupported_media_type(fmt, world):
    # Only evidence uploads take a form; an empty form field would otherwise stand for
    # "not given" and let a default in (appeal_days of 14 for an empty one).
    body = {"code": "00", "label": "0", "appeal_days": ""}
    client = client_for(world, "secretariat")
    if fmt == "form":
        response = client.generic(
            "POST",
            "/api/v1/penalty-measures/",
            "code=00&label=0&appeal_days=",
            "application/x-www-form-urlencoded",
        )
    else:
        response = client.post("/api/v1/penalty-measures/", body, format="multipart")

    assert_error(response, 415, "UNSUPPORTED_MEDIA_TYPE")
    json_answer = client.post("/api/v1/penalty-measures/", body, format="json")
    assert_error(json_answer, 400, "VALIDATION_ERROR", field="appeal_days")


@pytest.mark.parametrize("filename", ["", ".", "..", "/", " "])
def test_evidence_without_a_usable_file_name(filename, evidence_upload):
    body, content_type = multipart(("file", filename, PNG))

    response = evidence_upload(body, content_type=content_type)

    assert response.status_code in (201, 400), response.content[:300]
    if response.status_code == 400:
        assert_error(response, 400, "VALIDATION_ERROR", field="file")


def test_non_utf8_multipart_field_is_refused_or_replaced(evidence_upload):
    boundary = "BoUnDaRy"
    body = (
        (f'--{boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\n').encode()
        + b"\xff\xfe\xfa\xed\xa0\x80"
        + (
            f"\r\n--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="ph\xf6to.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode("latin-1")
        + PNG
        + f"\r\n--{boundary}--\r\n".encode()
    )

    response = evidence_upload(body, content_type=f"multipart/form-data; boundary={boundary}")

    assert response.status_code in (201, 400), response.content[:300]
    if response.status_code == 400:
        assert_error(response, 400, "VALIDATION_ERROR")


def test_truncated_multipart_is_refused(evidence_upload):
    boundary = "BoUnDaRy"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode() + PNG[:20]

    response = evidence_upload(body, content_type=f"multipart/form-data; boundary={boundary}")

    assert 400 <= response.status_code < 500, response.content[:300]
    assert_error(response, response.status_code, response.json()["code"])


# --- query strings and paths ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "status=%00",
        "reporting_party=%00",
        "accused_party=PA%00K",
        "category=%00",
        "province=%00",
        "border_sector=a%00",
        "search=%00",
        "search=%ED%A0%80",
        "search=%FF%FE",
        "search=" + "x" * 5000,
        "occurred_after=0001-01-01T00:00:00%2B14:00",
        "occurred_before=9999-12-31T23:59:59-14:00",
        "occurred_after=99999-01-01",
        "occurred_after=%00",
        "bbox=nan,nan,nan,nan",
        "bbox=1e400,0,0,0",
        "bbox=" + "9" * 5000 + ",0,0,0",
        "bbox=%00,0,0,0",
        "overdue=maybe",
        "overdue=%00",
        "page_size=99999999999999999999999",
        "page_size=%00",
        "cursor=eyJmIjoib2NjdXJyZWRfYXQiLCJ2IjoiMjAyNS0wMS0wMVQwMDowMDowMFoiLCJpZCI6OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5fQ",
        "cursor=eyJmIjoib2NjdXJyZWRfYXQiLCJ2Ijp7fSwiaWQiOjF9",
        "cursor=eyJmIjoib2NjdXJyZWRfYXQiLCJ2IjoiMDAwMS0wMS0wMVQwMDowMDowMCsxNDowMCIsImlkIjoxfQ",
        "cursor=%00",
        "cursor=%FF",
        "ordering=%00",
        "status=verified&status=%00&status=" + "x" * 1000,
    ],
)
@pytest.mark.parametrize("path", ["incidents/", "incidents/export.csv", "incidents/export.geojson"])
def test_odd_query_strings_never_500(path, query, world):
    response = client_for(world, "secretariat").get(f"/api/v1/{path}?{query}")

    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert_error(response, 400, "VALIDATION_ERROR")
    elif response.streaming:
        b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "path",
    [
        "meetings/99999999999999999999999/",
        "meetings/99999999999999999999999/close/",
        "meetings/1/agenda/99999999999999999999999/decision/",
        "meetings/9223372036854775808/",
        "incidents/PAK-2025-99999999999999999999999/",
        "incidents/PAK-2025-99999999999999999999999/evidence/1/",
        "incidents/PAK-2025-00001/evidence/999999999999999999/",
    ],
)
def test_huge_ids_in_paths_are_404(path, world):
    client = client_for(world, "secretariat")
    method = client.post if path.endswith(("close/", "decision/")) else client.get

    response = method(f"/api/v1/{path}", {"minutes": "x"}, format="json")

    assert_error(response, 404, "NOT_FOUND")


@pytest.mark.parametrize("key", ["\x00abc", "a\x7fb", "ключ", "x" * 10_000])
def test_odd_idempotency_keys_are_400(key, world, claim_body):
    # Header values travel as latin-1; a key outside printable ASCII is refused.
    response = client_for(world, "pak_officer").post(
        "/api/v1/incidents/",
        claim_body(),
        format="json",
        HTTP_IDEMPOTENCY_KEY=key.encode().decode("latin-1"),
    )

    assert_error(response, 400, "VALIDATION_ERROR", field="Idempotency-Key")


# --- property-based: any JSON at all -----------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_json_for_any_write_field_never_500(data, targets):
    target = data.draw(st.sampled_from(sorted(FIELDS)), label="target")
    client, method, url, body = targets[target]
    changes = data.draw(
        st.dictionaries(st.sampled_from(FIELDS[target]), json_values, min_size=1, max_size=4),
        label="changes",
    )

    response = send_json(client, method, url, {**body, **changes})

    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        assert_error(response, response.status_code, response.json()["code"])
