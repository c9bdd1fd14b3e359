"""Each notification's email in its recipient's language, whoever made the change."""

import pytest
from django.core import mail
from django.utils import translation


@pytest.mark.django_db(transaction=True)
def test_the_accused_partys_officer_reads_the_email_in_urdu(file_claim, cast):
    afg_officer, tur_reviewer = cast["afg_officer"], cast["tur_reviewer"]
    afg_officer.language = "ur"
    afg_officer.save(update_fields=["language"])

    with translation.override("tr"):  # the filer's own language changes nothing
        claim = file_claim("under_review")

    urdu = [m for m in mail.outbox if m.to == [afg_officer.email]]
    assert {m.subject for m in urdu} == {
        f"[جنگ بندی کا نظام] نیا دعویٰ {claim.reference}",
        f"[جنگ بندی کا نظام] {claim.reference} پر جواب کا حق کھلا ہے",
    }
    assert all("اسے پڑھنے کے لیے نظام میں سائن ان کریں۔" in m.body for m in urdu)
    english = next(m for m in mail.outbox if m.to == [tur_reviewer.email])
    assert english.subject.startswith("[Ceasefire mechanism] ")
    assert "Sign in to the mechanism to read it." in english.body
