"""The penalty form's grounds: one list of the party's verified claims and missed
commitments, each with its reference, category or kind, date and status; a text filter
over it for the script to reveal; what was ticked survives a refusal; the queries do not
grow with the number of grounds."""

import re

from compliance.models import PenaltyCase

NEW = "/compliance/penalties/new/"


def items(page: str) -> list[str]:
    """The listed grounds' filter texts, in order."""
    return re.findall(r'data-ground-item data-ground-text="([^"]+)"', page)


def test_claims_and_commitments_are_listed_with_what_identifies_them(
    signed_in, verified_claim, missed_commitment
):
    commitment = missed_commitment()
    page = signed_in("secretariat").get(NEW, {"party": "AFG"}).content.decode()
    claim_text, commitment_text = items(page)
    assert claim_text == (
        f"{verified_claim.reference} {verified_claim.category.label} "
        f"{verified_claim.occurred_at:%Y-%m-%d} Verified"
    )
    assert (
        commitment_text
        == f"{commitment.reference} {commitment.kind.label} {commitment.due_date:%Y-%m-%d} Missed"
    )
    # One checkbox per ground, labelled, with the status shown in its colour class.
    assert f'value="{verified_claim.reference}"' in page and 'id="id_claims_0"' in page
    assert f'value="{commitment.reference}"' in page and 'id="id_commitments_0"' in page
    assert '<label for="id_claims_0">' in page and '<label for="id_commitments_0">' in page
    assert 'class="status status-verified"' in page and 'class="status commitment-missed"' in page
    # The filter is there for the script to reveal; without it, the list alone works.
    assert 'id="id_ground_filter"' in page and "data-ground-filter hidden" in page
    assert 'src="/static/js/grounds.js"' in page
    assert 'name="ground_filter"' not in page  # the filter is never posted


def test_a_party_without_grounds_is_told_so(signed_in, verified_claim):
    page = signed_in("secretariat").get(NEW, {"party": "PAK"}).content.decode()
    assert items(page) == []
    assert "No verified claims against Pakistan." in page
    assert "No missed commitments of Pakistan." in page


def test_ticked_grounds_survive_a_refusal_and_then_open_the_case(
    signed_in, verified_claim, missed_commitment
):
    commitment = missed_commitment()
    client = signed_in("secretariat")
    refused = client.post(
        NEW, {"party": "AFG", "measure": "demarche", "commitments": [commitment.reference]}
    )
    assert refused.status_code == 400  # no rationale
    page = refused.content.decode()
    assert re.search(rf'value="{commitment.reference}"[^>]*checked', page)
    assert not re.search(rf'value="{verified_claim.reference}"[^>]*checked', page)
    opened = client.post(
        NEW,
        {
            "party": "AFG",
            "measure": "demarche",
            "rationale": "A missed commitment.",
            "commitments": [commitment.reference],
        },
    )
    assert opened.status_code == 302
    grounds = PenaltyCase.objects.get().grounds.get()
    assert (grounds.commitment, grounds.incident) == (commitment, None)


def test_a_ground_not_listed_is_refused_on_the_form(signed_in, verified_claim, file_claim):
    own = file_claim("verified", by="afg_officer")  # Pakistan accused
    response = signed_in("secretariat").post(
        NEW,
        {"party": "AFG", "measure": "demarche", "rationale": "r", "claims": [own.reference]},
    )
    assert response.status_code == 400
    assert not PenaltyCase.objects.exists()
    assert 'id="id_claims_error"' in response.content.decode()


def test_the_forms_queries_do_not_grow_with_its_grounds(
    signed_in, file_claim, missed_commitment, django_assert_max_num_queries
):
    client = signed_in("secretariat")
    file_claim("verified", by="pak_officer")
    missed_commitment()
    with django_assert_max_num_queries(20) as few:
        first = client.get(NEW, {"party": "AFG"}).content.decode()
    for _ in range(4):
        file_claim("verified", by="pak_officer")
    missed_commitment()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(NEW, {"party": "AFG"}).content.decode()
    assert (len(items(first)), len(items(page))) == (2, 7)
