"""A co-chair's decision on a penalty case is sealed until both are in: the parties and
the other co-chair learn neither the decision nor its reason (page, API, events,
notifications); the secretariat and the deciding co-chair's reviewers read it."""

import pytest
from django.test import Client

from accounts.models import Role
from compliance.penalties.services import penalty_record_decision
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REASON = "Sealed reasoning of the Turkish co-chair."
READERS = {"tur_reviewer", "secretariat"}
SEALED_FROM = {"pak_officer", "afg_officer", "qat_reviewer"}


@pytest.fixture
def half_decided(cast, open_case):
    case = open_case("proposed")
    Notification.objects.all().delete()
    penalty_record_decision(actor=cast["tur_reviewer"], case=case, decision="reject", reason=REASON)
    case.refresh_from_db()
    return case


@pytest.mark.parametrize("caller", sorted(READERS | SEALED_FROM))
def test_the_api_detail_shows_the_decision_only_to_those_who_may_read_it(
    api_as, half_decided, caller
):
    data = api_as(caller).get(f"/api/v1/penalties/{half_decided.reference}/").json()
    assert data["status"] == "proposed"
    if caller in READERS:
        assert [(d["cochair"], d["decision"], d["reason"]) for d in data["decisions"]] == [
            ("TUR", "reject", REASON)
        ]
    else:
        assert data["decisions"] == []
        assert REASON not in str(data)


@pytest.mark.parametrize("caller", sorted(READERS | SEALED_FROM))
def test_the_events_withhold_the_decision(api_as, half_decided, caller):
    events = api_as(caller).get(f"/api/v1/penalties/{half_decided.reference}/events/").json()
    decision = next(e for e in events if e["action"] == "decision_recorded")
    if caller in READERS:
        assert decision["withheld"] is False
        assert decision["payload"]["reason"] == REASON and decision["hash"]
    else:
        assert decision["withheld"] is True
        assert decision["payload"] == {} and decision["hash"] is None
        assert decision["actor"] is None
        assert REASON not in str(events) and "reject" not in str(events)


def test_the_next_event_does_not_link_to_a_withheld_hash(api_as, half_decided, secretariat):
    from compliance.penalties.services import penalty_withdraw

    penalty_withdraw(actor=secretariat, case=half_decided, reason="Settled.")
    events = api_as("pak_officer").get(f"/api/v1/penalties/{half_decided.reference}/events/")
    decision, withdrawn = [e for e in events.json() if e["action"] != "opened"]
    assert decision["withheld"] is True and withdrawn["prev_hash"] is None
    # Withdrawn before the second decision: it stays sealed.
    detail = api_as("qat_reviewer").get(f"/api/v1/penalties/{half_decided.reference}/")
    assert detail.json()["decisions"] == []


@pytest.mark.parametrize("caller", sorted(READERS | SEALED_FROM))
def test_the_page_shows_the_decision_only_to_those_who_may_read_it(cast, half_decided, caller):
    client = Client()
    client.force_login(cast[caller])
    html = client.get(f"/compliance/penalties/{half_decided.reference}/").content.decode()
    assert (REASON in html) == (caller in READERS)
    assert ('class="decision decision-reject"' in html) == (caller in READERS)
    assert ("by tur_reviewer" in html) == (caller in READERS)


def test_a_reviewer_of_the_same_cochair_reads_it(api_as, half_decided, tur, cast):
    colleague = UserFactory(username="tur_colleague", role=Role.REVIEWER, cochair=tur)
    cast["tur_colleague"] = colleague
    data = api_as("tur_colleague").get(f"/api/v1/penalties/{half_decided.reference}/").json()
    assert [d["reason"] for d in data["decisions"]] == [REASON]


def test_notifications_carry_the_decision_only_to_those_who_may_read_it(cast, half_decided):
    for name, user in cast.items():
        texts = " ".join(f"{n.title} {n.body}" for n in Notification.objects.filter(user=user))
        if name in READERS:
            assert REASON in texts and "reject" in texts, name
        else:
            assert REASON not in texts and "reject" not in texts, name
    other = Notification.objects.get(user=cast["qat_reviewer"])
    assert other.kind == "penalty_decision_awaited"


def test_all_who_see_the_case_read_both_once_both_are_in(api_as, cast, half_decided):
    penalty_record_decision(
        actor=cast["qat_reviewer"], case=half_decided, decision="approve", reason="Fair."
    )
    for caller in SEALED_FROM:
        data = api_as(caller).get(f"/api/v1/penalties/{half_decided.reference}/").json()
        assert data["status"] == "split"
        assert {d["reason"] for d in data["decisions"]} == {REASON, "Fair."}
        events = api_as(caller).get(f"/api/v1/penalties/{half_decided.reference}/events/")
        assert not any(e["withheld"] for e in events.json())


@pytest.mark.parametrize("caller", sorted(READERS | SEALED_FROM))
def test_the_logs_inclusion_proof_keeps_a_sealed_decision_sealed(api_as, half_decided, caller):
    """The transparency log shows an event's content and salt only to those who may see
    the event: a co-chair's sealed decision answers 404 to the parties and the other
    co-chair, as a missing event does."""
    from audit.models import AuditEvent

    event = AuditEvent.objects.get(
        subject_type="penalty_case", subject_id=half_decided.pk, action="decision_recorded"
    )
    response = api_as(caller).get(f"/api/v1/log/events/{event.sequence}/proof/")
    if caller in READERS:
        assert response.status_code == 200
        assert REASON in str(response.json())
    else:
        assert response.status_code == 404
        assert REASON not in response.content.decode()
