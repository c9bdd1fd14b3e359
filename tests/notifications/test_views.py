import pytest

from notifications.models import Notification


def test_unread_count_in_header_and_list_is_the_users_own(client, file_claim, cast):
    file_claim("under_review")
    client.force_login(cast["afg_officer"])
    page = client.get("/notifications/")
    assert page.status_code == 200
    assert b'aria-label="2 unread"' in page.content  # new claim + reply window open
    assert b"New claim" in page.content
    assert b"Right of reply open" in page.content
    assert b"assigned to you" not in page.content  # the reviewers' notifications are theirs
    client.post("/notifications/read/")
    assert not Notification.objects.filter(user=cast["afg_officer"], read_at__isnull=True).exists()
    assert Notification.objects.filter(user=cast["tur_reviewer"], read_at__isnull=True).exists()


def test_notifications_need_sign_in(client, db):
    assert client.get("/notifications/").status_code == 302


def _unread(user, **filters):
    return Notification.objects.filter(user=user, read_at__isnull=True, **filters)


def test_opening_a_notification_reads_it_and_goes_to_its_claim(client, file_claim, cast):
    claim = file_claim("under_review")
    officer = cast["afg_officer"]
    note = _unread(officer, subject_ref=claim.reference).first()
    client.force_login(officer)
    answer = client.get(f"/notifications/{note.pk}/")
    assert answer.status_code == 302
    assert answer["Location"] == f"/claims/{claim.reference}/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_another_persons_notification_is_not_found_and_stays_unread(client, file_claim, cast):
    claim = file_claim("under_review")
    note = _unread(cast["tur_reviewer"], subject_ref=claim.reference).first()
    client.force_login(cast["afg_officer"])
    assert client.get(f"/notifications/{note.pk}/").status_code == 404
    assert _unread(cast["tur_reviewer"], pk=note.pk).exists()


def test_opening_the_claim_page_reads_what_the_person_was_told_about_it(client, file_claim, cast):
    first, second = file_claim("under_review"), file_claim("under_review")
    officer = cast["afg_officer"]
    client.force_login(officer)
    assert client.get(f"/claims/{first.reference}/").status_code == 200
    assert not _unread(officer, subject_ref=first.reference).exists()
    assert _unread(officer, subject_ref=second.reference).exists()  # not opened yet
    # the other people told about it keep theirs
    assert _unread(cast["tur_reviewer"], subject_ref=first.reference).exists()


def test_acting_on_a_claim_reads_the_actors_notifications_about_it(file_claim, cast):
    from verification.services import review_reply

    claim = file_claim("under_review")
    officer = cast["afg_officer"]
    assert _unread(officer, subject_ref=claim.reference).exists()
    review_reply(actor=officer, record=claim, position="denies", narrative="Not our unit.")
    assert not _unread(officer, subject_ref=claim.reference).exists()


def test_selected_notifications_are_marked_read_and_only_the_persons_own(client, file_claim, cast):
    first, second = file_claim("under_review"), file_claim("under_review")
    officer, reviewer = cast["afg_officer"], cast["tur_reviewer"]
    mine = _unread(officer, subject_ref=first.reference).first()
    theirs = _unread(reviewer, subject_ref=first.reference).first()
    client.force_login(officer)
    answer = client.post(
        "/notifications/read/", {"selected": "1", "ids": [mine.pk, theirs.pk, "x"]}
    )
    assert answer.status_code == 302
    assert not _unread(officer, pk=mine.pk).exists()
    assert _unread(reviewer, pk=theirs.pk).exists()
    assert _unread(officer, subject_ref=second.reference).exists()


@pytest.mark.parametrize(
    ("subject_type", "reference", "page"),
    [
        ("incident", "PAK-2026-00001", "/claims/PAK-2026-00001/"),
        ("action_report", "ACT-PAK-2026-0001", "/compliance/action-reports/ACT-PAK-2026-0001/"),
        ("commitment", "CMT-PAK-2026-0001", "/compliance/commitments/CMT-PAK-2026-0001/"),
        ("referral", "REF-PAK-2026-0001", "/compliance/referrals/REF-PAK-2026-0001/"),
        ("penalty_case", "PEN-PAK-2026-0001", "/compliance/penalties/PEN-PAK-2026-0001/"),
        ("audit_log", "", ""),
        ("site_mode", "frozen", ""),
    ],
)
def test_each_record_type_links_to_its_page(subject_type, reference, page):
    from notifications.subjects import subject_url

    assert subject_url(subject_type, reference) == page
