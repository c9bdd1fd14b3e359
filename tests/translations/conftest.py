"""Translations are tested on all three record types: the claims' fixtures come from the
root conftest, the action reports' and referrals' from compliance's."""

import pytest

from accounts.models import Role
from core.reference_data import reference_data_load
from tests.compliance.conftest import (  # noqa: F401  (fixtures)
    api_as,
    make_commitment,
    make_referral,
    make_report,
    raid_kind,
)
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def reference_data(db):
    """The commitment kinds and urgencies the migrations load, loaded again (idempotent)
    when a transactional test earlier in the run has flushed them."""
    reference_data_load()


@pytest.fixture
def tur_reviewer_2(tur):
    """A second reviewer of the same co-chair, assigned to nothing."""
    return UserFactory(username="tur_reviewer_2", role=Role.REVIEWER, cochair=tur)


@pytest.fixture
def records(file_claim, make_commitment, make_report, make_referral):  # noqa: F811
    """One record of each translatable type, each in review (or sent) with its
    reviewers assigned: {"claim": ..., "action_report": ..., "referral": ...}."""
    claim = file_claim("under_review")
    report = make_report(make_commitment(), state="under_review")
    return {"claim": claim, "action_report": report, "referral": make_referral()}
