"""The switch and "sign out everyone": who may, what is recorded, who is told, and the
services' own refusal while frozen (as a Celery task or a command would meet it)."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from core import site_mode
from core.errors import ServiceError
from core.models import ApiToken, SiteMode, SiteModeSwitch
from incidents.models import Incident
from incidents.services import incident_create_draft
from notifications.models import Notification
from operations.lockdown.services import (
    SESSIONS_ENDED,
    SWITCHED,
    sessions_end_everyone,
    site_mode_switch,
)
from tests.conftest import claim_data
from tests.factories import api_token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["pak_officer", "afg_officer", "tur_reviewer", "observer"])
def test_only_the_secretariat_may_switch(cast, name):
    with pytest.raises(ServiceError) as refused:
        site_mode_switch(actor=cast[name], mode="read_only", reason="Because.")
    assert refused.value.code == "PERMISSION_DENIED"
    assert not SiteModeSwitch.objects.exists()
    assert site_mode.current().mode == "normal"


@pytest.mark.parametrize("name", ["pak_officer", "tur_reviewer", "observer"])
def test_only_the_secretariat_may_sign_out_everyone(cast, name):
    api_token(cast["afg_officer"])
    with pytest.raises(ServiceError) as refused:
        sessions_end_everyone(actor=cast[name])
    assert refused.value.code == "PERMISSION_DENIED"
    assert ApiToken.objects.count() == 1


def test_a_switch_needs_a_reason_and_a_new_mode(secretariat, switch):
    with pytest.raises(ServiceError) as refused:
        site_mode_switch(actor=secretariat, mode="read_only", reason="   ")
    assert refused.value.fields.keys() == {"reason"}
    with pytest.raises(ServiceError) as refused:
        site_mode_switch(actor=secretariat, mode="closed", reason="Because.")
    assert refused.value.fields.keys() == {"mode"}
    switch("read_only")
    with pytest.raises(ServiceError) as refused:
        switch("read_only")
    assert refused.value.fields.keys() == {"mode"}


def test_a_switch_is_kept_audited_and_seen_at_once(secretariat, switch):
    switch("read_only", reason="Laptop seized at a checkpoint.")
    switch("no_access")
    assert site_mode.current().mode == "no_access"
    row = SiteMode.objects.get()
    assert row.mode == "no_access" and row.by == secretariat
    # Frozen since the first switch away from normal, through the second.
    first, second = SiteModeSwitch.objects.order_by("at", "id")
    assert row.frozen_since == first.at
    assert (first.from_mode, first.to_mode, second.from_mode, second.to_mode) == (
        "normal",
        "read_only",
        "read_only",
        "no_access",
    )
    events = AuditEvent.objects.filter(action=SWITCHED).order_by("sequence")
    assert [(e.from_status, e.to_status, e.actor_id) for e in events] == [
        ("normal", "read_only", secretariat.pk),
        ("read_only", "no_access", secretariat.pk),
    ]
    assert events[0].payload["reason"] == "Laptop seized at a checkpoint."
    assert audit_verify_chain().ok


def test_each_switch_is_told_to_both_parties_both_cochairs_and_the_secretariat(cast, switch):
    switch("read_only")
    told = set(Notification.objects.filter(kind=SWITCHED).values_list("user__username", flat=True))
    assert told == {"pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat"}
    switch("normal")
    assert Notification.objects.filter(kind=SWITCHED, user=cast["pak_officer"]).count() == 2


def test_while_frozen_the_services_refuse_and_write_nothing(cast, afg, category, switch):
    switch("read_only")
    with pytest.raises(ServiceError) as refused:
        incident_create_draft(officer=cast["pak_officer"], data=claim_data(afg, category))
    assert refused.value.code == "READ_ONLY_MODE"
    assert not Incident.objects.exists()
    switch("normal")
    incident_create_draft(officer=cast["pak_officer"], data=claim_data(afg, category))
    assert Incident.objects.count() == 1


def test_no_access_freezes_writes_as_well(cast, afg, category, switch):
    switch("no_access")
    with pytest.raises(ServiceError) as refused:
        incident_create_draft(officer=cast["pak_officer"], data=claim_data(afg, category))
    assert refused.value.code == "READ_ONLY_MODE"


def test_sign_out_everyone_keeps_only_the_callers_session_and_revokes_every_token(cast):
    clients = {}
    for name in ("pak_officer", "tur_reviewer", "secretariat"):
        clients[name] = Client()
        clients[name].force_login(cast[name])
    for name in ("pak_officer", "secretariat"):
        api_token(cast[name])
    own = clients["secretariat"].session.session_key
    ended = sessions_end_everyone(actor=cast["secretariat"], keep_session_key=own)
    assert ended == {"sessions": 2, "listed_sessions": 0, "tokens": 2}
    assert list(Session.objects.values_list("session_key", flat=True)) == [own]
    assert not ApiToken.objects.exists()
    event = AuditEvent.objects.get(action=SESSIONS_ENDED)
    assert event.actor == cast["secretariat"] and event.payload["tokens"] == 2
    assert not clients["pak_officer"].get("/").wsgi_request.user.is_authenticated
    assert not clients["tur_reviewer"].get("/").wsgi_request.user.is_authenticated
    assert clients["secretariat"].get("/").wsgi_request.user == cast["secretariat"]


def test_sign_out_everyone_works_while_frozen(cast, switch):
    switch("read_only")
    api_token(cast["pak_officer"])
    assert sessions_end_everyone(actor=cast["secretariat"])["tokens"] == 1


def test_the_daily_chain_head_is_still_published_while_frozen(cast, switch):
    from audit.publication import audit_publish_chain_head

    switch("no_access")
    publication = audit_publish_chain_head()
    assert publication.created
    assert AuditEvent.objects.filter(action="chain_head_published").exists()


def test_sign_out_everyone_clears_allauths_session_list_when_installed(cast):
    from unittest import mock

    from django.apps import apps

    listed = mock.MagicMock()
    listed.objects.exclude.return_value.delete.return_value = (3, {})
    real_is_installed = apps.is_installed
    with (
        mock.patch.object(
            apps,
            "is_installed",
            lambda name: name == "allauth.usersessions" or real_is_installed(name),
        ),
        mock.patch.object(apps, "get_model", return_value=listed) as get_model,
    ):
        ended = sessions_end_everyone(actor=cast["secretariat"], keep_session_key="mine")
    get_model.assert_called_once_with("usersessions", "UserSession")
    listed.objects.exclude.assert_called_once_with(session_key="mine")
    assert ended["listed_sessions"] == 3
