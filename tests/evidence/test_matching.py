"""Recycled evidence: the same bytes, or a near-identical image, on another record."""

import pytest

from evidence import synthetic
from evidence.matching import bands, candidates, distance, near_values
from evidence.models import EvidenceAnalysis, EvidenceMatch, MatchKind


def analysis_of(evidence):
    return EvidenceAnalysis.objects.get(evidence_type="incidents.evidence", evidence_id=evidence.pk)


def pairs():
    return {
        (m.first.subject_ref, m.second.subject_ref, m.kind)
        for m in EvidenceMatch.objects.select_related("first", "second")
    }


def test_the_same_bytes_on_another_claim_match(pak_officer, make_claim, attach, photo):
    first, second = make_claim(), make_claim()
    attach(pak_officer, first, photo)
    attach(pak_officer, second, photo, name="again.jpg")

    assert pairs() == {(first.reference, second.reference, MatchKind.SAME_BYTES)}


def test_same_bytes_match_for_files_that_are_not_images(pak_officer, make_claim, attach):
    first, second = make_claim(), make_claim()
    attach(pak_officer, first, b"a statement\n", name="a.txt", content_type="text/plain")
    attach(pak_officer, second, b"a statement\n", name="b.txt", content_type="text/plain")

    assert [m.kind for m in EvidenceMatch.objects.all()] == [MatchKind.SAME_BYTES]


def test_a_resized_recompressed_cropped_copy_matches(pak_officer, afg_officer, make_claim, attach):
    original = synthetic.scene(3)
    copy = synthetic.recycled(original, scale=0.6, crop=0.05, quality=45)
    first, second = make_claim(), make_claim()
    attach(pak_officer, first, synthetic.jpeg_bytes(original))
    attach(pak_officer, second, synthetic.jpeg_bytes(copy, quality=45))

    match = EvidenceMatch.objects.get()
    assert match.kind == MatchKind.SIMILAR_IMAGE
    assert 0 < match.phash_distance + match.dhash_distance <= 28


@pytest.mark.parametrize("seed", [1, 3, 5, 8])
def test_copies_stay_under_the_threshold(seed):
    """The threshold's margin over seeds: the copy within it, another view of the place
    far outside it."""
    from evidence.imaging import image_facts

    original = image_facts(synthetic.jpeg_bytes(synthetic.scene(seed)), preview_pixels=64)
    copy = image_facts(
        synthetic.jpeg_bytes(synthetic.recycled(synthetic.scene(seed)), quality=45),
        preview_pixels=64,
    )
    other = image_facts(
        synthetic.jpeg_bytes(synthetic.scene(seed, camera=120, passers_by=seed + 100)),
        preview_pixels=64,
    )
    near = distance(original.phash, copy.phash) + distance(original.dhash, copy.dhash)
    far = distance(original.phash, other.phash) + distance(original.dhash, other.dhash)
    assert near <= 28 < 36 <= far


def test_two_photographs_of_one_place_do_not_match(pak_officer, make_claim, attach):
    """The same scene, taken apart: the camera moved along the street and other people
    and vehicles in the frame."""
    first, second = make_claim(), make_claim()
    attach(pak_officer, first, synthetic.jpeg_bytes(synthetic.scene(3)))
    attach(
        pak_officer,
        second,
        synthetic.jpeg_bytes(synthetic.scene(3, camera=120, passers_by=77)),
    )

    assert not EvidenceMatch.objects.exists()
    assert EvidenceAnalysis.objects.filter(phash__isnull=False).count() == 2


def test_files_on_the_same_record_are_not_recycled(pak_officer, make_claim, attach, photo):
    claim = make_claim()
    attach(pak_officer, claim, photo)
    attach(pak_officer, claim, photo, name="again.jpg")

    assert not EvidenceMatch.objects.exists()


def test_analysing_again_adds_nothing(pak_officer, make_claim, attach, photo):
    from evidence.analysis import evidence_analyse

    first, second = make_claim(), make_claim()
    attach(pak_officer, first, photo)
    evidence = attach(pak_officer, second, photo)
    before = list(EvidenceMatch.objects.values_list("pk", "first", "second"))

    evidence_analyse(evidence=evidence)
    evidence_analyse(evidence=evidence)

    assert list(EvidenceMatch.objects.values_list("pk", "first", "second")) == before
    assert EvidenceAnalysis.objects.count() == 2


def test_candidates_come_from_the_band_indexes(pak_officer, make_claim, attach, photo):
    """A row sharing no band (within one bit) with the new image is never read."""
    first, second = make_claim(), make_claim()
    attach(pak_officer, first, photo)
    attach(pak_officer, second, synthetic.jpeg_bytes(synthetic.scene(40)))
    new = analysis_of(second.evidence.get())
    old = analysis_of(first.evidence.get())
    shares = any(
        ob in near_values(nb)
        for name in ("phash", "dhash")
        for nb, ob in zip(bands(getattr(new, name)), bands(getattr(old, name)), strict=True)
    )
    assert (old in candidates(new)) == shares


def test_bands_cover_the_hash():
    value = 0x0123_4567_89AB_CDEF
    assert bands(value) == [0xCDEF, 0x89AB, 0x4567, 0x0123]
    assert len(near_values(0)) == 17
