"""Helpers shared by the API tests: file bytes, the error-shape assertion, the cast and
claims built through the services, and a world of them built once per test module."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from evidence.models import Visibility
from incidents.services import evidence_add, incident_create_draft
from mediators.services import agenda_item_decide, meeting_close, meeting_schedule
from tests.conftest import claim_data
from tests.factories import (
    CategoryFactory,
    CoChairFactory,
    PartyFactory,
    UserFactory,
    api_token,
    intent_of,
    meeting_begun,
    reply_first,
)
from verification.services import review_record_finding, review_submit, review_withdraw

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + b"\x00" * 40


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "not a photo")
    return buffer.getvalue()


ZIP = _zip_bytes()

MISSING_REFERENCE = "PAK-2025-99999"
MISSING_ID = 999_999


def upload(name="photo.png", content=PNG, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def assert_error(response, status: int, code: str, *, field: str | None = None) -> dict:
    """A refusal in the one shape: {"code", "detail", "fields"}, JSON, with that status."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}, body
    assert body["code"] == code, body
    assert isinstance(body["detail"], str) and body["detail"], body
    assert isinstance(body["fields"], dict), body
    for name, messages in body["fields"].items():
        assert isinstance(name, str), body
        assert isinstance(messages, list) and all(isinstance(m, str) for m in messages), body
    if field is not None:
        assert field in body["fields"], body
    return body


def add_evidence(officer, claim, *, visibility=Visibility.PARTIES, name="photo.png"):
    return evidence_add(user=officer, incident=claim, upload=upload(name), visibility=visibility)


def withdraw(officer, claim):
    return review_withdraw(actor=officer, record=claim, reason="Filed in error.")


def schedule_meeting(secretariat, *, days=3):
    return meeting_schedule(
        actor=secretariat,
        title="Implementation review",
        scheduled_for=timezone.now() + timedelta(days=days),
    )


def decide_item(secretariat, item):
    return agenda_item_decide(
        actor=secretariat,
        item=item,
        minutes="Joint view after the site visit.",
        outcome="inconclusive",
        grade="possible",
    )


def close_meeting(secretariat, meeting):
    return meeting_close(actor=secretariat, meeting=meeting_begun(meeting), minutes="Closed.")


# --- a world built once per module --------------------------------------------------------
# Building claims through the services is the slow part of these tests. A module builds
# its claims once, inside a transaction rolled back when the module ends; pytest-django
# runs each test in a savepoint of it, so no test's writes reach the next.


def build_cast() -> dict:
    """The named cast (as tests/conftest.py names them), each with an API token."""
    pak, afg = PartyFactory(code="PAK"), PartyFactory(code="AFG")
    tur, qat = CoChairFactory(code="TUR"), CoChairFactory(code="QAT")
    users = {
        "pak_officer": UserFactory(username="pak_officer", role=Role.OFFICER, party=pak),
        "afg_officer": UserFactory(username="afg_officer", role=Role.OFFICER, party=afg),
        "tur_reviewer": UserFactory(username="tur_reviewer", role=Role.REVIEWER, cochair=tur),
        "qat_reviewer": UserFactory(username="qat_reviewer", role=Role.REVIEWER, cochair=qat),
        "secretariat": UserFactory(username="secretariat", role=Role.SECRETARIAT, is_staff=True),
        "observer": UserFactory(username="observer", role=Role.OBSERVER),
    }
    return {
        "users": users,
        "tokens": {name: api_token(user) for name, user in users.items()},
        "parties": {"PAK": pak, "AFG": afg},
        "category": CategoryFactory(),
    }


def file_claim_as(world, state, *, by="pak_officer", files=False):
    """A claim in `state` (draft, withdrawn_draft, under_review, replied, one_finding,
    verified, disputed, withdrawn), walked there through the services. With `files`, a file of each
    visibility is attached by the reporting officer first. Returns (claim, {name: id})."""
    users, parties = world["users"], world["parties"]
    officer = users[by]
    accused = parties["AFG"] if officer.party == parties["PAK"] else parties["PAK"]
    claim = incident_create_draft(officer=officer, data=claim_data(accused, world["category"]))
    ids = {}
    if files:
        ids["evidence"] = add_evidence(officer, claim).pk
        ids["mediators_only"] = add_evidence(
            officer, claim, visibility=Visibility.MEDIATORS_ONLY
        ).pk
    if state not in ("draft", "withdrawn_draft"):
        claim = review_submit(actor=officer, record=claim)
    if state in ("replied", "one_finding", "verified", "disputed"):
        # The accused party's reply comes first: findings wait for it.
        answering = "afg_officer" if officer.party == parties["PAK"] else "pak_officer"
        reply_first(users[answering], claim)
    if state in ("one_finding", "verified", "disputed"):
        record_finding(users["tur_reviewer"], claim, "verified")
    if state in ("verified", "disputed"):
        outcome = "verified" if state == "verified" else "not_verified"
        record_finding(users["qat_reviewer"], claim, outcome)
    if state in ("withdrawn", "withdrawn_draft"):
        withdraw(officer, claim)
    claim.refresh_from_db()
    return claim, ids


def record_finding(reviewer, claim, outcome, intent=None):
    review_record_finding(
        actor=reviewer,
        record=claim,
        outcome=outcome,
        grade="probable",
        reasoning="Imagery.",
        intent=intent_of(outcome) if intent is None else intent,
    )


def module_world(build):
    """A module-scoped fixture: build() runs once, its writes undone after the module."""

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker, tmp_path_factory):
        media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
        media.enable()
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                built = build()
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                media.disable()
                raise
        try:
            yield built
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
            media.disable()

    return world


def client_for(world, caller) -> APIClient:
    """An API client with that actor's token; "anonymous" (or None) sends none."""
    client = APIClient()
    if caller not in (None, "anonymous"):
        client.credentials(HTTP_AUTHORIZATION=f"Token {world['tokens'][caller]}")
    return client
