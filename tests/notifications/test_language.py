"""Each notification in its reader's language, whoever made the change and in whatever
language they worked: on the notifications page and in the email.

Expectations are composed from the same msgids under the reader's language, so they hold
whether or not the catalogues translate a sentence yet; the sentences the catalogues
already translate are checked against the translation itself."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from notifications.dispatch import send_pending_emails
from notifications.messages import MESSAGES
from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


def _speaks(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


def _in(language, msgid, **values):
    with translation.override(language):
        return gettext(msgid) % values


def _subject(language, title):
    with translation.override(language):
        return gettext("[Ceasefire mechanism] %(title)s") % {"title": title}


def _emails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_a_claim_filed_in_english_is_told_in_urdu_and_turkish(file_claim, cast, client):
    urdu = _speaks(cast["afg_officer"], "ur")
    turkish = _speaks(cast["tur_reviewer"], "tr")

    with translation.override("en"):  # the filer works in English
        claim = file_claim("under_review")
    send_pending_emails()

    new_claim = _in(
        "ur",
        "New claim %(reference)s against %(accused)s",
        reference=claim.reference,
        accused=claim.accused_party.name,
    )
    reply_open = _in(
        "ur",
        "Right of reply open on %(reference)s until %(due)s UTC",
        reference=claim.reference,
        due=f"{claim.reply_due_at:%Y-%m-%d %H:%M}",
    )
    assert {m.subject for m in _emails_to(urdu)} == {
        _subject("ur", new_claim),
        _subject("ur", reply_open),
    }
    footer = _in(
        "ur",
        "Sign in to the mechanism to read it. Your language and time zone are set under Preferences.",
    )
    assert all(footer in m.body for m in _emails_to(urdu))

    assigned = _in(
        "tr", "Claim %(reference)s assigned to you for review", reference=claim.reference
    )
    assert [m.subject for m in _emails_to(turkish)] == [_subject("tr", assigned)]

    client.force_login(urdu)
    page = client.get("/notifications/").content.decode()
    assert 'lang="ur"' in page
    assert escape(new_claim) in page
    assert escape(reply_open) in page
    select = _in("ur", "Select: %(title)s", title=new_claim)
    assert f'aria-label="{escape(select)}"' in page

    client.force_login(turkish)
    page = client.get("/notifications/").content.decode()
    assert escape(assigned) in page


def test_the_stored_title_is_english_whatever_the_actors_language(file_claim, cast):
    with translation.override("tr"):
        claim = file_claim("under_review")
    note = Notification.objects.get(user=cast["tur_reviewer"], kind="assigned")
    assert note.title == f"Claim {claim.reference} assigned to you for review"
    assert note.params == {"reference": claim.reference, "record": "incident"}


def test_a_translated_sentence_reads_in_the_readers_language(cast):
    """Access granted is in the catalogues already: its Urdu and Turkish are not English."""
    reader = cast["afg_officer"]
    params = {"reference": "PAK-2026-00007", "denial": "DEN-2026-00001"}
    with translation.override("en"):
        notify([reader.pk], kind="access_granted", params=params)
    note = Notification.objects.get(user=reader)
    english = "Access granted on PAK-2026-00007 (DEN-2026-00001)"
    assert note.title == english
    for language in ("ur", "tr"):
        with translation.override(language):
            assert note.text() != english
            assert note.text() == gettext("Access granted on %(reference)s (%(denial)s)") % params
            assert "PAK-2026-00007" in note.text()  # references are data, never translated


def test_status_codes_are_shown_with_their_translated_labels(cast):
    reader = cast["afg_officer"]
    notify(
        [reader.pk],
        kind="meeting_decision",
        params={"reference": "PAK-2026-00003", "status": "not_verified"},
    )
    note = Notification.objects.get(user=reader)
    assert note.title == "PAK-2026-00003: decided at the review meeting (not verified)"
    with translation.override("ur"):
        label = gettext("Not verified").lower()
        expected = gettext("%(reference)s: decided at the review meeting (%(status)s)") % {
            "reference": "PAK-2026-00003",
            "status": label,
        }
        assert note.text() == expected
        assert "not_verified" not in note.text()


@pytest.mark.parametrize(("n", "english"), [(1, "1 claim"), (3, "3 claims")])
def test_the_sweeps_counted_title_takes_the_plural_form(cast, n, english):
    reader = cast["secretariat"]
    refs = [f"PAK-2026-{i:05d}" for i in range(1, n + 1)]
    notify(
        [reader.pk],
        kind="overdue_findings",
        params={"n": n, "record": "incident", "refs": refs, "more": 0},
    )
    note = Notification.objects.get(user=reader)
    assert note.title == f"{english} passed the findings deadline"
    assert note.body == "\n".join(refs)
    for language in ("ar", "ur", "tr"):
        with translation.override(language):
            expected = translation.ngettext(
                "%(n)s claim passed the findings deadline",
                "%(n)s claims passed the findings deadline",
                n,
            ) % {"n": n}
            assert note.text() == expected


def test_an_action_reports_overdue_title_names_action_reports(cast):
    reader = cast["secretariat"]
    notify(
        [reader.pk],
        kind="overdue_assignment",
        params={"n": 2, "record": "action_report", "refs": ["AR-1", "AR-2"], "more": 0},
    )
    assert Notification.objects.get(user=reader).title == "2 action reports not assigned in time"


def test_a_long_list_of_references_ends_with_how_many_more(cast):
    reader = cast["secretariat"]
    notify(
        [reader.pk],
        kind="overdue_referral_action",
        params={"n": 202, "refs": ["REF-1", "REF-2"], "more": 200},
    )
    note = Notification.objects.get(user=reader)
    assert note.title == "202 referrals without a response in time"
    assert note.body == "REF-1\nREF-2\n... and 200 more"
    with translation.override("ar"):
        more = translation.ngettext("... and %(more)s more", "... and %(more)s more", 200)
        assert note.details().endswith(more % {"more": 200})


def test_a_notification_written_before_its_values_were_kept_shows_its_stored_text(cast, client):
    reader = _speaks(cast["afg_officer"], "ur")
    note = Notification.objects.create(
        user=reader,
        kind="assigned",
        title="Claim PAK-2026-00001 assigned to you for review",
        body="Written before.",
        created_at="2026-01-01T00:00:00Z",
    )
    assert note.params == {}
    with translation.override("ur"):
        assert note.text() == "Claim PAK-2026-00001 assigned to you for review"
        assert note.details() == "Written before."
    client.force_login(reader)
    page = client.get("/notifications/").content.decode()
    assert "Claim PAK-2026-00001 assigned to you for review" in page
    assert "Written before." in page
    send_pending_emails()
    (email,) = _emails_to(reader)
    assert email.subject == _subject("ur", "Claim PAK-2026-00001 assigned to you for review")
    assert email.body.startswith("Written before.")


def test_a_kind_with_no_sentence_is_refused(cast):
    assert "no_such_kind" not in MESSAGES
    with pytest.raises(ValueError, match="no_such_kind"):
        notify([cast["afg_officer"].pk], kind="no_such_kind", params={})
    assert not Notification.objects.exists()
