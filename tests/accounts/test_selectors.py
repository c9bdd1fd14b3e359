"""accounts.selectors: the party codes a process knows, read again when they may be out
of date."""

import pytest

from accounts import selectors
from accounts.selectors import party_code_exists
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


def test_known_codes_cost_one_read(django_assert_num_queries):
    PartyFactory(code="PAK")
    with django_assert_num_queries(1):
        assert party_code_exists("PAK")
        assert party_code_exists("PAK")


def test_an_unknown_code_is_looked_up_each_time(django_assert_num_queries):
    PartyFactory(code="PAK")
    assert party_code_exists("PAK")
    with django_assert_num_queries(2):
        assert not party_code_exists("XYZ")
        assert not party_code_exists("XYZ")


def test_a_party_added_elsewhere_is_known_at_once():
    PartyFactory(code="PAK")
    assert not party_code_exists("AFG")
    # As another process would: no signal reaches this one.
    PartyFactory._meta.model.objects.bulk_create([PartyFactory.build(code="AFG", name="Af")])
    assert party_code_exists("AFG")


def test_a_party_changed_here_is_forgotten_once_committed(django_capture_on_commit_callbacks):
    party = PartyFactory(code="PAK")
    assert party_code_exists("PAK")
    with django_capture_on_commit_callbacks(execute=True):
        party.code = "PAX"
        party.save()
        assert party_code_exists("PAK")  # not before the change commits
    assert not party_code_exists("PAK")
    assert party_code_exists("PAX")


def test_a_party_renamed_elsewhere_is_forgotten_once_the_list_is_old(monkeypatch):
    party = PartyFactory(code="PAK")
    assert party_code_exists("PAK")
    type(party).objects.filter(pk=party.pk).update(code="PAX")
    assert party_code_exists("PAK")  # within the minute this process trusts its list
    monkeypatch.setattr(selectors, "PARTY_CODES_SECONDS", -1)
    assert not party_code_exists("PAK")
