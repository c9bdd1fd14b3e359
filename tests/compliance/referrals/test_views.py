"""The referral pages: who sees what, forms that refuse with messages, never a 500."""

from compliance.models import Referral


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
    form = client.get("/compliance/referrals/new/")
    assert form.status_code == 200
    # Clocks read as people say them, not as the hours they are stored in.
    assert "Priority: acknowledge within 1 day, act within 7 days" in form.content.decode()
    assert "168 h" not in form.content.decode()
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
