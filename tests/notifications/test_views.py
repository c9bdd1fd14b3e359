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
