"""Evidence on the record pages: previews under the file's own rule, graphic files blurred
until revealed, the reviewer's panel for the mediators and the secretariat only, the
graphic checkbox and button, and the viewer's own setting."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from audit.models import AuditEvent
from evidence import synthetic
from evidence.models import EvidenceAnalysis, EvidenceViewerSetting

CALLERS = ["pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer"]
OK, PD, NF = 200, 403, 404


def page(user):
    client = Client()
    client.force_login(user)
    return client


#                 pak    afg    tur   qat   sec   obs (404: the claim is not decided)
SEES_PANEL = (False, False, True, True, True, None)


@pytest.mark.parametrize(("caller", "sees"), list(zip(CALLERS, SEES_PANEL, strict=True)))
def test_only_the_mediators_and_the_secretariat_see_the_panel(caller, sees, cast, recycled_world):
    claim, draft = recycled_world["claim"], recycled_world["draft"]
    response = page(cast[caller]).get(f"/claims/{claim.reference}/")
    if sees is None:
        assert response.status_code == NF
        return
    assert response.status_code == OK
    html = response.content.decode()
    assert 'data-testid="evidence-preview"' in html  # everyone who sees the file sees it
    if sees:
        assert 'data-testid="evidence-panel"' in html
        assert f"Seen before on {draft.reference}" in html or (
            f"Also filed on {draft.reference}" in html
        )
        assert "1 matches" in response.context["evidence_verdict"]
    else:
        assert 'data-testid="evidence-panel"' not in html
        assert draft.reference not in html
        assert response.context["evidence_verdict"] == ""


#                        pak afg tur qat sec obs
PREVIEW = {
    "open": (OK, OK, OK, OK, OK, NF),
    "hidden": (OK, PD, OK, OK, OK, NF),
    "draft_file": (OK, NF, NF, NF, OK, NF),
}


@pytest.mark.parametrize("file", list(PREVIEW))
@pytest.mark.parametrize("index", range(len(CALLERS)))
def test_the_preview_page_obeys_the_file_rule(file, index, cast, preview_world):
    caller = CALLERS[index]
    record = preview_world["draft"] if file == "draft_file" else preview_world["claim"]
    evidence = preview_world[file]
    base = f"/claims/{record.reference}/evidence/{evidence.pk}/"
    preview = page(cast[caller]).get(base + "preview/")
    assert preview.status_code == PREVIEW[file][index]
    download = page(cast[caller]).get(base)
    # The browser download answers 404 for a file not the caller's, the preview 403.
    assert (download.status_code == OK) == (preview.status_code == OK)
    if preview.status_code == OK:
        assert preview["Content-Type"] == "image/jpeg"


def test_the_preview_page_needs_a_sign_in(preview_world):
    claim, evidence = preview_world["claim"], preview_world["open"]
    response = Client().get(f"/claims/{claim.reference}/evidence/{evidence.pk}/preview/")
    assert response.status_code == 302


def test_a_graphic_file_is_blurred_on_the_page_until_revealed(cast, preview_world):
    claim, evidence = preview_world["claim"], preview_world["open"]
    url = f"/claims/{claim.reference}/evidence/{evidence.pk}/"
    clear = page(cast["afg_officer"]).get(url + "preview/").content

    marked = page(cast["tur_reviewer"]).post(url + "graphic/")
    assert marked.status_code == 302
    assert AuditEvent.objects.filter(
        subject_ref=claim.reference, action="evidence_marked_graphic"
    ).exists()

    viewer = page(cast["afg_officer"])
    assert viewer.get(url + "preview/").content != clear
    assert viewer.get(url + "preview/?reveal=1").content == clear
    html = viewer.get(f"/claims/{claim.reference}/").content.decode()
    assert (
        f'href="/claims/{claim.reference}/?reveal={evidence.pk}#evidence-file-{evidence.pk}"'
        in html
    )
    assert f'src="{url}preview/"' in html
    revealed = viewer.get(f"/claims/{claim.reference}/?reveal={evidence.pk}").content.decode()
    assert f'src="{url}preview/?reveal=1"' in revealed


#                 pak  afg  tur  qat  sec  (obs: 404, the claim is not decided)
MAY_MARK = (True, False, True, True, True)


@pytest.mark.parametrize("index", range(len(MAY_MARK)))
def test_who_marks_a_file_graphic_on_the_page(index, cast, preview_world):
    claim, evidence = preview_world["claim"], preview_world["open"]
    user = cast[CALLERS[index]]
    html = page(user).get(f"/claims/{claim.reference}/").content.decode()
    assert ("Mark graphic" in html) == MAY_MARK[index]
    response = page(user).post(f"/claims/{claim.reference}/evidence/{evidence.pk}/graphic/")
    assert response.status_code == (302 if MAY_MARK[index] else PD)
    row = EvidenceAnalysis.objects.get(evidence_type="incidents.evidence", evidence_id=evidence.pk)
    assert row.graphic == MAY_MARK[index]


def test_the_upload_form_marks_files_graphic(
    cast, make_claim, media_root, django_capture_on_commit_callbacks
):
    claim = make_claim()
    upload = SimpleUploadedFile(
        "crater.jpg", synthetic.jpeg_bytes(synthetic.scene(4)), content_type="image/jpeg"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = page(cast["pak_officer"]).post(
            f"/claims/{claim.reference}/evidence/",
            {"evidence": [upload], "evidence_visibility": "parties", "evidence_graphic": "on"},
        )
    assert response.status_code == 302, response.content[:500]
    evidence = claim.evidence.get()
    row = EvidenceAnalysis.objects.get(evidence_type="incidents.evidence", evidence_id=evidence.pk)
    assert row.graphic is True


def test_the_viewer_setting_reveals_graphic_media_by_default(cast, preview_world):
    claim, evidence = preview_world["claim"], preview_world["open"]
    page(cast["tur_reviewer"]).post(f"/claims/{claim.reference}/evidence/{evidence.pk}/graphic/")
    viewer = page(cast["qat_reviewer"])
    form = viewer.get("/account/evidence/")
    assert form.status_code == OK
    assert "Reveal graphic media by default" in form.content.decode()
    assert viewer.post("/account/evidence/", {"reveal_graphic": "on"}).status_code == 302
    assert EvidenceViewerSetting.objects.get(user=cast["qat_reviewer"]).reveal_graphic
    url = f"/claims/{claim.reference}/evidence/{evidence.pk}/preview/"
    assert viewer.get(url).content == viewer.get(url + "?reveal=1").content
    html = viewer.get(f"/claims/{claim.reference}/").content.decode()
    assert 'data-testid="reveal"' not in html
    viewer.post("/account/evidence/", {})
    assert not EvidenceViewerSetting.objects.get(user=cast["qat_reviewer"]).reveal_graphic
