"""seed_demo's penalty cases: every state, on eligible grounds, audited, scaled by --claims."""

import io

from django.core.management import call_command

from compliance.models import PenaltyCase, PenaltyGround, PenaltyStatus


def test_seed_demo_adds_penalty_cases_in_every_state(db):
    # Penalties rest on verified claims: the first run adds claims, as `make run` does.
    call_command("seed_demo", password="pw-demo-1", claims=600, stdout=io.StringIO())
    assert set(PenaltyCase.objects.values_list("status", flat=True)) == set(PenaltyStatus.values)
    for ground in PenaltyGround.objects.select_related("case", "incident", "commitment"):
        if ground.incident_id:
            assert ground.incident.status == "verified"
            assert ground.incident.accused_party_id == ground.case.party_id
        else:
            assert ground.commitment.party_id == ground.case.party_id
            assert ground.commitment.missed_at is not None
    assert not PenaltyCase.objects.filter(grounds__isnull=True).exists()
    count = PenaltyCase.objects.count()
    call_command("seed_demo", password="pw-demo-1", stdout=io.StringIO())
    assert PenaltyCase.objects.count() == count
    call_command("seed_demo", password="pw-demo-1", claims=10000, stdout=io.StringIO())
    assert PenaltyCase.objects.count() - count == 10
    call_command("verify_audit_chain", stdout=io.StringIO())
