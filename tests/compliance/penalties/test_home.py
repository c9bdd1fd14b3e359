"""Penalty cases on a reviewer's home page: those awaiting its co-chair's decision."""

from compliance.penalties.services import penalty_record_decision

from ...home_page import count_of, home_sections


def test_a_proposed_case_waits_on_each_cochair_until_it_decides(client, cast, open_case):
    case = open_case()
    client.force_login(cast["tur_reviewer"])
    waiting = home_sections(client)["penalty-decisions"]
    assert case.reference in waiting and "Can be acted on now" in waiting
    assert 'href="/compliance/penalties/?status=proposed"' in waiting

    penalty_record_decision(
        actor=cast["tur_reviewer"], case=case, decision="approve", reason="Grounds verified."
    )
    assert count_of(home_sections(client)["penalty-decisions"]) == 0
    client.force_login(cast["qat_reviewer"])
    assert case.reference in home_sections(client)["penalty-decisions"]


def test_officers_have_no_penalty_decisions_to_make(client, cast, open_case):
    open_case()
    client.force_login(cast["pak_officer"])
    assert "penalty-decisions" not in home_sections(client)
