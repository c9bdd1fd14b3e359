"""The evidence rows of `make bench` (bench/evidence.py) on a small table: they run, the
lookup finds each planted copy and nothing else through the band indexes, and the
re-scan is idempotent. The figures themselves are for `make bench`, not asserted here."""

import pytest
from django.db import connection

from bench import evidence, evidence_images
from evidence.matching import candidates
from evidence.models import EvidenceAnalysis
from tests.factories import IncidentFactory

IMAGES, PROBES, FILES, SALT = 2_000, 20, 6, 100


@pytest.fixture
def claims(pak_officer, afg_officer, category):
    return [
        IncidentFactory(
            category=category,
            reporting_party=pak_officer.party,
            accused_party=afg_officer.party,
            created_by=pak_officer,
        ).pk
        for _ in range(4)
    ]


@pytest.fixture
def figures(settings, tmp_path, pak_officer, claims):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return evidence.measure(
        images=IMAGES,
        probes=PROBES,
        scan_files=FILES,
        uploader=pak_officer,
        claims=claims,
        salt=SALT,  # scenes whose copies the matcher finds: the bench draws new ones
    )


def test_the_lookup_finds_every_planted_copy_and_nothing_else(figures):
    assert figures.load_seconds is not None
    assert (
        EvidenceAnalysis.objects.filter(evidence_type=evidence_images.BENCH_TYPE).count() == IMAGES
    )
    assert figures.probes == PROBES
    assert figures.found_planted == PROBES
    assert figures.unrelated == 0


def test_the_lookup_reads_candidates_from_the_band_indexes_not_the_table(figures):
    # Uniform hashes share a band (within a bit) with about 136 × 2,000 / 65,536 ≈ 4 rows.
    assert max(figures.candidates) < IMAGES // 20
    assert min(figures.candidates) >= 1  # the planted row itself
    if connection.vendor == "postgresql":
        # At 2,000 rows reading the whole table is the cheaper plan and PostgreSQL rightly
        # takes it (`make bench` reports the plan at a million); what must hold at any size
        # is that the band indexes can serve the lookup on their own.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    probe = evidence_images.probes_for(IMAGES, 1)[0]
    plan, seq_scan = evidence.plan_of(candidates(probe.analysis()))
    assert not seq_scan, plan
    assert "Index" in plan or "INDEX" in plan, plan


def test_the_scan_records_the_recycled_copies_once(figures):
    assert figures.scan_files == FILES
    assert figures.copies == FILES // 3  # every third file copies the one before
    assert figures.copies_found == figures.copies
    assert figures.scan_pairs == figures.copies
    assert figures.rescan_pairs == 0
    assert figures.rescan_changed == 0


def test_the_rows_state_each_figure_beside_its_goal(figures):
    rows = evidence.rows(figures)
    names = [row[0] for row in rows]
    assert names[0].startswith("evidence images loaded")
    assert any(name.startswith("near-identical image lookup") for name in names)
    idempotent = next(
        row for row in rows if row[0] == "evidence_scan --since, the same files again"
    )
    assert idempotent[4] is True
    assert all(len(row) == 6 and row[3] for row in rows)


def test_a_second_load_of_the_same_size_loads_nothing_and_another_size_reloads(claims):
    assert evidence_images.load_images(300) is not None
    assert evidence_images.load_images(300) is None
    assert evidence_images.load_images(200) is not None
    assert EvidenceAnalysis.objects.filter(evidence_type=evidence_images.BENCH_TYPE).count() == 200
    probes = evidence_images.probes_for(200, 5)
    planted = EvidenceAnalysis.objects.get(evidence_type=evidence_images.BENCH_TYPE, evidence_id=1)
    assert (
        0
        < (
            (probes[0].phash ^ (planted.phash % 2**64)).bit_count()
            + (probes[0].dhash ^ (planted.dhash % 2**64)).bit_count()
        )
        <= 24
    )
