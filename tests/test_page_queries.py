"""Every page answers with a number of queries that does not grow with the claims it shows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents.denials.models import AccessDenial
from incidents.denials.services import access_denial_record
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
    ("afg_officer", "/claims/?has_counter_claim=true"),
    ("tur_reviewer", "/claims/?related_to=PAK-2026-00002&has_counter_claim=false"),
    ("tur_reviewer", "/queue/"),
    ("secretariat", "/assignments/"),
    ("secretariat", "/meetings/"),
    ("tur_reviewer", "/meetings/{meeting}/"),
    ("secretariat", "/meetings/{meeting}/"),
    ("secretariat", "/meetings/{meeting}/?state=undecided&party=AFG&q=PAK"),
    ("afg_officer", "/notifications/"),
    ("secretariat", "/compliance/records/"),
    ("tur_reviewer", "/compliance/reports/implementation/"),
    ("observer", "/compliance/reports/implementation/"),
    ("pak_officer", "/maps/locate/?lat=33.9&lon=70.1&place_name=Kurram&province=Punjab"),
    ("pak_officer", "/access-denials/"),
    ("secretariat", "/access-denials/?state=open&party=AFG"),
    ("tur_reviewer", "/claims/{claim}/"),
    ("afg_officer", "/access-denials/{denial}/"),
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
    for claim in claims:
        if claim.status == "under_review":
            deny_access(cast, claim)
    for user in cast.values():
        notify(
            [user.pk],
            kind="assigned",
            params={"reference": "x", "record": "incident"},
            subject_type="incident",
            subject_ref="x",
        )
    return claims


def deny_access(cast, claim):
    return access_denial_record(
        actor=cast["secretariat"],
        incident=claim,
        data={
            "denying_party": claim.accused_party,
            "began_at": timezone.now(),
            "latitude": claim.latitude,
            "longitude": claim.longitude,
            "place_name": claim.place_name,
            "denied_by": "Border post",
            "refused": "Entry to the site.",
        },
    )


@pytest.mark.parametrize(("viewer", "url"), PAGES)
def test_a_page_makes_as_many_queries_for_ten_claims_as_for_twenty(
    viewer, url, client, file_claim, cast
):
    add_claims(file_claim, cast)
    meeting = meeting_schedule(
        actor=cast["secretariat"], title="Review", scheduled_for=timezone.now() + timedelta(days=1)
    )
    denial = AccessDenial.objects.order_by("pk").first()
    url = url.format(meeting=meeting.pk, claim=denial.incident.reference, denial=denial.reference)
    client.force_login(cast[viewer])
    queries(client, url)  # warm: the first request also reads the session and content types
    few = queries(client, url)

    add_claims(file_claim, cast)
    meeting_refresh_agenda(actor=cast["secretariat"], meeting=meeting)

    assert queries(client, url) == few


def appeal_claims(file_claim, cast, *, files: int):
    """Verified claims, each appealed by the party found against with `files` new files."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from incidents.appeals.services import appeal_evidence_add, appeal_file
    from tests.api.support import PNG

    claims = []
    for by in ("pak_officer", "afg_officer"):
        claim = file_claim("verified", by=by)
        against = "afg_officer" if by == "pak_officer" else "pak_officer"
        appeal = appeal_file(actor=cast[against], incident=claim, grounds="Older imagery.")
        for n in range(files):
            upload = SimpleUploadedFile(f"new{n}.png", PNG, content_type="image/png")
            appeal_evidence_add(user=cast[against], appeal=appeal, upload=upload)
        claims.append(claim)
    return claims


@pytest.mark.parametrize("viewer", ["observer", "pak_officer", "secretariat"])
def test_a_claim_page_with_an_appeal_costs_the_same_whatever_its_files(
    viewer, client, file_claim, cast, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    one = appeal_claims(file_claim, cast, files=1)[0]
    three = appeal_claims(file_claim, cast, files=3)[0]
    client.force_login(cast[viewer])
    queries(client, f"/claims/{one.reference}/")
    assert queries(client, f"/claims/{one.reference}/") == queries(
        client, f"/claims/{three.reference}/"
    )


@pytest.mark.parametrize(
    ("viewer", "url"),
    [
        ("secretariat", "/meetings/{meeting}/"),
        ("pak_officer", "/claims/?status=verified&appeal_status=pending"),
    ],
)
def test_appeals_on_a_page_cost_no_query_each(viewer, url, client, file_claim, cast):
    appeal_claims(file_claim, cast, files=0)
    meeting = meeting_schedule(
        actor=cast["secretariat"], title="Review", scheduled_for=timezone.now() + timedelta(days=1)
    )
    url = url.format(meeting=meeting.pk)
    client.force_login(cast[viewer])
    queries(client, url)
    few = queries(client, url)
    appeal_claims(file_claim, cast, files=0)
    appeal_claims(file_claim, cast, files=0)
    meeting_refresh_agenda(actor=cast["secretariat"], meeting=meeting)
    assert meeting.items.filter(reason="appeal").count() == 6
    assert queries(client, url) == few
