from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from audit.models import AuditEvent
from compliance.commitments.services import commitment_create
from compliance.models import Commitment, Milestone
from core.errors import CommonError, ServiceError

from ..conftest import commitment_data, days


def test_secretariat_records_a_commitment_with_milestones(make_commitment, afg):
    commitment = make_commitment(milestones=[(days(20), 10), (days(10), 4)])

    assert commitment.reference == f"CMT-AFG-{commitment.session_date.year}-0001"
    assert list(commitment.milestones.values_list("quantity", flat=True)) == [4, 10]
    event = AuditEvent.objects.get(subject_type="commitment", subject_id=commitment.pk)
    assert event.action == "created"
    assert event.payload["target"] == "10 raids"


def test_references_count_per_party(make_commitment, pak):
    first, second, other = make_commitment(), make_commitment(), make_commitment(party=pak)
    assert [first.reference[-4:], second.reference[-4:]] == ["0001", "0002"]
    assert other.reference.startswith("CMT-PAK-")


def test_done_target_is_a_quantity_of_one(make_commitment):
    commitment = make_commitment(target_kind="done", target_quantity=7, unit="raids")
    assert (commitment.target_quantity, commitment.unit, commitment.target_label) == (1, "", "done")


@pytest.mark.parametrize("actor", ["pak_officer", "afg_officer", "tur_reviewer", "observer"])
def test_only_the_secretariat_records_commitments(cast, afg, raid_kind, actor):
    with pytest.raises(ServiceError) as exc:
        commitment_create(actor=cast[actor], data=commitment_data(afg, raid_kind))
    assert exc.value.code == CommonError.PERMISSION_DENIED
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    ("milestones", "overrides"),
    [
        ([(days(10), 4), (days(10), 10)], {}),  # two on one date
        ([(days(5), 6), (days(10), 4), (days(20), 10)], {}),  # falls
        ([(days(10), 4), (days(20), 9)], {}),  # the last is not the target
        ([(days(10), 4), (days(40), 10)], {}),  # after the due date
        ([(days(-40), 4), (days(20), 10)], {}),  # before the session
        ([(days(10), 0), (days(20), 10)], {}),  # not positive
    ],
)
def test_milestones_must_be_cumulative_and_end_at_the_target(
    make_commitment, milestones, overrides
):
    with pytest.raises(ServiceError) as exc:
        make_commitment(milestones=milestones, **overrides)
    assert exc.value.code == CommonError.VALIDATION_ERROR
    assert "milestones" in exc.value.fields
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"unit": ""}, "unit"),
        ({"target_quantity": 0}, "target_quantity"),
        ({"due_date": days(-31)}, "due_date"),
        ({"target_kind": "maybe"}, "target_kind"),
        ({"description": ""}, "description"),
    ],
)
def test_invalid_commitments_are_refused_by_field(make_commitment, overrides, field):
    with pytest.raises(ServiceError) as exc:
        make_commitment(**overrides)
    assert exc.value.code == CommonError.VALIDATION_ERROR
    assert field in exc.value.fields


def test_a_retired_kind_is_refused(make_commitment, raid_kind):
    raid_kind.is_active = False
    raid_kind.save()
    with pytest.raises(ServiceError) as exc:
        make_commitment()
    assert "kind" in exc.value.fields


def test_database_refuses_a_target_of_the_wrong_shape(make_commitment):
    commitment = make_commitment()
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment.pk).update(target_kind="done")


def test_database_refuses_two_milestones_on_one_date(make_commitment):
    commitment = make_commitment(milestones=[(days(10), 4), (days(20), 10)])
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.create(commitment=commitment, due_date=days(10), quantity=5)


def test_database_refuses_a_due_date_before_the_session(make_commitment):
    commitment = make_commitment()
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment.pk).update(
            due_date=commitment.session_date - timedelta(days=1)
        )
