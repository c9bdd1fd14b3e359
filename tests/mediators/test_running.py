"""Running a meeting: deferring items to the next meeting, and closing it once it has
begun, its undecided items carried over."""

import pytest

from audit.models import AuditEvent
from core.errors import CommonError, ServiceError
from mediators.models import AgendaItem, MeetingStatus
from mediators.selectors import agenda_candidates
from mediators.services import (
    agenda_item_decide,
    agenda_items_defer,
    meeting_close,
    meeting_refresh_agenda,
)
from tests.factories import meeting_begun
from verification.error_codes import ReviewError


def decide(cast, item):
    return agenda_item_decide(
        actor=cast["secretariat"],
        item=item,
        minutes="Joint view after the site visit.",
        outcome="inconclusive",
        grade="possible",
    )


def test_deferred_items_move_to_the_next_meeting(cast, disputed_claims, meeting_in):
    claims = disputed_claims(3)
    first = meeting_in(3)
    later = meeting_in(10, title="Doha review")
    chosen = list(first.items.filter(incident__in=claims[:2]))
    target = agenda_items_defer(
        actor=cast["secretariat"], meeting=first, item_ids=[i.pk for i in chosen]
    )
    assert target == later
    assert set(later.items.values_list("incident_id", "reason")) == {
        (c.pk, "disputed") for c in claims[:2]
    }
    moved = AgendaItem.objects.filter(meeting=first, moved_to=later)
    assert set(moved.values_list("incident_id", flat=True)) == {c.pk for c in claims[:2]}
    assert first.items.get(incident=claims[2]).moved_to is None
    events = AuditEvent.objects.filter(action="agenda_deferred")
    assert sorted(e.payload["to_meeting"] for e in events) == [later.pk, later.pk]


def test_a_claim_already_on_the_next_meeting_is_not_put_there_twice(
    cast, disputed_claims, meeting_in
):
    (claim,) = disputed_claims(1)
    first = meeting_in(3)
    later = meeting_in(10)
    # The same claim on the later agenda already (a refresh after its first item moved).
    AgendaItem.objects.create(
        meeting=later, incident=claim, reason="disputed", added_at=first.created_at
    )
    item = first.items.get(incident=claim)
    agenda_items_defer(actor=cast["secretariat"], meeting=first, item_ids=[item.pk])
    assert later.items.filter(incident=claim).count() == 1
    item.refresh_from_db()
    assert item.moved_to == later


def test_deferring_refuses_with_a_code(cast, disputed_claims, meeting_in):
    disputed_claims(3)
    first = meeting_in(3)
    a, b, c = first.items.order_by("pk")
    secretariat = cast["secretariat"]

    with pytest.raises(ServiceError) as refused:
        agenda_items_defer(actor=secretariat, meeting=first, item_ids=[a.pk])
    assert refused.value.code == ReviewError.NO_NEXT_MEETING

    meeting_in(10)
    decide(cast, a)
    with pytest.raises(ServiceError) as refused:
        agenda_items_defer(actor=secretariat, meeting=first, item_ids=[a.pk, b.pk])
    assert refused.value.code == ReviewError.ALREADY_RECORDED
    assert not AgendaItem.objects.filter(moved_to__isnull=False).exists()  # all or nothing

    with pytest.raises(ServiceError) as refused:
        agenda_items_defer(actor=secretariat, meeting=first, item_ids=[])
    assert refused.value.fields.keys() == {"items"}
    with pytest.raises(ServiceError) as refused:
        agenda_items_defer(actor=secretariat, meeting=first, item_ids=["x"])
    assert refused.value.fields.keys() == {"items"}
    with pytest.raises(ServiceError) as refused:
        agenda_items_defer(actor=secretariat, meeting=first, item_ids=[999999])
    assert refused.value.code == CommonError.NOT_FOUND

    agenda_items_defer(actor=secretariat, meeting=first, item_ids=[b.pk])
    with pytest.raises(ServiceError) as refused:
        agenda_items_defer(actor=secretariat, meeting=first, item_ids=[b.pk])
    assert refused.value.code == ReviewError.AGENDA_ITEM_MOVED
    with pytest.raises(ServiceError) as refused:
        decide(cast, b)
    assert refused.value.code == ReviewError.AGENDA_ITEM_MOVED

    with pytest.raises(ServiceError) as refused:
        agenda_items_defer(actor=cast["tur_reviewer"], meeting=first, item_ids=[c.pk])
    assert refused.value.code == CommonError.PERMISSION_DENIED


def test_a_meeting_that_has_not_started_does_not_close(cast, disputed_claims, meeting_in):
    disputed_claims(2)
    meeting = meeting_in(4)
    with pytest.raises(ServiceError) as refused:
        meeting_close(actor=cast["secretariat"], meeting=meeting, minutes="Adjourned.")
    assert refused.value.code == ReviewError.MEETING_NOT_STARTED
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED
    assert not AgendaItem.objects.filter(moved_to__isnull=False).exists()


def test_closing_carries_the_undecided_items_to_the_next_meeting(cast, disputed_claims, meeting_in):
    claims = disputed_claims(3)
    meeting = meeting_in(3)
    later = meeting_in(10)
    decided = decide(cast, meeting.items.get(incident=claims[0]))
    meeting_close(actor=cast["secretariat"], meeting=meeting_begun(meeting), minutes="Done.")
    assert set(later.items.values_list("incident_id", flat=True)) == {
        claims[1].pk,
        claims[2].pk,
    }
    decided.refresh_from_db()
    assert decided.moved_to is None
    assert meeting.items.filter(moved_to=later).count() == 2
    assert AuditEvent.objects.filter(action="carried_over").count() == 2


def test_without_a_next_meeting_the_undecided_return_on_the_next_agenda(
    cast, disputed_claims, meeting_in
):
    claims = disputed_claims(2)
    meeting = meeting_in(3)
    meeting_close(actor=cast["secretariat"], meeting=meeting_begun(meeting), minutes="Done.")
    assert meeting.items.filter(decided_at__isnull=True, moved_to__isnull=True).count() == 2
    assert set(agenda_candidates()["disputed"]) == {c.pk for c in claims}
    later = meeting_in(10)
    assert set(later.items.values_list("incident_id", flat=True)) == {c.pk for c in claims}


def test_a_deferred_item_does_not_come_back_on_a_refresh(cast, disputed_claims, meeting_in):
    disputed_claims(1)
    first = meeting_in(3)
    meeting_in(10)
    item = first.items.get()
    agenda_items_defer(actor=cast["secretariat"], meeting=first, item_ids=[item.pk])
    assert meeting_refresh_agenda(actor=cast["secretariat"], meeting=first) == []
    assert first.items.count() == 1


def test_the_api_refuses_to_close_a_meeting_ahead(client, cast, disputed_claims, meeting_in):
    disputed_claims(1)
    meeting = meeting_in(3)
    client.force_login(cast["secretariat"])
    response = client.post(
        f"/api/v1/meetings/{meeting.pk}/close/", {"minutes": "x"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "MEETING_NOT_STARTED"
    later = meeting_in(10)
    meeting_begun(meeting)
    response = client.post(
        f"/api/v1/meetings/{meeting.pk}/close/", {"minutes": "x"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    assert [i["moved_to"] for i in response.json()["agenda"]] == [later.pk]
