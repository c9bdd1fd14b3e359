"""Recycled evidence: the same bytes, or a near-identical image, already attached to
another record, found through indexes rather than by comparing every pair.

Same bytes: an indexed lookup on `sha256`.

Near-identical images: each image has a 64-bit pHash and a 64-bit dHash; two images match
when the Hamming distances of both add up to at most the secretariat's threshold
(EvidenceCheckSettings.image_match_max_distance, of 128 bits). Each hash is split into
four 16-bit bands held in indexed columns. The candidates for a new image are the rows
whose band equals one of the new image's bands or differs from it in one bit (17 values
per band, 8 bands: 136 index probes, sent as eight `IN` lists); only the candidates get
the exact distance. By the pigeonhole principle this finds every image within 7 bits on
either hash (four bands, each within 1 bit); beyond that a match is found when one band
happens to hold at most one changed bit, which on the test corpus of resized,
re-compressed and 5%-cropped copies (distances up to ~15 per hash) held for 97% of copies.

At a million images (measured by `make bench`, BENCH_ONLY=evidence; README, Performance):
a 16-bit band value is shared by about 1,000,000 / 65,536 ≈ 15 rows when hashes spread
evenly (photographs cluster, so plan for a few times that), so one lookup reads
136 × 15 ≈ 2,070 candidate rows, 0.2% of the table, through a BitmapOr of the eight band
indexes, and computes as many XOR-popcounts in Python: about 20 ms, most of it the
database visiting a table page per candidate. The candidates grow with the table
(N × 136 / 65,536): ten times the images, ten times the candidates. A full rescan is one
such lookup per file plus reading, decoding and hashing the file: 40-75 ms per small
file, 11-21 hours of one process per million; `evidence_scan --since` bounds it to new
files, which are still compared against all the others.
"""

from django.db.models import Q

from .imaging import unsigned64
from .models import EvidenceAnalysis, EvidenceMatch, MatchKind

BANDS = 4
BAND_BITS = 16
_MASK = (1 << BAND_BITS) - 1


def bands(value: int) -> list[int]:
    """The four 16-bit bands of a 64-bit hash, lowest first."""
    value = unsigned64(value)
    return [(value >> (BAND_BITS * i)) & _MASK for i in range(BANDS)]


def near_values(band: int) -> list[int]:
    """The band itself and the 16 values one bit away from it."""
    return [band, *(band ^ (1 << bit) for bit in range(BAND_BITS))]


def distance(a: int, b: int) -> int:
    return (unsigned64(a) ^ unsigned64(b)).bit_count()


def band_fields(phash: int, dhash: int) -> dict[str, int]:
    fields = {}
    for name, value in (("phash", phash), ("dhash", dhash)):
        for i, band in enumerate(bands(value)):
            fields[f"{name}_b{i}"] = band
    return fields


def candidates(analysis: EvidenceAnalysis):
    """Rows that may be near-identical to `analysis`: sharing a band within one bit.
    Files on the same record are not recycled evidence and are left out."""
    condition = Q()
    for name in ("phash", "dhash"):
        for i, band in enumerate(bands(getattr(analysis, name))):
            condition |= Q(**{f"{name}_b{i}__in": near_values(band)})
    return (
        EvidenceAnalysis.objects.filter(condition)
        .exclude(pk=analysis.pk)
        .exclude(subject_type=analysis.subject_type, subject_id=analysis.subject_id)
        .only("pk", "phash", "dhash", "sha256")
    )


def near_images(
    analysis: EvidenceAnalysis, *, max_distance: int, exclude=()
) -> list[tuple[int, int, int]]:
    """The images on other records within `max_distance` (pHash + dHash bits) of
    `analysis`: (id, pHash distance, dHash distance) of each, leaving out the ids in
    `exclude`. Reads only: the
    band lookup (`candidates`), then the exact distance on each candidate. Candidates are
    read as bare tuples: building a model instance for each of a lookup's ~2,000 took
    longer than the lookup's query."""
    ours_p, ours_d = unsigned64(analysis.phash), unsigned64(analysis.dhash)
    found = []
    rows = candidates(analysis)
    if exclude:
        rows = rows.exclude(pk__in=exclude)
    for pk, phash, dhash in rows.values_list("pk", "phash", "dhash"):
        if phash is None or dhash is None:
            continue
        pd, dd = (ours_p ^ unsigned64(phash)).bit_count(), (ours_d ^ unsigned64(dhash)).bit_count()
        if pd + dd <= max_distance:
            found.append((pk, pd, dd))
    return found


def _pair(a: int, b: int, kind: str, pd: int, dd: int) -> bool:
    first, second = (a, b) if a < b else (b, a)
    _, created = EvidenceMatch.objects.get_or_create(
        first_id=first,
        second_id=second,
        defaults={"kind": kind, "phash_distance": pd, "dhash_distance": dd},
    )
    return created


def evidence_find_matches(analysis: EvidenceAnalysis, *, max_distance: int) -> int:
    """Record every file on another record with the same bytes, and every image within
    `max_distance` (pHash + dHash bits; the caller reads the threshold once per task).
    Idempotent: a pair already recorded is left as it is. Returns how many new pairs were
    recorded."""
    created = 0
    same = (
        EvidenceAnalysis.objects.filter(sha256=analysis.sha256)
        .exclude(pk=analysis.pk)
        .exclude(subject_type=analysis.subject_type, subject_id=analysis.subject_id)
    )
    same_ids = set()
    for other in same.values_list("pk", flat=True):
        same_ids.add(other)
        created += _pair(analysis.pk, other, MatchKind.SAME_BYTES, 0, 0)
    if not analysis.is_image:
        return created
    for other, pd, dd in near_images(analysis, max_distance=max_distance, exclude=same_ids):
        created += _pair(analysis.pk, other, MatchKind.SIMILAR_IMAGE, pd, dd)
    return created
