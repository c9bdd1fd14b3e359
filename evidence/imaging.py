"""What an evidence file's bytes say about it, read without changing it: image hashes,
dimensions, the capture time and GPS position in its EXIF, and a preview. Pure functions
of the bytes; evidence.analysis stores what they return."""

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import exifread
import imagehash
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

# Decoding is bounded: a decompression bomb is refused, not expanded.
Image.MAX_IMAGE_PIXELS = 80_000_000

IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")


@dataclass
class ImageFacts:
    width: int
    height: int
    phash: int
    dhash: int
    preview: bytes


@dataclass
class Embedded:
    captured_at: datetime | None = None
    offset_known: bool = False
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def signed64(value: int) -> int:
    """A 64-bit hash as the signed integer a BigIntegerField holds."""
    return value - (1 << 64) if value >= 1 << 63 else value


def unsigned64(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


def hash_int(image_hash) -> int:
    return int(str(image_hash), 16)


def image_facts(data: bytes, *, preview_pixels: int) -> ImageFacts | None:
    """Dimensions, pHash, dHash and a JPEG preview (no metadata: only pixels are copied),
    or None when the bytes are not a readable image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            width, height = image.size
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        return None
    phash = hash_int(imagehash.phash(upright))
    dhash = hash_int(imagehash.dhash(upright))
    thumb = upright.copy()
    thumb.thumbnail((preview_pixels, preview_pixels))
    out = io.BytesIO()
    thumb.save(out, "JPEG", quality=80)
    return ImageFacts(width, height, phash, dhash, out.getvalue())


def blurred(preview: bytes) -> bytes:
    """The preview blurred past recognition, for graphic media not yet revealed; in the
    preview's own format (a JPEG, or a PDF page's PNG), so it is served as the same type."""
    with Image.open(io.BytesIO(preview)) as image:
        kind = "PNG" if image.format == "PNG" else "JPEG"
        small = image.convert("RGB")
        radius = max(small.size) / 12
        out = io.BytesIO()
        options = {"quality": 70} if kind == "JPEG" else {}
        small.filter(ImageFilter.GaussianBlur(radius)).save(out, kind, **options)
    return out.getvalue()


def _rational(value) -> float:
    return float(value.num) / float(value.den) if value.den else 0.0


def _degrees(tag, ref) -> Decimal | None:
    try:
        d, m, s = (_rational(v) for v in tag.values[:3])
    except (AttributeError, TypeError, ValueError, ZeroDivisionError):
        return None
    value = d + m / 60 + s / 3600
    if str(ref).strip().upper() in ("S", "W"):
        value = -value
    return Decimal(f"{value:.6f}")


def _offset(text: str):
    try:
        sign = -1 if text.startswith("-") else 1
        hours, minutes = text.lstrip("+-").split(":")
        return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
    except (ValueError, AttributeError):
        return None


def embedded_metadata(data: bytes) -> Embedded:
    """The capture time (DateTimeOriginal, else DateTime; with OffsetTimeOriginal when the
    camera wrote one, else read as UTC) and the GPS position an image carries."""
    try:
        tags = exifread.process_file(io.BytesIO(data), details=False)
    except Exception:  # exifread raises many kinds on damaged files
        return Embedded()
    found = Embedded()
    stamp = tags.get("EXIF DateTimeOriginal") or tags.get("Image DateTime")
    if stamp is not None:
        try:
            naive = datetime.strptime(str(stamp).strip(), "%Y:%m:%d %H:%M:%S")
        except ValueError:
            naive = None
        if naive is not None:
            zone = _offset(str(tags.get("EXIF OffsetTimeOriginal", "")).strip())
            found.offset_known = zone is not None
            found.captured_at = naive.replace(tzinfo=zone or UTC).astimezone(UTC)
    lat, lon = tags.get("GPS GPSLatitude"), tags.get("GPS GPSLongitude")
    if lat is not None and lon is not None:
        latitude = _degrees(lat, tags.get("GPS GPSLatitudeRef", "N"))
        longitude = _degrees(lon, tags.get("GPS GPSLongitudeRef", "E"))
        if (
            latitude is not None
            and longitude is not None
            and -90 <= latitude <= 90
            and -180 <= longitude <= 180
        ):
            found.latitude, found.longitude = latitude, longitude
    return found
