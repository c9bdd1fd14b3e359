"""Access denied: who records it, the findings clock's pause, and access granted."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import CommonError, ServiceError
from incidents.denials.error_codes import DenialError
from incidents.denials.models import AccessDenial
from incidents.denials.services import access_denial_grant, access_denial_record
from incidents.models import Incident
from notifications.models import Notification
from tests.factories import UserFactory


def refused_code(call):
    with pytest.raises(ServiceError) as refused:
        call()
    return refused.value.code


@pytest.mark.parametrize("by", ["tur_reviewer", "qat_reviewer", "secretariat"])
def test_an_assigned_reviewer_or_the_secretariat_records_a_denial(file_claim, record_denial, by):
    claim = file_claim("under_review")
    denial = record_denial(claim, by=by)
    assert denial.reference.startswith("DEN-AFG-")
    assert denial.is_open and denial.clock_paused
    claim.refresh_from_db()
    assert claim.findings_paused_at == denial.began_at


@pytest.mark.parametrize("by", ["pak_officer", "afg_officer", "observer"])
def test_nobody_else_records_a_denial(file_claim, record_denial, by):
    claim = file_claim("under_review")
    assert refused_code(lambda: record_denial(claim, by=by)) == CommonError.PERMISSION_DENIED
    assert not AccessDenial.objects.exists()


def test_an_unassigned_reviewer_may_not_record_a_denial(file_claim, tur):
    claim = file_claim("under_review")
    other = UserFactory(role="reviewer", cochair=tur, username="tur_reviewer_2")
    with pytest.raises(ServiceError) as refused:
        access_denial_record(actor=other, incident=claim, data={})
    assert refused.value.code == CommonError.PERMISSION_DENIED


def test_a_decided_claim_takes_no_denial(file_claim, record_denial):
    claim = file_claim("verified")
    assert refused_code(lambda: record_denial(claim, by="secretariat")) == (
        DenialError.CLAIM_NOT_IN_REVIEW
    )


def test_bad_input_writes_nothing(file_claim, cast, denial_data, pak):
    claim = file_claim("under_review")
    bad = denial_data(
        refused="   ", began_at=timezone.now() + timedelta(hours=1), denying_party=pak, latitude=95
    )
    bad["denying_party"] = None
    with pytest.raises(ServiceError) as refused:
        access_denial_record(actor=cast["tur_reviewer"], incident=claim, data=bad)
    assert refused.value.code == CommonError.VALIDATION_ERROR
    assert {"refused", "began_at", "denying_party", "latitude"} <= set(refused.value.fields)
    claim.refresh_from_db()
    assert claim.findings_paused_at is None
    assert not AccessDenial.objects.exists()


def test_a_denial_cannot_begin_before_the_claim_was_submitted(file_claim, record_denial):
    claim = file_claim("under_review")
    with pytest.raises(ServiceError) as refused:
        record_denial(claim, began_at=claim.submitted_at - timedelta(hours=1))
    assert "began_at" in refused.value.fields


def test_one_open_denial_per_party_per_claim(file_claim, record_denial):
    claim = file_claim("under_review")
    record_denial(claim)
    assert refused_code(lambda: record_denial(claim)) == DenialError.DENIAL_ALREADY_OPEN
    first = AccessDenial.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessDenial.objects.create(
            **{
                f.attname: getattr(first, f.attname)
                for f in AccessDenial._meta.concrete_fields
                if f.attname not in ("id", "reference")
            },
            reference="DEN-AFG-2026-9999",
        )


def test_recording_pauses_audits_and_notifies(file_claim, record_denial, cast):
    claim = file_claim("under_review")
    denial = record_denial(claim)
    assert AuditEvent.objects.filter(
        subject_type="access_denial", subject_id=denial.pk, action="access_denied"
    ).exists()
    paused = AuditEvent.objects.get(
        subject_type="incident", subject_id=claim.pk, action="findings_clock_paused"
    )
    assert paused.payload["access_denial"] == denial.reference
    told = set(
        Notification.objects.filter(kind="access_denied").values_list("user__username", flat=True)
    )
    assert told == {"pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat"}


def test_granting_access_extends_the_findings_deadline_by_the_pause(
    file_claim, record_denial, cast
):
    claim = file_claim("under_review")
    original_due = claim.findings_due_at
    began = timezone.now()
    denial = record_denial(claim, began_at=began)
    with time_machine.travel(began + timedelta(days=3), tick=False):
        access_denial_grant(actor=cast["qat_reviewer"], denial=denial)
    claim.refresh_from_db()
    denial.refresh_from_db()
    assert denial.ended_at == began + timedelta(days=3)
    assert claim.findings_paused_at is None
    assert claim.findings_paused_total == timedelta(days=3)
    assert claim.findings_due_at == original_due + timedelta(days=3)
    resumed = AuditEvent.objects.get(subject_id=claim.pk, action="findings_clock_resumed")
    assert resumed.payload["paused_seconds"] == 3 * 24 * 3600
    assert AuditEvent.objects.filter(subject_id=denial.pk, action="access_granted").exists()


def test_a_second_grant_is_refused(file_claim, record_denial, cast):
    claim = file_claim("under_review")
    denial = record_denial(claim)
    access_denial_grant(actor=cast["secretariat"], denial=denial)
    due = Incident.objects.get(pk=claim.pk).findings_due_at
    assert refused_code(lambda: access_denial_grant(actor=cast["secretariat"], denial=denial)) == (
        DenialError.DENIAL_ALREADY_ENDED
    )
    assert Incident.objects.get(pk=claim.pk).findings_due_at == due


@pytest.mark.parametrize("by", ["pak_officer", "afg_officer", "observer"])
def test_only_reviewers_and_the_secretariat_grant(file_claim, record_denial, cast, by):
    denial = record_denial(file_claim("under_review"))
    assert refused_code(lambda: access_denial_grant(actor=cast[by], denial=denial)) == (
        CommonError.PERMISSION_DENIED
    )


def test_access_cannot_be_granted_before_it_was_denied(file_claim, record_denial, cast):
    denial = record_denial(file_claim("under_review"))
    with pytest.raises(ServiceError) as refused:
        access_denial_grant(
            actor=cast["secretariat"], denial=denial, ended_at=denial.began_at - timedelta(1)
        )
    assert "ended_at" in refused.value.fields


def test_the_clock_runs_again_only_when_both_parties_let_the_verifiers_in(
    file_claim, record_denial, cast, pak
):
    claim = file_claim("under_review")
    afg_denial = record_denial(claim)
    pak_denial = record_denial(claim, denying_party=pak, began_at=timezone.now())
    assert not pak_denial.clock_paused  # the clock already stood still
    access_denial_grant(actor=cast["secretariat"], denial=afg_denial)
    assert Incident.objects.get(pk=claim.pk).findings_paused_at is not None
    access_denial_grant(actor=cast["secretariat"], denial=pak_denial)
    assert Incident.objects.get(pk=claim.pk).findings_paused_at is None
