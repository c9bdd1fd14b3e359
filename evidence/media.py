"""What a PDF's or a recording's bytes say about it, read without changing it: a PDF's page
count and its first page as a PNG preview (pypdfium2), an audio or video file's duration
(mutagen). Pure functions of the bytes; evidence.analysis stores what they return.

The work is bounded: only page 1 is rendered, scaled so that its longer side is the
preview's size whatever the page's own size, forms are not drawn, and a page larger than
a PDF may declare (or of no size) is not rendered at all."""

import io
import math
from dataclasses import dataclass

import pypdfium2 as pdfium
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from mutagen import MutagenError
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4

PDF_TYPE = "application/pdf"
# Which reader each accepted recording type is read with (the type comes from the bytes).
RECORDING_READERS = {"audio/mpeg": MP3, "video/mp4": MP4}

# The PDF specification's largest page side, 14,400 units (200 inches at 72 per inch); a
# page declared larger (a user unit, a crafted MediaBox) is refused rather than rendered.
MAX_PAGE_POINTS = 14_400
# The rendered bitmap's longer side, whatever EVIDENCE_PREVIEW_PIXELS says: at most
# 2048 × 2048 × 4 bytes (16 MiB) for page 1 of any PDF.
MAX_RENDER_PIXELS = 2048


@dataclass
class PdfFacts:
    pages: int | None = None
    preview: bytes | None = None
    problem: str = ""


def pdf_facts(data: bytes, *, preview_pixels: int) -> PdfFacts:
    """The page count and a PNG of page 1 no larger than `preview_pixels` a side; for a PDF
    that cannot be opened (encrypted, broken) or page 1 not rendered, no preview and the
    reason in `problem`. Never raises for bad bytes."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            return PdfFacts(problem=gettext_noop("The PDF is encrypted, so no preview was made."))
        return PdfFacts(problem=gettext_noop("The PDF could not be read, so no preview was made."))
    try:
        pages = len(document)
        if pages < 1:
            return PdfFacts(
                pages=0, problem=gettext_noop("The PDF has no pages, so no preview was made.")
            )
        return PdfFacts(pages=pages, **_first_page(document, preview_pixels))
    finally:
        document.close()


def _first_page(document, preview_pixels: int) -> dict:
    try:
        page = document[0]
    except pdfium.PdfiumError:
        return {
            "problem": gettext_noop(
                "The PDF's first page could not be read, so no preview was made."
            )
        }
    try:
        width, height = page.get_size()
        if not (0 < width <= MAX_PAGE_POINTS and 0 < height <= MAX_PAGE_POINTS):
            return {
                "problem": f"The PDF's first page measures {width:.0f} × {height:.0f} points, "
                "beyond what a PDF page may be, so no preview was made."
            }
        scale = min(preview_pixels, MAX_RENDER_PIXELS) / max(width, height)
        try:
            bitmap = page.render(scale=scale, may_draw_forms=False)
            image = bitmap.to_pil()
        except (pdfium.PdfiumError, ValueError, OSError):
            return {
                "problem": gettext_noop(
                    "The PDF's first page could not be rendered, so no preview was made."
                )
            }
        out = io.BytesIO()
        image.convert("RGB").save(out, "PNG", optimize=True)
        return {"preview": out.getvalue()}
    finally:
        page.close()


def recording_duration(data: bytes, content_type: str) -> float | None:
    """An audio or video file's length in seconds, read by the reader of its type (the
    frames' bitrate for MP3, the movie header's timescale and duration for MP4); None for
    other types and for files the reader cannot parse."""
    reader = RECORDING_READERS.get(content_type)
    if reader is None:
        return None
    try:
        length = reader(io.BytesIO(data)).info.length
    except (MutagenError, ValueError, EOFError, OverflowError, ZeroDivisionError):
        return None
    if length is None or not math.isfinite(length) or length <= 0:
        return None
    return round(float(length), 3)


def duration_text(seconds: float | None) -> str:
    """A duration as a reader says it: "42 s", "1 min 12 s", "1 h 5 min"."""
    if seconds is None:
        return ""
    if seconds < 1:
        return _("%(seconds)s s") % {"seconds": f"{seconds:.1f}"}
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        if minutes:
            return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
        return _("%(hours)d h") % {"hours": hours}
    if minutes:
        if secs:
            return _("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": secs}
        return _("%(minutes)d min") % {"minutes": minutes}
    return _("%(seconds)s s") % {"seconds": secs}


def media_text(*, page_count: int | None, duration_seconds: float | None) -> str:
    """What the gallery says of a PDF or a recording beside its name."""
    if page_count is not None:
        return ngettext("%(count)d page", "%(count)d pages", page_count) % {"count": page_count}
    return duration_text(duration_seconds)
