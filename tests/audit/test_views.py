"""The secretariat's page of changes made by hand: who, what, before and after, paged."""

import pytest
from django.db import transaction

from core.changes import record_change, record_snapshot, record_snapshot_stored

URL = "/audit/changes/"


def change(actor, instance, **changes):
    with transaction.atomic():
        before = record_snapshot_stored(instance)
        for name, value in changes.items():
            setattr(instance, name, value)
        instance.save()
        record_change(
            actor=actor,
            instance=instance,
            before=before,
            after=record_snapshot(instance),
            via="admin",
        )


@pytest.fixture
def secretariat_client(client, secretariat):
    client.force_login(secretariat)
    return client


def test_the_page_lists_who_changed_what_before_and_after(secretariat_client, cast, category):
    change(cast["secretariat"], category, reply_hours=48)
    change(cast["secretariat"], cast["pak_officer"], email="new@pak.example")

    response = secretariat_client.get(URL)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["event"].subject_type for r in rows] == ["accounts.user", "incidents.category"]
    assert rows[1]["fields"] == [("reply_hours", 72, 48)]
    assert rows[0]["event"].actor == cast["secretariat"]
    body = response.content.decode()
    assert "reply_hours" in body and "72 → 48" in body and "new@pak.example" in body


def test_the_page_filters_by_record_type(secretariat_client, cast, category):
    change(cast["secretariat"], category, reply_hours=48)
    change(cast["secretariat"], cast["pak_officer"], email="new@pak.example")
    response = secretariat_client.get(URL, {"record_type": "incidents.category"})
    assert [r["event"].subject_type for r in response.context["rows"]] == ["incidents.category"]


def test_an_unknown_record_type_is_a_form_error(secretariat_client):
    response = secretariat_client.get(URL, {"record_type": "audit.auditevent"})
    assert response.status_code == 400
    assert "record_type" in response.context["form"].errors


def test_the_page_is_paged_by_fifty(secretariat_client, cast, pak):
    for n in range(51):
        change(cast["secretariat"], pak, name=f"Pakistan {n}")
    first = secretariat_client.get(URL)
    assert len(first.context["rows"]) == 50 and first.context["page"].has_next()
    second = secretariat_client.get(URL, {"page": 2})
    assert len(second.context["rows"]) == 1
    assert second.context["rows"][0]["fields"] == [("name", "Pakistan", "Pakistan 0")]


@pytest.mark.parametrize("actor", ["pak_officer", "afg_officer", "tur_reviewer", "observer"])
def test_only_the_secretariat_reaches_the_page(client, cast, actor):
    client.force_login(cast[actor])
    assert client.get(URL).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response.url
