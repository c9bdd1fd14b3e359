"""The claim page's links and suggestions, the link / unlink / dismiss forms, and the
page that shows the claims of one event side by side."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.links.models import ClaimLink, LinkSuggestion, SuggestionState
from incidents.links.services import claim_link
from verification.services import review_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(file_at):
    return file_at("pak_officer"), file_at("afg_officer")


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_a_reviewer_sees_the_suggestion_and_links_it(client, pair, cast):
    pak, afg = pair
    html = page(client, cast["tur_reviewer"], f"/claims/{pak.reference}/").content.decode()
    assert 'data-testid="suggestion"' in html and afg.reference in html

    response = client.post(
        f"/claims/{pak.reference}/links/",
        {"other": afg.reference, "kind": "same_event", "reason": "One exchange of fire."},
    )

    assert response.status_code == 302
    assert ClaimLink.objects.get().kind == "same_event"
    html = client.get(f"/claims/{pak.reference}/").content.decode()
    assert 'data-testid="claim-link"' in html and 'data-testid="suggestion"' not in html
    assert f"/claims/{pak.reference}/same-event/" in html


@pytest.mark.parametrize("caller", ["pak_officer", "afg_officer"])
def test_parties_see_links_but_no_suggestions_or_forms(client, pair, cast, caller):
    pak, afg = pair
    claim_link(actor=cast["secretariat"], claim=pak, other=afg, kind="same_event", reason="S.")
    LinkSuggestion.objects.update(state=SuggestionState.OPEN, decided_at=None, decided_by=None)

    html = page(client, cast[caller], f"/claims/{afg.reference}/").content.decode()

    assert 'data-testid="claim-link"' in html and pak.reference in html
    assert 'data-testid="suggestion"' not in html
    assert "Link another claim" not in html
    denied = client.post(
        f"/claims/{afg.reference}/links/",
        {"other": pak.reference, "kind": "related", "reason": "R."},
    )
    assert denied.status_code == 403


def test_a_refused_link_shows_its_reason_on_the_page(client, pair, file_at, cast):
    pak, _ = pair
    another_pak = file_at("pak_officer", hours_ago=3)
    client.force_login(cast["tur_reviewer"])

    response = client.post(
        f"/claims/{pak.reference}/links/",
        {"other": another_pak.reference, "kind": "same_event", "reason": "Same."},
    )

    assert response.status_code == 400
    assert "link claims of one party as related" in response.content.decode()
    assert not ClaimLink.objects.exists()


def test_unlink_and_dismiss_from_the_page(client, pair, cast):
    pak, afg = pair
    client.force_login(cast["qat_reviewer"])

    assert (
        client.post(f"/claims/{pak.reference}/suggestions/{afg.reference}/dismiss/", {}).status_code
        == 400
    )
    dismissed = client.post(
        f"/claims/{pak.reference}/suggestions/{afg.reference}/dismiss/", {"reason": "Two events."}
    )
    assert dismissed.status_code == 302
    assert LinkSuggestion.objects.get().state == SuggestionState.DISMISSED

    claim_link(actor=cast["secretariat"], claim=pak, other=afg, kind="related", reason="R.")
    removed = client.post(
        f"/claims/{afg.reference}/links/{pak.reference}/remove/", {"reason": "Not related."}
    )
    assert removed.status_code == 302
    assert not ClaimLink.objects.exists()


def test_the_side_by_side_page_shows_both_accounts(client, pair, cast):
    pak, afg = pair
    review_reply(
        actor=cast["pak_officer"], record=afg, position="denies", narrative="Not our fire."
    )
    # Both replies in: each claim's finding may be recorded (the right of reply first).
    review_reply(
        actor=cast["afg_officer"], record=pak, position="denies", narrative="Nor was ours."
    )
    claim_link(actor=cast["secretariat"], claim=pak, other=afg, kind="same_event", reason="S.")

    response = page(client, cast["tur_reviewer"], f"/claims/{pak.reference}/same-event/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="side-by-side-claim"') == 2
    assert "Fire from the other side (pak_officer)." in html
    assert "Fire from the other side (afg_officer)." in html
    assert "Not our fire." in html
    # each claim keeps its own finding form
    assert (
        f"/claims/{pak.reference}/#finding" in html and f"/claims/{afg.reference}/#finding" in html
    )


def test_the_side_by_side_page_is_404_where_the_claim_is_hidden(client, pair, cast):
    pak, afg = pair
    claim_link(actor=cast["secretariat"], claim=pak, other=afg, kind="same_event", reason="S.")

    assert page(client, cast["observer"], f"/claims/{pak.reference}/same-event/").status_code == 404


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_claim_page_makes_as_many_queries_with_three_links_as_with_one(client, file_at, cast):
    pak = file_at("pak_officer")
    secretariat = cast["secretariat"]
    first = file_at("afg_officer", hours_ago=1)
    claim_link(actor=secretariat, claim=pak, other=first, kind="same_event", reason="S.")
    file_at("afg_officer", hours_ago=2)  # an open suggestion
    client.force_login(cast["tur_reviewer"])
    url = f"/claims/{pak.reference}/"
    queries(client, url)
    few = queries(client, url)

    for hours in (3, 4):
        other = file_at("afg_officer", hours_ago=hours)
        claim_link(actor=secretariat, claim=pak, other=other, kind="related", reason="R.")
    file_at("afg_officer", hours_ago=5)
    file_at("afg_officer", hours_ago=7)

    assert queries(client, url) == few


def test_each_claim_side_by_side_costs_the_same_queries(client, file_at, cast):
    pak = file_at("pak_officer")
    client.force_login(cast["tur_reviewer"])
    url = f"/claims/{pak.reference}/same-event/"
    counts = []
    for hours in (1, 2, 3):
        other = file_at("afg_officer", hours_ago=hours)
        claim_link(
            actor=cast["secretariat"], claim=pak, other=other, kind="same_event", reason="S."
        )
        queries(client, url)
        counts.append(queries(client, url))

    assert counts[2] - counts[1] == counts[1] - counts[0]


def test_the_reviewers_queue_lists_open_suggestions_on_its_claims(client, pair, cast):
    pak, afg = pair
    client.force_login(cast["tur_reviewer"])

    html = client.get("/queue/").content.decode()

    assert 'data-testid="queue-suggestions"' in html
    assert pak.reference in html and afg.reference in html
    claim_link(actor=cast["secretariat"], claim=pak, other=afg, kind="related", reason="R.")
    assert "No open suggestion on your claims." in client.get("/queue/").content.decode()
