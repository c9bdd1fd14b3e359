"""Who sees which claim, and who may download which evidence: the permission matrix.

The rule (DESIGN "People and roles", selectors.incident_visibility_filter): a party's
drafts, and drafts it withdrew, are its own; from submission on, both parties, both
co-chairs' reviewers and the secretariat see a claim; the secretariat also reads every
draft; observers see decided claims only; anonymous and inactive users see nothing.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Role
from evidence.models import Visibility
from incidents.models import Incident
from incidents.selectors import evidence_can_download, incident_get_visible
from incidents.services import evidence_add
from tests.factories import IncidentFactory, UserFactory
from verification.statuses import Grade, Outcome, Status

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)

NAMED = ["pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer"]
ACTORS = [*NAMED, "anonymous", "inactive_secretariat", "inactive_pak_officer"]

PARTIES_AND_MEDIATORS = frozenset(
    {"pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat"}
)
DECIDED_AUDIENCE = PARTIES_AND_MEDIATORS | {"observer"}

# claim key -> who sees it. Every claim is filed by PAK against AFG unless it says afg_.
VISIBLE_TO = {
    "pak_draft": frozenset({"pak_officer", "secretariat"}),
    "afg_draft": frozenset({"afg_officer", "secretariat"}),
    "pak_draft_withdrawn": frozenset({"pak_officer", "secretariat"}),
    "submitted": PARTIES_AND_MEDIATORS,
    "afg_submitted": PARTIES_AND_MEDIATORS,
    "under_review": PARTIES_AND_MEDIATORS,
    "disputed": PARTIES_AND_MEDIATORS,
    "verified": DECIDED_AUDIENCE,
    "not_verified": DECIDED_AUDIENCE,
    "inconclusive": DECIDED_AUDIENCE,
    "withdrawn_after_submission": PARTIES_AND_MEDIATORS,
}


def claim_fields(key, *, now):
    submitted = {"submitted_at": now - timedelta(days=3)}
    assigned = {**submitted, "assigned_at": now - timedelta(days=2)}

    def decided(outcome):
        return {
            **assigned,
            "status": outcome,
            "outcome": outcome,
            "grade": Grade.PROBABLE,
            "closed_at": now - timedelta(hours=1),
        }

    return {
        "pak_draft": {"status": Status.DRAFT},
        "afg_draft": {"status": Status.DRAFT},
        "pak_draft_withdrawn": {"status": Status.WITHDRAWN, "submitted_at": None},
        "submitted": {"status": Status.SUBMITTED, **submitted},
        "afg_submitted": {"status": Status.SUBMITTED, **submitted},
        "under_review": {"status": Status.UNDER_REVIEW, **assigned},
        "disputed": {"status": Status.DISPUTED, **assigned},
        "verified": decided(Outcome.VERIFIED),
        "not_verified": decided(Outcome.NOT_VERIFIED),
        "inconclusive": decided(Outcome.INCONCLUSIVE),
        "withdrawn_after_submission": {
            "status": Status.WITHDRAWN,
            **submitted,
            "closed_at": now - timedelta(hours=1),
        },
    }[key]


@pytest.fixture
def actors(cast, pak):
    return {
        **cast,
        "anonymous": AnonymousUser(),
        "inactive_secretariat": UserFactory(
            username="inactive_secretariat", role=Role.SECRETARIAT, is_active=False
        ),
        "inactive_pak_officer": UserFactory(
            username="inactive_pak_officer", role=Role.OFFICER, party=pak, is_active=False
        ),
    }


@pytest.fixture
def make_claim(pak, afg, category, pak_officer, afg_officer):
    def make(key):
        afg_files = key.startswith("afg_")
        return IncidentFactory(
            reporting_party=afg if afg_files else pak,
            accused_party=pak if afg_files else afg,
            created_by=afg_officer if afg_files else pak_officer,
            category=category,
            **claim_fields(key, now=timezone.now()),
        )

    return make


@pytest.fixture
def claims(actors, make_claim):
    return {key: make_claim(key) for key in VISIBLE_TO}


def test_matrix_covers_every_status(claims):
    assert {claim.status for claim in claims.values()} == set(Status.values)
    assert claims["pak_draft_withdrawn"].submitted_at is None
    assert claims["withdrawn_after_submission"].submitted_at is not None


@pytest.mark.parametrize("claim_key", list(VISIBLE_TO))
@pytest.mark.parametrize("actor", ACTORS)
def test_visibility_matrix(actor, claim_key, actors, claims):
    user, claim = actors[actor], claims[claim_key]
    expected = actor in VISIBLE_TO[claim_key]

    assert Incident.objects.visible_to(user).filter(pk=claim.pk).exists() is expected
    found = incident_get_visible(user=user, reference=claim.reference)
    assert (found.pk if found else None) == (claim.pk if expected else None)


@pytest.mark.parametrize("actor", ACTORS)
def test_each_actor_sees_exactly_its_claims_and_no_duplicates(actor, actors, claims):
    by_pk = {claim.pk: key for key, claim in claims.items()}
    visible = list(Incident.objects.visible_to(actors[actor]).values_list("pk", flat=True))

    assert len(visible) == len(set(visible))
    assert {by_pk[pk] for pk in visible} == {
        key for key, audience in VISIBLE_TO.items() if actor in audience
    }


# --- evidence -----------------------------------------------------------------------

MEDIATORS_ONLY_AUDIENCE = frozenset({"pak_officer", "tur_reviewer", "qat_reviewer", "secretariat"})
DOWNLOAD_CASES = [
    # (evidence visibility, claim key, who may download)
    (Visibility.PARTIES, "submitted", PARTIES_AND_MEDIATORS),
    (Visibility.PARTIES, "verified", DECIDED_AUDIENCE),
    (Visibility.MEDIATORS_ONLY, "submitted", MEDIATORS_ONLY_AUDIENCE),
    (Visibility.MEDIATORS_ONLY, "verified", MEDIATORS_ONLY_AUDIENCE),
]


@pytest.fixture
def add_evidence(media_root, pak_officer):
    def add(claim, visibility):
        upload = SimpleUploadedFile("photo.png", PNG_1X1, content_type="image/png")
        return evidence_add(user=pak_officer, incident=claim, upload=upload, visibility=visibility)

    return add


@pytest.mark.parametrize("actor", NAMED)
@pytest.mark.parametrize(
    ("visibility", "claim_key", "audience"),
    DOWNLOAD_CASES,
    ids=[f"{v}-{k}" for v, k, _ in DOWNLOAD_CASES],
)
def test_evidence_download_matrix(
    actor, visibility, claim_key, audience, actors, make_claim, add_evidence
):
    evidence = add_evidence(make_claim(claim_key), visibility)

    assert evidence_can_download(user=actors[actor], evidence=evidence) is (actor in audience)


@pytest.mark.parametrize(
    ("actor", "claim_key", "visibility"),
    [
        ("anonymous", "submitted", Visibility.PARTIES),
        ("inactive_secretariat", "submitted", Visibility.MEDIATORS_ONLY),
        ("inactive_pak_officer", "submitted", Visibility.PARTIES),
        ("afg_officer", "pak_draft", Visibility.PARTIES),
        ("tur_reviewer", "pak_draft", Visibility.PARTIES),
        ("qat_reviewer", "pak_draft", Visibility.MEDIATORS_ONLY),
    ],
)
def test_evidence_of_a_claim_the_user_cannot_see_is_not_downloadable(
    actor, claim_key, visibility, actors, make_claim, add_evidence
):
    evidence = add_evidence(make_claim(claim_key), visibility)

    assert evidence_can_download(user=actors[actor], evidence=evidence) is False
