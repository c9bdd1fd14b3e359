"""The thresholds the evidence checks weigh files by are data: one row, seeded by a
migration, held to sane ranges by the database, changed only by the secretariat (its
page or the admin) through one audited service, and read by the checks and the panel."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client

from audit.models import AuditEvent
from core.errors import CommonError, ServiceError
from evidence import synthetic
from evidence.models import EvidenceCheckSettings, EvidenceMatch, MatchKind
from evidence.panel import evidence_panels
from evidence.selectors import evidence_check_settings
from evidence.services import evidence_checks_update
from tests.evidence.conftest import OCCURRED, TORKHAM

CALLERS = ["pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer"]
PAGE = "/evidence/checks/"


def page(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_migration_seeds_the_former_defaults(db):
    row = EvidenceCheckSettings.objects.get()
    assert (row.pk, row.image_match_max_distance) == (1, 28)
    assert (row.time_warn_hours, row.distance_warn_km) == (24.0, 10.0)


def test_the_match_distance_decides_whether_a_copy_matches(
    secretariat, pak_officer, make_claim, attach
):
    original = synthetic.scene(3)
    copy = synthetic.recycled(original, scale=0.6, crop=0.05, quality=45)
    evidence_checks_update(actor=secretariat, data={"image_match_max_distance": 2})
    attach(pak_officer, make_claim(), synthetic.jpeg_bytes(original))
    attach(pak_officer, make_claim(), synthetic.jpeg_bytes(copy, quality=45))
    assert not EvidenceMatch.objects.exists()

    evidence_checks_update(actor=secretariat, data={"image_match_max_distance": 28})
    call_command("evidence_scan", stdout=io.StringIO())

    match = EvidenceMatch.objects.get()
    assert match.kind == MatchKind.SIMILAR_IMAGE
    assert 2 < match.phash_distance + match.dhash_distance <= 28


def test_the_time_warning_follows_the_threshold(secretariat, pak_officer, make_claim, attach):
    data = synthetic.jpeg_bytes(
        synthetic.scene(4),
        exif=synthetic.exif_for(
            taken=OCCURRED - timedelta(hours=30), lat=TORKHAM[0], lon=TORKHAM[1]
        ),
    )
    evidence = attach(pak_officer, make_claim(), data)
    assert evidence_panels([evidence])[evidence.pk]["warnings"] == ["time_differs"]

    evidence_checks_update(actor=secretariat, data={"time_warn_hours": 30.5})
    assert evidence_panels([evidence])[evidence.pk]["warnings"] == []


def test_the_panel_reads_the_thresholds_once_per_request(
    pak_officer, make_claim, attach, django_assert_num_queries
):
    claim = make_claim()
    one = [attach(pak_officer, claim, synthetic.jpeg_bytes(synthetic.scene(1)))]
    three = one + [
        attach(pak_officer, claim, synthetic.jpeg_bytes(synthetic.scene(seed)), name=f"{seed}.jpg")
        for seed in (2, 5)
    ]
    for files in (one, three):
        for item in files:
            item.incident = claim  # the record in hand, as the record's page has it
        with django_assert_num_queries(3):  # analyses, matches, thresholds
            evidence_panels(files)


def test_a_change_is_audited_with_who_before_and_after(secretariat):
    evidence_checks_update(
        actor=secretariat, data={"image_match_max_distance": 20, "distance_warn_km": 5}
    )

    event = AuditEvent.objects.get(action="evidence_checks_changed")
    assert event.actor == secretariat
    assert event.subject_type == "evidence_checks"
    assert event.payload["before"] == {
        "image_match_max_distance": 28,
        "time_warn_hours": 24.0,
        "distance_warn_km": 10.0,
    }
    assert event.payload["after"] == {
        "image_match_max_distance": 20,
        "time_warn_hours": 24.0,
        "distance_warn_km": 5.0,
    }


def test_saving_the_same_values_writes_no_event(secretariat):
    evidence_checks_update(actor=secretariat, data={"image_match_max_distance": 28})
    assert not AuditEvent.objects.filter(action="evidence_checks_changed").exists()


@pytest.mark.parametrize("caller", ["pak_officer", "afg_officer", "tur_reviewer", "observer"])
def test_only_the_secretariat_changes_them(caller, cast):
    with pytest.raises(ServiceError) as refused:
        evidence_checks_update(actor=cast[caller], data={"image_match_max_distance": 40})
    assert refused.value.code == CommonError.PERMISSION_DENIED
    assert evidence_check_settings().image_match_max_distance == 28


@pytest.mark.parametrize(
    "data",
    [
        {"image_match_max_distance": 65},
        {"image_match_max_distance": -1},
        {"time_warn_hours": 0},
        {"distance_warn_km": 30_000},
        {"time_warn_hours": "soon"},
        {"colour": "red"},
    ],
)
def test_values_out_of_range_are_refused(data, secretariat):
    with pytest.raises(ServiceError) as refused:
        evidence_checks_update(actor=secretariat, data=data)
    assert refused.value.code == CommonError.VALIDATION_ERROR
    assert set(refused.value.fields) == set(data)
    assert not AuditEvent.objects.filter(action="evidence_checks_changed").exists()


@pytest.mark.parametrize(
    "change",
    [
        {"image_match_max_distance": 65},
        {"time_warn_hours": 0},
        {"distance_warn_km": -1},
        {"id": 2},
    ],
)
def test_the_database_holds_the_ranges_and_the_single_row(change, db):
    with pytest.raises(IntegrityError), transaction.atomic():
        if "id" in change:
            EvidenceCheckSettings.objects.create(**change)
        else:
            EvidenceCheckSettings.objects.filter(pk=1).update(**change)


@pytest.mark.parametrize("caller", CALLERS)
def test_the_page_is_the_secretariats(caller, cast):
    client = page(cast[caller])
    if caller != "secretariat":
        assert client.get(PAGE).status_code == 403
        assert client.post(PAGE, {"image_match_max_distance": 40}).status_code == 403
        assert "Evidence checks" not in client.get("/").content.decode()
        assert evidence_check_settings().image_match_max_distance == 28
        return
    response = client.get(PAGE)
    assert response.status_code == 200
    assert 'value="28"' in response.content.decode()
    assert "Evidence checks" in client.get("/").content.decode()


def test_the_page_saves_and_audits(cast):
    client = page(cast["secretariat"])
    response = client.post(
        PAGE, {"image_match_max_distance": 24, "time_warn_hours": 12, "distance_warn_km": 2.5}
    )
    assert response.status_code == 302
    row = evidence_check_settings()
    assert (row.image_match_max_distance, row.time_warn_hours, row.distance_warn_km) == (
        24,
        12.0,
        2.5,
    )
    event = AuditEvent.objects.get(action="evidence_checks_changed")
    assert event.actor == cast["secretariat"]
    assert event.payload["after"]["time_warn_hours"] == 12.0


def test_the_page_explains_a_value_out_of_range(cast):
    client = page(cast["secretariat"])
    response = client.post(
        PAGE, {"image_match_max_distance": 99, "time_warn_hours": 12, "distance_warn_km": 2}
    )
    assert response.status_code == 400
    assert "less than or equal to 64" in response.content.decode()
    assert evidence_check_settings().image_match_max_distance == 28


def test_a_change_in_the_admin_is_audited_too(cast):
    client = page(cast["secretariat"])
    url = "/admin/evidence/evidencechecksettings/1/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"image_match_max_distance": 30, "time_warn_hours": 24, "distance_warn_km": 10}
    )
    assert response.status_code == 302, response.content[:1000]
    assert evidence_check_settings().image_match_max_distance == 30
    event = AuditEvent.objects.get(action="evidence_checks_changed")
    assert event.actor == cast["secretariat"]
    assert event.payload["before"]["image_match_max_distance"] == 28
    assert page(cast["tur_reviewer"]).get(url).status_code in (302, 403)
