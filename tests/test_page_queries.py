"""Every page answers with a number of queries that does not grow with the claims it shows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mediators.services import meeting_refresh_agenda, meeting_schedule
from notifications.services import notify

PAGES = [
    # The home page of each role ("My work"; the observer's is the dashboard).
    ("pak_officer", "/"),
    ("afg_officer", "/"),
    ("tur_reviewer", "/"),
    ("secretariat", "/"),
    ("observer", "/"),
    ("pak_officer", "/dashboard/"),
    ("secretariat", "/dashboard/?status=under_review&status=verified"),
    ("afg_officer", "/dashboard/?province=Khyber%20Pakhtunkhwa"),
    ("pak_officer", "/claims/"),
    ("secretariat", "/claims/?sort=findings_due_at&overdue=false"),
    ("tur_reviewer", "/queue/"),
    ("secretariat", "/assignments/"),
    ("secretariat", "/meetings/"),
    ("tur_reviewer", "/meetings/{meeting}/"),
    ("afg_officer", "/notifications/"),
    ("secretariat", "/compliance/records/"),
    ("tur_reviewer", "/compliance/reports/implementation/"),
    ("observer", "/compliance/reports/implementation/"),
]
STATES = ("draft", "under_review", "one_finding", "verified", "disputed")


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def add_claims(file_claim, cast):
    claims = [file_claim(state) for state in STATES]
    claims += [file_claim(state, by="afg_officer") for state in STATES]
    for user in cast.values():
        notify(
            [user.pk], kind="assigned", title="A claim", subject_type="incident", subject_ref="x"
        )
    return claims


@pytest.mark.parametrize(("viewer", "url"), PAGES)
def test_a_page_makes_as_many_queries_for_ten_claims_as_for_twenty(
    viewer, url, client, file_claim, cast
):
    add_claims(file_claim, cast)
    meeting = meeting_schedule(
        actor=cast["secretariat"], title="Review", scheduled_for=timezone.now() + timedelta(days=1)
    )
    url = url.format(meeting=meeting.pk)
    client.force_login(cast[viewer])
    queries(client, url)  # warm: the first request also reads the session and content types
    few = queries(client, url)

    add_claims(file_claim, cast)
    meeting_refresh_agenda(actor=cast["secretariat"], meeting=meeting)

    assert queries(client, url) == few
