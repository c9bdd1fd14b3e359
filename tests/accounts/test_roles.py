"""One role per user, with exactly the organisation that role needs: DB and clean() agree."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role, User

# (role, has party, has co-chair, fields clean() must name)
BAD_COMBINATIONS = [
    pytest.param(Role.OFFICER, False, False, {"party"}, id="officer-without-party"),
    pytest.param(Role.OFFICER, True, True, {"cochair"}, id="officer-with-party-and-cochair"),
    pytest.param(Role.OFFICER, False, True, {"party", "cochair"}, id="officer-with-cochair-only"),
    pytest.param(Role.REVIEWER, False, False, {"cochair"}, id="reviewer-without-cochair"),
    pytest.param(Role.REVIEWER, True, True, {"party"}, id="reviewer-with-cochair-and-party"),
    pytest.param(Role.REVIEWER, True, False, {"party", "cochair"}, id="reviewer-with-party-only"),
    pytest.param(Role.SECRETARIAT, True, False, {"party"}, id="secretariat-with-party"),
    pytest.param(Role.SECRETARIAT, False, True, {"cochair"}, id="secretariat-with-cochair"),
    pytest.param(Role.SECRETARIAT, True, True, {"party", "cochair"}, id="secretariat-with-both"),
    pytest.param(Role.OBSERVER, True, False, {"party"}, id="observer-with-party"),
    pytest.param(Role.OBSERVER, False, True, {"cochair"}, id="observer-with-cochair"),
    pytest.param(Role.OBSERVER, True, True, {"party", "cochair"}, id="observer-with-both"),
]

GOOD_COMBINATIONS = [
    pytest.param(Role.OFFICER, True, False, id="officer-with-party"),
    pytest.param(Role.REVIEWER, False, True, id="reviewer-with-cochair"),
    pytest.param(Role.SECRETARIAT, False, False, id="secretariat-alone"),
    pytest.param(Role.OBSERVER, False, False, id="observer-alone"),
]


def build_user(role, has_party, has_cochair, *, pak, tur):
    return User(
        username=f"{role}-{has_party}-{has_cochair}",
        role=role,
        party=pak if has_party else None,
        cochair=tur if has_cochair else None,
    )


@pytest.mark.parametrize(("role", "has_party", "has_cochair", "fields"), BAD_COMBINATIONS)
def test_database_refuses_role_without_its_organisation(
    role, has_party, has_cochair, fields, pak, tur
):
    user = build_user(role, has_party, has_cochair, pak=pak, tur=tur)

    with pytest.raises(IntegrityError), transaction.atomic():
        user.save()

    assert not User.objects.filter(username=user.username).exists()


@pytest.mark.parametrize(("role", "has_party", "has_cochair", "fields"), BAD_COMBINATIONS)
def test_clean_names_the_wrong_organisation_field(role, has_party, has_cochair, fields, pak, tur):
    user = build_user(role, has_party, has_cochair, pak=pak, tur=tur)

    with pytest.raises(ValidationError) as caught:
        user.clean()

    assert set(caught.value.message_dict) == fields


@pytest.mark.parametrize(("role", "has_party", "has_cochair"), GOOD_COMBINATIONS)
def test_valid_combination_cleans_and_saves(role, has_party, has_cochair, pak, tur):
    user = build_user(role, has_party, has_cochair, pak=pak, tur=tur)
    user.set_password("a long enough password")

    user.full_clean()
    user.save()

    stored = User.objects.get(username=user.username)
    assert stored.role == role
    assert stored.party_id == (pak.pk if has_party else None)
    assert stored.cochair_id == (tur.pk if has_cochair else None)


def test_database_refuses_changing_an_officer_into_a_reviewer_in_place(pak_officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=pak_officer.pk).update(role=Role.REVIEWER)

    pak_officer.refresh_from_db()
    assert pak_officer.role == Role.OFFICER


def test_database_refuses_an_unknown_role(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="root", role="admin")


def test_role_properties_follow_the_role(cast):
    assert [name for name, user in cast.items() if user.is_officer] == [
        "pak_officer",
        "afg_officer",
    ]
    assert [name for name, user in cast.items() if user.is_reviewer] == [
        "tur_reviewer",
        "qat_reviewer",
    ]
    assert [name for name, user in cast.items() if user.is_secretariat] == ["secretariat"]
    assert [name for name, user in cast.items() if user.is_observer] == ["observer"]
    assert cast["pak_officer"].organisation.code == "PAK"
    assert cast["tur_reviewer"].organisation.code == "TUR"
    assert cast["secretariat"].organisation is None
    assert cast["secretariat"].organisation_label == "Verification mechanism"
    assert cast["observer"].organisation_label == ""
