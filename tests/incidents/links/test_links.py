"""Linking claims: who may, between which claims, on the trail, and who sees the links."""

import pytest
from django.db import IntegrityError, transaction

from audit.models import AuditEvent
from core.errors import CommonError, ServiceError
from incidents.links.error_codes import LinkError
from incidents.links.models import ClaimLink, LinkSuggestion, SuggestionState
from incidents.links.selectors import links_of
from incidents.links.services import claim_link, claim_unlink, suggestion_dismiss
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(file_at):
    """A PAK claim and the AFG counter-claim of the same event, suggested on submission."""
    return file_at("pak_officer"), file_at("afg_officer")


def code_of(call):
    with pytest.raises(ServiceError) as caught:
        call()
    return caught.value.code


def test_an_assigned_reviewer_links_a_counter_claim(pair, cast):
    pak, afg = pair

    link = claim_link(
        actor=cast["tur_reviewer"], claim=pak, other=afg, kind="same_event", reason="Same shelling."
    )

    assert (link.first_id, link.second_id) == (pak.pk, afg.pk)
    assert LinkSuggestion.objects.get().state == SuggestionState.LINKED
    for claim, other in ((pak, afg), (afg, pak)):
        event = AuditEvent.objects.get(subject_id=claim.pk, action="linked")
        assert event.payload == {
            "other": other.reference,
            "kind": "same_event",
            "reason": "Same shelling.",
        }
    told = set(
        Notification.objects.filter(kind="claims_linked").values_list("user__username", flat=True)
    )
    assert {"pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer"} <= told


@pytest.mark.parametrize(
    ("caller", "code"),
    [
        ("pak_officer", CommonError.PERMISSION_DENIED),
        ("afg_officer", CommonError.PERMISSION_DENIED),
        ("observer", CommonError.PERMISSION_DENIED),
        ("secretariat", None),
        ("tur_reviewer", None),
    ],
)
def test_who_may_link(pair, cast, caller, code):
    pak, afg = pair

    def act():
        return claim_link(actor=cast[caller], claim=afg, other=pak, kind="related", reason="R.")

    if code is None:
        act()
        assert ClaimLink.objects.count() == 1
    else:
        assert code_of(act) == code
        assert not ClaimLink.objects.exists()


def test_a_reviewer_assigned_to_neither_claim_may_not_link(pair, cast, tur_reviewer):
    from tests.factories import UserFactory

    other_reviewer = UserFactory(
        username="tur_second", role="reviewer", cochair=tur_reviewer.cochair
    )
    pak, afg = pair

    assert (
        code_of(
            lambda: claim_link(
                actor=other_reviewer, claim=pak, other=afg, kind="related", reason="R."
            )
        )
        == CommonError.PERMISSION_DENIED
    )


def test_refusals(pair, file_at, cast):
    pak, afg = pair
    another_pak = file_at("pak_officer", hours_ago=12)
    draft = file_at("afg_officer", submit=False)
    tur = cast["tur_reviewer"]

    def link(a, b, kind="same_event", reason="Why."):
        return lambda: claim_link(actor=tur, claim=a, other=b, kind=kind, reason=reason)

    assert code_of(link(pak, pak)) == LinkError.SELF_LINK
    assert code_of(link(pak, another_pak)) == LinkError.LINK_SAME_PARTY
    assert code_of(link(pak, draft)) == LinkError.LINK_NOT_SUBMITTED
    assert code_of(link(pak, afg, reason="  ")) == CommonError.VALIDATION_ERROR
    assert code_of(link(pak, afg, kind="cousin")) == CommonError.VALIDATION_ERROR
    link(pak, another_pak, kind="related")()  # one party's sequence is related
    link(afg, pak)()
    assert code_of(link(pak, afg, kind="related")) == LinkError.LINK_EXISTS
    assert ClaimLink.objects.count() == 2


def test_the_database_keeps_one_row_per_unordered_pair(pair, cast):
    pak, afg = pair
    claim_link(actor=cast["secretariat"], claim=pak, other=afg, kind="related", reason="R.")
    for first, second in ((pak, afg), (afg, pak), (pak, pak)):
        with pytest.raises(IntegrityError), transaction.atomic():
            ClaimLink.objects.create(
                first=first,
                second=second,
                kind="related",
                reason="R.",
                created_by=cast["secretariat"],
            )


def test_removing_a_link_is_audited_and_reopens_its_suggestion(pair, cast):
    pak, afg = pair
    tur = cast["tur_reviewer"]
    claim_link(actor=tur, claim=pak, other=afg, kind="same_event", reason="Same.")

    assert (
        code_of(lambda: claim_unlink(actor=cast["afg_officer"], claim=pak, other=afg, reason="No."))
        == CommonError.PERMISSION_DENIED
    )
    claim_unlink(actor=cast["secretariat"], claim=afg, other=pak, reason="Two shellings, not one.")

    assert not ClaimLink.objects.exists()
    assert LinkSuggestion.objects.get().state == SuggestionState.OPEN
    assert AuditEvent.objects.filter(action="unlinked").count() == 2
    assert (
        code_of(lambda: claim_unlink(actor=tur, claim=pak, other=afg, reason="Again."))
        == LinkError.LINK_NOT_FOUND
    )


def test_dismissing_a_suggestion(pair, cast):
    pak, afg = pair
    tur = cast["tur_reviewer"]

    assert (
        code_of(lambda: suggestion_dismiss(actor=tur, claim=pak, other=afg, reason=""))
        == CommonError.VALIDATION_ERROR
    )
    suggestion_dismiss(actor=tur, claim=pak, other=afg, reason="Different villages.")

    suggestion = LinkSuggestion.objects.get()
    assert (suggestion.state, suggestion.decided_by, suggestion.reason) == (
        SuggestionState.DISMISSED,
        tur,
        "Different villages.",
    )
    assert AuditEvent.objects.filter(action="suggestion_dismissed").count() == 2
    assert (
        code_of(lambda: suggestion_dismiss(actor=tur, claim=pak, other=afg, reason="Again."))
        == LinkError.SUGGESTION_DECIDED
    )


@pytest.mark.parametrize(
    ("caller", "sees"),
    [
        ("pak_officer", True),
        ("afg_officer", True),
        ("tur_reviewer", True),
        ("secretariat", True),
        ("observer", False),  # neither claim is decided yet
    ],
)
def test_both_parties_see_a_link_between_claims_they_see(pair, cast, caller, sees):
    pak, afg = pair
    claim_link(actor=cast["secretariat"], claim=pak, other=afg, kind="same_event", reason="S.")

    assert bool(list(links_of(user=cast[caller], claim=pak))) is sees


def test_a_link_to_a_claim_the_viewer_cannot_see_is_not_shown(file_claim, file_at, cast):
    """The observer sees decided claims only: a verified claim's link to one still in
    review is not shown to the observer at all."""
    verified = file_claim("verified", by="afg_officer")
    open_claim = file_at("pak_officer")
    other_verified = file_claim("verified", by="pak_officer")
    secretariat = cast["secretariat"]
    claim_link(actor=secretariat, claim=verified, other=open_claim, kind="same_event", reason="S.")
    claim_link(actor=secretariat, claim=verified, other=other_verified, kind="related", reason="R.")

    shown = [link.other(verified) for link in links_of(user=cast["observer"], claim=verified)]

    assert shown == [other_verified]
    assert len(links_of(user=cast["afg_officer"], claim=verified)) == 2


def test_a_link_event_naming_a_hidden_claim_is_withheld_on_the_trail(file_claim, file_at, cast):
    """The observer sees the verified claim's timeline, but not which hidden claim it was
    linked to, nor why; those who see both claims read the event whole."""
    from verification.selectors import incident_timeline

    verified = file_claim("verified", by="afg_officer")
    in_review = file_at("pak_officer")
    claim_link(
        actor=cast["secretariat"], claim=verified, other=in_review, kind="same_event", reason="S."
    )

    def linked(user):
        (event,) = [e for e in incident_timeline(verified, user=user) if e.action == "linked"]
        return event

    assert linked(cast["observer"]).withheld is True
    for caller in ("pak_officer", "afg_officer", "tur_reviewer", "secretariat"):
        event = linked(cast[caller])
        assert event.withheld is False
        assert event.payload["other"] == in_review.reference
