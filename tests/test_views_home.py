"""The home page per role: what awaits each person, bounded, with deadlines in UTC and
countdowns; observers get the verified record."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role, User
from core.home import ROWS, countdown
from incidents.models import Incident
from mediators.services import meeting_schedule
from verification.services import review_reply

from .home_page import count_of, home_sections


def test_countdowns_read_in_days_and_hours():
    now = timezone.now()
    assert countdown(now + timedelta(days=2, hours=4), now=now) == "in 2 days, 4 hours"
    assert countdown(now - timedelta(hours=3), now=now) == "3 hours overdue"
    assert countdown(None, now=now) == ""


def test_an_officer_sees_replies_due_and_own_drafts_never_the_other_partys(
    client, file_claim, cast
):
    own_draft = file_claim("draft", by="pak_officer")
    their_draft = file_claim("draft", by="afg_officer")
    against_us = file_claim("under_review", by="afg_officer")
    ours = file_claim("under_review", by="pak_officer")
    client.force_login(cast["pak_officer"])
    sections = home_sections(client)

    assert {"claim-replies", "claim-drafts", "report-contests", "referrals-to-answer"} <= set(
        sections
    )
    assert not {"claim-queue", "claim-unassigned", "claim-overdue", "next-meeting"} & set(sections)
    replies = sections["claim-replies"]
    assert against_us.reference in replies and ours.reference not in replies
    assert f"{against_us.reply_due_at:%Y-%m-%d %H:%M} UTC" in replies
    assert "(in 2 days, 23 hours)" in replies or "(in 3 days)" in replies
    assert count_of(replies) == 1
    assert own_draft.reference in sections["claim-drafts"]
    page = client.get("/").content.decode()
    assert their_draft.reference not in page

    client.force_login(cast["afg_officer"])
    sections = home_sections(client)
    assert their_draft.reference in sections["claim-drafts"]
    assert own_draft.reference not in client.get("/").content.decode()
    assert ours.reference in sections["claim-replies"]


def test_a_reply_filed_takes_the_claim_off_the_list(client, file_claim, cast):
    claim = file_claim("under_review", by="afg_officer")
    review_reply(
        actor=cast["pak_officer"], record=claim, position="denies", narrative="Not our forces."
    )
    client.force_login(cast["pak_officer"])
    assert count_of(home_sections(client)["claim-replies"]) == 0


def test_a_reviewer_sees_its_queue_and_when_it_can_act(client, file_claim, cast):
    waiting = file_claim("under_review")
    done = file_claim("one_finding")  # the Turkish finding is in
    client.force_login(cast["tur_reviewer"])
    sections = home_sections(client)

    assert {"claim-queue", "report-queue", "penalty-decisions"} <= set(sections)
    assert not {"claim-drafts", "claim-replies", "claim-unassigned", "next-meeting"} & set(sections)
    queue = sections["claim-queue"]
    assert waiting.reference in queue and done.reference not in queue
    assert "Findings due: <time" in queue
    assert f'Can be acted on from <time datetime="{waiting.reply_due_at:%Y-%m-%dT%H:%M}' in queue

    client.force_login(cast["qat_reviewer"])
    assert done.reference in home_sections(client)["claim-queue"]


def test_once_the_reply_window_has_lapsed_the_reviewer_can_act_now(client, file_claim, cast):
    claim = file_claim("under_review")
    Incident.objects.filter(pk=claim.pk).update(reply_due_at=timezone.now() - timedelta(hours=1))
    client.force_login(cast["tur_reviewer"])
    assert "Can be acted on now" in home_sections(client)["claim-queue"]


def test_the_secretariat_sees_unassigned_and_overdue_work_and_the_next_meeting(
    client, file_claim, cast
):
    reviewers = User.objects.filter(role=Role.REVIEWER)
    reviewers.update(is_active=False)
    unassigned = file_claim("under_review")
    reviewers.update(is_active=True)
    assert unassigned.status == "submitted"
    late = file_claim("under_review", by="afg_officer")
    Incident.objects.filter(pk=late.pk).update(findings_overdue_at=timezone.now())
    file_claim("disputed")
    when = timezone.now() + timedelta(days=3)
    meeting = meeting_schedule(actor=cast["secretariat"], title="Third review", scheduled_for=when)

    client.force_login(cast["secretariat"])
    sections = home_sections(client)
    assert {"claim-unassigned", "claim-overdue", "report-unassigned", "referrals-overdue"} <= set(
        sections
    )
    assert not {"claim-drafts", "claim-queue", "penalty-decisions"} & set(sections)
    assert unassigned.reference in sections["claim-unassigned"]
    assert late.reference in sections["claim-overdue"]
    assert unassigned.reference not in sections["claim-overdue"]
    nxt = sections["next-meeting"]
    items = meeting.items.count()
    assert items >= 1
    assert "Third review" in nxt and f"{when:%Y-%m-%d %H:%M} UTC" in nxt
    assert f"<dd>{items}</dd>" in nxt and f'href="/meetings/{meeting.pk}/"' in nxt


def test_sections_are_bounded_and_link_to_the_whole_list(client, file_claim, cast):
    for _ in range(ROWS + 2):
        file_claim("draft")
    client.force_login(cast["pak_officer"])
    drafts = home_sections(client)["claim-drafts"]
    assert count_of(drafts) == ROWS + 2
    assert drafts.count('class="work-row') == ROWS
    assert f"See all {ROWS + 2}" in drafts and 'href="/claims/?status=draft"' in drafts


def test_the_observers_home_is_the_verified_record(client, file_claim, cast):
    verified = file_claim("verified")
    client.force_login(cast["observer"])
    body = client.get("/").content.decode()
    assert "<h1>Dashboard</h1>" in body and "My work" not in body
    assert 'data-status="verified">1<' in body
    assert verified.reference in client.get("/claims/").content.decode()


@pytest.mark.parametrize("who", ["pak_officer", "tur_reviewer", "secretariat"])
def test_the_headers_first_link_is_my_work_and_the_dashboard_stays(client, cast, who):
    client.force_login(cast[who])
    body = client.get("/").content.decode()
    assert "<h1>My work</h1>" in body
    nav = body[body.index('<nav class="main-nav"') :]
    assert nav.index('href="/" aria-current="page">My work</a>') < nav.index('href="/dashboard/"')
    assert client.get("/dashboard/").status_code == 200


def test_the_dashboard_asks_visitors_to_sign_in(client, db):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_officer_sees_the_findings_against_its_party_it_may_still_appeal(
    client, file_claim, cast
):
    from incidents.appeals.services import appeal_file

    verified = file_claim("verified")  # filed by Pakistan: found against Afghanistan
    client.force_login(cast["afg_officer"])
    section = home_sections(client)["claim-appeals-open"]
    assert count_of(section) == 1 and verified.reference in section
    assert "Appeal window closes" in section

    client.force_login(cast["pak_officer"])  # the finding went its way: nothing to appeal
    assert count_of(home_sections(client)["claim-appeals-open"]) == 0

    appeal_file(actor=cast["afg_officer"], incident=verified, grounds="New imagery.")
    client.force_login(cast["afg_officer"])
    assert count_of(home_sections(client)["claim-appeals-open"]) == 0


def test_a_finding_past_its_appeal_window_is_not_offered(client, file_claim, cast):
    verified = file_claim("verified")
    Incident.objects.filter(pk=verified.pk).update(
        closed_at=timezone.now() - timedelta(days=verified.category.appeal_days, seconds=1)
    )
    client.force_login(cast["afg_officer"])
    assert count_of(home_sections(client)["claim-appeals-open"]) == 0
