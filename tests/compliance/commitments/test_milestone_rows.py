"""The commitment form's milestones as rows (date, cumulative quantity): blank rows are
skipped, rows ticked "Remove" are dropped, each row's errors are shown on that row, and
whatever was typed comes back on a refusal."""

import re

from compliance.commitments.forms import CommitmentForm
from compliance.models import Commitment

from ..conftest import days, milestone_rows

NEW = "/compliance/commitments/new/"


def agreement(**overrides):
    return {
        "party": "AFG",
        "session_label": "Istanbul",
        "session_date": days(-5).isoformat(),
        "agreement_clause": "Art. 5",
        "kind": "raid",
        "description": "Raids on listed safe houses.",
        "target_kind": "quantity",
        "target_quantity": 10,
        "unit": "raids",
        "due_date": days(30).isoformat(),
        **overrides,
    }


def row_ids(page: str) -> list[str]:
    return re.findall(r'id="(id_milestone-\d+-due_date)"', page)


def test_the_empty_form_offers_rows_and_a_template_for_more(signed_in, world):
    page = signed_in("secretariat").get(NEW).content.decode()
    assert row_ids(page) == [f"id_milestone-{i}-due_date" for i in range(3)]
    assert 'name="milestone-TOTAL_FORMS" value="3"' in page
    assert "<template data-milestone-template>" in page
    assert 'id="id_milestone-__prefix__-quantity"' in page  # the row "Add" copies
    assert "data-milestone-add hidden" in page  # the button appears with the script only
    assert 'src="/static/js/milestones.js"' in page
    assert 'for="id_milestone-0-DELETE">Remove</label>' in page
    # No textarea any more, and every row's ids are unique.
    assert 'name="milestones"' not in page
    ids = re.findall(r'id="([^"]+)"', page.split("<template")[0])
    assert len(ids) == len(set(ids))


def test_rows_become_the_services_milestones_skipping_blank_and_removed(signed_in, world):
    before = Commitment.objects.count()
    response = signed_in("secretariat").post(
        NEW,
        agreement()
        | milestone_rows((days(20), 10), (days(5), 99), (days(10), 4), removed=(1,), blank=2),
    )
    assert response.status_code == 302, response.content.decode()
    commitment = Commitment.objects.exclude(pk=world["commitment"].pk).get()
    assert Commitment.objects.count() == before + 1
    assert list(commitment.milestones.order_by("due_date").values_list("due_date", "quantity")) == [
        (days(10), 4),
        (days(20), 10),
    ]


def test_no_rows_is_no_milestones(signed_in, world):
    response = signed_in("secretariat").post(NEW, agreement() | milestone_rows(blank=3))
    assert response.status_code == 302
    commitment = Commitment.objects.exclude(pk=world["commitment"].pk).get()
    assert not commitment.milestones.exists()


def test_a_bad_row_is_marked_on_that_row_and_nothing_typed_is_lost(signed_in, world):
    response = signed_in("secretariat").post(
        NEW,
        agreement(description="Raids, as typed.")
        | milestone_rows((days(10), 4), ("1 Dec", 6), (days(20), "many"), (days(25), 10)),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert not Commitment.objects.exclude(pk=world["commitment"].pk).exists()
    rows = re.findall(r'<li class="milestone-row( has-error)?"', page.split("<template")[0])
    assert rows == ["", " has-error", " has-error", ""]
    assert 'href="#id_milestones"' in page  # the summary links to the rows
    assert 'value="1 Dec"' in page and 'value="many"' in page
    assert f'value="{days(25).isoformat()}"' in page
    assert "Raids, as typed." in page
    assert row_ids(page) == [f"id_milestone-{i}-due_date" for i in range(4)]


def test_the_services_refusal_is_shown_above_the_rows(signed_in, world):
    response = signed_in("secretariat").post(
        NEW, agreement() | milestone_rows((days(10), 6), (days(20), 4))
    )
    assert response.status_code == 400
    page = response.content.decode()
    errors = page.split('id="id_milestones_error"')[1].split("</ul>")[0]
    assert "Milestone quantities are cumulative: they never fall." in errors
    assert 'value="6"' in page and 'value="4"' in page


def test_the_form_hands_the_service_the_same_input_as_before(world):
    form = CommitmentForm(agreement() | milestone_rows((days(10), 4), (days(30), 10), blank=1))
    assert form.is_valid(), form.errors
    _, milestones = form.content()
    assert milestones == [(days(10), 4), (days(30), 10)]


def test_too_many_rows_are_refused_not_a_500(signed_in, world):
    rows = [(days(i), i) for i in range(1, 103)]
    response = signed_in("secretariat").post(NEW, agreement() | milestone_rows(*rows))
    assert response.status_code == 400
