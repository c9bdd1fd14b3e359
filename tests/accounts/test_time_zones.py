"""An account nobody gave a time zone reads its party's or co-chair's time: made by a
command, in the admin or on first sign-in, it takes the organisation's zone when saved."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import CoChair, Party, Role, User
from incidents.models import Incident
from tests.factories import CoChairFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kabul():
    return PartyFactory(code="AFG", time_zone="Asia/Kabul")


def test_a_new_officer_takes_the_partys_zone(kabul):
    officer = User.objects.create_user("afg_officer_2", role=Role.OFFICER, party=kabul)

    officer.refresh_from_db()
    assert officer.time_zone == "Asia/Kabul"


def test_a_new_reviewer_takes_the_cochairs_zone():
    doha = CoChairFactory(code="QAT", time_zone="Asia/Qatar")

    reviewer = User.objects.create_user("qat_reviewer_2", role=Role.REVIEWER, cochair=doha)

    reviewer.refresh_from_db()
    assert reviewer.time_zone == "Asia/Qatar"


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.OBSERVER])
def test_without_an_organisation_the_zone_is_utc(role):
    user = User.objects.create_user(f"new_{role}", role=role)

    user.refresh_from_db()
    assert user.time_zone == "UTC"


def test_a_zone_given_is_kept(kabul):
    officer = User.objects.create_user(
        "afg_officer_2", role=Role.OFFICER, party=kabul, time_zone="UTC"
    )

    officer.refresh_from_db()
    assert officer.time_zone == "UTC"


def test_a_partial_save_of_an_unzoned_account_writes_the_zone_too(kabul):
    officer = User.objects.create_user("afg_officer_2", role=Role.OFFICER, party=kabul)
    User.objects.filter(pk=officer.pk).update(time_zone="")
    officer.refresh_from_db()

    officer.first_name = "Zarmina"
    officer.save(update_fields=["first_name"])

    officer.refresh_from_db()
    assert (officer.first_name, officer.time_zone) == ("Zarmina", "Asia/Kabul")


def test_an_officer_added_in_the_admin_takes_the_partys_zone(client, kabul):
    client.force_login(User.objects.create_superuser("root", password="x", role=Role.SECRETARIAT))
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "afg_officer_2",
            "usable_password": "true",
            "password1": "Fresh-officer-pass-3381",
            "password2": "Fresh-officer-pass-3381",
            "role": Role.OFFICER,
            "party": kabul.pk,
            "cochair": "",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(username="afg_officer_2").time_zone == "Asia/Kabul"


def test_reference_data_gives_each_party_and_cochair_its_zone():
    call_command("load_reference_data", stdout=StringIO())

    assert dict(Party.objects.values_list("code", "time_zone")) == {
        "PAK": "Asia/Karachi",
        "AFG": "Asia/Kabul",
    }
    assert dict(CoChair.objects.values_list("code", "time_zone")) == {
        "TUR": "Europe/Istanbul",
        "QAT": "Asia/Qatar",
    }


def test_a_new_afghan_officer_reads_kabul_time(client, kabul, file_claim):
    claim = file_claim("under_review")
    Incident.objects.filter(pk=claim.pk).update(
        occurred_at=datetime(2026, 12, 5, 9, 30, tzinfo=UTC)
    )
    officer = User.objects.create_user("afg_officer_2", role=Role.OFFICER, party=kabul)
    client.force_login(officer)

    page = client.get(f"/claims/{claim.reference}/").content.decode()

    # 09:30 UTC is 14:00 in Kabul (UTC+04:30, which has no abbreviation: named by offset).
    assert '<time datetime="2026-12-05T09:30:00+00:00" title="2026-12-05 09:30 UTC">' in page
    assert "2026-12-05 14:00 +0430</time>" in page
