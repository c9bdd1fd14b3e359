"""PDFs and recordings as evidence: a PDF's page count and its first page as a preview
(served under the file's own rule), an MP3's and an MP4's duration, and files that cannot
be read recorded as such, never a failed task. Every file is generated here."""

import io
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from rest_framework.test import APIClient

from evidence import synthetic
from evidence.analysis import evidence_analyse
from evidence.media import duration_text, pdf_facts, recording_duration
from evidence.models import EvidenceAnalysis, Visibility
from evidence.services import evidence_check_file
from tests.evidence.recordings import (
    MP3_FRAME_HEADER,
    MP3_FRAME_SECONDS,
    box,
    mp3_bytes,
    mp4_bytes,
    noise,
)
from verification.statuses import Status

CALLERS = ["pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer"]
OK, PD, NF = 200, 403, 404


def analysis_of(evidence) -> EvidenceAnalysis:
    return EvidenceAnalysis.objects.get(
        evidence_type=evidence._meta.label_lower, evidence_id=evidence.pk
    )


# --- what the bytes say ------------------------------------------------------------
def test_a_pdf_gives_its_page_count_and_a_bounded_first_page():
    facts = pdf_facts(synthetic.pdf_bytes(pages=3), preview_pixels=320)
    assert facts.pages == 3 and facts.problem == ""
    image = Image.open(io.BytesIO(facts.preview))
    assert image.format == "PNG"
    # A4 is 595 × 842 points: portrait, its longer side the preview's size.
    assert image.height == 320 and 220 <= image.width <= 230
    # The dark band across the top of page 1 was drawn, the rest is white paper.
    grey = image.convert("L")
    assert grey.getpixel((image.width // 2, 5)) < 100
    assert grey.getpixel((image.width // 2, image.height - 5)) > 240


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (synthetic.pdf_bytes(password="secret"), "encrypted"),
        (b"%PDF-1.7\n" + noise(4000), "could not be read"),
        (synthetic.pdf_bytes(pagesize=(20_000, 20_000)), "beyond what a PDF page may be"),
    ],
    ids=["encrypted", "broken", "oversized-page"],
)
def test_a_pdf_that_cannot_be_rendered_gets_a_reason_not_a_preview(data, reason):
    facts = pdf_facts(data, preview_pixels=320)
    assert facts.preview is None
    assert reason in facts.problem


def test_an_mp3_and_an_mp4_give_their_durations():
    assert recording_duration(mp3_bytes(2500), "audio/mpeg") == pytest.approx(
        2500 * MP3_FRAME_SECONDS, abs=0.05
    )
    assert recording_duration(mp3_bytes(500), "audio/mpeg") == pytest.approx(12.0, abs=0.05)
    assert recording_duration(mp4_bytes(timescale=600, duration=600 * 72), "video/mp4") == 72.0
    assert recording_duration(mp4_bytes(timescale=1000, duration=4500), "video/mp4") == 4.5


def test_files_the_reader_cannot_parse_have_no_duration():
    assert recording_duration(MP3_FRAME_HEADER + noise(6000), "audio/mpeg") is None
    no_moov = box(b"ftyp", b"isom" + struct.pack(">I", 0x200) + b"isom") + box(b"free", bytes(64))
    assert recording_duration(no_moov, "video/mp4") is None
    assert recording_duration(mp3_bytes(10), "text/plain") is None


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, ""),
        (0.4, "0.4 s"),
        (42, "42 s"),
        (72, "1 min 12 s"),
        (120, "2 min"),
        (3900, "1 h 5 min"),
    ],
)
def test_durations_read_as_a_person_says_them(seconds, text):
    assert duration_text(seconds) == text


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("report.pdf", synthetic.pdf_bytes(), "application/pdf"),
        ("call.mp3", mp3_bytes(500), "audio/mpeg"),
        ("clip.mp4", mp4_bytes(timescale=600, duration=600 * 72), "video/mp4"),
    ],
)
def test_the_upload_check_accepts_the_generated_files_as_their_types(name, data, content_type):
    _sha, sniffed, size = evidence_check_file(SimpleUploadedFile(name, data))
    assert (sniffed, size) == (content_type, len(data))


# --- the analysis task ---------------------------------------------------------------
def test_the_task_records_a_pdfs_pages_and_preview(pak_officer, make_claim, attach):
    evidence = attach(pak_officer, make_claim(), synthetic.pdf_bytes(pages=4), name="report.pdf")
    row = analysis_of(evidence)
    assert row.analysed_at is not None and row.problem == ""
    assert row.page_count == 4
    assert row.width is None and not row.is_image  # a page is not a photograph
    assert row.preview.name.endswith(".png")
    with row.preview.open("rb") as stored:
        assert max(Image.open(stored).size) == 320


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n" + noise(4000), "could not be read"),
        (synthetic.pdf_bytes(password="secret"), "encrypted"),
    ],
    ids=["broken", "encrypted"],
)
def test_an_unreadable_pdf_is_analysed_with_no_preview_and_the_reason(
    data, reason, pak_officer, make_claim, attach
):
    evidence = attach(pak_officer, make_claim(), data, name="report.pdf")
    assert evidence.content_type == "application/pdf"
    row = analysis_of(evidence)
    assert row.analysed_at is not None
    assert not row.preview and row.page_count is None
    assert reason in row.problem
    again = evidence_analyse(evidence=evidence)  # rerunnable, still no failure
    assert reason in again.problem


def test_the_task_records_durations(pak_officer, make_claim, attach):
    claim = make_claim()
    mp3 = attach(pak_officer, claim, mp3_bytes(3000), name="call.mp3")
    mp4 = attach(
        pak_officer, claim, mp4_bytes(timescale=90_000, duration=90_000 * 95), name="clip.mp4"
    )
    assert (mp3.content_type, mp4.content_type) == ("audio/mpeg", "video/mp4")
    assert analysis_of(mp3).duration_seconds == pytest.approx(72.0, abs=0.05)
    assert analysis_of(mp4).duration_seconds == 95.0
    assert not analysis_of(mp3).preview and analysis_of(mp3).problem == ""


def test_a_recording_mutagen_cannot_parse_records_no_duration(pak_officer, make_claim, attach):
    evidence = attach(pak_officer, make_claim(), MP3_FRAME_HEADER + noise(6000), name="call.mp3")
    assert evidence.content_type == "audio/mpeg"
    row = analysis_of(evidence)
    assert row.analysed_at is not None and row.duration_seconds is None
    assert "duration could not be read" in row.problem


def test_a_rescan_of_a_changed_file_forgets_what_it_read(pak_officer, make_claim, attach):
    evidence = attach(pak_officer, make_claim(), synthetic.pdf_bytes(pages=2), name="r.pdf")
    with open(evidence.file.path, "ab") as stored:
        stored.write(b"tampered")
    row = evidence_analyse(evidence=evidence)
    assert row.page_count is None and not row.preview
    assert "SHA-256" in row.problem


# --- served like image previews --------------------------------------------------------
@pytest.fixture
def pdf_world(pak_officer, make_claim, attach):
    claim = make_claim()
    pdf = synthetic.pdf_bytes(pages=3)
    open_file = attach(pak_officer, claim, pdf, name="report.pdf")
    hidden = attach(
        pak_officer,
        claim,
        synthetic.pdf_bytes(pages=2, title="Internal"),
        name="internal.pdf",
        visibility=Visibility.MEDIATORS_ONLY,
    )
    draft = make_claim(status=Status.DRAFT, submitted_at=None)
    draft_file = attach(pak_officer, draft, synthetic.pdf_bytes(title="Draft"), name="d.pdf")
    recording = attach(pak_officer, claim, mp3_bytes(3000), name="call.mp3")
    return {
        "claim": claim,
        "open": open_file,
        "hidden": hidden,
        "draft": draft,
        "draft_file": draft_file,
        "recording": recording,
    }


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def browser(user):
    client = Client()
    client.force_login(user)
    return client


#                        pak afg tur qat sec obs
PREVIEW = {
    "open": (OK, OK, OK, OK, OK, NF),
    "hidden": (OK, PD, OK, OK, OK, NF),
    "draft_file": (OK, NF, NF, NF, OK, NF),
}


@pytest.mark.parametrize("file", list(PREVIEW))
@pytest.mark.parametrize("index", range(len(CALLERS)))
def test_a_pdf_preview_obeys_the_file_rule(file, index, cast, pdf_world):
    user = cast[CALLERS[index]]
    record = pdf_world["draft"] if file == "draft_file" else pdf_world["claim"]
    evidence = pdf_world[file]
    path = f"{record.reference}/evidence/{evidence.pk}/preview/"
    for response in (
        api(user).get(f"/api/v1/incidents/{path}"),
        browser(user).get(f"/claims/{path}"),
    ):
        assert response.status_code == PREVIEW[file][index]
        if response.status_code == OK:
            assert response["Content-Type"] == "image/png"
            assert max(Image.open(io.BytesIO(response.content)).size) == 320


def test_a_recording_has_no_preview(cast, pdf_world):
    claim, recording = pdf_world["claim"], pdf_world["recording"]
    url = f"/api/v1/incidents/{claim.reference}/evidence/{recording.pk}/preview/"
    assert api(cast["pak_officer"]).get(url).status_code == NF


def test_a_graphic_pdf_preview_is_blurred_and_stays_a_png(cast, pdf_world):
    claim, evidence = pdf_world["claim"], pdf_world["open"]
    url = f"/api/v1/incidents/{claim.reference}/evidence/{evidence.pk}/"
    clear = api(cast["afg_officer"]).get(url + "preview/").content
    api(cast["tur_reviewer"]).post(url + "graphic/")
    veiled = api(cast["afg_officer"]).get(url + "preview/")
    assert veiled["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(veiled.content)).format == "PNG"
    assert veiled.content != clear
    assert api(cast["afg_officer"]).get(url + "preview/?reveal=1").content == clear


def test_the_api_gives_pages_and_duration_where_it_gives_dimensions(cast, pdf_world):
    claim = pdf_world["claim"]
    url = f"/api/v1/incidents/{claim.reference}/evidence/"
    files = {f["id"]: f for f in api(cast["tur_reviewer"]).get(url).json()}
    pdf, recording = files[pdf_world["open"].pk], files[pdf_world["recording"].pk]
    assert pdf["analysis"]["page_count"] == 3 and pdf["analysis"]["width"] is None
    assert pdf["preview_url"].endswith("/preview/")
    assert recording["analysis"]["duration_seconds"] == pytest.approx(72.0, abs=0.05)
    assert recording["preview_url"] is None
    party = {f["id"]: f for f in api(cast["afg_officer"]).get(url).json()}
    assert party[pdf_world["open"].pk]["analysis"] is None  # as for dimensions


def test_the_gallery_shows_pages_duration_and_the_first_page(cast, pdf_world):
    claim = pdf_world["claim"]
    base = f"/claims/{claim.reference}/evidence/"
    party = browser(cast["afg_officer"]).get(f"/claims/{claim.reference}/").content.decode()
    assert f'src="{base}{pdf_world["open"].pk}/preview/"' in party
    assert "· 3 pages" in party
    assert "· 1 min 12 s" in party
    assert f"{base}{pdf_world['hidden'].pk}/preview/" not in party
    reviewer = browser(cast["tur_reviewer"]).get(f"/claims/{claim.reference}/")
    html = reviewer.content.decode()
    assert f"{base}{pdf_world['hidden'].pk}/preview/" in html
    assert "application/pdf" in html and "audio/mpeg" in html
    assert "1 min 12 s" in html and "2 pages" in html


def test_the_gallery_says_why_a_pdf_has_no_preview(cast, pak_officer, make_claim, attach):
    claim = make_claim()
    attach(pak_officer, claim, synthetic.pdf_bytes(password="secret"), name="locked.pdf")
    html = browser(cast["afg_officer"]).get(f"/claims/{claim.reference}/").content.decode()
    assert "The PDF is encrypted, so no preview was made." in html
    assert 'data-testid="evidence-preview"' not in html


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_files_never_raise(data):
    """Bytes flipped anywhere in a PDF, an MP3 or an MP4: a reason or a result, never an
    exception out of the readers the task calls."""
    for original, content_type in (
        (synthetic.pdf_bytes(pages=1), "application/pdf"),
        (mp3_bytes(40), "audio/mpeg"),
        (mp4_bytes(timescale=600, duration=6000), "video/mp4"),
    ):
        damaged = bytearray(original)
        for _ in range(data.draw(st.integers(1, 8))):
            damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
        cut = data.draw(st.integers(1, len(damaged)))
        damaged = bytes(damaged[:cut])
        if content_type == "application/pdf":
            facts = pdf_facts(damaged, preview_pixels=64)
            assert (facts.preview is None) == bool(facts.problem)
        else:
            duration = recording_duration(damaged, content_type)
            assert duration is None or duration > 0


def test_the_rendered_page_is_bounded_whatever_the_setting():
    facts = pdf_facts(synthetic.pdf_bytes(pages=1), preview_pixels=100_000)
    assert max(Image.open(io.BytesIO(facts.preview)).size) == 2048
