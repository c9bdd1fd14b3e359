"""The time and place a file carries, against the record's claimed time and place."""

from datetime import timedelta

from evidence import synthetic
from evidence.panel import evidence_panels, evidence_verdict, km_between
from evidence.services import evidence_checks_update
from tests.evidence.conftest import OCCURRED, TORKHAM


def panel_of(evidence):
    return evidence_panels([evidence])[evidence.pk]


def test_capture_time_and_place_close_to_the_claim(pak_officer, make_claim, attach):
    data = synthetic.jpeg_bytes(
        synthetic.scene(3),
        exif=synthetic.exif_for(
            taken=OCCURRED + timedelta(hours=4, minutes=30),
            offset="+04:30",
            lat=TORKHAM[0],
            lon=TORKHAM[1],
        ),
    )
    panel = panel_of(attach(pak_officer, make_claim(), data))

    assert panel["captured_at"] == OCCURRED  # 10:30 at +04:30 is 06:00 UTC
    assert panel["captured_offset_known"] is True
    assert panel["hours_from_record"] == 0.0
    assert panel["km_from_record"] < 0.1
    assert panel["warnings"] == []
    assert (panel["width"], panel["height"]) == (800, 600)


def test_time_and_place_far_from_the_claim_are_flagged(pak_officer, make_claim, attach):
    # 30 hours before the claimed time (no offset written: read as UTC), ~0.5° away.
    data = synthetic.jpeg_bytes(
        synthetic.scene(4),
        exif=synthetic.exif_for(taken=OCCURRED - timedelta(hours=30), lat=34.6, lon=71.5),
    )
    panel = panel_of(attach(pak_officer, make_claim(), data))

    assert panel["captured_offset_known"] is False
    assert panel["hours_from_record"] == 30.0
    assert abs(panel["km_from_record"] - km_between(34.6, 71.5, *TORKHAM)) < 0.2
    assert 55 < panel["km_from_record"] < 70
    assert panel["warnings"] == ["time_differs", "place_differs"]


def test_thresholds_are_the_secretariats_data(secretariat, pak_officer, make_claim, attach):
    data = synthetic.jpeg_bytes(
        synthetic.scene(4),
        exif=synthetic.exif_for(taken=OCCURRED - timedelta(hours=30), lat=34.6, lon=71.5),
    )
    evidence = attach(pak_officer, make_claim(), data)
    assert panel_of(evidence)["warnings"] == ["time_differs", "place_differs"]

    evidence_checks_update(actor=secretariat, data={"time_warn_hours": 48})
    assert panel_of(evidence)["warnings"] == ["place_differs"]

    evidence_checks_update(actor=secretariat, data={"distance_warn_km": 100})
    assert panel_of(evidence)["warnings"] == []


def test_absent_metadata_is_stated(pak_officer, make_claim, attach, photo):
    panel = panel_of(attach(pak_officer, make_claim(), photo))

    assert panel["captured_at"] is None and panel["latitude"] is None
    assert panel["warnings"] == ["no_metadata"]


def test_the_original_file_is_never_altered(pak_officer, make_claim, attach):
    data = synthetic.jpeg_bytes(
        synthetic.scene(4), exif=synthetic.exif_for(taken=OCCURRED, lat=34.6, lon=71.5)
    )
    evidence = attach(pak_officer, make_claim(), data)
    with evidence.file.open("rb") as stored:
        assert stored.read() == data


def test_the_verdict_line(pak_officer, make_claim, attach, photo):
    earlier = make_claim()
    attach(pak_officer, earlier, photo)
    claim = make_claim()
    with_meta = synthetic.jpeg_bytes(
        synthetic.scene(5), exif=synthetic.exif_for(taken=OCCURRED, lat=TORKHAM[0], lon=TORKHAM[1])
    )
    files = [
        attach(pak_officer, claim, with_meta),
        attach(pak_officer, claim, synthetic.jpeg_bytes(synthetic.scene(9))),
        attach(pak_officer, claim, photo),
    ]
    panels = list(evidence_panels(files).values())

    assert evidence_verdict(panels) == (
        "1 of 3 images have metadata; 1 matches an image filed on another record"
    )
    assert evidence_verdict([]) == "No evidence attached."
