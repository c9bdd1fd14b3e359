"""A copy of an image without its GPS position: the position gone from the EXIF, XMP and
IPTC, everything else (orientation, capture time, the pixels) as it was."""

import io
from datetime import UTC, datetime

import exifread
import pytest
from PIL import Image

from evidence import synthetic
from evidence.imaging import embedded_metadata
from evidence.location import LocationStripError, has_location, without_location

TAKEN = datetime(2025, 6, 2, 6, 0, tzinfo=UTC)
ORIENTATION = 0x0112
XMP_WITH_GPS = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="34,8.0N" exif:GPSLongitude="71,5.0E"/></rdf:RDF></x:xmpmeta>'
)


def exif_with_gps(lat=34.133, lon=71.083):
    exif = synthetic.exif_for(taken=TAKEN, lat=lat, lon=lon)
    exif[ORIENTATION] = 6  # rotated: the copy must keep it
    return exif


def jpeg_with_gps(seed=3, **kwargs) -> bytes:
    return synthetic.jpeg_bytes(synthetic.scene(seed), exif=exif_with_gps(**kwargs))


def encoded(fmt: str, *, exif=None, **kwargs) -> bytes:
    out = io.BytesIO()
    if exif is not None:
        kwargs["exif"] = exif
    synthetic.scene(3).save(out, fmt, **kwargs)
    return out.getvalue()


def gps_tags(data: bytes) -> dict:
    """Every GPS tag exifread finds, and Pillow's GPS directory."""
    tags = exifread.process_file(io.BytesIO(data), details=False)
    with Image.open(io.BytesIO(data)) as image:
        pillow_gps = dict(image.getexif().get_ifd(0x8825))
    return {k: v for k, v in tags.items() if k.startswith("GPS")} | pillow_gps


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


def test_a_jpeg_loses_its_position_and_keeps_everything_else():
    original = jpeg_with_gps()
    assert gps_tags(original)  # the fixture carries a position

    copy = without_location(original, "image/jpeg")

    assert gps_tags(copy) == {}
    assert embedded_metadata(copy).latitude is None
    assert embedded_metadata(copy).captured_at == TAKEN
    with Image.open(io.BytesIO(copy)) as image:
        assert image.getexif()[ORIENTATION] == 6
    # Not re-encoded: the compressed picture is the same bytes, so the same pixels.
    assert pixels(copy) == pixels(original)
    assert original.endswith(copy[-1000:])


@pytest.mark.parametrize(("fmt", "content_type"), [("PNG", "image/png"), ("WEBP", "image/webp")])
def test_png_and_webp_lose_their_position_without_a_pixel_changing(fmt, content_type):
    lossless = {"lossless": True} if fmt == "WEBP" else {}
    original = encoded(fmt, exif=exif_with_gps(), **lossless)
    assert has_location(original)

    copy = without_location(original, content_type)

    assert not has_location(copy)
    with Image.open(io.BytesIO(copy)) as image:
        assert image.getexif()[ORIENTATION] == 6
    assert pixels(copy) == pixels(original)


def test_a_position_in_xmp_counts_and_is_removed():
    original = encoded("JPEG", xmp=XMP_WITH_GPS)
    assert has_location(original)

    copy = without_location(original, "image/jpeg")

    assert b"GPSLatitude" not in copy
    assert not has_location(copy)


def test_images_without_a_position_have_none_to_remove():
    assert not has_location(synthetic.jpeg_bytes(synthetic.scene(3)))
    assert not has_location(
        synthetic.jpeg_bytes(synthetic.scene(3), exif=synthetic.exif_for(taken=TAKEN))
    )
    assert not has_location(b"%PDF-1.4 not an image")


def test_a_broken_file_is_refused_not_passed_on():
    original = jpeg_with_gps()
    with pytest.raises(LocationStripError):
        without_location(original[:200], "image/jpeg")
    with pytest.raises(LocationStripError):
        without_location(original, "application/pdf")
