"""The access-denial pages: the form on a claim, a denial's page with "access granted",
the list with its filters; who sees what; refusals as form errors, never a 500."""

from datetime import timedelta

import pytest
from django.utils import timezone

from incidents.denials.models import AccessDenial
from incidents.models import Incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, cast):
    def sign_in(name):
        client.force_login(cast[name])
        return client

    return sign_in


def form_body(**overrides):
    body = {
        "denying_party": "AFG",
        "began_at": timezone.now().strftime("%Y-%m-%dT%H:%M"),
        "place_name": "Torkham, western gate",
        "latitude": "34.13",
        "longitude": "71.09",
        "denied_by": "Border post commander",
        "refused": "Entry to the crater site.",
        "evidence_visibility": "parties",
    }
    body.update(overrides)
    return body


def test_a_reviewer_records_a_denial_from_the_claim_page(file_claim, signed_in):
    claim = file_claim("under_review")
    client = signed_in("tur_reviewer")
    page = client.get(f"/claims/{claim.reference}/").content.decode()
    assert f"/access-denials/new/{claim.reference}/" in page
    assert client.get(f"/access-denials/new/{claim.reference}/").status_code == 200
    bad = client.post(f"/access-denials/new/{claim.reference}/", form_body(refused=""))
    assert bad.status_code == 400 and not AccessDenial.objects.exists()
    good = client.post(f"/access-denials/new/{claim.reference}/", form_body())
    assert good.status_code == 302, good.content[:2000]
    denial = AccessDenial.objects.get()
    page = client.get(f"/claims/{claim.reference}/").content.decode()
    assert denial.reference in page and "Findings clock paused" in page


@pytest.mark.parametrize("name", ["pak_officer", "afg_officer"])
def test_the_parties_see_the_denial_but_may_not_record_one(
    file_claim, record_denial, signed_in, name
):
    claim = file_claim("under_review")
    denial = record_denial(claim)
    client = signed_in(name)
    assert denial.reference in client.get(f"/claims/{claim.reference}/").content.decode()
    assert client.get(f"/access-denials/new/{claim.reference}/").status_code == 403
    detail = client.get(f"/access-denials/{denial.reference}/")
    assert detail.status_code == 200 and b"Record access granted" not in detail.content
    assert client.post(f"/access-denials/{denial.reference}/grant/").status_code == 403


def test_observers_see_no_denial_on_a_claim_hidden_from_them(file_claim, record_denial, signed_in):
    denial = record_denial(file_claim("under_review"))
    client = signed_in("observer")
    assert client.get(f"/access-denials/{denial.reference}/").status_code == 404
    assert denial.reference.encode() not in client.get("/access-denials/").content


def test_observers_see_the_denials_of_a_decided_claim(file_claim, record_denial, signed_in, cast):
    from verification.services import review_record_finding

    claim = file_claim("replied")  # the right of reply first: findings may follow
    denial = record_denial(claim)
    for reviewer in ("tur_reviewer", "qat_reviewer"):
        review_record_finding(
            actor=cast[reviewer],
            record=claim,
            outcome="verified",
            grade="probable",
            reasoning="Imagery.",
            intent="undetermined",
        )
    client = signed_in("observer")
    assert client.get(f"/access-denials/{denial.reference}/").status_code == 200
    assert denial.reference.encode() in client.get("/access-denials/").content


def test_access_granted_from_the_denial_page(file_claim, record_denial, signed_in):
    claim = file_claim("under_review")
    denial = record_denial(claim)
    client = signed_in("secretariat")
    future = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    bad = client.post(f"/access-denials/{denial.reference}/grant/", {"ended_at": future})
    assert bad.status_code == 400 and b"in the future" in bad.content
    assert client.post(f"/access-denials/{denial.reference}/grant/", {}).status_code == 302
    denial.refresh_from_db()
    assert denial.ended_at is not None
    assert Incident.objects.get(pk=claim.pk).findings_paused_at is None
    page = client.get(f"/access-denials/{denial.reference}/").content.decode()
    assert "Access granted" in page and "Record access granted" not in page


def test_the_list_filters_by_party_and_state(file_claim, record_denial, signed_in, cast, pak):
    from incidents.denials.services import access_denial_grant

    open_one = record_denial(file_claim("under_review"))
    ended = record_denial(file_claim("under_review"), denying_party=pak)
    access_denial_grant(actor=cast["secretariat"], denial=ended)
    client = signed_in("pak_officer")
    everything = client.get("/access-denials/").content.decode()
    assert open_one.reference in everything and ended.reference in everything
    still_open = client.get("/access-denials/?state=open").content.decode()
    assert open_one.reference in still_open and ended.reference not in still_open
    by_pak = client.get("/access-denials/?party=PAK").content.decode()
    assert ended.reference in by_pak and open_one.reference not in by_pak
    assert client.get("/access-denials/?began_after=nonsense").status_code == 400
