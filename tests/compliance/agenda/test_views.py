"""The compliance items on a meeting's agenda, and their decision in the browser."""

from ..conftest import days


def test_the_meeting_agenda_lists_missed_commitments_and_overdue_referrals(
    signed_in, make_commitment, make_referral, secretariat
):
    from datetime import timedelta

    from django.utils import timezone

    from mediators.services import meeting_schedule
    from verification.sweep import run_sweep

    meeting = meeting_schedule(
        actor=secretariat, title="Review", scheduled_for=timezone.now() + timedelta(days=90)
    )
    commitment = make_commitment(session_date=days(-60), due_date=days(-2))
    referral = make_referral(urgency="immediate")
    run_sweep(as_of=referral.action_due_at + timedelta(minutes=1))
    page = signed_in("tur_reviewer").get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Commitment missed" in page and commitment.reference in page
    assert "Referral without a response" in page and referral.reference in page
    # Grouped by kind, each group with its count, each entry one closed line.
    assert '<h3 id="h-group-commitments">Commitments <span class="count">(1)</span>' in page
    # The referral went unacknowledged, then without a response: two entries.
    assert '<h3 id="h-group-referrals">Referrals <span class="count">(2)</span>' in page
    assert page.count('<li class="agenda-item agenda-row" id="entry-') == 3
    assert "<details open" not in page


def test_a_disputed_action_report_is_decided_at_the_meeting(
    signed_in, make_commitment, make_report, secretariat
):
    from datetime import timedelta

    from django.utils import timezone

    from audit.models import AuditEvent
    from compliance.models import AgendaEntry
    from mediators.services import meeting_schedule
    from verification.sweep import run_sweep

    meeting = meeting_schedule(
        actor=secretariat, title="Review", scheduled_for=timezone.now() + timedelta(days=30)
    )
    report = make_report(make_commitment(), state="disputed", quantity=4)
    assert run_sweep().flagged["compliance_agenda"] == [report.reference]
    entry = AgendaEntry.objects.get(action_report=report)
    page = signed_in("secretariat").get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Action report: differing views" in page and "Record the decision" in page
    # Both co-chairs' findings side by side, on the entry's one line.
    summary = page.split(f'id="entry-{entry.pk}"')[1].split("</summary>")[0]
    assert "Verified" in summary and "Not verified" in summary
    client = signed_in("secretariat")
    client.post(f"/compliance/agenda/{entry.pk}/decide/", {f"entry{entry.pk}-minutes": ""})
    entry.refresh_from_db()
    assert entry.decided_at is None
    response = client.post(
        f"/compliance/agenda/{entry.pk}/decide/",
        {
            f"entry{entry.pk}-outcome": "verified",
            f"entry{entry.pk}-grade": "probable",
            f"entry{entry.pk}-intent": "deliberate",
            f"entry{entry.pk}-minutes": "Both co-chairs accept the imagery.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.intent) == ("verified", "deliberate")
    assert AuditEvent.objects.filter(subject_id=report.pk, action="meeting_decision").exists()
    assert (
        signed_in("tur_reviewer").post(f"/compliance/agenda/{entry.pk}/decide/").status_code == 403
    )
