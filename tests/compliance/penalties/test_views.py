"""The penalty pages: who sees what (not visible: 404), which forms each actor gets,
refusals shown on the form, never a 500, and a list whose queries do not grow."""

import pytest
from django.test import Client

from compliance.models import PenaltyCase

from .conftest import STATES

CALLERS = ("pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer")
OBSERVER_SEES = {"in_effect", "appealed", "upheld", "overturned"}


@pytest.fixture
def signed_in(cast):
    def make(name):
        client = Client()
        client.force_login(cast[name])
        return client

    return make


@pytest.mark.parametrize("state", STATES)
def test_who_sees_the_case_page(signed_in, open_case, state):
    case = open_case(state)
    for caller in CALLERS:
        client = signed_in(caller)
        visible = caller != "observer" or state in OBSERVER_SEES
        page = client.get(f"/compliance/penalties/{case.reference}/")
        assert page.status_code == (200 if visible else 404), caller
        listed = client.get("/compliance/penalties/").content.decode()
        assert (case.reference in listed) == visible


def test_the_page_shows_grounds_decisions_and_appeal(signed_in, open_case, verified_claim):
    case = open_case("upheld")
    html = signed_in("observer").get(f"/compliance/penalties/{case.reference}/").content.decode()
    assert f'href="/claims/{verified_claim.reference}/"' in html
    assert html.count('class="decision decision-approve"') == 2
    assert "The fire was not ours." in html and "The meeting examined the appeal." in html
    assert "Appealed by the penalised party" in html  # the timeline


FORMS = {
    # state: {caller: the forms shown}
    "proposed": {
        "tur_reviewer": {"decide-cochair"},
        "qat_reviewer": {"decide-cochair"},
        "secretariat": {"h-withdraw"},
    },
    "split": {"secretariat": {"h-meeting", "h-withdraw"}},
    "in_effect": {"afg_officer": {'id="appeal"'}},
    "appealed": {"secretariat": {"h-meeting"}},
}
MARKERS = {"decide-cochair", "h-withdraw", "h-meeting", 'id="appeal"'}


@pytest.mark.parametrize("state", list(FORMS))
def test_each_actor_gets_only_its_own_forms(signed_in, open_case, state):
    case = open_case(state, by="secretariat")
    for caller in CALLERS:
        html = signed_in(caller).get(f"/compliance/penalties/{case.reference}/").content.decode()
        shown = {m for m in MARKERS if m in html}
        expected = FORMS[state].get(caller, set())
        assert shown == expected, (caller, shown)


def test_decisions_appeal_and_withdrawal_through_the_pages(signed_in, open_case, meeting):
    case = open_case()
    url = f"/compliance/penalties/{case.reference}/"
    for reviewer in ("tur_reviewer", "qat_reviewer"):
        response = signed_in(reviewer).post(
            url + "decision/", {"decision": "approve", "reason": "Verified.", "version": ""}
        )
        assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "in_effect"
    refused = signed_in("afg_officer").post(url + "appeal/", {"grounds": "", "version": ""})
    assert refused.status_code == 400
    stale = signed_in("afg_officer").post(url + "appeal/", {"grounds": "No.", "version": "1"})
    assert stale.status_code == 400 and b"changed by someone else" in stale.content
    assert signed_in("pak_officer").post(url + "appeal/", {"grounds": "g"}).status_code == 403
    ok = signed_in("afg_officer").post(url + "appeal/", {"grounds": "Not ours.", "version": ""})
    assert ok.status_code == 302
    decided = signed_in("secretariat").post(
        url + "meeting-decision/",
        {"meeting": str(meeting.pk), "outcome": "overturn", "minutes": "Overturned."},
    )
    assert decided.status_code == 302
    case.refresh_from_db()
    assert case.status == "overturned"

    other = open_case(by="tur_reviewer")
    other_url = f"/compliance/penalties/{other.reference}/withdraw/"
    assert signed_in("qat_reviewer").post(other_url, {"reason": "r"}).status_code == 403
    assert signed_in("tur_reviewer").post(other_url, {"reason": "Done."}).status_code == 302
    other.refresh_from_db()
    assert other.status == "withdrawn"


def test_opening_a_case_from_the_form(signed_in, verified_claim, missed_commitment, file_claim):
    commitment = missed_commitment()
    own = file_claim("verified", by="afg_officer")  # Pakistan accused: not a ground against AFG
    client = signed_in("secretariat")
    form = client.get("/compliance/penalties/new/", {"party": "AFG"}).content.decode()
    assert verified_claim.reference in form and commitment.reference in form
    assert own.reference not in form
    none = client.post(
        "/compliance/penalties/new/",
        {"party": "AFG", "measure": "demarche", "rationale": "r"},
    )
    assert none.status_code == 400 and b"at least one ground" in none.content
    response = client.post(
        "/compliance/penalties/new/",
        {
            "party": "AFG",
            "measure": "demarche",
            "rationale": "Verified fire.",
            "claims": [verified_claim.reference],
            "commitments": [commitment.reference],
        },
    )
    assert response.status_code == 302
    assert PenaltyCase.objects.get().grounds.count() == 2
    for caller in ("pak_officer", "observer"):
        assert signed_in(caller).get("/compliance/penalties/new/").status_code == 403


def test_the_list_filters_and_its_queries_do_not_grow(
    signed_in, open_case, django_assert_max_num_queries
):
    for _ in range(3):
        open_case()
    client = signed_in("tur_reviewer")
    with django_assert_max_num_queries(12) as few:
        client.get("/compliance/penalties/")
    for _ in range(10):
        open_case("split")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/compliance/penalties/", {"status": "split"})
    assert page.content.decode().count('data-status="split"') == 10
    assert client.get("/compliance/penalties/", {"opened_after": "soon"}).status_code == 400


def test_the_meeting_agenda_links_split_and_appealed_cases(signed_in, open_case, meeting):
    from django.urls import reverse

    from verification.sweep import run_sweep

    split, appealed = open_case("split"), open_case("appealed")
    run_sweep()
    page = signed_in("secretariat").get(reverse("meeting-detail", args=[meeting.pk]))
    html = page.content.decode()
    for case in (split, appealed):
        assert f'href="/compliance/penalties/{case.reference}/"' in html
    assert "Penalty: the co-chairs differ" in html and "Penalty: appealed" in html
    assert html.count("Record the meeting's decision on the case's page") == 2
