from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction

from audit.models import AuditEvent
from compliance.models import Referral
from compliance.referrals.selectors import referral_visible_to
from compliance.referrals.services import referral_acknowledge, referral_respond
from core.errors import CommonError, ServiceError


@pytest.mark.parametrize(
    ("urgency", "acknowledge", "act"),
    [("immediate", 6, 72), ("priority", 24, 7 * 24), ("routine", 72, 30 * 24)],
)
def test_clocks_follow_the_urgency(make_referral, urgency, acknowledge, act):
    referral = make_referral(urgency=urgency)
    assert referral.reference.startswith("REF-PAK-")
    assert referral.acknowledge_due_at - referral.sent_at == timedelta(hours=acknowledge)
    assert referral.action_due_at - referral.sent_at == timedelta(hours=act)


def test_receiving_party_acknowledges_then_responds(make_referral, afg_officer, pak_officer):
    referral = make_referral()
    referral = referral_acknowledge(actor=afg_officer, referral=referral)
    assert referral.status == "acknowledged"
    referral = referral_respond(
        actor=afg_officer, referral=referral, answer="The compound was empty on arrival."
    )
    assert referral.status == "responded"
    actions = list(
        AuditEvent.objects.filter(subject_type="referral", subject_id=referral.pk)
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["sent", "acknowledged", "responded"]
    assert pak_officer.notifications.filter(kind="referral_responded").exists()


def test_a_response_with_an_action_report_also_acknowledges(
    make_referral, make_commitment, make_report, afg_officer
):
    report = make_report(make_commitment(), state="submitted")
    referral = referral_respond(actor=afg_officer, referral=make_referral(), action_report=report)
    assert referral.acknowledged_at == referral.responded_at
    assert referral.response_action_report == report


def test_late_acknowledgement_is_recorded_as_late(make_referral, afg_officer):
    referral = make_referral(urgency="immediate")
    with time_machine.travel(referral.acknowledge_due_at + timedelta(seconds=1)):
        referral_acknowledge(actor=afg_officer, referral=referral)
    event = AuditEvent.objects.get(subject_id=referral.pk, action="acknowledged")
    assert event.payload["late"] is True


@pytest.mark.parametrize(
    ("actor", "code"),
    [
        ("pak_officer", CommonError.NOT_YOUR_PARTY),
        ("tur_reviewer", CommonError.PERMISSION_DENIED),
        ("secretariat", CommonError.PERMISSION_DENIED),
    ],
)
def test_only_the_receiving_party_acknowledges_and_responds(make_referral, cast, actor, code):
    referral = make_referral()
    with pytest.raises(ServiceError) as exc:
        referral_acknowledge(actor=cast[actor], referral=referral)
    assert exc.value.code == code
    with pytest.raises(ServiceError) as exc:
        referral_respond(actor=cast[actor], referral=referral, answer="No.")
    assert exc.value.code == code


def test_acknowledge_twice_and_respond_twice_are_refused(make_referral, afg_officer):
    referral = referral_acknowledge(actor=afg_officer, referral=make_referral())
    with pytest.raises(ServiceError) as exc:
        referral_acknowledge(actor=afg_officer, referral=referral)
    assert exc.value.code == CommonError.ILLEGAL_TRANSITION
    referral_respond(actor=afg_officer, referral=referral, answer="Acted on.")
    with pytest.raises(ServiceError) as exc:
        referral_respond(actor=afg_officer, referral=referral, answer="Again.")
    assert exc.value.code == CommonError.ILLEGAL_TRANSITION


def test_a_response_needs_a_report_or_an_answer_of_the_receiving_party(
    make_referral, make_commitment, make_report, afg_officer, pak
):
    referral = make_referral()
    with pytest.raises(ServiceError) as exc:
        referral_respond(actor=afg_officer, referral=referral)
    assert "answer" in exc.value.fields
    pak_report = make_report(make_commitment(party=pak), state="submitted", by="pak_officer")
    with pytest.raises(ServiceError) as exc:
        referral_respond(actor=afg_officer, referral=referral, action_report=pak_report)
    assert "action_report" in exc.value.fields


def test_officers_refer_to_the_other_party_only(make_referral, pak):
    with pytest.raises(ServiceError) as exc:
        make_referral(to=pak)
    assert exc.value.code == CommonError.VALIDATION_ERROR
    assert "to_party" in exc.value.fields


def test_database_refuses_a_referral_to_the_same_party(make_referral, pak):
    referral = make_referral()
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(to_party=pak)


def test_observers_never_see_a_referral(make_referral, cast):
    make_referral()
    seen = {name: referral_visible_to(user).count() for name, user in cast.items()}
    assert seen == {
        "pak_officer": 1,
        "afg_officer": 1,
        "tur_reviewer": 1,
        "qat_reviewer": 1,
        "secretariat": 1,
        "observer": 0,
    }
