"""Synthetic photographs for the demo data and the tests, drawn with Pillow (nothing is
downloaded): a scene of sky, ground, buildings and debris from a seed; the same scene
seen from a camera moved along it; copies resized, re-compressed and cropped; and EXIF
capture time and GPS written the way a camera writes them. Also a written report as a
PDF of several pages, drawn with reportlab."""

import io
import random
from datetime import datetime

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 0x9003, 0x9011


def scene(seed: int, *, camera: int = 0, passers_by: int | None = None, size=(800, 600)):
    """One photograph of the place `seed`; `camera` moves the viewpoint sideways (pixels),
    `passers_by` adds people and vehicles of their own seed (another moment)."""
    rnd = random.Random(seed)  # nosec B311  # demo pictures, not secrets
    width, height = size
    horizon = int(height * 0.6)
    wide = Image.new("RGB", (width + 400, height))
    draw = ImageDraw.Draw(wide)
    for y in range(height):
        c = int(120 + 100 * y / height)
        draw.line([(0, y), (width + 400, y)], fill=(c // 2, c // 2 + 30, c))
    draw.rectangle([0, horizon, width + 400, height], fill=(110, 95, 70))
    for _ in range(14):
        x, w, h = rnd.randint(0, width + 350), rnd.randint(40, 160), rnd.randint(60, 260)
        draw.rectangle([x, horizon - h, x + w, horizon], fill=_colour(rnd, 40, 200))
    for _ in range(30):
        x, y, r = (
            rnd.randint(0, width + 380),
            rnd.randint(horizon + 12, height - 10),
            rnd.randint(4, 25),
        )
        draw.ellipse([x, y, x + r, y + r], fill=_colour(rnd, 0, 255))
    if passers_by is not None:
        other = random.Random(passers_by)  # nosec B311  # demo pictures, not secrets
        for _ in range(8):
            x, y = other.randint(0, width + 300), other.randint(int(height * 0.4), height - 60)
            w, h = other.randint(30, 90), other.randint(20, 60)
            draw.rectangle([x, y, x + w, y + h], fill=_colour(other, 0, 255))
    return wide.crop((camera, 0, camera + width, height))


def _colour(rnd, low, high):
    return tuple(rnd.randint(low, high) for _ in range(3))


def recycled(image, *, scale=0.6, crop=0.05, quality=45):
    """A copy as it travels: `crop` of the width cut from one side, resized, re-compressed."""
    width, height = image.size
    cut = image.crop((int(width * crop), 0, width, height))
    return cut.resize((int(cut.width * scale), int(cut.height * scale)))


def exif_for(*, taken: datetime | None = None, offset: str = "", lat=None, lon=None):
    """EXIF as a camera writes it: DateTimeOriginal (local time, with its offset if
    given) and GPS degrees, minutes, seconds with their hemispheres."""
    exif = Image.Exif()
    exif[0x010F] = "Demo camera"
    if taken is not None:
        ifd = exif.get_ifd(EXIF_IFD)
        ifd[DATETIME_ORIGINAL] = taken.strftime("%Y:%m:%d %H:%M:%S")
        if offset:
            ifd[OFFSET_TIME_ORIGINAL] = offset
    if lat is not None and lon is not None:
        gps = exif.get_ifd(GPS_IFD)
        gps[1], gps[2] = ("N" if lat >= 0 else "S"), _dms(abs(float(lat)))
        gps[3], gps[4] = ("E" if lon >= 0 else "W"), _dms(abs(float(lon)))
    return exif


def _dms(value: float):
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 2)
    return (float(degrees), float(minutes), seconds)


def jpeg_bytes(image, *, quality=90, exif=None) -> bytes:
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.convert("RGB").save(out, "JPEG", quality=quality, **kwargs)
    return out.getvalue()


def png_bytes(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def pdf_bytes(*, pages: int = 2, title: str = "Field report", pagesize=A4, password=None):
    """A written report of `pages` pages: a heading and a few lines on each, a dark band
    across the top of the first (so its preview is not blank). `password` encrypts it."""
    out = io.BytesIO()
    report = canvas.Canvas(out, pagesize=pagesize, encrypt=password, invariant=True)
    width, height = pagesize
    for number in range(1, pages + 1):
        if number == 1:
            report.setFillColorRGB(0.15, 0.2, 0.35)
            report.rect(0, height - 90, width, 90, stroke=0, fill=1)
            report.setFillColorRGB(1, 1, 1)
            report.setFont("Helvetica-Bold", 22)
            report.drawString(48, height - 58, title)
            report.setFillColorRGB(0, 0, 0)
        report.setFont("Helvetica", 11)
        for line in range(12):
            report.drawString(48, height - 130 - 18 * line, f"Page {number}, line {line + 1}.")
        report.showPage()
    report.save()
    return out.getvalue()
