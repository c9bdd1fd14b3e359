"""The one rule for who may translate a narrative, as pages, API and services read it."""

import pytest

ALLOWED = {
    "claim": {"secretariat", "tur_reviewer", "qat_reviewer"},
    "action_report": {"secretariat", "tur_reviewer", "qat_reviewer"},
    "referral": {"secretariat", "tur_reviewer", "qat_reviewer", "tur_reviewer_2"},
}
ACTORS = ("pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer")


@pytest.mark.parametrize("kind", sorted(ALLOWED))
def test_who_may_translate(records, cast, tur_reviewer_2, kind):
    people = {**cast, "tur_reviewer_2": tur_reviewer_2}
    allowed = {
        name
        for name in (*ACTORS, "tur_reviewer_2")
        if people[name].has_perm("translations.translate", records[kind])
    }
    assert allowed == ALLOWED[kind]
