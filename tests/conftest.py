"""The named cast: one actor per role, as the seed data names them."""

import contextlib
import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from incidents.services import incident_create_draft
from tests.factories import (
    CategoryFactory,
    CoChairFactory,
    PartyFactory,
    UserFactory,
    intent_of,
    reply_first,
)
from verification.services import review_record_finding, review_submit


@pytest.fixture
def pak(db):
    return PartyFactory(code="PAK")


@pytest.fixture
def afg(db):
    return PartyFactory(code="AFG")


@pytest.fixture
def tur(db):
    return CoChairFactory(code="TUR")


@pytest.fixture
def qat(db):
    return CoChairFactory(code="QAT")


@pytest.fixture
def category(db):
    return CategoryFactory()


@pytest.fixture
def pak_officer(pak):
    return UserFactory(username="pak_officer", role=Role.OFFICER, party=pak)


@pytest.fixture
def afg_officer(afg):
    return UserFactory(username="afg_officer", role=Role.OFFICER, party=afg)


@pytest.fixture
def tur_reviewer(tur):
    return UserFactory(username="tur_reviewer", role=Role.REVIEWER, cochair=tur)


@pytest.fixture
def qat_reviewer(qat):
    return UserFactory(username="qat_reviewer", role=Role.REVIEWER, cochair=qat)


@pytest.fixture
def secretariat(db):
    return UserFactory(username="secretariat", role=Role.SECRETARIAT, is_staff=True)


@pytest.fixture
def observer(db):
    return UserFactory(username="observer", role=Role.OBSERVER)


@pytest.fixture
def cast(pak_officer, afg_officer, tur_reviewer, qat_reviewer, secretariat, observer):
    return {
        "pak_officer": pak_officer,
        "afg_officer": afg_officer,
        "tur_reviewer": tur_reviewer,
        "qat_reviewer": qat_reviewer,
        "secretariat": secretariat,
        "observer": observer,
    }


# --- claims walked through the real services to the state a test needs ----------
def claim_data(accused, category, **overrides):
    data = dict(
        accused_party=accused,
        alleged_actor="Unidentified armed group",
        category=category,
        occurred_at=timezone.now() - timedelta(hours=6),
        latitude=Decimal("34.13300"),
        longitude=Decimal("71.08300"),
        place_name="Torkham",
        province="Khyber Pakhtunkhwa",
        narrative="Mortar rounds landed near the crossing.",
    )
    data.update(overrides)
    return data


@pytest.fixture
def file_claim(cast, category, afg, pak):
    """file_claim(state, by='pak_officer', reply=True) -> a claim in that state, reached
    through services: draft, under_review (the reply window open), replied (under review,
    the accused party's reply filed: findings may be recorded), one_finding, verified,
    not_verified, inconclusive, disputed.

    Findings wait for the accused party's reply: with reply=False none is filed, and the
    findings are recorded once the reply window has closed (the clock moved past it)."""

    def make(state="draft", by="pak_officer", reply=True):
        officer = cast[by]
        accused = afg if officer.party_id == pak.pk else pak
        claim = incident_create_draft(officer=officer, data=claim_data(accused, category))
        if state == "draft":
            return claim
        claim = review_submit(actor=officer, record=claim)
        if state == "under_review":
            return claim
        if reply:
            answering = "afg_officer" if by == "pak_officer" else "pak_officer"
            reply_first(cast[answering], claim)
            claim.refresh_from_db()
        if state == "replied":
            return claim
        if state not in ("verified", "not_verified", "inconclusive", "disputed", "one_finding"):
            raise ValueError(state)
        with _findings_clock(claim, reply=reply):
            first = "verified" if state == "disputed" else state
            outcome = "verified" if state == "one_finding" else first
            review_record_finding(
                actor=cast["tur_reviewer"],
                record=claim,
                outcome=outcome,
                grade="confirmed",
                reasoning="Crater analysis and witness statements.",
                intent=intent_of(outcome),
            )
            if state != "one_finding":
                outcome = "not_verified" if state == "disputed" else first
                review_record_finding(
                    actor=cast["qat_reviewer"],
                    record=claim,
                    outcome=outcome,
                    grade="probable",
                    reasoning="Imagery review.",
                    intent=intent_of(outcome),
                )
        claim.refresh_from_db()
        return claim

    return make


def _findings_clock(record, *, reply: bool):
    """Now, when the reply is filed; else the first second after the reply window closed."""
    if reply:
        return contextlib.nullcontext()
    return time_machine.travel(record.reply_due_at + timedelta(seconds=1), tick=False)


@pytest.fixture(scope="session", autouse=True)
def _flush_lifts_audit_triggers():
    """Transactional tests end with a flush; the audit table's triggers refuse it, as they
    should everywhere else. Only the test run lifts them around its own flush.

    On SQLite a flush is one DELETE per table, in no fixed order, and the claims' DELETE
    fires the tallies' row triggers: had a tally been emptied first, it would keep a -1
    for every flushed claim into the next test. Their DELETEs go last."""
    triggers = importlib.import_module("audit.migrations.0002_refuse_update_delete")
    tallies = [
        importlib.import_module(f"incidents.migrations.{name}").TALLY
        for name in ("0006_incident_tally", "0023_place_tally")
    ]
    ops_class = type(connection.ops)
    original = ops_class.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if triggers.TABLE not in tables or not statements:
            return statements
        if self.connection.vendor == "postgresql":
            return [
                f"ALTER TABLE {triggers.TABLE} DISABLE TRIGGER USER;",
                *statements,
                f"ALTER TABLE {triggers.TABLE} ENABLE TRIGGER USER;",
            ]
        if self.connection.vendor == "sqlite":
            quoted = [self.quote_name(tally) for tally in tallies]
            statements = sorted(statements, key=lambda sql: any(q in sql for q in quoted))
            return [*triggers.SQLITE_DOWN, *statements, *triggers.SQLITE_UP]
        return statements

    ops_class.sql_flush = sql_flush
    yield
    ops_class.sql_flush = original


@pytest.fixture(scope="session", autouse=True)
def _catalogues_compiled():
    """The message catalogues as `make test` leaves them: compiled from the .po files when a
    .mo is missing or older, so that a bare `pytest` reads the same translations."""
    from django.conf import settings
    from django.core.management import call_command

    stale = [
        po
        for root in settings.LOCALE_PATHS
        for po in root.glob("*/LC_MESSAGES/*.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        call_command(
            "compilemessages",
            ignore_patterns=[".venv", "node_modules", "staticfiles"],
            verbosity=0,
        )


@pytest.fixture(autouse=True)
def _results_may_be_awaited():
    """The tests run tasks eagerly, and Celery marks "inside a task, never wait for a
    result" with one process-wide flag that each eager call sets and then restores to
    what it saw. Two threads of a live server running eager tasks at once can restore
    each other's value and leave it set, and every later `.get()` in the test process
    would then refuse to wait. Each test starts with it clear, as a fresh process has it."""
    from celery import _state

    _state._set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _language_of_a_fresh_thread():
    """Each test starts in the default language, as a fresh worker thread does: a request
    by someone who reads Urdu (the demo's pak_officer, a preference chosen in a test)
    activates it for the thread, and gettext outside a request would go on reading it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _site_mode_normal():
    """Each test starts in normal mode with the mode cached, as a running process has it
    between switches (core.site_mode): the first request reads no extra row."""
    from core import site_mode

    site_mode.remember(seconds=3600)
    yield
    site_mode.forget()


@pytest.fixture(autouse=True)
def _party_codes_unknown():
    """Each test starts with no party codes in mind (accounts.selectors), as a fresh
    process does: a rolled-back test's parties are not remembered into the next."""
    from accounts import selectors

    selectors._party_codes = None


@pytest.fixture(autouse=True)
def _clients_serve_as_the_wsgi_handler(monkeypatch):
    """Every test client routes a token's API call through the shorter middleware stack,
    as config.wsgi's handler does (config.handlers), so that the API's tests run it."""
    import django.test.client
    import rest_framework.test

    from config.handlers import TokenCallRouting

    for module, name in (
        (django.test.client, "ClientHandler"),
        (rest_framework.test, "ForceAuthClientHandler"),
    ):
        handler = getattr(module, name)
        monkeypatch.setattr(module, name, type(name, (TokenCallRouting, handler), {}))


@pytest.fixture(scope="session")
def s3_server():
    """A local S3 server (moto) on a free port for the whole run: boto3 talks real HTTP to
    it, as to MinIO or AWS, so a subprocess can reach it too."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def spare_bucket(s3_server):
    """An empty bucket on the local S3 server, not yet the configured storage. Returns
    its name, a boto3 client for it and the environment of EVIDENCE_STORAGE=s3 that
    points at it (for a subprocess, or for `s3_bucket`)."""
    import uuid
    from types import SimpleNamespace

    import boto3

    name = f"evidence-{uuid.uuid4().hex[:16]}"
    environment = {
        "EVIDENCE_STORAGE": "s3",
        "S3_ENDPOINT_URL": s3_server,
        "S3_BUCKET": name,
        "S3_ACCESS_KEY_ID": "test-access-key",
        "S3_SECRET_ACCESS_KEY": "test-secret-key",
        "S3_REGION": "us-east-1",
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="test-access-key",
        aws_secret_access_key="test-secret-key",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=name)
    return SimpleNamespace(name=name, client=client, environment=environment)


@pytest.fixture
def s3_bucket(spare_bucket, settings, monkeypatch):
    """Evidence in a fresh private bucket for this test, configured as production
    configures it: the environment of EVIDENCE_STORAGE=s3 read by the settings' own
    `evidence_storage`."""
    from config.settings.evidence import evidence_storage

    for key, value in spare_bucket.environment.items():
        monkeypatch.setenv(key, value)
    settings.STORAGES = {**settings.STORAGES, "default": evidence_storage()}
    return spare_bucket
