"""Penalty cases on the reviewer's queue page: those awaiting its co-chair's decision,
until it decides; its queries do not grow with the cases."""

import re

import pytest

from compliance.penalties.services import penalty_record_decision

QUEUE = "/queue/"


def queued(client) -> list[str]:
    response = client.get(QUEUE)
    assert response.status_code == 200
    return re.findall(r'data-penalty="([^"]+)"', response.content.decode())


def test_a_proposed_case_is_on_each_cochairs_queue_until_it_decides(client, cast, open_case):
    case = open_case()
    client.force_login(cast["tur_reviewer"])
    assert queued(client) == [case.reference]
    page = client.get(QUEUE).content.decode()
    assert f'href="/compliance/penalties/{case.reference}/#decide-cochair"' in page

    penalty_record_decision(
        actor=cast["tur_reviewer"], case=case, decision="approve", reason="Grounds verified."
    )
    assert queued(client) == []
    assert "No penalty case awaits your co-chair's decision." in client.get(QUEUE).content.decode()
    client.force_login(cast["qat_reviewer"])
    assert queued(client) == [case.reference]


def test_decided_and_withdrawn_cases_leave_the_queue(client, cast, open_case):
    open_case("split")
    open_case("withdrawn")
    waiting = open_case()
    client.force_login(cast["qat_reviewer"])
    assert queued(client) == [waiting.reference]


@pytest.mark.parametrize("caller", ["secretariat", "pak_officer", "observer"])
def test_nobody_else_has_a_queue_of_penalty_decisions(client, cast, open_case, caller):
    open_case()
    client.force_login(cast[caller])
    response = client.get(QUEUE)
    assert response.status_code == 403
    assert 'data-penalty="' not in response.content.decode()


def test_the_queues_queries_do_not_grow_with_the_cases(
    client, cast, open_case, django_assert_max_num_queries
):
    open_case()
    client.force_login(cast["tur_reviewer"])
    with django_assert_max_num_queries(40) as few:
        client.get(QUEUE)
    for _ in range(4):
        open_case()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(queued(client)) == 5
