from io import StringIO

from django.core.management import call_command

from evidence.models import EvidenceAnalysis, EvidenceMatch


def test_the_scan_is_idempotent_and_fills_missing_analyses(pak_officer, make_claim, attach, photo):
    first, second = make_claim(), make_claim()
    attach(pak_officer, first, photo)
    attach(pak_officer, second, photo)
    EvidenceMatch.objects.all().delete()
    EvidenceAnalysis.objects.filter(subject_id=first.pk).delete()  # a file from before the checks

    out = StringIO()
    call_command("evidence_scan", stdout=out)
    assert "Checked 2 evidence files." in out.getvalue()
    assert EvidenceAnalysis.objects.count() == 2
    assert EvidenceMatch.objects.count() == 1

    call_command("evidence_scan", "--since", "2000-01-01T00:00:00Z", stdout=StringIO())
    assert EvidenceMatch.objects.count() == 1
