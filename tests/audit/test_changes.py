"""Who sees the changes made by hand (audit.changes): shared reference data everyone
signed in; people the secretariat and the reviewers, and a party's officers only their
own side's accounts. The transparency log's proofs answer the same."""

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from audit.models import AuditEvent
from audit.visibility import event_visible_to
from compliance.penalties.measures import penalty_measure_create, penalty_measure_update
from core.changes import CHANGED, CREATED, record_change, record_snapshot, record_snapshot_stored


def changed_by_hand(actor, instance, **changes):
    with transaction.atomic():
        before = record_snapshot_stored(instance)
        for name, value in changes.items():
            setattr(instance, name, value)
        instance.save()
        record_change(
            actor=actor, instance=instance, before=before, after=record_snapshot(instance), via="t"
        )
    return AuditEvent.objects.order_by("-sequence").first()


@pytest.fixture
def pak_account_change(cast):
    return changed_by_hand(cast["secretariat"], cast["pak_officer"], email="new@pak.example")


@pytest.fixture
def category_change(cast, category):
    return changed_by_hand(cast["secretariat"], category, reply_hours=48)


@pytest.mark.parametrize(
    ("actor", "sees"),
    [
        ("secretariat", True),
        ("tur_reviewer", True),
        ("qat_reviewer", True),
        ("pak_officer", True),
        ("afg_officer", False),
        ("observer", False),
    ],
)
def test_who_sees_a_change_to_a_pak_officers_account(cast, pak_account_change, actor, sees):
    assert event_visible_to(cast[actor], pak_account_change) is sees


@pytest.mark.parametrize(
    "actor", ["secretariat", "tur_reviewer", "pak_officer", "afg_officer", "observer"]
)
def test_a_change_to_shared_reference_data_is_seen_by_everyone_signed_in(
    cast, category_change, actor
):
    assert event_visible_to(cast[actor], category_change)


def test_an_officer_moved_between_parties_is_seen_by_both(cast, afg):
    event = changed_by_hand(cast["secretariat"], cast["pak_officer"], party=afg)
    assert event_visible_to(cast["afg_officer"], event)
    assert event_visible_to(cast["pak_officer"], event)


def test_the_other_sides_account_changes_have_no_proof_for_an_officer(cast, pak_account_change):
    api = APIClient()
    api.force_authenticate(cast["afg_officer"])
    response = api.get(f"/api/v1/log/events/{pak_account_change.sequence}/proof/")
    assert response.status_code == 404
    api.force_authenticate(cast["pak_officer"])
    assert api.get(f"/api/v1/log/events/{pak_account_change.sequence}/proof/").status_code == 200


def test_the_penalty_measure_service_records_before_and_after(secretariat):
    measure = penalty_measure_create(
        actor=secretariat, data={"code": "travel_ban", "label": "Travel ban", "appeal_days": 7}
    )
    penalty_measure_update(actor=secretariat, measure=measure, data={"appeal_days": 21})
    created, changed = AuditEvent.objects.filter(subject_type="compliance.penaltymeasure")
    assert (created.action, created.payload["after"]["appeal_days"]) == (CREATED, 7)
    assert changed.action == CHANGED
    assert changed.payload["via"] == "service"
    assert (changed.payload["before"]["appeal_days"], changed.payload["after"]["appeal_days"]) == (
        7,
        21,
    )
