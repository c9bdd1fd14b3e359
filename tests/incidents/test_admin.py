"""The Django admin: the secretariat's back office. Claims are read-only there; categories
change by adding a version; nobody but the secretariat (or a superuser) gets in."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from incidents.models import Category, Incident
from tests.factories import IncidentFactory, UserFactory
from verification.statuses import Status


@pytest.fixture
def claim(pak_officer, afg, category):
    return IncidentFactory(
        reporting_party=pak_officer.party,
        accused_party=afg,
        category=category,
        created_by=pak_officer,
        reference="PAK-2025-00042",
    )


@pytest.fixture
def secretariat_client(client, secretariat):
    client.force_login(secretariat)
    return client


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def category_form(category, **changes):
    data = {
        "label": category.label,
        "description": category.description,
        "agreement_clause": category.agreement_clause,
        "assignment_hours": category.assignment_hours,
        "reply_hours": category.reply_hours,
        "findings_days": category.findings_days,
        "same_event_hours": category.same_event_hours,
        "same_event_km": category.same_event_km,
    }
    data.update(changes)
    return data


def claim_state(claim):
    claim.refresh_from_db()
    return (claim.status, claim.narrative, claim.place_name, claim.version, claim.updated_at)


# --- the secretariat gets in -----------------------------------------------------------


def test_secretariat_reaches_the_admin_index(secretariat_client, secretariat):
    assert (secretariat.role, secretariat.is_staff) == (Role.SECRETARIAT, True)
    response = secretariat_client.get("/admin/")
    assert response.status_code == 200
    assert response.context["user"] == secretariat


def test_admin_index_lists_what_the_secretariat_manages(secretariat_client):
    response = secretariat_client.get("/admin/")
    for name in (
        "admin:incidents_incident_changelist",
        "admin:incidents_category_changelist",
        "admin:accounts_user_changelist",
    ):
        assert reverse(name).encode() in response.content, name
    assert secretariat_client.get("/admin/incidents/").status_code == 200


def test_secretariat_sees_the_claim_list(secretariat_client, claim):
    response = secretariat_client.get(reverse("admin:incidents_incident_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [claim]
    assert b"PAK-2025-00042" in response.content


def test_claim_page_is_read_only(secretariat_client, claim):
    response = secretariat_client.get(change_url(claim))
    assert response.status_code == 200
    assert b"PAK-2025-00042" in response.content
    assert response.context["has_change_permission"] is False
    assert response.context["has_delete_permission"] is False
    assert b'name="_save"' not in response.content
    assert b'name="_continue"' not in response.content


def test_posting_to_a_claim_page_changes_nothing(secretariat_client, claim):
    before = claim_state(claim)
    response = secretariat_client.post(
        change_url(claim),
        {
            "status": Status.VERIFIED,
            "narrative": "Rewritten in the admin.",
            "place_name": "Elsewhere",
            "_save": "Save",
        },
    )
    assert response.status_code == 403
    assert claim_state(claim) == before
    assert claim.status == Status.DRAFT


def test_claims_cannot_be_added_or_deleted_in_the_admin(secretariat_client, claim):
    assert secretariat_client.get(reverse("admin:incidents_incident_add")).status_code == 403
    delete = reverse("admin:incidents_incident_delete", args=[claim.pk])
    assert secretariat_client.post(delete, {"post": "yes"}).status_code == 403
    assert Incident.objects.filter(pk=claim.pk).exists()


# --- everyone else is refused ----------------------------------------------------------

REFUSED = ["pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "observer"]
PAGES = [
    "admin:index",
    "admin:incidents_incident_changelist",
    "claim-change",
    "admin:incidents_category_changelist",
    "admin:accounts_user_changelist",
    "admin:accounts_user_add",
]


def page_url(name, claim):
    return change_url(claim) if name == "claim-change" else reverse(name)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("username", REFUSED)
def test_other_roles_are_sent_to_login_even_as_staff(client, cast, claim, username, page):
    user = cast[username]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    url = page_url(page, claim)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={url}"


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login(client, claim, page):
    response = client.get(page_url(page, claim))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("username", REFUSED)
def test_other_roles_cannot_change_a_category(client, cast, category, username):
    user = cast[username]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    response = client.post(change_url(category), category_form(category, label="Hijacked"))
    assert response.status_code == 302
    assert list(Category.objects.values_list("version", "label")) == [
        (1, "Cross-border fire / shelling")
    ]


def test_a_superuser_without_the_secretariat_role_gets_in(client, db):
    root = UserFactory(username="root", role=Role.OBSERVER, is_staff=True, is_superuser=True)
    client.force_login(root)
    assert client.get("/admin/").status_code == 200


# --- users -----------------------------------------------------------------------------


def test_secretariat_sees_the_users(secretariat_client, cast):
    response = secretariat_client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200
    assert {u.username for u in response.context["cl"].result_list} == set(cast)
    assert secretariat_client.get(change_url(cast["tur_reviewer"])).status_code == 200


def test_secretariat_adds_an_officer(secretariat_client, pak):
    assert secretariat_client.get(reverse("admin:accounts_user_add")).status_code == 200
    response = secretariat_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "pak_officer_2",
            "usable_password": "true",
            "password1": "Fresh-officer-pass-3381",
            "password2": "Fresh-officer-pass-3381",
            "role": Role.OFFICER,
            "party": pak.pk,
            "cochair": "",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="pak_officer_2")
    assert (user.role, user.party, user.cochair) == (Role.OFFICER, pak, None)
    assert user.check_password("Fresh-officer-pass-3381")


def test_admin_refuses_an_officer_without_a_party(secretariat_client, tur):
    response = secretariat_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "orphan",
            "usable_password": "true",
            "password1": "Fresh-officer-pass-3381",
            "password2": "Fresh-officer-pass-3381",
            "role": Role.OFFICER,
            "party": "",
            "cochair": tur.pk,
        },
    )
    assert response.status_code == 200
    assert "party" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="orphan").exists()


def test_secretariat_cannot_make_anyone_a_superuser(secretariat_client, cast):
    observer = cast["observer"]
    page = secretariat_client.get(change_url(observer))
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "is_staff" not in form.fields

    data = {
        "username": observer.username,
        "role": Role.OBSERVER,
        "party": "",
        "cochair": "",
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "00:00:00",
    }
    response = secretariat_client.post(change_url(observer), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    observer.refresh_from_db()
    assert (observer.is_superuser, observer.is_staff) == (False, False)


def test_a_superuser_still_grants_staff_rights(client, cast):
    root = User.objects.create_superuser("root", password="x", role=Role.SECRETARIAT)
    client.force_login(root)
    form = client.get(change_url(cast["observer"])).context["adminform"].form
    assert {"is_superuser", "is_staff"} <= set(form.fields)


# --- categories ------------------------------------------------------------------------


def test_secretariat_sees_and_adds_categories(secretariat_client, category):
    response = secretariat_client.get(reverse("admin:incidents_category_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [category]
    assert secretariat_client.get(reverse("admin:incidents_category_add")).status_code == 200

    response = secretariat_client.post(
        reverse("admin:incidents_category_add"),
        {
            "code": "drone_overflight",
            **category_form(category, label="Drone overflight", agreement_clause="Art. 2(d)"),
        },
    )
    assert response.status_code == 302
    added = Category.objects.get(code="drone_overflight")
    assert (added.version, added.is_current, added.label) == (1, True, "Drone overflight")


def test_adding_a_category_with_a_taken_code_is_a_form_error(secretariat_client, category):
    response = secretariat_client.post(
        reverse("admin:incidents_category_add"),
        {"code": category.code, **category_form(category, label="Duplicate")},
    )
    assert response.status_code == 200
    assert "code" in response.context["adminform"].form.errors
    assert Category.objects.count() == 1


def test_changing_a_category_adds_a_version_and_claims_keep_theirs(
    secretariat_client, category, claim
):
    response = secretariat_client.post(
        change_url(category),
        category_form(category, label="Cross-border fire (artillery)", reply_hours=48),
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:incidents_category_changelist")

    versions = list(
        Category.objects.filter(code=category.code)
        .order_by("version")
        .values_list("pk", "version", "is_current", "label", "reply_hours")
    )
    new_pk = versions[1][0]
    assert new_pk != category.pk
    assert versions == [
        (category.pk, 1, False, "Cross-border fire / shelling", 72),
        (new_pk, 2, True, "Cross-border fire (artillery)", 48),
    ]
    current = Category.objects.current().get(code=category.code)
    assert current.agreement_clause == category.agreement_clause
    claim.refresh_from_db()
    assert claim.category_id == category.pk


def test_a_replaced_category_version_is_read_only(secretariat_client, category):
    secretariat_client.post(change_url(category), category_form(category, label="Version two"))

    response = secretariat_client.get(change_url(category))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    response = secretariat_client.post(change_url(category), category_form(category, label="v3"))
    assert response.status_code == 403
    assert list(Category.objects.values_list("version", "is_current", "label")) == [
        (2, True, "Version two"),
        (1, False, "Cross-border fire / shelling"),
    ]


def test_categories_cannot_be_deleted_in_the_admin(secretariat_client, category):
    delete = reverse("admin:incidents_category_delete", args=[category.pk])
    assert secretariat_client.post(delete, {"post": "yes"}).status_code == 403
    assert Category.objects.filter(pk=category.pk).exists()
