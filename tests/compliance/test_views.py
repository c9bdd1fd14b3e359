"""The compliance pages: who sees what, forms that refuse with messages, never a 500."""

import pytest
from django.test import Client

from compliance.models import ActionReport, Commitment, Referral

from .conftest import days


@pytest.fixture
def signed_in(cast):
    def make(name):
        client = Client()
        client.force_login(cast[name])
        return client

    return make


@pytest.fixture
def world(make_commitment, make_report, make_referral):
    commitment = make_commitment(milestones=[(days(10), 4), (days(30), 10)])
    return {
        "commitment": commitment,
        "draft": make_report(commitment),
        "verified": make_report(commitment, state="verified", quantity=3),
        "referral": make_referral(),
    }


@pytest.mark.parametrize(
    "caller", ["pak_officer", "afg_officer", "tur_reviewer", "secretariat", "observer"]
)
def test_commitment_pages_show_progress_and_status(signed_in, world, caller):
    client = signed_in(caller)
    page = client.get("/compliance/commitments/")
    assert page.status_code == 200
    html = page.content.decode()
    assert world["commitment"].reference in html
    assert "3 / 10 raids" in html and "progress-tick" in html and "On track" in html
    detail = client.get(f"/compliance/commitments/{world['commitment'].reference}/").content
    assert world["verified"].reference.encode() in detail
    assert (world["draft"].reference.encode() in detail) == (
        caller in ("afg_officer", "secretariat")
    )


def test_commitment_list_queries_do_not_grow(
    signed_in, make_commitment, django_assert_max_num_queries
):
    client = signed_in("observer")
    make_commitment(milestones=[(days(10), 4), (days(30), 10)])
    with django_assert_max_num_queries(12) as few:
        client.get("/compliance/commitments/")
    for _ in range(6):
        make_commitment(milestones=[(days(10), 4), (days(30), 10)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/compliance/commitments/")


def test_invalid_filters_are_a_400_page(signed_in, world):
    response = signed_in("observer").get("/compliance/commitments/", {"status": "late"})
    assert response.status_code == 400
    assert b"error-summary" in response.content


def test_secretariat_records_a_commitment_in_the_browser(signed_in, world):
    client = signed_in("secretariat")
    assert client.get("/compliance/commitments/new/").status_code == 200
    bad = client.post(
        "/compliance/commitments/new/",
        {
            "party": "AFG",
            "session_label": "Istanbul",
            "session_date": days(-5).isoformat(),
            "agreement_clause": "Art. 5",
            "kind": "raid",
            "description": "Raids.",
            "target_kind": "quantity",
            "target_quantity": 4,
            "unit": "raids",
            "due_date": days(20).isoformat(),
            "milestones": f"{days(10).isoformat()} 5\n{days(20).isoformat()} 4",
        },
    )
    assert bad.status_code == 400
    assert b"never fall" in bad.content
    good = client.post(
        "/compliance/commitments/new/",
        {
            "party": "AFG",
            "session_label": "Istanbul",
            "session_date": days(-5).isoformat(),
            "agreement_clause": "Art. 5",
            "kind": "raid",
            "description": "Raids.",
            "target_kind": "quantity",
            "target_quantity": 4,
            "unit": "raids",
            "due_date": days(20).isoformat(),
            "milestones": f"{days(10).isoformat()} 2\n{days(20).isoformat()} 4",
        },
    )
    assert good.status_code == 302
    assert Commitment.objects.count() == 2


@pytest.mark.parametrize("caller", ["pak_officer", "afg_officer", "tur_reviewer", "observer"])
def test_officers_cannot_record_commitments(signed_in, world, caller):
    assert signed_in(caller).get("/compliance/commitments/new/").status_code == 403


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


def test_referral_inbox_acknowledge_and_respond(signed_in, world):
    reference = world["referral"].reference
    afg = signed_in("afg_officer")
    inbox = afg.get("/compliance/referrals/").content.decode()
    assert reference in inbox and "data-countdown" in inbox
    assert afg.post(f"/compliance/referrals/{reference}/acknowledge/").status_code == 302
    bad = afg.post(f"/compliance/referrals/{reference}/respond/", {"answer": ""})
    assert bad.status_code == 400
    good = afg.post(f"/compliance/referrals/{reference}/respond/", {"answer": "Acted on it."})
    assert good.status_code == 302
    assert Referral.objects.get().status == "responded"
    assert (
        signed_in("pak_officer").post(f"/compliance/referrals/{reference}/acknowledge/").status_code
        == 403
    )


def test_observers_never_reach_referral_pages(signed_in, world):
    client = signed_in("observer")
    assert client.get(f"/compliance/referrals/{world['referral'].reference}/").status_code == 404
    inbox = client.get("/compliance/referrals/")
    assert world["referral"].reference.encode() not in inbox.content


def test_officer_sends_a_referral_in_the_browser(signed_in, world):
    client = signed_in("pak_officer")
    assert client.get("/compliance/referrals/new/").status_code == 200
    bad = client.post("/compliance/referrals/new/", {"to_party": "PAK", "urgency": "routine"})
    assert bad.status_code == 400
    good = client.post(
        "/compliance/referrals/new/",
        {
            "to_party": "AFG",
            "urgency": "immediate",
            "subject": "Safe house",
            "requested_action": "Raid it.",
            "latitude": "34.4",
        },
    )
    assert good.status_code == 400 and b"Give both coordinates" in good.content
    good = client.post(
        "/compliance/referrals/new/",
        {
            "to_party": "AFG",
            "urgency": "immediate",
            "subject": "Safe house",
            "requested_action": "Raid it.",
        },
    )
    assert good.status_code == 302


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


def test_action_report_review_in_the_browser(signed_in, make_commitment, make_report):
    report = make_report(make_commitment(), state="under_review")
    url = f"/compliance/action-reports/{report.reference}/"
    assert b'action="/compliance/action-reports/' in signed_in("pak_officer").get(url).content
    bad = signed_in("pak_officer").post(f"{url}reply/", {"position": "maybe", "narrative": ""})
    assert bad.status_code == 400 and b"error-summary" in bad.content
    assert signed_in("afg_officer").post(f"{url}reply/", {"position": "denies"}).status_code == 403
    done = signed_in("pak_officer").post(
        f"{url}reply/",
        {"position": "denies", "narrative": "Empty for months.", "evidence_visibility": "parties"},
    )
    assert done.status_code == 302
    tur_page = signed_in("tur_reviewer").get(url).content.decode()
    assert 'id="finding"' in tur_page
    queue = signed_in("tur_reviewer").get("/queue/").content.decode()
    assert report.reference in queue
    for reviewer in ("tur_reviewer", "qat_reviewer"):
        response = signed_in(reviewer).post(
            f"{url}finding/",
            {"outcome": "verified", "grade": "probable", "reasoning": "Imagery."},
        )
        assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "verified"
    assert report.reference not in signed_in("tur_reviewer").get("/queue/").content.decode()
    assert "3 / 10 raids" in signed_in("observer").get("/compliance/commitments/").content.decode()


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
    client = signed_in("secretariat")
    client.post(f"/compliance/agenda/{entry.pk}/decide/", {f"entry{entry.pk}-minutes": ""})
    entry.refresh_from_db()
    assert entry.decided_at is None
    response = client.post(
        f"/compliance/agenda/{entry.pk}/decide/",
        {
            f"entry{entry.pk}-outcome": "verified",
            f"entry{entry.pk}-grade": "probable",
            f"entry{entry.pk}-minutes": "Both co-chairs accept the imagery.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "verified"
    assert AuditEvent.objects.filter(subject_id=report.pk, action="meeting_decision").exists()
    assert (
        signed_in("tur_reviewer").post(f"/compliance/agenda/{entry.pk}/decide/").status_code == 403
    )


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


def test_referral_evidence_in_the_browser(signed_in, world, settings, tmp_path):
    from tests.api.support import PDF, upload

    settings.MEDIA_ROOT = str(tmp_path)
    referral = world["referral"]  # PAK → AFG
    detail = f"/compliance/referrals/{referral.reference}/"
    pak = signed_in("pak_officer")
    assert b'action="' + f"{detail}evidence/".encode() in pak.get(detail).content
    sent = pak.post(
        f"{detail}evidence/",
        {"evidence": upload("source.pdf", PDF), "evidence_visibility": "mediators_only"},
    )
    assert sent.status_code == 302
    evidence = referral.evidence.get()
    download = f"{detail}evidence/{evidence.pk}/"
    for caller, status in (
        ("pak_officer", 200),
        ("tur_reviewer", 200),
        ("secretariat", 200),
        ("afg_officer", 404),
        ("observer", 404),
    ):
        assert signed_in(caller).get(download).status_code == status, caller
    afg_page = signed_in("afg_officer").get(detail).content.decode()
    assert "source.pdf" not in afg_page and evidence.sha256 in afg_page
    assert "A file for the mediators only" in afg_page
    assert signed_in("tur_reviewer").post(f"{detail}evidence/").status_code == 403


def test_a_referral_is_sent_with_evidence_and_a_map_picker(signed_in, world, settings, tmp_path):
    from tests.api.support import PNG, upload

    settings.MEDIA_ROOT = str(tmp_path)
    client = signed_in("pak_officer")
    assert b"data-map-picker" in client.get("/compliance/referrals/new/").content
    sent = client.post(
        "/compliance/referrals/new/",
        {
            "to_party": "AFG",
            "urgency": "priority",
            "subject": "Safe house",
            "requested_action": "Raid it.",
            "latitude": "34.40000",
            "longitude": "70.50000",
            "evidence": upload("photo.png", PNG),
            "evidence_visibility": "parties",
        },
    )
    assert sent.status_code == 302
    referral = Referral.objects.latest("id")
    assert referral.evidence.count() == 1 and referral.latitude is not None


def test_the_action_report_form_has_the_map_picker(signed_in, world):
    page = signed_in("afg_officer").get(
        f"/compliance/commitments/{world['commitment'].reference}/report/"
    )
    assert b"data-map-picker" in page.content and b"leaflet.js" in page.content
