import io

from django.core.management import call_command

from compliance.models import ActionReport, Commitment, Milestone, Referral
from verification.statuses import Status


def test_seed_demo_adds_compliance_data_in_every_state_once(db):
    call_command("seed_demo", password="pw-demo-1", stdout=io.StringIO())
    assert Commitment.objects.filter(party__code="AFG").exists()
    assert Commitment.objects.filter(party__code="PAK").exists()
    assert Milestone.objects.exists()
    # Every state the bulk history writes, but submitted: the demo's last step assigns
    # what waits, as the mechanism does when each co-chair has a reviewer.
    assert set(ActionReport.objects.values_list("status", flat=True)) == set(Status.values) - {
        Status.SUBMITTED
    }
    verified = ActionReport.objects.filter(status=Status.VERIFIED)
    assert all(verified.values_list("intent", flat=True))  # each verified report says one
    assert not ActionReport.objects.exclude(status=Status.VERIFIED).exclude(intent="").exists()
    assert set(Referral.objects.values_list("status", flat=True)) == {
        "sent",
        "acknowledged",
        "responded",
    }
    counts = (Commitment.objects.count(), ActionReport.objects.count(), Referral.objects.count())
    call_command("seed_demo", password="pw-demo-1", stdout=io.StringIO())
    assert (
        Commitment.objects.count(),
        ActionReport.objects.count(),
        Referral.objects.count(),
    ) == counts
    call_command("verify_audit_chain", stdout=io.StringIO())


def test_claims_scale_the_compliance_data(db):
    call_command("seed_demo", password="pw-demo-1", stdout=io.StringIO())
    before = Commitment.objects.count(), Referral.objects.count()
    call_command("seed_demo", password="pw-demo-1", claims=3000, stdout=io.StringIO())
    assert Commitment.objects.count() - before[0] == 30
    assert Referral.objects.count() - before[1] == 300
