"""The compliance sections of the home page: action reports to contest, draft and review,
referrals to acknowledge or answer, overdue referrals."""

from datetime import timedelta

from django.utils import timezone

from compliance.models import ActionReport, Referral
from compliance.referrals.services import referral_acknowledge, referral_respond

from ..home_page import count_of, home_sections


def test_the_other_party_sees_reports_to_contest_and_the_party_its_drafts(
    client, cast, make_commitment, make_report
):
    commitment = make_commitment()  # Afghanistan's
    draft = make_report(commitment)
    in_review = make_report(commitment, state="under_review")
    client.force_login(cast["pak_officer"])
    sections = home_sections(client)
    assert in_review.reference in sections["report-contests"]
    assert "Reply due: <time" in sections["report-contests"]
    assert draft.reference not in client.get("/").content.decode()

    client.force_login(cast["afg_officer"])
    sections = home_sections(client)
    assert draft.reference in sections["report-drafts"]
    assert count_of(sections["report-contests"]) == 0


def test_a_reviewer_sees_action_reports_awaiting_its_finding(
    client, cast, make_commitment, make_report
):
    report = make_report(make_commitment(), state="under_review")
    client.force_login(cast["qat_reviewer"])
    queue = home_sections(client)["report-queue"]
    assert report.reference in queue and "Can be acted on" in queue


def test_referrals_wait_on_the_receiving_party_until_answered(client, cast, make_referral):
    referral = make_referral()  # Pakistan to Afghanistan
    client.force_login(cast["afg_officer"])
    inbox = home_sections(client)["referrals-to-answer"]
    assert referral.reference in inbox and "Acknowledge by" in inbox
    client.force_login(cast["pak_officer"])
    assert count_of(home_sections(client)["referrals-to-answer"]) == 0

    referral = referral_acknowledge(actor=cast["afg_officer"], referral=referral)
    client.force_login(cast["afg_officer"])
    assert "Answer by" in home_sections(client)["referrals-to-answer"]
    referral_respond(actor=cast["afg_officer"], referral=referral, answer="Raided; two detained.")
    assert count_of(home_sections(client)["referrals-to-answer"]) == 0


def test_the_secretariat_sees_overdue_referrals_and_unassigned_reports(
    client, cast, make_referral, make_commitment, make_report
):
    late = make_referral()
    make_referral()
    Referral.objects.filter(pk=late.pk).update(acknowledge_overdue_at=timezone.now())
    report = make_report(make_commitment(), state="under_review")
    ActionReport.objects.filter(pk=report.pk).update(status="submitted")
    client.force_login(cast["secretariat"])
    sections = home_sections(client)
    assert late.reference in sections["referrals-overdue"]
    assert count_of(sections["referrals-overdue"]) == 1
    assert report.reference in sections["report-unassigned"]


def test_referrals_come_by_the_deadline_each_shows(client, cast, make_referral):
    acknowledged = referral_acknowledge(actor=cast["afg_officer"], referral=make_referral())
    waiting = make_referral()
    soon = timezone.now() + timedelta(hours=2)
    Referral.objects.filter(pk=acknowledged.pk).update(
        acknowledge_due_at=soon - timedelta(hours=1), action_due_at=soon + timedelta(hours=2)
    )
    # Its clock to acknowledge ends first, though its clock to act ends last.
    Referral.objects.filter(pk=waiting.pk).update(
        acknowledge_due_at=soon, action_due_at=soon + timedelta(days=9)
    )
    client.force_login(cast["afg_officer"])
    inbox = home_sections(client)["referrals-to-answer"]
    assert inbox.index(waiting.reference) < inbox.index(acknowledged.reference)
