"""Browser pages for claims: the list, filing, drafts, evidence and the claim page."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evidence.models import Visibility
from incidents.models import Evidence, Incident
from incidents.services import evidence_add
from tests.factories import IncidentFactory
from verification.services import review_amend
from verification.statuses import Status

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + b"\x00" * 40


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def form_data(afg, category, **overrides):
    data = {
        "accused_party": afg.pk,
        "category": category.pk,
        "alleged_actor": "Afghan border forces",
        "occurred_at": (timezone.now() - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
        "time_precision": "exact",
        "latitude": "34.13300",
        "longitude": "71.08300",
        "place_name": "Torkham",
        "province": "Khyber Pakhtunkhwa",
        "district": "Khyber",
        "border_sector": "Torkham crossing",
        "geo_precision": "exact",
        "narrative": "Mortar rounds landed near the crossing at dawn.",
        "sources": "Border post log",
        "killed_civilian_low": "1",
        "killed_civilian_high": "2",
        "evidence_visibility": "parties",
    }
    data.update(overrides)
    return data


def png(name="crater.png"):
    return SimpleUploadedFile(name, PNG_1X1, content_type="image/png")


@pytest.mark.parametrize("url", ["/claims/", "/claims/new/", "/claims/PAK-2025-00001/"])
def test_pages_need_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_list_shows_only_what_the_viewer_may_see(client, file_claim, cast):
    draft = file_claim("draft")
    submitted = file_claim("under_review", by="afg_officer")
    verified = file_claim("verified")
    seen = {}
    for name in ("pak_officer", "afg_officer", "tur_reviewer", "observer"):
        client.force_login(cast[name])
        body = client.get("/claims/").content.decode()
        seen[name] = {c.reference for c in (draft, submitted, verified) if c.reference in body}
    assert seen["pak_officer"] == {draft.reference, submitted.reference, verified.reference}
    assert seen["afg_officer"] == {submitted.reference, verified.reference}
    assert seen["tur_reviewer"] == {submitted.reference, verified.reference}
    assert seen["observer"] == {verified.reference}


def test_list_filters_sorts_and_paginates(client, file_claim, cast):
    claims = [file_claim("under_review") for _ in range(3)]
    verified = file_claim("verified")
    client.force_login(cast["secretariat"])
    body = client.get("/claims/", {"status": "verified"}).content.decode()
    assert verified.reference in body
    assert all(c.reference not in body for c in claims)

    body = client.get("/claims/", {"sort": "reference"}).content.decode()
    refs = sorted(c.reference for c in [*claims, verified])
    assert [body.index(r) for r in refs] == sorted(body.index(r) for r in refs)

    Incident.objects.filter(pk=claims[0].pk).update(findings_overdue_at=timezone.now())
    body = client.get("/claims/", {"overdue": "true"}).content.decode()
    assert claims[0].reference in body and claims[1].reference not in body
    assert "status-overdue" in body


def test_list_pages_by_25(client, pak_officer, afg, category):
    IncidentFactory.create_batch(27, created_by=pak_officer, category=category)
    client.force_login(pak_officer)
    first = client.get("/claims/").content.decode()
    assert "27 claims, page 1 of 2" in first
    second = client.get("/claims/", {"page": 2}).content.decode()
    assert second.count('class="status status-draft"') == 2


def test_invalid_filter_input_shows_the_error_and_matches_nothing(client, file_claim, cast):
    file_claim("under_review")
    client.force_login(cast["secretariat"])
    response = client.get("/claims/", {"bbox": "1,2,3"})
    assert response.status_code == 200
    assert "Give four numbers" in response.content.decode()
    assert "0 claims" in response.content.decode()


def test_list_page_query_count_does_not_grow_with_rows(client, pak_officer, afg, category):
    client.force_login(pak_officer)
    IncidentFactory.create_batch(3, created_by=pak_officer, category=category)
    client.get("/claims/")  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get("/claims/")
    IncidentFactory.create_batch(20, created_by=pak_officer, category=category)
    with CaptureQueriesContext(connection) as many:
        client.get("/claims/")
    assert len(many) == len(few)
    # session, user, the user's party (header), unread count, the permission tables
    # (once), categories and parties for the filter form, the count and the page
    assert len(few) <= 11


def test_htmx_request_gets_only_the_results(client, file_claim, cast):
    file_claim("under_review")
    client.force_login(cast["secretariat"])
    response = client.get("/claims/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="claim-results")
    body = response.content.decode()
    assert "<table" in body and "<header" not in body


@pytest.mark.parametrize("name", ["afg_officer", "tur_reviewer", "secretariat", "observer"])
def test_only_officers_file_claims(client, cast, name):
    client.force_login(cast[name])
    assert client.get("/claims/new/").status_code == (200 if name == "afg_officer" else 403)


def test_the_form_has_a_label_for_every_input(client, cast):
    client.force_login(cast["pak_officer"])
    body = client.get("/claims/new/").content.decode()
    import re

    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', body)
    assert ids
    for field_id in ids:
        assert f'for="{field_id}"' in body, field_id


def test_officer_saves_a_draft_with_several_files(client, cast, afg, category):
    client.force_login(cast["pak_officer"])
    data = form_data(afg, category, evidence=[png("a.png"), png("b.png")])
    response = client.post("/claims/new/", data)
    assert response.status_code == 302
    claim = Incident.objects.get()
    assert response["Location"] == f"/claims/{claim.reference}/"
    assert claim.status == Status.DRAFT
    assert claim.reporting_party == cast["pak_officer"].party
    assert claim.killed_civilian_high == 2 and claim.injured_security_low == 0
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["a.png", "b.png"]


def test_save_and_submit_goes_through_a_confirmation(client, cast, afg, category):
    client.force_login(cast["pak_officer"])
    response = client.post("/claims/new/", {**form_data(afg, category), "submit": "submit"})
    claim = Incident.objects.get()
    assert response["Location"] == f"/claims/{claim.reference}/submit/"
    assert claim.status == Status.DRAFT
    page = client.get(response["Location"])
    assert b"Confirm and submit" in page.content
    done = client.post(response["Location"])
    assert done.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.UNDER_REVIEW  # both co-chairs have a reviewer: auto-assigned


def test_bad_input_shows_errors_next_to_fields_and_keeps_what_was_typed(
    client, cast, afg, category
):
    client.force_login(cast["pak_officer"])
    data = form_data(
        afg,
        category,
        place_name="",
        killed_civilian_low="5",
        killed_civilian_high="2",
        narrative="Shelling reported by the Tirah valley post.",
    )
    response = client.post("/claims/new/", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_place_name_error"' in body
    assert 'aria-describedby="id_place_name_error"' in body
    assert 'aria-invalid="true"' in body
    assert "Shelling reported by the Tirah valley post." in body
    assert 'value="Afghan border forces"' in body
    assert not Incident.objects.exists()
    assert "Traceback" not in body


def test_a_service_refusal_lands_on_its_field(client, cast, afg, category):
    """The region rule lives in the service; its error still appears next to the field."""
    client.force_login(cast["pak_officer"])
    data = form_data(afg, category, latitude="10.00000", longitude="10.00000")
    response = client.post("/claims/new/", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_latitude_error"' in body
    assert "outside the region of the two parties" in body
    assert 'value="10.00000"' in body

    data = form_data(afg, category, killed_security_low="4", killed_security_high="1")
    body = client.post("/claims/new/", data).content.decode()
    assert 'id="id_killed_security_high_error"' in body


def test_a_file_of_the_wrong_type_is_refused_with_a_clear_message(client, cast, afg, category):
    client.force_login(cast["pak_officer"])
    data = form_data(
        afg,
        category,
        evidence=[png(), SimpleUploadedFile("tool.exe", ELF, content_type="image/png")],
    )
    response = client.post("/claims/new/", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "tool.exe: Files of type application/x-" in body
    assert 'id="id_evidence_error"' in body
    assert not Incident.objects.exists() and not Evidence.objects.exists()


def test_a_file_too_large_is_refused_with_a_clear_message(client, cast, afg, category, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    client.force_login(cast["pak_officer"])
    big = SimpleUploadedFile("big.png", PNG_1X1 + b"\0" * (1024 * 1024), content_type="image/png")
    response = client.post("/claims/new/", form_data(afg, category, evidence=[big]))
    assert response.status_code == 400
    assert "big.png: Files may be at most 1 MB." in response.content.decode()


def test_officer_edits_own_draft_only(client, file_claim, cast, afg, category):
    draft = file_claim("draft")
    client.force_login(cast["afg_officer"])
    assert client.get(f"/claims/{draft.reference}/edit/").status_code == 404
    client.force_login(cast["pak_officer"])
    page = client.get(f"/claims/{draft.reference}/edit/")
    assert page.status_code == 200
    assert 'value="Torkham"' in page.content.decode()
    data = form_data(afg, category, place_name="Landi Kotal", version=draft.version)
    response = client.post(f"/claims/{draft.reference}/edit/", data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.place_name == "Landi Kotal"


def test_a_stale_edit_is_a_form_error_not_a_crash(client, file_claim, cast, afg, category):
    draft = file_claim("draft")
    client.force_login(cast["pak_officer"])
    data = form_data(afg, category, place_name="Landi Kotal", version=draft.version - 1 or 99)
    response = client.post(f"/claims/{draft.reference}/edit/", data)
    assert response.status_code == 400
    assert "changed by someone else" in response.content.decode()


def test_a_submitted_claim_cannot_be_edited(client, file_claim, cast):
    claim = file_claim("under_review")
    client.force_login(cast["pak_officer"])
    assert client.get(f"/claims/{claim.reference}/edit/").status_code == 403


@pytest.mark.parametrize(
    ("state", "viewer", "code"),
    [
        ("draft", "pak_officer", 200),
        ("draft", "afg_officer", 404),
        ("draft", "tur_reviewer", 404),
        ("draft", "secretariat", 200),
        ("draft", "observer", 404),
        ("under_review", "afg_officer", 200),
        ("under_review", "observer", 404),
        ("verified", "observer", 200),
    ],
)
def test_claim_page_is_404_when_not_visible(client, file_claim, cast, state, viewer, code):
    claim = file_claim(state)
    client.force_login(cast[viewer])
    assert client.get(f"/claims/{claim.reference}/").status_code == code


def test_unknown_claim_is_a_friendly_404(client, cast):
    client.force_login(cast["pak_officer"])
    response = client.get("/claims/PAK-2025-99999/")
    assert response.status_code == 404
    assert b"Not found" in response.content
    assert b"pak_officer" in response.content  # the header, with who is signed in


def test_mediators_only_evidence_hash_visible_download_not(client, file_claim, cast):
    claim = file_claim("under_review")
    secret = evidence_add(
        user=cast["pak_officer"],
        incident=claim,
        upload=png("informant.png"),
        visibility=Visibility.MEDIATORS_ONLY,
    )
    url = f"/claims/{claim.reference}/evidence/{secret.pk}/"
    client.force_login(cast["afg_officer"])
    page = client.get(f"/claims/{claim.reference}/").content.decode()
    assert secret.sha256 in page
    assert "informant.png" not in page and url not in page
    assert client.get(url).status_code == 404
    for name in ("pak_officer", "tur_reviewer", "secretariat"):
        client.force_login(cast[name])
        assert url in client.get(f"/claims/{claim.reference}/").content.decode()
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PNG_1X1
        assert "attachment" in response["Content-Disposition"]


def test_evidence_of_an_invisible_claim_is_404(client, file_claim, cast):
    draft = file_claim("draft")
    item = evidence_add(user=cast["pak_officer"], incident=draft, upload=png())
    client.force_login(cast["afg_officer"])
    assert client.get(f"/claims/{draft.reference}/evidence/{item.pk}/").status_code == 404


def test_accused_party_adds_evidence_while_in_review(client, file_claim, cast):
    claim = file_claim("under_review")
    client.force_login(cast["afg_officer"])
    page = client.get(f"/claims/{claim.reference}/").content.decode()
    assert f"/claims/{claim.reference}/evidence/" in page
    response = client.post(
        f"/claims/{claim.reference}/evidence/",
        {"evidence": [png("their.png")], "evidence_visibility": "parties"},
    )
    assert response.status_code == 302
    assert Evidence.objects.get().uploaded_by == cast["afg_officer"]
    client.force_login(cast["tur_reviewer"])
    response = client.post(
        f"/claims/{claim.reference}/evidence/",
        {"evidence": [png()], "evidence_visibility": "parties"},
    )
    assert response.status_code == 403


def test_evidence_form_without_a_file_says_so(client, file_claim, cast):
    claim = file_claim("under_review")
    client.force_login(cast["pak_officer"])
    response = client.post(
        f"/claims/{claim.reference}/evidence/", {"evidence_visibility": "parties"}
    )
    assert response.status_code == 400
    assert "Choose at least one file." in response.content.decode()


def test_claim_page_shows_the_timeline_and_the_old_text_of_amendments(client, file_claim, cast):
    claim = file_claim("under_review")
    review_amend(
        actor=cast["pak_officer"],
        record=claim,
        data={"narrative": "Corrected: two mortar rounds."},
        reason="Count corrected after the post's report.",
    )
    client.force_login(cast["afg_officer"])
    body = client.get(f"/claims/{claim.reference}/").content.decode()
    assert "Corrected: two mortar rounds." in body
    assert "Mortar rounds landed near the crossing." in body  # the text before
    assert "Count corrected after the post&#x27;s report." in body
    for label in ("Draft created", "Submitted", "Reviewers assigned", "Amended"):
        assert label in body


@pytest.mark.parametrize(
    "query",
    [
        {"occurred_after": "0001-01-01T00:00:00+14:00"},
        {"occurred_before": "9999-12-31T23:59:59-14:00"},
        {"overdue": "maybe"},
        {"status": "nonsense"},
        {"page": "-1"},
        {"sort": "password"},
    ],
)
def test_odd_list_queries_never_crash(client, file_claim, cast, query):
    file_claim("under_review")
    client.force_login(cast["secretariat"])
    assert client.get("/claims/", query).status_code == 200
    assert client.get("/", query).status_code == 200


def test_the_claim_page_names_where_the_point_lies_and_flags_a_contradicting_place(
    client, cast, file_claim
):
    claim = file_claim("under_review")
    client.force_login(cast["tur_reviewer"])
    body = client.get(f"/claims/{claim.reference}/").content.decode()
    assert "The point lies in <strong>Khyber Pakhtunkhwa</strong>" in body
    assert "location-warnings" not in body

    # The place field says Kurram, the point is in Punjab (Lahore).
    Incident.objects.filter(pk=claim.pk).update(
        latitude="31.52000", longitude="74.35000", place_name="Kurram"
    )
    body = client.get(f"/claims/{claim.reference}/").content.decode()
    assert "The point lies in <strong>Punjab</strong>" in body
    assert "The typed location does not match the point" in body
    assert (
        '<li data-field="place_name">The place field says Kurram (Khyber Pakhtunkhwa), '
        "the point is in Punjab.</li>"
    ) in body
    assert (
        '<li data-field="province">The province field says Khyber Pakhtunkhwa, '
        "the point is in Punjab.</li>"
    ) in body
