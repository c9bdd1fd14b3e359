"""The records page and the printable report: the selector's figures, charts' data for
the scripts, what each role sees, and a bad period answered with the default one."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories_records import ReferralFactory, VerifiedClaimFactory


@pytest.fixture
def seeded(afg, pak, category):
    now = timezone.now()
    for n in range(3):
        VerifiedClaimFactory(accused_party=afg, category=category, occurred_at=now - timedelta(n))
    ReferralFactory(to_party=afg, from_party=pak, sent_at=now - timedelta(days=9))


def page_as(client, user, path, **query):
    client.force_login(user)
    return client.get(path, query)


def chart_data(response) -> dict:
    match = re.search(
        r'<script id="records-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


@pytest.mark.parametrize("path", ["/compliance/records/", "/compliance/reports/implementation/"])
@pytest.mark.parametrize("actor", ["pak_officer", "tur_reviewer", "secretariat", "observer"])
def test_every_role_gets_both_pages(client, cast, seeded, path, actor):
    response = page_as(client, cast[actor], path)
    assert response.status_code == 200
    data = chart_data(response)
    afg = next(p for p in data["parties"] if p["code"] == "AFG")
    assert sum(afg["by_month"]) == 3
    body = response.content.decode()
    if actor == "observer":
        assert 'data-testid="no-referrals"' in body
        assert "Referrals received" not in body
    else:
        assert "Referrals received" in body


def test_the_report_links_its_downloads(client, cast, seeded):
    today = timezone.now().date()
    response = page_as(
        client,
        cast["secretariat"],
        "/compliance/reports/implementation/",
        **{"from": (today - timedelta(days=7)).isoformat(), "to": today.isoformat()},
    )
    body = response.content.decode()
    query = f"from={today - timedelta(days=7)}&amp;to={today}"
    assert f"/api/v1/reports/implementation/?{query}&amp;format=pdf" in body
    assert f"/api/v1/reports/implementation/?{query}&amp;format=csv&amp;table=violations" in body
    assert "css/print.css" in body


def test_a_bad_period_shows_the_default_with_the_error(client, cast, seeded):
    response = page_as(
        client,
        cast["secretariat"],
        "/compliance/records/",
        **{"from": "2025-11-02", "to": "2025-11-01"},
    )
    assert response.status_code == 400
    assert "The period starts after it ends" in response.content.decode()


def test_signed_out_is_sent_to_sign_in(client, db):
    response = client.get("/compliance/records/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_nav_links_the_records(client, cast):
    response = page_as(client, cast["observer"], "/compliance/commitments/")
    assert 'href="/compliance/records/"' in response.content.decode()


def test_the_report_and_records_read_as_people_read(client, cast, seeded, afg):
    from tests.factories_records import PenaltyCaseFactory

    PenaltyCaseFactory(party=afg, status="in_effect")
    shown = {}
    for path in ("/compliance/reports/implementation/", "/compliance/records/"):
        body = page_as(client, cast["tur_reviewer"], path).content.decode()
        shown[path] = re.sub(r"<script.*?</script>|<[^>]+>", " ", body, flags=re.S)
        # No ISO timestamps and no codes in what people read.
        assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", shown[path]), path
        assert not re.search(r"\b(in_effect|not_verified|under_review|action_report)\b", body)
    report = shown["/compliance/reports/implementation/"]
    assert re.search(r"Generated \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC", report)
    assert "In effect" in report and "Acknowledgement" in report  # the penalty, the referral
    assert "Co-chairs of the verification mechanism: Qatar, Türkiye." in report
    assert re.search(r"status on \d{1,2} \w{3} \d{4}", shown["/compliance/records/"])
