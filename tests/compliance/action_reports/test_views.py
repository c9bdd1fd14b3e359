"""The action report pages: who sees what, forms that refuse with messages, never a 500."""

import pytest
from django.test import Client

from compliance.models import ActionReport

from ..conftest import days


def test_obligated_party_reports_and_submits_in_the_browser(signed_in, world):
    reference = world["commitment"].reference
    assert (
        signed_in("pak_officer").get(f"/compliance/commitments/{reference}/report/").status_code
        == 403
    )
    client = signed_in("afg_officer")
    bad = client.post(
        f"/compliance/commitments/{reference}/report/",
        {
            "action_date": days(-1).isoformat(),
            "quantity": -2,
            "narrative": "",
            "evidence_visibility": "parties",
        },
    )
    assert bad.status_code == 400
    good = client.post(
        f"/compliance/commitments/{reference}/report/",
        {
            "action_date": days(-1).isoformat(),
            "quantity": 2,
            "narrative": "Two raids.",
            "evidence_visibility": "parties",
            "submit": "1",
        },
    )
    assert good.status_code == 302
    report = ActionReport.objects.latest("id")
    assert report.status == "under_review"  # assigned on submission, as a claim is
    page = signed_in("pak_officer").get(f"/compliance/action-reports/{report.reference}/")
    assert page.status_code == 200


@pytest.mark.parametrize(
    ("caller", "status"),
    [("afg_officer", 200), ("secretariat", 200), ("pak_officer", 404), ("observer", 404)],
)
def test_a_draft_action_report_page_is_its_party_s_own(signed_in, world, caller, status):
    url = f"/compliance/action-reports/{world['draft'].reference}/"
    assert signed_in(caller).get(url).status_code == status


def test_action_report_review_in_the_browser(signed_in, make_commitment, make_report):
    report = make_report(make_commitment(), state="under_review")
    url = f"/compliance/action-reports/{report.reference}/"
    assert b'action="/compliance/action-reports/' in signed_in("pak_officer").get(url).content
    bad = signed_in("pak_officer").post(f"{url}reply/", {"position": "maybe", "narrative": ""})
    assert bad.status_code == 400 and b"error-summary" in bad.content
    assert signed_in("afg_officer").post(f"{url}reply/", {"position": "denies"}).status_code == 403
    # The other party's contest comes first: no finding form yet, and the page and the
    # queue say from when one can be recorded.
    early = signed_in("tur_reviewer").get(url).content.decode()
    assert 'id="finding"' not in early
    assert "A finding can be recorded from" in early
    assert "Pakistan may contest until" in early
    queue = signed_in("tur_reviewer").get("/queue/").content.decode()
    assert f'data-countdown="{report.reply_due_at:%Y-%m-%dT%H:%M:%S}' in queue
    refused = signed_in("tur_reviewer").post(
        f"{url}finding/",
        {"outcome": "inconclusive", "grade": "probable", "reasoning": "Too early."},
    )
    assert refused.status_code == 403
    done = signed_in("pak_officer").post(
        f"{url}reply/",
        {"position": "denies", "narrative": "Empty for months.", "evidence_visibility": "parties"},
    )
    assert done.status_code == 302
    tur_page = signed_in("tur_reviewer").get(url).content.decode()
    assert 'id="finding"' in tur_page
    assert "A finding can be recorded now: the reply is in." in tur_page
    queue = signed_in("tur_reviewer").get("/queue/").content.decode()
    assert report.reference in queue
    assert (
        "Reply filed" in queue and 'data-countdown="' + report.reply_due_at.isoformat() not in queue
    )
    for reviewer in ("tur_reviewer", "qat_reviewer"):
        response = signed_in(reviewer).post(
            f"{url}finding/",
            {
                "outcome": "verified",
                "grade": "probable",
                "intent": "accidental",
                "reasoning": "Imagery.",
            },
        )
        assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "verified"
    assert report.reference not in signed_in("tur_reviewer").get("/queue/").content.decode()
    assert "3 / 10 raids" in signed_in("observer").get("/compliance/commitments/").content.decode()


def _report_form(**overrides):
    data = {
        "action_date": days(-1).isoformat(),
        "quantity": 3,
        "narrative": "Two compounds raided; weapons seized.",
        "place_name": "Jalalabad",
        "province": "Nangarhar",
        "latitude": "34.43000",
        "longitude": "70.45000",
        "evidence_visibility": "parties",
    }
    data.update(overrides)
    return data


def test_the_obligated_party_edits_its_draft_in_the_browser(signed_in, world):
    report = world["draft"]
    url = f"/compliance/action-reports/{report.reference}/edit/"
    page = signed_in("afg_officer").get(f"/compliance/action-reports/{report.reference}/")
    assert url.encode() in page.content
    for caller, status in (("pak_officer", 404), ("secretariat", 403), ("observer", 404)):
        assert signed_in(caller).get(url).status_code == status
    client = signed_in("afg_officer")
    form = client.get(url)
    assert form.status_code == 200 and b"data-map-picker" in form.content
    stale = client.post(url, _report_form(quantity=5, version=0))
    assert stale.status_code == 400 and b"changed by someone else" in stale.content
    saved = client.post(url, _report_form(quantity=5, version=1))
    assert saved.status_code == 302
    report.refresh_from_db()
    assert (report.quantity, report.version, report.status) == (5, 2, "draft")
    submitted = client.post(url, _report_form(quantity=6, version=2, submit="1"))
    assert submitted.status_code == 302
    report.refresh_from_db()
    assert report.status == "under_review" and report.quantity == 6
    assert client.get(url).status_code == 403  # a submitted report is amended, not edited


def test_the_obligated_party_amends_in_the_browser(signed_in, make_commitment, make_report):
    report = make_report(make_commitment(), state="under_review")
    url = f"/compliance/action-reports/{report.reference}/amend/"
    detail = f"/compliance/action-reports/{report.reference}/"
    assert url.encode() in signed_in("afg_officer").get(detail).content
    assert url.encode() not in signed_in("pak_officer").get(detail).content
    assert signed_in("pak_officer").get(url).status_code == 403
    client = signed_in("afg_officer")
    form = client.get(url)
    assert form.status_code == 200 and b"data-map-picker" in form.content
    no_reason = client.post(url, _report_form(quantity=1, version=report.version, reason=""))
    assert no_reason.status_code == 400
    done = client.post(
        url, _report_form(quantity=1, version=report.version, reason="One raid was not ours.")
    )
    assert done.status_code == 302
    page = client.get(detail).content.decode()
    assert 'id="amendments"' in page and "One raid was not ours." in page
    assert "Amended" in page


def test_the_secretariat_overrides_an_action_report_s_reviewers(
    signed_in, make_commitment, make_report, tur
):
    from tests.factories import UserFactory

    other = UserFactory(username="tur_reviewer_2", role="reviewer", cochair=tur)
    report = make_report(make_commitment(), state="under_review")
    detail = f"/compliance/action-reports/{report.reference}/"
    page = signed_in("secretariat").get(detail).content.decode()
    assert 'id="assign"' in page and "Override an assignment" in page
    assert 'id="assign"' not in signed_in("afg_officer").get(detail).content.decode()
    field = f"reviewer_{tur.pk}"
    assert signed_in("afg_officer").post(f"{detail}assign/", {field: other.pk}).status_code == 403
    done = signed_in("secretariat").post(f"{detail}assign/", {field: other.pk})
    assert done.status_code == 302
    active = report.assignments.filter(ended_at__isnull=True, cochair=tur).get()
    assert active.reviewer == other
    queue = Client()
    queue.force_login(other)
    assert report.reference in queue.get("/queue/").content.decode()


def test_action_report_evidence_is_added_and_served_in_the_browser(
    signed_in, world, settings, tmp_path
):
    from tests.api.support import ELF, PDF, upload

    settings.MEDIA_ROOT = str(tmp_path)
    report = world["draft"]
    url = f"/compliance/action-reports/{report.reference}/evidence/"
    client = signed_in("afg_officer")
    bad = client.post(url, {"evidence": upload("x.png", ELF), "evidence_visibility": "parties"})
    assert bad.status_code == 400
    done = client.post(
        url, {"evidence": upload("report.pdf", PDF), "evidence_visibility": "parties"}
    )
    assert done.status_code == 302
    evidence = report.evidence.get()
    served = client.get(f"/compliance/action-reports/{report.reference}/evidence/{evidence.pk}/")
    assert b"".join(served.streaming_content) == PDF


def test_the_action_report_form_has_the_map_picker(signed_in, world):
    page = signed_in("afg_officer").get(
        f"/compliance/commitments/{world['commitment'].reference}/report/"
    )
    assert b"data-map-picker" in page.content and b"leaflet.js" in page.content
