"""The commitment pages: who sees what, forms that refuse with messages, never a 500."""

import pytest

from compliance.models import Commitment

from ..conftest import days, milestone_rows


@pytest.mark.parametrize(
    "caller", ["pak_officer", "afg_officer", "tur_reviewer", "secretariat", "observer"]
)
def test_commitment_pages_show_progress_and_status(signed_in, world, caller):
    client = signed_in(caller)
    page = client.get("/compliance/commitments/")
    assert page.status_code == 200
    html = page.content.decode()
    assert world["commitment"].reference in html
    assert "3 / 10 raids" in html and "progress-tick" in html and "On track" in html
    detail = client.get(f"/compliance/commitments/{world['commitment'].reference}/").content
    assert world["verified"].reference.encode() in detail
    assert (world["draft"].reference.encode() in detail) == (
        caller in ("afg_officer", "secretariat")
    )


def test_commitment_list_queries_do_not_grow(
    signed_in, make_commitment, django_assert_max_num_queries
):
    client = signed_in("observer")
    make_commitment(milestones=[(days(10), 4), (days(30), 10)])
    with django_assert_max_num_queries(12) as few:
        client.get("/compliance/commitments/")
    for _ in range(6):
        make_commitment(milestones=[(days(10), 4), (days(30), 10)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/compliance/commitments/")


def test_invalid_filters_are_a_400_page(signed_in, world):
    response = signed_in("observer").get("/compliance/commitments/", {"status": "late"})
    assert response.status_code == 400
    assert b"error-summary" in response.content


def test_secretariat_records_a_commitment_in_the_browser(signed_in, world):
    client = signed_in("secretariat")
    assert client.get("/compliance/commitments/new/").status_code == 200
    bad = client.post(
        "/compliance/commitments/new/",
        {
            "party": "AFG",
            "session_label": "Istanbul",
            "session_date": days(-5).isoformat(),
            "agreement_clause": "Art. 5",
            "kind": "raid",
            "description": "Raids.",
            "target_kind": "quantity",
            "target_quantity": 4,
            "unit": "raids",
            "due_date": days(20).isoformat(),
            **milestone_rows((days(10), 5), (days(20), 4)),
        },
    )
    assert bad.status_code == 400
    assert b"never fall" in bad.content
    good = client.post(
        "/compliance/commitments/new/",
        {
            "party": "AFG",
            "session_label": "Istanbul",
            "session_date": days(-5).isoformat(),
            "agreement_clause": "Art. 5",
            "kind": "raid",
            "description": "Raids.",
            "target_kind": "quantity",
            "target_quantity": 4,
            "unit": "raids",
            "due_date": days(20).isoformat(),
            **milestone_rows((days(10), 2), (days(20), 4)),
        },
    )
    assert good.status_code == 302
    assert Commitment.objects.count() == 2


@pytest.mark.parametrize("caller", ["pak_officer", "afg_officer", "tur_reviewer", "observer"])
def test_officers_cannot_record_commitments(signed_in, world, caller):
    assert signed_in(caller).get("/compliance/commitments/new/").status_code == 403
