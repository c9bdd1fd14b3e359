"""Every kind of refusal answers JSON {"code", "detail", "fields"} with the right status;
the token endpoint, session auth with CSRF, and throttling."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from audit.models import AuditEvent
from core.models import ApiToken
from incidents.models import Evidence, Incident

from .support import ELF, HTML, PDF, PNG, ZIP, assert_error, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


# --- 400: invalid input names the field ----------------------------------------------


@pytest.mark.parametrize(
    ("override", "field"),
    [
        pytest.param({"latitude": "north"}, "latitude", id="latitude-text"),
        pytest.param({"latitude": 91}, "latitude", id="latitude-out-of-range"),
        pytest.param({"longitude": -181}, "longitude", id="longitude-out-of-range"),
        pytest.param({"latitude": 10.0, "longitude": 10.0}, "latitude", id="outside-region"),
        pytest.param({"accused_party": "PAK"}, "accused_party", id="accuses-itself"),
        pytest.param({"accused_party": "XXX"}, "accused_party", id="unknown-party"),
        pytest.param({"category": "no_such"}, "category", id="unknown-category"),
        pytest.param({"occurred_at": "yesterday"}, "occurred_at", id="bad-date"),
        pytest.param({"occurred_at": "2999-01-01T00:00:00Z"}, "occurred_at", id="future"),
        pytest.param({"time_precision": "hour"}, "time_precision", id="bad-choice"),
        pytest.param({"killed_civilian_low": -1}, "killed_civilian_low", id="negative"),
        pytest.param(
            {"killed_civilian_low": 5, "killed_civilian_high": 2},
            "killed_civilian_high",
            id="low-above-high",
        ),
        pytest.param({"narrative": ""}, "narrative", id="blank-narrative"),
        pytest.param({"place_name": "x" * 201}, "place_name", id="too-long"),
    ],
)
def test_invalid_claim_names_the_field(override, field, api_as, category, claim_body):
    response = api_as("pak_officer").post(
        "/api/v1/incidents/", claim_body(**override), format="json"
    )

    assert_error(response, 400, "VALIDATION_ERROR", field=field)
    assert not Incident.objects.exists()
    assert not AuditEvent.objects.exists()


def test_missing_required_fields_are_each_named(api_as, category):
    response = api_as("pak_officer").post("/api/v1/incidents/", {}, format="json")

    body = assert_error(response, 400, "VALIDATION_ERROR")
    for field in ("accused_party", "category", "narrative", "latitude", "occurred_at"):
        assert field in body["fields"]


@pytest.mark.parametrize(
    ("path", "caller", "body", "field"),
    [
        pytest.param("reply/", "afg_officer", {"position": "shrugs", "narrative": "x"}, "position"),
        pytest.param("reply/", "afg_officer", {"position": "denies"}, "narrative"),
        pytest.param(
            "findings/",
            "tur_reviewer",
            {"outcome": "maybe", "grade": "confirmed", "reasoning": "x"},
            "outcome",
        ),
        pytest.param(
            "findings/",
            "tur_reviewer",
            {"outcome": "verified", "grade": "confirmed", "reasoning": "   "},
            "reasoning",
        ),
        pytest.param("withdraw/", "pak_officer", {"reason": "x" * 2001}, "reason"),
        pytest.param("assign/", "secretariat", {"reviewers": "tur_reviewer"}, "reviewers"),
        pytest.param("assign/", "secretariat", {"reviewers": ["nobody"]}, "reviewers"),
        pytest.param("assign/", "secretariat", {"reviewers": ["pak_officer"]}, "reviewers"),
        pytest.param("amend/", "pak_officer", {"place_name": "Torkham gate"}, "reason"),
        pytest.param(
            "amend/",
            "pak_officer",
            {"reason": "Wrong party", "accused_party": "PAK"},
            "accused_party",
        ),
    ],
)
def test_invalid_action_body_names_the_field(path, caller, body, field, api_as, file_claim):
    claim = file_claim("under_review")
    events = AuditEvent.objects.count()

    response = api_as(caller).post(
        f"/api/v1/incidents/{claim.reference}/{path}", body, format="json"
    )

    assert_error(response, 400, "VALIDATION_ERROR", field=field)
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "", "scheduled_for": "2099-01-01T09:00:00Z"}, "title"),
        ({"title": "Review", "scheduled_for": "soon"}, "scheduled_for"),
        ({"title": "Review", "scheduled_for": "2001-01-01T09:00:00Z"}, "scheduled_for"),
    ],
)
def test_invalid_meeting_names_the_field(body, field, api_as):
    response = api_as("secretariat").post("/api/v1/meetings/", body, format="json")

    assert_error(response, 400, "VALIDATION_ERROR", field=field)


@pytest.mark.parametrize(
    "query",
    ["cursor=%%%", "page_size=0", "page_size=abc", "ordering=narrative", "bbox=1,2,3", "status=x"],
)
def test_invalid_list_parameters_answer_400(query, api_as):
    response = api_as("pak_officer").get(f"/api/v1/incidents/?{query}")

    assert_error(response, 400, "VALIDATION_ERROR")


def test_malformed_json_is_a_parse_error(api_as, category):
    response = api_as("pak_officer").post(
        "/api/v1/incidents/", b'{"narrative": ', content_type="application/json"
    )

    assert_error(response, 400, "PARSE_ERROR")


def test_json_that_is_not_an_object_is_refused(api_as, category):
    response = api_as("pak_officer").post(
        "/api/v1/incidents/", b"[1, 2, 3]", content_type="application/json"
    )

    assert_error(response, 400, "VALIDATION_ERROR")


# --- 401 ---------------------------------------------------------------------------


def test_no_credentials_is_401_with_www_authenticate(file_claim):
    claim = file_claim("verified")

    response = APIClient().get(f"/api/v1/incidents/{claim.reference}/")

    assert_error(response, 401, "NOT_AUTHENTICATED")
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize(
    "header",
    [
        "Token 0123456789abcdef0123456789abcdef01234567",
        "Token",
        "Token a b",
        "Token \u00e9\u00e9",
        "Token abc\x00def",
        "Token " + "a" * 5000,
    ],
)
def test_bad_token_is_401_authentication_failed(header, cast):
    response = APIClient().get("/api/v1/incidents/", HTTP_AUTHORIZATION=header)

    assert_error(response, 401, "AUTHENTICATION_FAILED")
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize("header", ["Bearer 0123456789abcdef", "Basic cGFrOnB3"])
def test_another_auth_scheme_counts_as_no_credentials(header, cast):
    response = APIClient().get("/api/v1/incidents/", HTTP_AUTHORIZATION=header)

    assert_error(response, 401, "NOT_AUTHENTICATED")
    assert response["WWW-Authenticate"].startswith("Token")


def test_token_of_a_deactivated_user_is_refused(api_as, cast):
    client = api_as("pak_officer")
    cast["pak_officer"].is_active = False
    cast["pak_officer"].save()

    assert_error(client.get("/api/v1/incidents/"), 401, "AUTHENTICATION_FAILED")


# --- 404, 405 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing-here/",
        "/api/v1/incidents/pak-2025-00001/",
        "/api/v1/incidents/PAK-2025-00001/evidence/abc/",
        "/api/v1/meetings/abc/",
        "/api/v2/incidents/",
        "/api/",
    ],
)
def test_unknown_api_urls_answer_json_404(path, api_as):
    for client in (api_as("pak_officer"), APIClient()):
        response = client.get(path)
        assert_error(response, 404, "NOT_FOUND")


UNMATCHED = [
    "/api/v1/incidents",  # no slash: no APPEND_SLASH redirect
    "/api/v1/penalties/PEN-AFG-2026-0001/approve",
    "/api/v1/incidents/PAK-2025-00001/nothing/",
    "/api/v1/incidents/PAK-2025-00001/evidence/1/deeper/",
    "/api/v1/meetings/1/agenda/1/",
    "/api/v9/",
    "/api/docs/nothing/",
]


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("path", UNMATCHED)
def test_every_unmatched_api_path_answers_json_404_whatever_the_method(
    path, method, debug, api_as, settings
):
    settings.DEBUG = debug
    for client in (api_as("pak_officer"), APIClient()):
        response = getattr(client, method)(path)
        assert_error(response, 404, "NOT_FOUND")
        assert response["Cache-Control"] == "no-store, private"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", "/api/v1/incidents/"),
        ("put", "/api/v1/incidents/"),
        ("get", "/api/v1/incidents/{ref}/submit/"),
        ("delete", "/api/v1/incidents/{ref}/"),
        ("put", "/api/v1/incidents/{ref}/"),
        ("post", "/api/v1/incidents/{ref}/events/"),
        ("post", "/api/v1/parties/"),
        ("get", "/api/v1/auth/token/"),
        ("delete", "/api/v1/meetings/"),
    ],
)
def test_wrong_method_is_405_with_allow(method, path, api_as, file_claim):
    claim = file_claim("draft")

    response = getattr(api_as("secretariat"), method)(path.format(ref=claim.reference))

    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert response["Allow"]


# --- 409 ------------------------------------------------------------------------------


def test_patch_with_an_old_version_is_stale(api_as, file_claim):
    claim = file_claim("draft")
    pak = api_as("pak_officer")
    url = f"/api/v1/incidents/{claim.reference}/"
    first = pak.patch(url, {"place_name": "Torkham gate", "version": 1}, format="json")
    assert first.status_code == 200 and first.json()["version"] == 2

    response = pak.patch(url, {"place_name": "Landi Kotal", "version": 1}, format="json")

    assert_error(response, 409, "STALE_VERSION")
    assert Incident.objects.get(pk=claim.pk).place_name == "Torkham gate"


def test_amend_with_an_old_version_is_stale(api_as, file_claim):
    claim = file_claim("under_review")
    body = {"reason": "Fix", "place_name": "Torkham gate", "version": claim.version + 5}

    response = api_as("pak_officer").post(
        f"/api/v1/incidents/{claim.reference}/amend/", body, format="json"
    )

    assert_error(response, 409, "STALE_VERSION")


def test_second_reply_is_already_recorded(api_as, file_claim):
    claim = file_claim("under_review")
    afg = api_as("afg_officer")
    url = f"/api/v1/incidents/{claim.reference}/reply/"
    body = {"position": "denies", "narrative": "No fire from our side."}
    assert afg.post(url, body, format="json").status_code == 201

    assert_error(afg.post(url, body, format="json"), 409, "ALREADY_RECORDED")


def test_reply_after_the_window_is_closed(api_as, file_claim, time_machine):
    claim = file_claim("under_review")
    time_machine.move_to(claim.reply_due_at + (claim.reply_due_at - claim.assigned_at))

    response = api_as("afg_officer").post(
        f"/api/v1/incidents/{claim.reference}/reply/",
        {"position": "denies", "narrative": "Late."},
        format="json",
    )

    assert_error(response, 409, "REPLY_WINDOW_CLOSED")


# --- 413, 415: evidence ---------------------------------------------------------------


def evidence_url(claim):
    return f"/api/v1/incidents/{claim.reference}/evidence/"


def test_evidence_over_the_limit_is_413(api_as, file_claim, media_root):
    claim = file_claim("draft")
    with override_settings(EVIDENCE_MAX_BYTES=len(PDF) - 1):
        response = api_as("pak_officer").post(
            evidence_url(claim), {"file": upload("report.pdf", PDF)}, format="multipart"
        )

    assert_error(response, 413, "FILE_TOO_LARGE", field="file")
    assert not Evidence.objects.exists()
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_request_far_over_the_limit_is_refused_before_reading_it(api_as, file_claim):
    claim = file_claim("draft")
    big = PNG + b"\0" * (200 * 1024)
    with override_settings(EVIDENCE_MAX_BYTES=1024):
        response = api_as("pak_officer").post(
            evidence_url(claim), {"file": upload("photo.png", big)}, format="multipart"
        )

    assert_error(response, 413, "FILE_TOO_LARGE")
    assert not Evidence.objects.exists()


def test_json_body_over_the_upload_limit_is_413(api_as, category, claim_body):
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024):
        response = api_as("pak_officer").post(
            "/api/v1/incidents/", claim_body(narrative="x" * 4096), format="json"
        )

    assert_error(response, 413, "FILE_TOO_LARGE")


@pytest.mark.parametrize(
    ("name", "content"),
    [("photo.jpg", ELF), ("photo.jpg", ZIP), ("report.pdf", HTML)],
)
def test_evidence_of_a_forbidden_type_is_415(name, content, api_as, file_claim):
    claim = file_claim("draft")

    response = api_as("pak_officer").post(
        evidence_url(claim),
        {"file": upload(name, content, content_type="image/jpeg")},
        format="multipart",
    )

    assert_error(response, 415, "UNSUPPORTED_FILE_TYPE", field="file")
    assert not Evidence.objects.exists()


def test_evidence_sent_as_json_is_415(api_as, file_claim):
    claim = file_claim("draft")

    response = api_as("pak_officer").post(evidence_url(claim), {"file": "x"}, format="json")

    assert_error(response, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_claim_sent_as_plain_text_is_415(api_as, category):
    response = api_as("pak_officer").post(
        "/api/v1/incidents/", b"narrative", content_type="text/plain"
    )

    assert_error(response, 415, "UNSUPPORTED_MEDIA_TYPE")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "file"),
        ({"file": "not a file"}, "file"),
        ({"file": "EMPTY"}, "file"),
        ({"file": "PNG", "visibility": "public"}, "visibility"),
        ({"file": "PNG", "description": "x" * 501}, "description"),
    ],
)
def test_evidence_form_errors_name_the_field(data, field, api_as, file_claim):
    claim = file_claim("draft")
    files = {"PNG": upload("photo.png", PNG), "EMPTY": upload("empty.png", b"")}
    data = {k: files.get(v, v) if k == "file" else v for k, v in data.items()}

    response = api_as("pak_officer").post(evidence_url(claim), data, format="multipart")

    assert_error(response, 400, "VALIDATION_ERROR", field=field)


def test_unknown_evidence_on_a_visible_claim_is_404_like_a_missing_claim(api_as, file_claim):
    from .support import add_evidence

    visible = file_claim("under_review")
    other_draft = file_claim("draft")
    hidden = add_evidence(other_draft.created_by, other_draft)
    afg = api_as("afg_officer")

    on_hidden_claim = afg.get(f"/api/v1/incidents/{visible.reference}/evidence/{hidden.pk}/")
    nonexistent = afg.get(f"/api/v1/incidents/{visible.reference}/evidence/999999/")

    assert assert_error(on_hidden_claim, 404, "NOT_FOUND") == nonexistent.json()


# --- 500: still JSON ------------------------------------------------------------------


def test_an_unexpected_failure_answers_json_500(api_as, category, claim_body, monkeypatch):
    import incidents.api

    def explode(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(incidents.api, "incident_create_draft", explode)
    client = api_as("pak_officer")
    client.raise_request_exception = False

    response = client.post("/api/v1/incidents/", claim_body(), format="json")

    body = assert_error(response, 500, "SERVER_ERROR")
    assert "boom" not in body["detail"]


# --- the token endpoint ---------------------------------------------------------------


def token_for(username, password="pw"):  # noqa: S107 (the test users' password)
    return APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )


def test_token_for_a_good_password_is_usable(cast):
    response = token_for("pak_officer")

    assert response.status_code == 200
    token = response.json()["token"]
    assert set(response.json()) == {
        "token",
        "id",
        "name",
        "scope",
        "created",
        "expires",
        "last_used_at",
    }
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/incidents/").status_code == 200
    # Asking again hands out a second token; the first keeps working.
    assert token_for("pak_officer").json()["token"] != token
    assert client.get("/api/v1/incidents/").status_code == 200


@pytest.mark.parametrize(
    ("username", "password"),
    [("pak_officer", "wrong"), ("nobody", "pw"), ("PAK_OFFICER", "pw"), ("pak_officer", "")],
)
def test_token_for_bad_credentials_is_401(username, password, cast):
    response = token_for(username, password)

    if password == "":
        assert_error(response, 400, "VALIDATION_ERROR", field="password")
    else:
        body = assert_error(response, 401, "AUTHENTICATION_FAILED")
        assert body == token_for("nobody").json()  # which half was wrong does not leak
    assert not ApiToken.objects.exists()


def test_token_for_an_inactive_user_is_refused(cast):
    cast["observer"].is_active = False
    cast["observer"].save()

    assert_error(token_for("observer"), 401, "AUTHENTICATION_FAILED")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"username": "pak_officer"},
        {"password": "pw"},
        {"username": ["pak_officer"], "password": "pw"},
        {"username": "pak_officer", "password": {"x": 1}},
        {"username": None, "password": "pw"},
        {"username": "x" * 151, "password": "pw"},
    ],
)
def test_token_request_missing_or_malformed_fields_is_400(body, cast):
    response = APIClient().post("/api/v1/auth/token/", body, format="json")

    assert_error(response, 400, "VALIDATION_ERROR")


def test_token_request_malformed_json_is_400(cast):
    response = APIClient().post(
        "/api/v1/auth/token/", b"{username", content_type="application/json"
    )

    assert_error(response, 400, "PARSE_ERROR")


def test_delete_revokes_the_token(api_as, cast):
    client = api_as("pak_officer")

    assert client.delete("/api/v1/auth/token/").status_code == 204

    assert not ApiToken.objects.filter(user=cast["pak_officer"]).exists()
    assert_error(client.get("/api/v1/incidents/"), 401, "AUTHENTICATION_FAILED")
    assert_error(APIClient().delete("/api/v1/auth/token/"), 401, "NOT_AUTHENTICATED")


# --- session auth for the browser -----------------------------------------------------


def test_session_auth_reads_and_writes_with_csrf(cast, category, claim_body):
    browser = APIClient(enforce_csrf_checks=True)
    assert browser.login(username="pak_officer", password="pw")

    assert browser.get("/api/v1/incidents/").status_code == 200
    refused = browser.post("/api/v1/incidents/", claim_body(), format="json")
    body = assert_error(refused, 403, "PERMISSION_DENIED")
    assert "CSRF" in body["detail"]
    assert not Incident.objects.exists()

    browser.get("/accounts/password/")  # a page with a form sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    created = browser.post("/api/v1/incidents/", claim_body(), format="json", HTTP_X_CSRFTOKEN=csrf)
    assert created.status_code == 201, created.content


def test_session_of_another_user_does_not_mix_with_a_token(api_as, cast, file_claim):
    """A token wins over a session: the AFG officer's token on a PAK officer's browser
    session still sees only what the AFG officer may see."""
    draft = file_claim("draft")
    client = api_as("afg_officer")
    client.login(username="pak_officer", password="pw")

    assert_error(client.get(f"/api/v1/incidents/{draft.reference}/"), 404, "NOT_FOUND")


# --- throttling ---------------------------------------------------------------------


@pytest.fixture
def rates(monkeypatch):
    """Set throttle rates for one test. DRF reads them into the class at import time."""
    cache.clear()

    def set_rates(**scopes):
        for scope, rate in scopes.items():
            monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)

    yield set_rates
    cache.clear()


def assert_throttled(response):
    assert_error(response, 429, "THROTTLED")
    assert int(response["Retry-After"]) > 0


def test_anonymous_callers_are_throttled_per_ip(rates, cast):
    rates(anon="3/minute")
    from_a = APIClient(REMOTE_ADDR="10.0.0.1")
    from_b = APIClient(REMOTE_ADDR="10.0.0.2")
    body = {"username": "pak_officer", "password": "wrong"}
    for _ in range(3):
        assert from_a.post("/api/v1/auth/token/", body, format="json").status_code == 401

    assert_throttled(from_a.post("/api/v1/auth/token/", body, format="json"))
    assert from_b.post("/api/v1/auth/token/", body, format="json").status_code == 401


def test_token_requests_have_their_own_stricter_rate(rates, cast):
    rates(token="2/minute")
    client = APIClient(REMOTE_ADDR="10.0.0.3")
    body = {"username": "pak_officer", "password": "pw"}
    assert client.post("/api/v1/auth/token/", body, format="json").status_code == 200
    assert client.post("/api/v1/auth/token/", body, format="json").status_code == 200

    assert_throttled(client.post("/api/v1/auth/token/", body, format="json"))


def test_signed_in_callers_are_throttled_per_user(rates, api_as):
    rates(user="3/minute")
    pak, afg = api_as("pak_officer"), api_as("afg_officer")
    for _ in range(3):
        assert pak.get("/api/v1/parties/").status_code == 200

    assert_throttled(pak.get("/api/v1/incidents/"))
    # Another user, even from the same address, has a count of its own.
    assert afg.get("/api/v1/parties/").status_code == 200


def test_throttle_window_passes(rates, api_as, time_machine):
    time_machine.move_to(timezone.now())
    rates(user="1/minute")
    pak = api_as("pak_officer")
    assert pak.get("/api/v1/parties/").status_code == 200
    assert_throttled(pak.get("/api/v1/parties/"))

    time_machine.shift(61)

    assert pak.get("/api/v1/parties/").status_code == 200


# --- who is refused first: the caller, then the state, then the input ------------------------


def test_two_reviewers_of_one_cochair_are_refused(api_as, file_claim, tur):
    from accounts.models import Role
    from tests.factories import UserFactory

    UserFactory(username="tur_reviewer_2", role=Role.REVIEWER, cochair=tur)
    claim = file_claim("under_review")

    response = api_as("secretariat").post(
        f"/api/v1/incidents/{claim.reference}/assign/",
        {"reviewers": ["tur_reviewer", "tur_reviewer_2"]},
        format="json",
    )

    assert_error(response, 400, "VALIDATION_ERROR", field="reviewers")


@pytest.mark.parametrize("caller", ["pak_officer", "afg_officer", "tur_reviewer"])
def test_only_the_secretariat_learns_whether_a_reviewer_name_exists(caller, api_as, file_claim):
    claim = file_claim("under_review")
    url = f"/api/v1/incidents/{claim.reference}/assign/"
    client = api_as(caller)

    unknown = client.post(url, {"reviewers": ["nobody"]}, format="json")
    known = client.post(url, {"reviewers": ["qat_reviewer"]}, format="json")

    assert assert_error(unknown, 403, "PERMISSION_DENIED") == known.json()


@pytest.mark.parametrize(
    ("caller", "state", "status", "code"),
    [
        ("tur_reviewer", "under_review", 403, "PERMISSION_DENIED"),
        ("afg_officer", "under_review", 403, "NOT_YOUR_PARTY"),
        ("pak_officer", "verified", 409, "ILLEGAL_TRANSITION"),
        ("pak_officer", "under_review", 400, "VALIDATION_ERROR"),
    ],
)
def test_amend_without_a_reason(caller, state, status, code, api_as, file_claim):
    claim = file_claim(state)

    response = api_as(caller).post(
        f"/api/v1/incidents/{claim.reference}/amend/", {"place_name": "Gate"}, format="json"
    )

    body = assert_error(response, status, code)
    if status == 400:
        assert "reason" in body["fields"]
