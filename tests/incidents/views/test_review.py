"""Browser actions on a claim: each role sees only its own, each posts through its service."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from incidents.models import Assignment, Finding, Incident, Reply
from tests.factories import UserFactory
from verification.statuses import Status

ACTIONS = {
    "edit": "/edit/",
    "submit": "/submit/",
    "amend": "/amend/",
    "reply": "/reply/",
    "finding": "/finding/",
    "assign": "/assign/",
    "withdraw": "/withdraw/",
    "evidence": "/evidence/",
    "appeal": "/appeal/",
}

# Which action links/forms each role gets on a claim in each state.
MATRIX = [
    ("draft", "pak_officer", {"edit", "submit", "withdraw", "evidence"}),
    ("draft", "secretariat", set()),
    ("under_review", "pak_officer", {"amend", "withdraw", "evidence"}),
    ("under_review", "afg_officer", {"reply", "evidence"}),
    # The finding form waits for the accused party's reply (or its window's close).
    ("under_review", "tur_reviewer", set()),
    ("under_review", "qat_reviewer", set()),
    ("replied", "afg_officer", {"evidence"}),
    ("replied", "tur_reviewer", {"finding"}),
    ("replied", "qat_reviewer", {"finding"}),
    ("under_review", "secretariat", {"assign"}),
    ("one_finding", "pak_officer", {"amend", "evidence"}),
    ("one_finding", "tur_reviewer", set()),
    ("one_finding", "qat_reviewer", {"finding"}),
    ("disputed", "secretariat", {"assign"}),
    ("verified", "pak_officer", {"evidence"}),
    ("verified", "afg_officer", {"appeal"}),  # the party the finding went against
    ("verified", "tur_reviewer", set()),
    ("verified", "observer", set()),
]


def claim_url(claim, suffix=""):
    return f"/claims/{claim.reference}/{suffix.lstrip('/')}"


@pytest.mark.parametrize(("state", "viewer", "expected"), MATRIX)
def test_each_role_sees_only_its_own_actions(client, file_claim, cast, state, viewer, expected):
    claim = file_claim(state)
    client.force_login(cast[viewer])
    body = client.get(claim_url(claim)).content.decode()
    shown = {name for name, suffix in ACTIONS.items() if claim_url(claim, suffix) in body}
    assert shown == expected


@pytest.mark.parametrize(
    ("viewer", "suffix", "data"),
    [
        ("afg_officer", "withdraw/", {"reason": "x"}),
        ("pak_officer", "reply/", {"position": "denies", "narrative": "x"}),
        (
            "secretariat",
            "finding/",
            {"outcome": "verified", "grade": "confirmed", "reasoning": "x"},
        ),
        ("tur_reviewer", "assign/", {}),
        ("observer", "finding/", {"outcome": "verified", "grade": "confirmed", "reasoning": "x"}),
    ],
)
def test_a_hidden_action_is_also_refused(client, file_claim, cast, viewer, suffix, data):
    claim = file_claim("verified" if viewer == "observer" else "under_review")
    client.force_login(cast[viewer])
    assert client.post(claim_url(claim, suffix), data).status_code == 403
    assert not Finding.objects.filter(reviewer=cast[viewer]).exists()


def test_actions_on_an_invisible_claim_are_404(client, file_claim, cast):
    draft = file_claim("draft")
    client.force_login(cast["afg_officer"])
    for suffix in ("submit/", "withdraw/", "amend/", "reply/"):
        assert client.post(claim_url(draft, suffix), {}).status_code == 404


def test_accused_party_replies_once(client, file_claim, cast):
    claim = file_claim("under_review")
    client.force_login(cast["afg_officer"])
    response = client.post(
        claim_url(claim, "reply/"),
        {
            "position": "denies",
            "narrative": "No unit of ours fired.",
            "evidence_visibility": "parties",
        },
    )
    assert response.status_code == 302
    reply = Reply.objects.get(incident=claim)
    assert reply.position == "denies"
    page = client.get(claim_url(claim)).content.decode()
    assert "No unit of ours fired." in page
    assert claim_url(claim, "reply/") not in page  # one reply only


def test_reply_errors_show_on_the_claim_page_and_keep_the_input(client, file_claim, cast):
    claim = file_claim("under_review")
    client.force_login(cast["afg_officer"])
    response = client.post(
        claim_url(claim, "reply/"),
        {"narrative": "Our position, typed.", "evidence_visibility": "parties"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_position_error"' in body
    assert "Our position, typed." in body
    assert not Reply.objects.exists()


def test_a_lapsed_reply_window_is_a_form_error(client, file_claim, cast):
    claim = file_claim("under_review")
    Incident.objects.filter(pk=claim.pk).update(reply_due_at=timezone.now() - timedelta(minutes=1))
    client.force_login(cast["afg_officer"])
    body = client.get(claim_url(claim)).content.decode()
    assert claim_url(claim, "reply/") not in body
    response = client.post(claim_url(claim, "reply/"), {"position": "denies", "narrative": "x"})
    assert response.status_code == 403


def test_findings_are_hidden_from_the_other_cochair_until_both_are_in(client, file_claim, cast):
    claim = file_claim("replied")
    client.force_login(cast["tur_reviewer"])
    response = client.post(
        claim_url(claim, "finding/"),
        {
            "outcome": "verified",
            "grade": "confirmed",
            "intent": "deliberate",
            "reasoning": "Crater analysis by TUR.",
        },
    )
    assert response.status_code == 302
    assert "Crater analysis by TUR." in client.get(claim_url(claim)).content.decode()
    for name in ("qat_reviewer", "pak_officer", "afg_officer"):
        client.force_login(cast[name])
        assert "Crater analysis by TUR." not in client.get(claim_url(claim)).content.decode()
    client.force_login(cast["qat_reviewer"])
    assert "Crater analysis by TUR." not in client.get("/queue/").content.decode()
    client.post(
        claim_url(claim, "finding/"),
        {
            "outcome": "verified",
            "grade": "probable",
            "intent": "deliberate",
            "reasoning": "Imagery by QAT.",
        },
    )
    claim.refresh_from_db()
    assert claim.status == Status.VERIFIED
    client.force_login(cast["afg_officer"])
    body = client.get(claim_url(claim)).content.decode()
    assert "Crater analysis by TUR." in body and "Imagery by QAT." in body


def test_finding_form_errors(client, file_claim, cast):
    claim = file_claim("replied")
    client.force_login(cast["tur_reviewer"])
    response = client.post(claim_url(claim, "finding/"), {"outcome": "verified"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_grade_error"' in body and 'id="id_reasoning_error"' in body


def test_secretariat_overrides_an_assignment(client, file_claim, cast, tur):
    claim = file_claim("under_review")
    other = UserFactory(username="tur_reviewer_2", role=Role.REVIEWER, cochair=tur)
    client.force_login(cast["secretariat"])
    page = client.get(claim_url(claim)).content.decode()
    assert "tur_reviewer_2" in page
    response = client.post(claim_url(claim, "assign/"), {f"reviewer_{tur.pk}": other.pk})
    assert response.status_code == 302
    assert (
        Assignment.objects.get(incident=claim, cochair=tur, ended_at__isnull=True).reviewer == other
    )


def test_an_override_after_the_cochairs_finding_is_a_form_error(client, file_claim, cast, tur):
    claim = file_claim("one_finding")
    other = UserFactory(username="tur_reviewer_2", role=Role.REVIEWER, cochair=tur)
    client.force_login(cast["secretariat"])
    response = client.post(claim_url(claim, "assign/"), {f"reviewer_{tur.pk}": other.pk})
    assert response.status_code == 400
    assert "finding is already recorded" in response.content.decode()


def test_withdraw(client, file_claim, cast):
    claim = file_claim("under_review")
    client.force_login(cast["pak_officer"])
    response = client.post(claim_url(claim, "withdraw/"), {"reason": "Filed twice."})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.WITHDRAWN
    assert "Filed twice." in client.get(claim_url(claim)).content.decode()


def test_amend_keeps_the_old_text_and_refuses_an_empty_change(client, file_claim, cast):
    claim = file_claim("under_review")
    client.force_login(cast["pak_officer"])
    page = client.get(claim_url(claim, "amend/"))
    assert page.status_code == 200
    form = page.context["form"]
    data = {
        name: (field.value() if field.value() is not None else "")
        for name, field in ((n, form[n]) for n in form.fields)
    }
    data["occurred_at"] = claim.occurred_at.strftime("%Y-%m-%dT%H:%M")
    data["reason"] = "Nothing, really."
    response = client.post(claim_url(claim, "amend/"), data)
    assert response.status_code == 400
    assert "The amendment changes nothing." in response.content.decode()

    data.update(narrative="Two rounds, not one.", reason="Post report received.")
    response = client.post(claim_url(claim, "amend/"), data)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.narrative == "Two rounds, not one." and claim.version == 2
    assert claim.revisions.get().previous_content["narrative"].startswith("Mortar rounds")


def test_submit_confirmation_page(client, file_claim, cast):
    draft = file_claim("draft")
    client.force_login(cast["pak_officer"])
    page = client.get(claim_url(draft, "submit/"))
    assert b"freezes its content" in page.content
    client.post(claim_url(draft, "submit/"))
    draft.refresh_from_db()
    assert draft.status == Status.UNDER_REVIEW
    assert client.get(claim_url(draft, "submit/")).status_code == 403


def test_notifications_link_to_their_claim(client, file_claim, cast):
    claim = file_claim("under_review")
    client.force_login(cast["afg_officer"])
    body = client.get("/notifications/").content.decode()
    links = re.findall(r'href="(/notifications/[0-9]+/)"', body)
    assert links
    assert client.get(links[0])["Location"] == f"/claims/{claim.reference}/"


def test_amending_keeps_a_replaced_category_version(client, file_claim, cast, category):
    from incidents.services import category_new_version

    claim = file_claim("under_review")
    category_new_version(category=category, label="Cross-border fire (revised)")
    client.force_login(cast["pak_officer"])
    form = client.get(claim_url(claim, "amend/")).context["form"]
    assert form["category"].value() == category.pk
    data = {n: (form[n].value() if form[n].value() is not None else "") for n in form.fields}
    data.update(
        occurred_at=claim.occurred_at.strftime("%Y-%m-%dT%H:%M"),
        narrative="Three rounds.",
        reason="Recount.",
    )
    assert client.post(claim_url(claim, "amend/"), data).status_code == 302
    claim.refresh_from_db()
    assert claim.category_id == category.pk
    assert claim.revisions.get().changed_fields == ["narrative"]


def test_the_timeline_does_not_say_which_cochair_recorded_first(client, file_claim, cast):
    claim = file_claim("one_finding")  # Türkiye's finding is in
    client.force_login(cast["qat_reviewer"])
    body = client.get(claim_url(claim)).content.decode()
    timeline = body[body.index('id="timeline"') :]
    assert "A co-chair&#x27;s finding recorded" in timeline
    assert "tur_reviewer" not in timeline


def test_the_timeline_names_each_cochairs_reviewer_to_those_who_may_see_the_finding(
    client, file_claim, cast
):
    claim = file_claim("one_finding")  # Türkiye's finding is in
    for viewer in ("tur_reviewer", "secretariat"):
        client.force_login(cast[viewer])
        body = client.get(claim_url(claim)).content.decode()
        assert "by tur_reviewer" in body[body.index('id="timeline"') :]
    record_finding = claim_url(claim, "finding/")
    client.force_login(cast["qat_reviewer"])
    data = {
        "outcome": "verified",
        "grade": "probable",
        "intent": "deliberate",
        "reasoning": "Crater analysis.",
    }
    assert client.post(record_finding, data).status_code == 302
    client.force_login(cast["afg_officer"])
    body = client.get(claim_url(claim)).content.decode()
    timeline = body[body.index('id="timeline"') :]
    assert "by tur_reviewer" in timeline and "by qat_reviewer" in timeline


# --- the right of reply first, and intent ---------------------------------------------------


def test_the_claim_page_and_the_queue_say_from_when_a_finding_can_be_recorded(
    client, file_claim, cast
):
    claim = file_claim("under_review")
    client.force_login(cast["tur_reviewer"])
    page = client.get(claim_url(claim)).content.decode()
    assert "A finding can be recorded from" in page
    assert f'datetime="{claim.reply_due_at.isoformat()}"' in page
    assert 'id="finding"' not in page
    queue = client.get("/queue/").content.decode()
    assert claim.reference in queue and "Reply filed" not in queue
    assert f'data-countdown="{claim.reply_due_at.isoformat()}"' in queue

    client.force_login(cast["afg_officer"])
    replied = client.post(
        claim_url(claim, "reply/"),
        {"position": "denies", "narrative": "Not us.", "evidence_visibility": "parties"},
    )
    assert replied.status_code == 302
    client.force_login(cast["tur_reviewer"])
    page = client.get(claim_url(claim)).content.decode()
    assert "A finding can be recorded now: the reply is in." in page
    queue = client.get("/queue/").content.decode()
    assert "Reply filed" in queue  # the countdown stops
    assert f'data-countdown="{claim.reply_due_at.isoformat()}"' not in queue


def test_an_early_finding_from_the_page_is_refused(client, file_claim, cast):
    claim = file_claim("under_review")
    client.force_login(cast["tur_reviewer"])
    response = client.post(
        claim_url(claim, "finding/"),
        {"outcome": "inconclusive", "grade": "possible", "reasoning": "Too early."},
    )
    assert response.status_code == 403
    assert not Finding.objects.filter(incident=claim).exists()


def test_a_decided_claim_no_longer_says_the_party_may_reply(client, file_claim, cast, tur, qat):
    claim = file_claim("under_review")
    with time_machine.travel(claim.reply_due_at + timedelta(seconds=1), tick=False):
        for name in ("tur_reviewer", "qat_reviewer"):
            client.force_login(cast[name])
            client.post(
                claim_url(claim, "finding/"),
                {"outcome": "not_verified", "grade": "possible", "reasoning": "No trace."},
            )
    claim.refresh_from_db()
    assert claim.status == Status.NOT_VERIFIED
    client.force_login(cast["pak_officer"])
    page = client.get(claim_url(claim)).content.decode()
    assert "may reply until" not in page
    assert "No reply was filed before the claim was decided." in page


def test_the_finding_form_asks_an_intent_when_verified(client, file_claim, cast):
    claim = file_claim("replied")
    client.force_login(cast["tur_reviewer"])
    assert 'name="intent"' in client.get(claim_url(claim)).content.decode()
    response = client.post(
        claim_url(claim, "finding/"),
        {"outcome": "verified", "grade": "probable", "reasoning": "Crater analysis."},
    )
    assert response.status_code == 400
    assert 'id="id_intent_error"' in response.content.decode()
    assert not Finding.objects.filter(incident=claim).exists()


def test_both_intents_are_shown_side_by_side_and_a_difference_marked(client, file_claim, cast):
    claim = file_claim("replied")
    for name, intent in (("tur_reviewer", "deliberate"), ("qat_reviewer", "accidental")):
        client.force_login(cast[name])
        response = client.post(
            claim_url(claim, "finding/"),
            {"outcome": "verified", "grade": "probable", "intent": intent, "reasoning": "Seen."},
        )
        assert response.status_code == 302
        if name == "tur_reviewer":
            client.force_login(cast["afg_officer"])
            assert 'data-testid="intents"' not in client.get(claim_url(claim)).content.decode()
    claim.refresh_from_db()
    assert (claim.status, claim.intent) == (Status.VERIFIED, "differing")
    client.force_login(cast["observer"])
    page = client.get(claim_url(claim)).content.decode()
    assert 'data-testid="intents"' in page
    assert "Deliberate" in page and "Accidental" in page
    assert 'data-testid="intents-differ"' in page
    assert "Outcome: <strong>Verified</strong>" in page


def test_agreed_intents_are_not_marked_as_differing(client, file_claim, cast):
    claim = file_claim("verified")  # both co-chairs: deliberate
    client.force_login(cast["observer"])
    page = client.get(claim_url(claim)).content.decode()
    assert 'data-testid="intents"' in page
    assert 'data-testid="intents-differ"' not in page
