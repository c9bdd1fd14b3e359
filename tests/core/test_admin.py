"""Every change made in the admin to people and reference data writes one audit event
with the record before and after, through the admin's own pages (core.admin)."""

import json
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from accounts.models import CoChair, Party, Role, User
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from compliance.models import CommitmentKind, PenaltyMeasure, Urgency
from core.admin import ChangeRecordingAdmin
from core.changes import CHANGED, CREATED, DELETED, SECRET_FIELDS
from incidents.models import Category
from tests.admin_forms import admin_form_data, change_url

RECORDED_MODELS = [User, Group, Party, CoChair, Category, CommitmentKind, Urgency, PenaltyMeasure]


@pytest.fixture
def secretariat_client(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", password="x", role=Role.SECRETARIAT)


@pytest.fixture
def root_client(client, root):
    client.force_login(root)
    return client


@pytest.fixture
def kind(db):
    return CommitmentKind.objects.create(
        code="border_patrols", label="Border patrols", reply_hours=72
    )


@pytest.fixture
def urgency(db):
    return Urgency.objects.create(
        code="flash", label="Flash", rank=1, acknowledge_hours=6, action_hours=48
    )


@pytest.fixture
def measure(db):
    return PenaltyMeasure.objects.create(
        code="joint_statement", label="Joint statement", appeal_days=14
    )


def the_events():
    return list(AuditEvent.objects.order_by("sequence"))


def one_event(**expected):
    events = the_events()
    assert len(events) == 1, [(e.action, e.subject_type) for e in events]
    event = events[0]
    for name, value in expected.items():
        assert getattr(event, name) == value, name
    return event


def post_change(client, obj, **changes):
    url = change_url(obj)
    response = client.post(url, admin_form_data(client, url, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


# --- one event per change, for each kind of record -------------------------------------


def test_every_admin_of_a_recorded_model_records_its_changes():
    for model in RECORDED_MODELS:
        assert isinstance(admin.site._registry[model], ChangeRecordingAdmin), model


def test_changing_a_users_role_in_the_admin_records_it(secretariat_client, secretariat, pak, cast):
    observer = cast["observer"]
    post_change(secretariat_client, observer, role=Role.OFFICER, party=str(pak.pk))

    event = one_event(
        action=CHANGED, subject_type="accounts.user", subject_id=observer.pk, actor=secretariat
    )
    # (date_joined may change too: the admin's form shows it to the second.)
    assert {"party", "role"} <= set(event.payload["changed"])
    assert (event.payload["before"]["role"], event.payload["after"]["role"]) == (
        Role.OBSERVER,
        Role.OFFICER,
    )
    assert (event.payload["before"]["party"], event.payload["after"]["party"]) == (None, pak.pk)
    assert event.payload["via"] == "admin"


def test_adding_a_user_in_the_admin_records_it_without_the_password(
    secretariat_client, secretariat, pak
):
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
    event = one_event(action=CREATED, subject_type="accounts.user", subject_id=user.pk)
    assert event.payload["before"] == {}
    assert event.payload["after"]["username"] == "pak_officer_2"
    assert event.payload["after"]["party"] == pak.pk
    assert "password" not in event.payload["after"]
    assert user.password not in json.dumps(event.payload)


def test_a_password_set_in_the_admin_is_recorded_but_never_its_hash(
    secretariat_client, secretariat, cast
):
    officer = cast["pak_officer"]
    old_hash = officer.password
    response = secretariat_client.post(
        reverse("admin:auth_user_password_change", args=[officer.pk]),
        {"password1": "Another-long-pass-9127", "password2": "Another-long-pass-9127"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Another-long-pass-9127")

    event = one_event(action=CHANGED, subject_type="accounts.user", subject_id=officer.pk)
    assert event.payload["secrets_changed"] == ["password"]
    assert event.payload["changed"] == []
    stored = json.dumps(event.payload)
    assert old_hash not in stored and officer.password not in stored
    assert "password" not in event.payload["before"] | event.payload["after"]


def test_changing_a_party_in_the_admin_records_it(secretariat_client, pak):
    post_change(secretariat_client, pak, name="Islamic Republic of Pakistan")
    event = one_event(action=CHANGED, subject_type="accounts.party", subject_id=pak.pk)
    assert event.payload["changed"] == ["name"]
    assert event.payload["before"]["name"] == "Pakistan"
    assert event.payload["after"]["name"] == "Islamic Republic of Pakistan"


def test_changing_a_cochair_in_the_admin_records_it(secretariat_client, tur):
    post_change(secretariat_client, tur, name="Republic of Türkiye")
    event = one_event(action=CHANGED, subject_type="accounts.cochair", subject_id=tur.pk)
    assert (event.payload["before"]["name"], event.payload["after"]["name"]) == (
        "Türkiye",
        "Republic of Türkiye",
    )


def test_a_group_added_in_the_admin_is_recorded(root_client, root):
    response = root_client.post(reverse("admin:auth_group_add"), {"name": "Liaison"})
    assert response.status_code == 302
    group = Group.objects.get(name="Liaison")
    event = one_event(action=CREATED, subject_type="auth.group", subject_id=group.pk, actor=root)
    assert event.payload["after"] == {"id": group.pk, "name": "Liaison", "permissions": []}


def test_a_categorys_deadline_changed_in_the_admin_is_recorded(secretariat_client, category):
    post_change(secretariat_client, category, reply_hours="48")
    new = Category.objects.current().get(code=category.code)
    event = one_event(action=CHANGED, subject_type="incidents.category", subject_id=new.pk)
    payload = event.payload
    assert {"reply_hours", "version", "id"} <= set(payload["changed"])
    assert (payload["before"]["reply_hours"], payload["after"]["reply_hours"]) == (72, 48)
    assert (payload["before"]["version"], payload["after"]["version"]) == (1, 2)


def test_a_commitment_kinds_deadline_changed_in_the_admin_is_recorded(secretariat_client, kind):
    post_change(secretariat_client, kind, findings_days="21")
    event = one_event(action=CHANGED, subject_type="compliance.commitmentkind", subject_id=kind.pk)
    assert event.payload["changed"] == ["findings_days"]
    assert (event.payload["before"]["findings_days"], event.payload["after"]["findings_days"]) == (
        14,
        21,
    )


def test_an_urgencys_clock_changed_in_the_admin_is_recorded(secretariat_client, urgency):
    post_change(secretariat_client, urgency, action_hours="72")
    event = one_event(action=CHANGED, subject_type="compliance.urgency", subject_id=urgency.pk)
    assert (event.payload["before"]["action_hours"], event.payload["after"]["action_hours"]) == (
        48,
        72,
    )


def test_a_penalty_measure_changed_in_the_admin_is_recorded(root_client, measure):
    post_change(root_client, measure, appeal_days="30")
    event = one_event(
        action=CHANGED, subject_type="compliance.penaltymeasure", subject_id=measure.pk
    )
    assert event.payload["changed"] == ["appeal_days"]
    assert (event.payload["before"]["appeal_days"], event.payload["after"]["appeal_days"]) == (
        14,
        30,
    )


def test_saving_without_a_change_records_nothing(secretariat_client, pak):
    post_change(secretariat_client, pak)
    assert the_events() == []


def test_a_refused_change_records_nothing(secretariat_client, pak):
    url = change_url(pak)
    data = admin_form_data(secretariat_client, url, code="pakistan")
    assert secretariat_client.post(url, data).status_code == 200
    assert the_events() == []


# --- deletions, one by one and in bulk -------------------------------------------------


def test_a_deletion_in_the_admin_is_recorded_with_the_record_as_it_was(root_client, root, kind):
    pk = kind.pk
    url = reverse("admin:compliance_commitmentkind_delete", args=[pk])
    assert root_client.post(url, {"post": "yes"}).status_code == 302
    assert not CommitmentKind.objects.filter(pk=pk).exists()
    event = one_event(action=DELETED, subject_type="compliance.commitmentkind", subject_id=pk)
    assert event.payload["before"]["code"] == "border_patrols"
    assert event.payload["after"] == {}


def test_the_bulk_delete_action_records_each_record(root_client, urgency):
    other = Urgency.objects.create(
        code="slow", label="Slow", rank=2, acknowledge_hours=24, action_hours=96
    )
    response = root_client.post(
        reverse("admin:compliance_urgency_changelist"),
        {"action": "delete_selected", "_selected_action": [urgency.pk, other.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Urgency.objects.filter(pk__in=[urgency.pk, other.pk]).exists()
    events = the_events()
    assert {(e.action, e.subject_id) for e in events} == {
        (DELETED, urgency.pk),
        (DELETED, other.pk),
    }
    assert {e.payload["before"]["code"] for e in events} == {"flash", "slow"}


# --- the chain -------------------------------------------------------------------------


def test_the_chain_still_verifies_after_changes_of_every_kind(
    secretariat_client, cast, pak, category, kind, urgency
):
    post_change(secretariat_client, cast["observer"], email="observer@mechanism.example")
    post_change(secretariat_client, pak, name="Pakistan (delegation)")
    post_change(secretariat_client, category, findings_days="10")
    post_change(secretariat_client, kind, assignment_hours="12")
    post_change(secretariat_client, urgency, acknowledge_hours="4")
    assert len(the_events()) == 5

    report = audit_verify_chain()
    assert report.ok and report.count == 5
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "5" in out.getvalue()


def test_secret_field_names_are_listed():
    assert {"password", "token_key", "digest", "secret"} <= SECRET_FIELDS
