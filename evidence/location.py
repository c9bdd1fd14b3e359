"""A copy of an image without the place it was taken, for the other party: the EXIF GPS
directory removed, and the XMP and IPTC blocks (which can name the place) dropped. Pure
functions of the bytes; evidence.services stores what they return beside the original.

The pixels are not re-encoded: the metadata blocks are cut out of the file's own
structure (JPEG segments, PNG chunks, WebP RIFF chunks), and the EXIF that remains
(orientation, capture time, camera) is rewritten by Pillow without its GPS directory.
Pillow alone would have to decode and re-compress a JPEG or WebP to drop a tag."""

import io
import struct
import zlib

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from .imaging import embedded_metadata

GPS_IFD = 0x8825
_GPS_IN_XMP = (b"GPSLatitude", b"GPSLongitude")

_JPEG_EXIF = b"Exif\x00\x00"
_JPEG_XMP = (b"http://ns.adobe.com/xap/1.0/\x00", b"http://ns.adobe.com/xmp/extension/\x00")
_APP1, _APP13, _SOS = 0xE1, 0xED, 0xDA
_STANDALONE = {0x01, 0xD8, *range(0xD0, 0xD8)}  # TEM, SOI, RST0-7: no length field

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Text chunks holding XMP, or EXIF/IPTC as ImageMagick writes them ("Raw profile type exif").
_PNG_PLACE_KEYWORDS = (b"XML:com.adobe.xmp", b"Raw profile type")

_WEBP_XMP_FLAG, _WEBP_EXIF_FLAG = 0x04, 0x08


class LocationStripError(ValueError):
    """The file carries a location that could not be removed from a copy."""


def has_location(data: bytes) -> bool:
    """Whether an image carries a GPS position: an EXIF GPS directory with any entry, or
    GPS coordinates in its XMP. False for anything Pillow cannot open."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            xmp = image.info.get("xmp") or b""
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        return False
    if isinstance(xmp, str):
        xmp = xmp.encode()
    if GPS_IFD in exif and exif.get_ifd(GPS_IFD):
        return True
    return any(tag in xmp for tag in _GPS_IN_XMP)


def without_location(data: bytes, content_type: str) -> bytes:
    """The same image with its GPS directory, XMP and IPTC removed, every other byte of
    the picture as it was. Checked before it is returned: the copy opens as an image and
    no longer carries a position. Raises LocationStripError otherwise."""
    strip = _STRIPPERS.get(content_type)
    if strip is None:
        raise LocationStripError(
            _("Location cannot be removed from %(type)s files.") % {"type": content_type}
        )
    try:
        copy = strip(data)
        with Image.open(io.BytesIO(copy)) as image:
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, struct.error, IndexError) as exc:
        raise LocationStripError(_("The file's structure could not be read.")) from exc
    if has_location(copy) or embedded_metadata(copy).latitude is not None:
        raise LocationStripError(_("The location could not be removed from this file."))
    return copy


def _exif_without_gps(raw: bytes) -> bytes:
    """EXIF (a TIFF block, with or without the "Exif\\0\\0" prefix) rewritten without its
    GPS directory; returned as a TIFF block without the prefix."""
    exif = Image.Exif()
    exif.load(raw)
    if GPS_IFD in exif:
        del exif[GPS_IFD]
    return exif.tobytes()[len(_JPEG_EXIF) :]


def _strip_jpeg(data: bytes) -> bytes:
    if data[:2] != b"\xff\xd8":
        raise ValueError("Not a JPEG.")
    out, pos = [data[:2]], 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise ValueError("Broken JPEG segment.")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == _SOS:  # the compressed picture and all after it, as it is
            out.append(data[pos:])
            break
        if marker in _STANDALONE:
            out.append(data[pos : pos + 2])
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        segment, body = data[pos : pos + 2 + length], data[pos + 4 : pos + 2 + length]
        pos += 2 + length
        if marker == _APP1 and body.startswith(_JPEG_EXIF):
            tiff = _exif_without_gps(body)
            payload = _JPEG_EXIF + tiff
            out.append(b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload)
        elif (marker == _APP1 and body.startswith(_JPEG_XMP)) or marker == _APP13:
            continue
        else:
            out.append(segment)
    return b"".join(out)


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def _strip_png(data: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        raise ValueError("Not a PNG.")
    out, pos = [_PNG_SIGNATURE], len(_PNG_SIGNATURE)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, payload = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        chunk = data[pos : pos + 12 + length]
        pos += 12 + length
        if kind == b"eXIf":
            out.append(_png_chunk(kind, _exif_without_gps(payload)))
        elif kind in (b"iTXt", b"tEXt", b"zTXt") and payload.startswith(_PNG_PLACE_KEYWORDS):
            continue
        else:
            out.append(chunk)
        if kind == b"IEND":
            break
    return b"".join(out)


def _strip_webp(data: bytes) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("Not a WebP.")
    chunks, pos = [], 12
    while pos + 8 <= len(data):
        kind, (length,) = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])
        payload = data[pos + 8 : pos + 8 + length]
        pos += 8 + length + (length & 1)
        if kind == b"EXIF":
            payload = _exif_without_gps(payload)
        elif kind == b"XMP ":
            continue
        chunks.append([kind, payload])
    for chunk in chunks:
        if chunk[0] == b"VP8X":
            flags = chunk[1][0] & ~_WEBP_XMP_FLAG
            chunk[1] = bytes([flags]) + chunk[1][1:]
    body = b"".join(
        kind + struct.pack("<I", len(payload)) + payload + (b"\x00" if len(payload) & 1 else b"")
        for kind, payload in chunks
    )
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


_STRIPPERS = {"image/jpeg": _strip_jpeg, "image/png": _strip_png, "image/webp": _strip_webp}
