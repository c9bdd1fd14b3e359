"""Audio and video evidence built byte by byte for the tests (nothing is downloaded): an
MP3 as a run of valid frame headers with silent payloads, an MP4 as the boxes that state
its length, and noise that holds no frame."""

import random
import struct

# MPEG-1 Layer III, 128 kbit/s, 48 kHz, no CRC, no padding, mono: 384 bytes a frame, each
# 1152 samples (24 ms).
MP3_FRAME_HEADER = bytes([0xFF, 0xFB, 0x94, 0xC4])
MP3_FRAME_BYTES = 384
MP3_FRAME_SECONDS = 1152 / 48_000


def mp3_bytes(frames: int) -> bytes:
    """A run of valid frame headers, each followed by a silent payload (zero side
    information: no main data)."""
    return (MP3_FRAME_HEADER + bytes(MP3_FRAME_BYTES - 4)) * frames


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4_bytes(*, timescale: int, duration: int) -> bytes:
    """ftyp and a moov holding only its movie header (version 0), with the given timescale
    (units a second) and duration (in those units)."""
    identity = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    mvhd = box(
        b"mvhd",
        struct.pack(">I", 0)  # version 0, no flags
        + struct.pack(">IIII", 0, 0, timescale, duration)  # created, modified, scale, length
        + struct.pack(">IH", 0x10000, 0x100)  # rate 1.0, volume 1.0
        + bytes(10)
        + identity
        + bytes(24)
        + struct.pack(">I", 2),  # next track id
    )
    return box(b"ftyp", b"isom" + struct.pack(">I", 0x200) + b"isomiso2mp41") + box(b"moov", mvhd)


def noise(size: int, seed: int = 1) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.randrange(255) for _ in range(size))  # never 0xFF: no frame sync
