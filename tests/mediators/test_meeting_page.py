"""The meeting page that runs a meeting: one line per item, grouped by kind; filters;
bulk deferral; the close form's warning; the minutes as PDF."""

import io
import re

from django.utils import timezone
from pypdf import PdfReader

from mediators.models import AgendaItem, MeetingStatus
from mediators.services import agenda_item_decide
from tests.factories import meeting_begun


def test_items_are_one_line_each_grouped_by_kind(client, cast, disputed_claims, meeting_in):
    disputed_claims(3)
    meeting = meeting_in(3)
    client.force_login(cast["secretariat"])
    body = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert re.search(
        r'<h3 id="h-group-disputed">Differing views <span class="count">\(3\)</span>', body
    )
    assert body.count("<details>") == 3 and "<details open" not in body
    assert body.count("<summary>") == 3
    # the decision forms are there, inside each closed line
    assert body.count('action="/meetings/') >= 3 + 1
    assert "3 items are undecided" in body and "No later meeting is scheduled" in body
    assert f'href="/meetings/{meeting.pk}/minutes.pdf"' in body


def test_the_close_form_says_where_the_undecided_go(client, cast, disputed_claims, meeting_in):
    disputed_claims(2)
    meeting = meeting_in(3)
    meeting_in(10, title="Doha review")
    client.force_login(cast["secretariat"])
    body = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "2 items are undecided; they will carry over to the next meeting, Doha review" in body
    assert "has not started yet" in body


def test_closing_a_meeting_ahead_is_a_form_error_that_keeps_the_minutes(
    client, cast, disputed_claims, meeting_in
):
    disputed_claims(1)
    meeting = meeting_in(3)
    client.force_login(cast["secretariat"])
    response = client.post(f"/meetings/{meeting.pk}/close/", {"minutes": "We adjourn."})
    assert response.status_code == 400
    body = response.content.decode()
    assert "has not started yet" in body and "We adjourn." in body
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_filters_and_search_are_get_parameters(client, cast, disputed_claims, meeting_in):
    torkham = disputed_claims(2)
    (angoor,) = disputed_claims(1, place="Angoor Adda")
    meeting = meeting_in(3)
    client.force_login(cast["tur_reviewer"])
    body = client.get(f"/meetings/{meeting.pk}/?q=angoor&state=undecided").content.decode()
    assert angoor.reference in body and torkham[0].reference not in body
    assert "Items 1–1 of 1" in body and 'value="angoor"' in body
    body = client.get(f"/meetings/{meeting.pk}/?kind=bogus&page=zz").content.decode()
    assert "Items 1–3 of 3" in body


def test_paging(client, cast, disputed_claims, meeting_in):
    disputed_claims(30)
    meeting = meeting_in(3)
    client.force_login(cast["secretariat"])
    body = client.get(f"/meetings/{meeting.pk}/?page=2").content.decode()
    assert "Items 26–30 of 30" in body and "Page 2 of 2" in body
    assert body.count("<summary>") == 5
    assert "(30)" in body


def test_bulk_defer_to_the_next_meeting(client, cast, disputed_claims, meeting_in):
    disputed_claims(3)
    meeting = meeting_in(3)
    later = meeting_in(10, title="Doha review")
    a, b, c = meeting.items.order_by("pk")
    client.force_login(cast["secretariat"])
    body = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Defer the selected items to Doha review" in body
    assert f'name="items" value="{a.pk}" form="defer-form"' in body
    response = client.post(
        f"/meetings/{meeting.pk}/defer/", {"items": [a.pk, b.pk], "query": "state=undecided"}
    )
    assert response["Location"] == f"/meetings/{meeting.pk}/?state=undecided"
    assert set(later.items.values_list("incident_id", flat=True)) == {a.incident_id, b.incident_id}
    body = client.get(response["Location"]).content.decode()
    assert "2 items deferred to Doha review" in body
    assert c.incident.reference in body and a.incident.reference not in body

    response = client.post(f"/meetings/{meeting.pk}/defer/", {"items": [a.pk]}, follow=True)
    assert "Already moved to a later meeting" in response.content.decode()
    response = client.post(f"/meetings/{meeting.pk}/defer/", {}, follow=True)
    assert "Choose the items to defer." in response.content.decode()


def test_reviewers_do_not_defer(client, cast, disputed_claims, meeting_in):
    disputed_claims(1)
    meeting = meeting_in(3)
    meeting_in(10)
    client.force_login(cast["tur_reviewer"])
    body = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "defer-form" not in body
    item = meeting.items.get()
    assert client.post(f"/meetings/{meeting.pk}/defer/", {"items": [item.pk]}).status_code == 403
    assert not AgendaItem.objects.filter(moved_to__isnull=False).exists()


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_minutes_pdf(client, cast, disputed_claims, meeting_in, tur, qat):
    claims = disputed_claims(3)
    meeting = meeting_in(3, title="Istanbul review")
    later = meeting_in(10, title="Doha review")
    agenda_item_decide(
        actor=cast["secretariat"],
        item=meeting.items.get(incident=claims[0]),
        minutes="Joint site visit confirmed the impact.",
        outcome="inconclusive",
        grade="possible",
    )
    client.force_login(cast["secretariat"])
    meeting_begun(meeting)
    client.post(f"/meetings/{meeting.pk}/close/", {"minutes": "Next round in Doha."})
    client.force_login(cast["tur_reviewer"])
    response = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Minutes: Istanbul review" in text
    assert "Türkiye" in text and "Qatar" in text
    assert "Next round in Doha." in text
    assert "Decisions (1)" in text and claims[0].reference in text
    assert "Joint site visit confirmed the impact." in text and "Inconclusive" in text
    assert "Carried over (2)" in text
    assert claims[1].reference in text and claims[2].reference in text
    assert str(later) in text
    assert str(timezone.localtime(meeting.scheduled_for).year) in text


def test_minutes_pdf_is_for_meeting_readers_only(client, cast, meeting_in):
    meeting = meeting_in(3)
    client.force_login(cast["pak_officer"])
    assert client.get(f"/meetings/{meeting.pk}/minutes.pdf").status_code == 403
    client.force_login(cast["secretariat"])
    assert client.get("/meetings/9999/minutes.pdf").status_code == 404


def test_a_decision_in_place_redraws_the_undecided_count(client, cast, disputed_claims, meeting_in):
    disputed_claims(2)
    meeting = meeting_in(3)
    item = meeting.items.order_by("pk").first()
    client.force_login(cast["secretariat"])
    response = client.post(
        f"/meetings/{meeting.pk}/items/{item.pk}/decide/",
        {
            f"item{item.pk}-outcome": "inconclusive",
            f"item{item.pk}-grade": "possible",
            f"item{item.pk}-minutes": "No corroboration.",
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert body.lstrip().startswith(
        f'<li class="agenda-item agenda-row is-decided" id="item-{item.pk}">'
    )
    assert (
        '<span id="undecided-count" hx-swap-oob="true">1 undecided in this meeting</span>' in body
    )
    assert "1 item is undecided" in body


def test_the_minutes_of_a_meeting_still_running_say_what_is_left(
    client, cast, disputed_claims, meeting_in
):
    (claim,) = disputed_claims(1)
    meeting = meeting_in(3)
    client.force_login(cast["secretariat"])
    text = pdf_text(client.get(f"/meetings/{meeting.pk}/minutes.pdf").content)
    assert "Decisions (0)" in text and "Moved or still to decide (1)" in text
    assert claim.reference in text and "Still to decide at this meeting" in text
