"""The images of the recycled-evidence bench rows (bench/evidence.py): BENCH_IMAGES rows of
evidence_evidenceanalysis, the table the lookup reads, loaded by COPY (core.bulk) onto the
bench claims under an evidence type of their own (`bench.image`), so that a later run
finds them and loads nothing; and the new images that probe them.

Their pHashes and dHashes are uniform random 64-bit values, the spread the 16-bit bands
are sized for (photographs cluster more; see the README). The first rows are planted:
each probe is a new image on another claim whose hashes differ from its planted row's
by 4-12 bits each (at most one of them in one band, as the resized, re-compressed and
cropped copies of the test corpus differ), so the lookup must find exactly that row and
nothing else.
"""

import random
import sys
import time
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from core.bulk import bulk_insert
from evidence.imaging import signed64
from evidence.matching import BAND_BITS, BANDS, band_fields
from evidence.models import EvidenceAnalysis, EvidenceMatch
from evidence.selectors import evidence_check_settings

BENCH_TYPE = "bench.image"
TABLE = EvidenceAnalysis._meta.db_table
BATCH = 50_000
# Images share the claims in turn: as many claims as this at most, so a probe's own
# claim holds a few other images too (left out of its matches as the same record).
CLAIM_POOL = 100_000
COLUMNS = [
    "evidence_type",
    "evidence_id",
    "subject_type",
    "subject_id",
    "subject_ref",
    "sha256",
    "content_type",
    "uploaded_at",
    "graphic",
    "analysed_at",
    "problem",
    "captured_offset_known",
    "phash",
    "dhash",
    *band_fields(0, 0),
    "preview",
]


@dataclass
class Probe:
    planted: int  # the evidence_id of the row it must find
    subject_id: int
    phash: int
    dhash: int

    def analysis(self) -> EvidenceAnalysis:
        """The new image as the lookup sees it: its hashes, on its own claim."""
        return EvidenceAnalysis(
            subject_type="incident",
            subject_id=self.subject_id,
            phash=signed64(self.phash),
            dhash=signed64(self.dhash),
            **band_fields(self.phash, self.dhash),
        )


def say(message: str) -> None:
    print(f"· {message}", file=sys.stderr, flush=True)


def _nudged(rnd: random.Random, value: int, *, max_distance: int) -> int:
    """`value` with 4-12 bits flipped (fewer if the match distance is set lower), at most
    one of them in a band chosen at random."""
    most = max(1, min(12, max_distance // 2))
    flips = rnd.randint(min(4, most), most)
    clean = rnd.randrange(BANDS)
    bits = [b for b in range(BANDS * BAND_BITS) if b // BAND_BITS != clean]
    chosen = [*rnd.sample(bits, flips - 1), clean * BAND_BITS + rnd.randrange(BAND_BITS)]
    for bit in chosen:
        value ^= 1 << bit
    return value


def _claims(n: int) -> list[tuple[int, str]]:
    from incidents.models import Incident

    claims = list(Incident.objects.order_by("id").values_list("id", "reference")[:CLAIM_POOL])
    if len(claims) < 2:
        raise RuntimeError("the evidence rows need at least two claims to attach images to")
    return claims[:n] if n >= 2 else claims[:2]


def _rows(start: int, stop: int, rnd: random.Random, claims, now):
    rows = []
    for n in range(start, stop):
        phash, dhash = rnd.getrandbits(64), rnd.getrandbits(64)
        subject_id, reference = claims[n % len(claims)]
        rows.append(
            (
                BENCH_TYPE,
                n + 1,
                "incident",
                subject_id,
                reference,
                f"{rnd.getrandbits(256):064x}",
                "image/jpeg",
                now - timezone.timedelta(minutes=n),
                False,
                now,
                "",
                False,
                signed64(phash),
                signed64(dhash),
                *band_fields(phash, dhash).values(),
                "",
            )
        )
    return rows


def _clear() -> None:
    with connection.cursor() as cursor:
        bench_ids = f"SELECT id FROM {TABLE} WHERE evidence_type = %s"  # noqa: S608  # nosec B608  # the model's table name; no input
        cursor.execute(
            f"DELETE FROM {EvidenceMatch._meta.db_table} "  # noqa: S608  # nosec B608  # table names from the models; values are parameters
            f"WHERE first_id IN ({bench_ids}) OR second_id IN ({bench_ids})",
            [BENCH_TYPE, BENCH_TYPE],
        )
        cursor.execute(f"DELETE FROM {TABLE} WHERE evidence_type = %s", [BENCH_TYPE])  # noqa: S608  # nosec B608  # the model's table name; values are parameters


def _analyze() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # What autovacuum does after a bulk load (see bench.run.seed).
            cursor.execute(f"VACUUM (ANALYZE) {TABLE}")
        else:
            cursor.execute(f"ANALYZE {TABLE}")


def load_images(n: int, *, seed: int = 22) -> float | None:
    """Make the table hold exactly `n` bench images (the same ones for the same seed):
    returns the seconds the load took, or None when they were already there."""
    have = EvidenceAnalysis.objects.filter(evidence_type=BENCH_TYPE).count()
    if have == n:
        say(f"evidence: {n:,} bench images already loaded")
        return None
    started = time.perf_counter()
    if have:
        _clear()
    claims = _claims(n)
    rnd = random.Random(seed)  # noqa: S311  # nosec B311  # bench data, not secrets
    now = timezone.now()
    for start in range(0, n, BATCH):
        bulk_insert(
            EvidenceAnalysis, COLUMNS, _rows(start, min(n, start + BATCH), rnd, claims, now)
        )
        if n > BATCH:
            say(f"evidence: {min(n, start + BATCH):,}/{n:,} images")
    _analyze()
    return time.perf_counter() - started


def probes_for(n: int, count: int, *, seed: int = 22) -> list[Probe]:
    """New images, each a near-copy of one of the first `count` images, filed on another
    claim. Replays the load's generator for the planted hashes."""
    rnd = random.Random(seed)  # noqa: S311  # nosec B311  # the load's generator, replayed
    planted = []
    for _ in range(min(count, n)):
        planted.append((rnd.getrandbits(64), rnd.getrandbits(64)))
        rnd.getrandbits(256)
    claims = _claims(n)
    max_distance = evidence_check_settings().image_match_max_distance
    nudge = random.Random(seed + 1)  # noqa: S311  # nosec B311  # bench data, not secrets
    return [
        Probe(
            planted=i + 1,
            subject_id=claims[(i + 1) % len(claims)][0],
            phash=_nudged(nudge, phash, max_distance=max_distance),
            dhash=_nudged(nudge, dhash, max_distance=max_distance),
        )
        for i, (phash, dhash) in enumerate(planted)
    ]
