"""Browser pages for review meetings: the secretariat runs them, the reviewers read them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mediators.models import AgendaItem, MeetingStatus, ReviewMeeting
from mediators.services import meeting_schedule
from tests.factories import meeting_begun
from verification.statuses import Status


def when(days=2):
    return (timezone.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def scheduled(cast, days=2):
    return meeting_schedule(
        actor=cast["secretariat"],
        title="Implementation review",
        scheduled_for=timezone.now() + timedelta(days=days),
    )


def test_secretariat_schedules_a_meeting_with_a_generated_agenda(client, file_claim, cast):
    disputed = file_claim("disputed")
    client.force_login(cast["secretariat"])
    response = client.post(
        "/meetings/", {"title": "Istanbul review", "scheduled_for": when(), "location": "Istanbul"}
    )
    meeting = ReviewMeeting.objects.get()
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    body = client.get(response["Location"]).content.decode()
    assert disputed.reference in body and "Differing views" in body
    assert f"/meetings/{meeting.pk}/items/" in body


def test_a_meeting_in_the_past_is_a_form_error_that_keeps_the_input(client, cast):
    client.force_login(cast["secretariat"])
    past = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post("/meetings/", {"title": "Doha review", "scheduled_for": past})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_scheduled_for_error"' in body and "in the future" in body
    assert 'value="Doha review"' in body
    assert not ReviewMeeting.objects.exists()


def test_deciding_a_disputed_claim_closes_it(client, file_claim, cast):
    claim = file_claim("disputed")
    meeting = scheduled(cast)
    item = meeting.items.get()
    client.force_login(cast["secretariat"])
    url = f"/meetings/{meeting.pk}/items/{item.pk}/decide/"
    response = client.post(url, {f"item{item.pk}-minutes": "Agreed after the joint visit."})
    assert response.status_code == 400
    assert f'id="id_item{item.pk}-outcome_error"' in response.content.decode()
    assert "Agreed after the joint visit." in response.content.decode()

    response = client.post(
        url,
        {
            f"item{item.pk}-outcome": "verified",
            f"item{item.pk}-grade": "probable",
            f"item{item.pk}-intent": "deliberate",
            f"item{item.pk}-minutes": "Agreed after the joint visit.",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.VERIFIED
    item.refresh_from_db()
    assert item.decided_by == cast["secretariat"]
    assert (
        "Decided at the review meeting"
        in client.get(f"/claims/{claim.reference}/").content.decode()
    )


def test_htmx_decision_returns_the_item_only(client, file_claim, cast):
    file_claim("disputed")
    meeting = scheduled(cast)
    item = meeting.items.get()
    client.force_login(cast["secretariat"])
    response = client.post(
        f"/meetings/{meeting.pk}/items/{item.pk}/decide/",
        {
            f"item{item.pk}-outcome": "not_verified",
            f"item{item.pk}-grade": "possible",
            f"item{item.pk}-minutes": "No corroboration.",
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(
        f'<li class="agenda-item agenda-row is-decided" id="item-{item.pk}">'
    )
    assert "No corroboration." in body


def test_items_other_than_disputed_take_minutes_only(client, file_claim, cast):
    awaiting = file_claim("under_review")
    meeting = scheduled(cast)
    item = meeting.items.get(incident=awaiting)
    client.force_login(cast["secretariat"])
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"item{item.pk}-outcome" not in page
    client.post(
        f"/meetings/{meeting.pk}/items/{item.pk}/decide/",
        {f"item{item.pk}-minutes": "Reply expected next week."},
    )
    item.refresh_from_db()
    assert item.decided_at is not None
    awaiting.refresh_from_db()
    assert awaiting.status == Status.UNDER_REVIEW


def test_refresh_and_close(client, file_claim, cast):
    meeting = scheduled(cast)
    claim = file_claim("disputed")
    client.force_login(cast["secretariat"])
    client.post(f"/meetings/{meeting.pk}/refresh/")
    assert AgendaItem.objects.filter(meeting=meeting, incident=claim).exists()
    meeting_begun(meeting)
    client.post(f"/meetings/{meeting.pk}/close/", {"minutes": "Next round in Doha."})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    body = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Next round in Doha." in body
    assert f"/meetings/{meeting.pk}/close/" not in body
    response = client.post(f"/meetings/{meeting.pk}/close/", {"minutes": ""})
    assert response.status_code == 400
    assert "already closed" in response.content.decode()


def test_reviewers_read_meetings_but_do_not_run_them(client, file_claim, cast):
    file_claim("disputed")
    meeting = scheduled(cast)
    item = meeting.items.get()
    client.force_login(cast["tur_reviewer"])
    body = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Differing views" in body
    assert (
        "/decide/" not in body
        and "Schedule a meeting" not in client.get("/meetings/").content.decode()
    )
    assert client.post("/meetings/", {"title": "x", "scheduled_for": when()}).status_code == 403
    url = f"/meetings/{meeting.pk}/items/{item.pk}/decide/"
    assert client.post(url, {f"item{item.pk}-minutes": "x"}).status_code == 403


@pytest.mark.parametrize("name", ["pak_officer", "observer"])
def test_parties_and_observers_have_no_meeting_pages(client, cast, name):
    meeting = scheduled(cast)
    client.force_login(cast[name])
    assert client.get("/meetings/").status_code == 403
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 403


def test_unknown_meeting_is_404(client, cast):
    client.force_login(cast["secretariat"])
    assert client.get("/meetings/999/").status_code == 404
