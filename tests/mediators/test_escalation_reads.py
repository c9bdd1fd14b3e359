"""What the sweep's agenda step reads when it has little or nothing to place: the
appeals waiting are found on their own partial index, not by a scan of the claims, and a
sweep with nothing new to place does not read the agenda it would add to."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mediators.selectors import escalation_candidates
from mediators.services import _add_items
from tests.planting import plant_claims

CLAIMS = 30_000


@pytest.fixture
def meeting(meeting_in):
    return meeting_in(30)


def test_with_nothing_to_place_the_agenda_is_not_read(meeting, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert (
            _add_items(meeting, {"overdue": [], "appeal": []}, actor=None, now=timezone.now()) == []
        )


@pytest.mark.django_db(transaction=True)
def test_the_appeals_waiting_are_read_from_their_own_index(pak, afg, category, cast, meeting):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner")
    now = timezone.now()
    plant_claims(CLAIMS, pak=pak, afg=afg, category=category, officer=cast["pak_officer"], now=now)

    with CaptureQueriesContext(connection) as queries:
        escalation_candidates(as_of=now, meeting=meeting)

    [appeals] = [q["sql"] for q in queries.captured_queries if "appeal_status" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {appeals}")  # nosec B608  # SQL the ORM sent
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "incident_appeal_pending" in plan, plan
    assert "Seq Scan on incidents_incident" not in plan, plan
