"""Evidence in the API: analysis only for the mediators and the secretariat, previews under
the file's own rule, graphic files blurred until revealed."""

import io
import json

import pytest
from PIL import Image
from rest_framework.test import APIClient

from audit.models import AuditEvent
from evidence import synthetic
from evidence.models import EvidenceViewerSetting

CALLERS = ["pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer"]
OK, PD, NF = 200, 403, 404


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# Who sees the analysis, and so the match on the draft.
#                 pak    afg    tur   qat   sec   obs (404: the claim is not decided)
SEES_ANALYSIS = (False, False, True, True, True, None)


@pytest.mark.parametrize(("caller", "sees"), list(zip(CALLERS, SEES_ANALYSIS, strict=True)))
def test_a_party_never_learns_of_a_match(caller, sees, cast, recycled_world):
    claim, draft = recycled_world["claim"], recycled_world["draft"]
    for path in (
        f"/api/v1/incidents/{claim.reference}/evidence/",
        f"/api/v1/incidents/{claim.reference}/",
    ):
        response = api(cast[caller]).get(path)
        if sees is None:
            assert response.status_code == NF
            continue
        assert response.status_code == OK
        body = response.json()
        files = body if isinstance(body, list) else body["evidence"]
        if sees:
            matches = files[0]["analysis"]["matches"]
            assert [m["reference"] for m in matches] == [draft.reference]
            assert matches[0]["kind"] == "same_bytes"
        else:
            assert files[0]["analysis"] is None
            assert draft.reference not in json.dumps(body)


#                        pak afg tur qat sec obs
PREVIEW = {
    "open": (OK, OK, OK, OK, OK, NF),
    "hidden": (OK, PD, OK, OK, OK, NF),
    "draft_file": (OK, NF, NF, NF, OK, NF),
}


@pytest.mark.parametrize("file", list(PREVIEW))
@pytest.mark.parametrize("index", range(len(CALLERS)))
def test_previews_obey_the_file_rule(file, index, cast, preview_world):
    caller = CALLERS[index]
    record = preview_world["draft"] if file == "draft_file" else preview_world["claim"]
    evidence = preview_world[file]
    base = f"/api/v1/incidents/{record.reference}/evidence/{evidence.pk}/"
    preview = api(cast[caller]).get(base + "preview/")
    download = api(cast[caller]).get(base)
    assert preview.status_code == download.status_code == PREVIEW[file][index]
    if preview.status_code == OK:
        assert preview["Content-Type"] == "image/jpeg"
        assert Image.open(io.BytesIO(preview.content)).size == (320, 240)


def test_the_list_links_previews_only_where_the_file_may_be_downloaded(cast, preview_world):
    claim = preview_world["claim"]
    files = api(cast["afg_officer"]).get(f"/api/v1/incidents/{claim.reference}/evidence/").json()
    by_id = {f["id"]: f for f in files}
    assert by_id[preview_world["open"].pk]["preview_url"].endswith("/preview/")
    assert by_id[preview_world["hidden"].pk]["preview_url"] is None


def _sharpness(data: bytes) -> float:
    from PIL import ImageFilter, ImageStat

    image = Image.open(io.BytesIO(data)).convert("L")
    edges = image.filter(ImageFilter.FIND_EDGES).crop((8, 8, image.width - 8, image.height - 8))
    return ImageStat.Stat(edges).mean[0]


def test_a_graphic_file_is_blurred_until_revealed(cast, preview_world):
    claim, evidence = preview_world["claim"], preview_world["open"]
    url = f"/api/v1/incidents/{claim.reference}/evidence/{evidence.pk}/"
    clear = api(cast["afg_officer"]).get(url + "preview/").content

    marked = api(cast["tur_reviewer"]).post(url + "graphic/")
    assert marked.status_code == OK and marked.json()["graphic"] is True
    again = api(cast["tur_reviewer"]).post(url + "graphic/")
    assert again.status_code == OK
    events = AuditEvent.objects.filter(
        subject_ref=claim.reference, action="evidence_marked_graphic"
    )
    assert events.count() == 1

    before_reveal = AuditEvent.objects.count()
    veiled = api(cast["afg_officer"]).get(url + "preview/").content
    revealed = api(cast["afg_officer"]).get(url + "preview/?reveal=1").content
    assert _sharpness(veiled) < _sharpness(clear) / 3
    assert revealed == clear
    assert AuditEvent.objects.count() == before_reveal  # revealing is not recorded

    EvidenceViewerSetting.objects.create(user=cast["qat_reviewer"], reveal_graphic=True)
    assert api(cast["qat_reviewer"]).get(url + "preview/").content == clear


#                     pak afg tur qat sec obs
MARK_GRAPHIC = (OK, PD, OK, OK, OK, NF)


@pytest.mark.parametrize("index", range(len(CALLERS)))
def test_who_marks_a_file_graphic(index, cast, preview_world):
    claim, evidence = preview_world["claim"], preview_world["open"]
    response = api(cast[CALLERS[index]]).post(
        f"/api/v1/incidents/{claim.reference}/evidence/{evidence.pk}/graphic/"
    )
    assert response.status_code == MARK_GRAPHIC[index]
    if response.status_code == PD:
        assert response.json()["code"] == "PERMISSION_DENIED"


def test_the_filer_marks_graphic_on_upload(
    cast, make_claim, media_root, django_capture_on_commit_callbacks
):
    claim = make_claim()
    upload = io.BytesIO(synthetic.jpeg_bytes(synthetic.scene(3)))
    upload.name = "wounded.jpg"
    with django_capture_on_commit_callbacks(execute=True):
        response = api(cast["pak_officer"]).post(
            f"/api/v1/incidents/{claim.reference}/evidence/",
            {"file": upload, "graphic": "true"},
            format="multipart",
        )
    assert response.status_code == 201
    assert response.json()["graphic"] is True
    added = AuditEvent.objects.get(subject_ref=claim.reference, action="evidence_added")
    assert added.payload["graphic"] is True
