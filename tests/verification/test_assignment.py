"""Assignment: one reviewer per co-chair, least open load first, round robin on ties."""

import pytest

from core.errors import CommonError, ServiceError
from incidents.models import Assignment
from tests.factories import UserFactory
from verification.error_codes import ReviewError
from verification.services import review_assign, review_record_finding
from verification.statuses import Status


@pytest.fixture
def second_reviewers(tur, qat):
    return (
        UserFactory(username="tur_reviewer_2", role="reviewer", cochair=tur),
        UserFactory(username="qat_reviewer_2", role="reviewer", cochair=qat),
    )


def reviewers_of(claim):
    return sorted(a.reviewer.username for a in claim.assignments.filter(ended_at__isnull=True))


def test_each_cochair_gets_one_reviewer(file_claim):
    claim = file_claim("under_review")
    assert reviewers_of(claim) == ["qat_reviewer", "tur_reviewer"]


def test_round_robin_on_equal_load_then_least_load(file_claim, second_reviewers):
    first = file_claim("under_review")
    second = file_claim("under_review")
    assert set(reviewers_of(first)).isdisjoint(reviewers_of(second))
    third = file_claim("under_review")
    # everyone carries one open claim: the least recently assigned come first again
    assert reviewers_of(third) == reviewers_of(first)


def test_decided_claims_do_not_count_as_load(file_claim, cast, second_reviewers):
    first = file_claim("verified")  # tur_reviewer and qat_reviewer; the claim is now closed
    second = file_claim("under_review")  # never-assigned reviewers come first on equal load
    assert reviewers_of(first) == ["qat_reviewer", "tur_reviewer"]
    assert reviewers_of(second) == ["qat_reviewer_2", "tur_reviewer_2"]
    third = file_claim("under_review")  # the first pair carry no open load any more
    assert reviewers_of(third) == ["qat_reviewer", "tur_reviewer"]


def test_secretariat_overrides_a_reviewer(file_claim, cast, second_reviewers, tur):
    claim = file_claim("under_review")
    other = next(r for r in second_reviewers if r.cochair_id == tur.pk)
    current = claim.assignments.get(cochair=tur, ended_at__isnull=True).reviewer
    replacement = other if current != other else cast["tur_reviewer"]
    review_assign(actor=cast["secretariat"], record=claim, reviewers={tur.pk: replacement})
    assert claim.assignments.get(cochair=tur, ended_at__isnull=True).reviewer == replacement
    assert (
        Assignment.objects.filter(incident=claim, cochair=tur).count() == 2
    )  # the old row is kept


def test_no_override_after_that_cochairs_finding(file_claim, cast, second_reviewers, tur):
    claim = file_claim("one_finding")  # TUR recorded
    with pytest.raises(ServiceError) as refused:
        review_assign(
            actor=cast["secretariat"], record=claim, reviewers={tur.pk: second_reviewers[0]}
        )
    assert refused.value.code == ReviewError.ALREADY_RECORDED


def test_reviewer_must_belong_to_the_cochair(file_claim, cast, tur):
    claim = file_claim("under_review")
    with pytest.raises(ServiceError) as refused:
        review_assign(
            actor=cast["secretariat"], record=claim, reviewers={tur.pk: cast["qat_reviewer"]}
        )
    assert refused.value.code == CommonError.VALIDATION_ERROR


def test_replaced_reviewer_can_no_longer_record(file_claim, cast, second_reviewers, tur):
    claim = file_claim("replied")
    old = claim.assignments.get(cochair=tur, ended_at__isnull=True).reviewer
    new = next(r for r in (cast["tur_reviewer"], second_reviewers[0]) if r != old)
    review_assign(actor=cast["secretariat"], record=claim, reviewers={tur.pk: new})
    with pytest.raises(ServiceError) as refused:
        review_record_finding(
            actor=old,
            record=claim,
            outcome="verified",
            grade="probable",
            reasoning="x",
            intent="deliberate",
        )
    assert refused.value.code == ReviewError.NOT_ASSIGNED
    review_record_finding(
        actor=new,
        record=claim,
        outcome="verified",
        grade="probable",
        reasoning="x",
        intent="deliberate",
    )
    claim.refresh_from_db()
    assert claim.status == Status.UNDER_REVIEW
