"""`seed_demo`: the reference data, one user per role, and synthetic claims in bulk."""

import re
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from accounts.models import CoChair, Party, User
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from core import geo
from incidents.models import Category, Evidence, Incident, ReferenceSequence
from incidents.services import incident_create_draft
from verification.statuses import DECIDED_STATUSES, Grade, RecordIntent, Status

PASSWORD = "Seed-demo-pass-4417"
REFERENCE = re.compile(r"^(PAK|AFG)-(\d{4})-(\d{5})$")

DEMO_USERS = {
    # username: role, party code, co-chair code, staff
    "pak_officer": ("officer", "PAK", None, False),
    "afg_officer": ("officer", "AFG", None, False),
    "tur_reviewer": ("reviewer", None, "TUR", False),
    "qat_reviewer": ("reviewer", None, "QAT", False),
    "secretariat": ("secretariat", None, None, True),
    "observer": ("observer", None, None, False),
}


def seed_demo(*args, password=PASSWORD):
    out = StringIO()
    call_command("seed_demo", "--password", password, *args, stdout=out)
    return out.getvalue()


def reference_numbers():
    """{(party code, year): [numbers]} over every claim, checking each reference's shape."""
    numbers = defaultdict(list)
    for reference, party_code, reported_at in Incident.objects.values_list(
        "reference", "reporting_party__code", "reported_at"
    ):
        match = REFERENCE.match(reference)
        assert match, reference
        assert match[1] == party_code, reference
        assert int(match[2]) == reported_at.year, reference
        numbers[(party_code, int(match[2]))].append(int(match[3]))
    return numbers


def assert_references_contiguous():
    numbers = reference_numbers()
    for (code, year), taken in numbers.items():
        assert sorted(taken) == list(range(1, len(taken) + 1)), (code, year)
        assert ReferenceSequence.objects.get(party__code=code, year=year).last == len(taken)
    return numbers


# --- reference data and users ----------------------------------------------------------


def test_creates_parties_cochairs_and_the_taxonomy(db):
    out = seed_demo()
    assert "Reference data: 2 new parties, 2 new co-chairs, 10 new categories" in out
    assert list(Party.objects.values_list("code", flat=True)) == ["AFG", "PAK"]
    assert list(CoChair.objects.values_list("code", flat=True)) == ["QAT", "TUR"]
    assert Category.objects.count() == 10
    assert Category.objects.current().count() == 10
    assert set(Category.objects.values_list("version", flat=True)) == {1}
    assert Category.objects.filter(code="cross_border_fire", label__icontains="shelling").exists()
    pak = Party.objects.get(code="PAK")
    assert pak.min_latitude < pak.max_latitude and pak.min_longitude < pak.max_longitude


def test_creates_one_user_per_role_with_the_right_organisation(db):
    seed_demo()
    assert set(User.objects.values_list("username", flat=True)) == set(DEMO_USERS)
    for username, (role, party, cochair, staff) in DEMO_USERS.items():
        user = User.objects.select_related("party", "cochair").get(username=username)
        assert user.role == role, username
        assert (user.party.code if user.party else None) == party, username
        assert (user.cochair.code if user.cochair else None) == cochair, username
        assert user.is_staff is staff, username
        assert user.is_superuser is False, username
        assert user.is_active is True, username
        assert user.check_password(PASSWORD), username


@pytest.mark.parametrize("username", list(DEMO_USERS))
def test_demo_users_can_sign_in_with_the_given_password(db, client, username):
    seed_demo()
    assert client.login(username=username, password=PASSWORD)
    assert not client.login(username=username, password="wrong-password")


# username: language ("": the browser's), time zone
DEMO_PREFERENCES = {
    "pak_officer": ("ur", "Asia/Karachi"),
    "afg_officer": ("ps", "Asia/Kabul"),
    "tur_reviewer": ("tr", "Europe/Istanbul"),
    "qat_reviewer": ("", "Asia/Qatar"),
    "secretariat": ("", "UTC"),
    "observer": ("", "UTC"),
}


def test_demo_users_read_their_language_and_their_organisations_time(db):
    seed_demo()
    User.objects.update(language="", time_zone="")  # changed since: a new run resets them

    seed_demo()

    assert {u.username: (u.language, u.time_zone) for u in User.objects.all()} == DEMO_PREFERENCES


def test_signing_in_as_the_pakistani_officer_shows_urdu_right_to_left(db, client):
    seed_demo()

    response = client.post(
        "/accounts/login/", {"login": "pak_officer", "password": PASSWORD}, follow=True
    )

    assert '<html lang="ur" dir="rtl">' in response.content.decode()


def test_the_demo_policy_offers_a_second_factor_and_says_so(db, client, settings):
    """The demo's accounts sign in with the password alone, also where a production
    install would require a second factor (the secretariat, the reviewers)."""
    from accounts.models import SecondFactorPolicy, SecondFactorRule
    from tests.accounts.support import default_policy

    settings.SECOND_FACTOR_POLICY_ENFORCED = True
    default_policy()
    assert SecondFactorPolicy.objects.filter(rule=SecondFactorRule.REQUIRED).exists()

    out = seed_demo()

    assert set(SecondFactorPolicy.objects.values_list("rule", flat=True)) == {"offered"}
    assert "Second factor: offered to every role, required of none" in out
    response = client.post("/accounts/login/", {"login": "tur_reviewer", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/claims/").status_code == 200


def test_prints_every_username_and_the_password(db):
    out = seed_demo()
    assert f"Demo users (password: {PASSWORD}):" in out
    listed = {line.split()[0] for line in out.splitlines() if line.startswith("  ")}
    assert listed == set(DEMO_USERS)
    assert re.search(r"^\s+pak_officer\s+Delegation officer\s+Pakistan$", out, re.M)
    assert re.search(r"^\s+tur_reviewer\s+Mediator reviewer\s+Türkiye$", out, re.M)


def test_running_twice_changes_no_counts_and_raises_nothing(db):
    seed_demo()
    out = seed_demo()
    assert (
        "Reference data: 0 new parties, 0 new co-chairs, 0 new categories, 0 new commitment kinds, 0 new urgencies, 0 new penalty measures"
        in out
    )
    assert (Party.objects.count(), CoChair.objects.count()) == (2, 2)
    assert Category.objects.count() == 10
    assert User.objects.count() == 6
    assert Incident.objects.count() == 0
    assert AuditEvent.objects.filter(subject_type="incident").count() == 0


def test_running_again_resets_the_password(db):
    seed_demo()
    seed_demo(password="Second-pass-9913")
    officer = User.objects.get(username="pak_officer")
    assert officer.check_password("Second-pass-9913")
    assert not officer.check_password(PASSWORD)


def test_running_again_keeps_a_category_the_secretariat_changed(db):
    from incidents.services import category_new_version

    seed_demo()
    fire = Category.objects.get(code="cross_border_fire")
    category_new_version(category=fire, label="Cross-border fire (artillery)")
    seed_demo()
    assert Category.objects.count() == 11
    current = Category.objects.current().get(code="cross_border_fire")
    assert (current.version, current.label) == (2, "Cross-border fire (artillery)")


# --- synthetic claims ------------------------------------------------------------------


@pytest.fixture
def seeded(db):
    """300 synthetic claims on top of the reference data and users, as the bulk history
    wrote them (the last step, which runs the review's rules over them, is
    tests/verification/test_demo.py's)."""
    out = seed_demo("--claims", "300", "--no-settle")
    return out


def test_claims_are_added_with_unique_well_formed_references(seeded):
    assert "Added 300 claims" in seeded
    assert Incident.objects.count() == 300
    references = list(Incident.objects.values_list("reference", flat=True))
    assert len(set(references)) == 300
    assert all(REFERENCE.match(r) for r in references)
    assert_references_contiguous()


def test_claims_accuse_the_other_party_and_are_filed_by_its_officer(seeded):
    for claim in Incident.objects.select_related("created_by"):
        assert claim.reporting_party_id != claim.accused_party_id, claim.reference
        assert claim.created_by.party_id == claim.reporting_party_id, claim.reference
        assert claim.created_by.role == "officer", claim.reference
    reporters = set(Incident.objects.values_list("reporting_party__code", flat=True))
    assert reporters == {"PAK", "AFG"}


def test_claims_are_spread_over_the_workflow(seeded):
    statuses = set(Incident.objects.values_list("status", flat=True))
    assert len(statuses) >= 6, statuses
    assert statuses <= set(Status.values)


def test_claim_coordinates_lie_in_the_reporting_or_accused_partys_box(seeded):
    def inside(party, lat, lon):
        return (
            party.min_latitude <= lat <= party.max_latitude
            and party.min_longitude <= lon <= party.max_longitude
        )

    for claim in Incident.objects.select_related("reporting_party", "accused_party"):
        lat, lon = claim.latitude, claim.longitude
        assert isinstance(lat, Decimal)
        assert inside(claim.reporting_party, lat, lon) or inside(claim.accused_party, lat, lon), (
            claim.reference,
            lat,
            lon,
        )


def test_claims_are_consistent_with_their_status(seeded):
    now = timezone.now() + timedelta(seconds=5)
    decided = 0
    for claim in Incident.objects.all():
        assert claim.occurred_at <= claim.reported_at <= now, claim.reference
        if claim.status in DECIDED_STATUSES:
            decided += 1
            assert claim.outcome == claim.status, claim.reference
            assert claim.grade in Grade.values, claim.reference
            assert claim.closed_at is not None, claim.reference
            assert claim.submitted_at is not None and claim.assigned_at is not None
        else:
            assert (claim.outcome, claim.grade) == ("", ""), claim.reference
        if claim.status == Status.DRAFT:
            assert claim.submitted_at is None, claim.reference
        if claim.status in (Status.SUBMITTED, Status.UNDER_REVIEW, Status.DISPUTED):
            assert claim.submitted_at is not None, claim.reference
            assert claim.findings_due_at > claim.submitted_at, claim.reference
    assert decided > 0


def test_seeded_findings_follow_the_right_of_reply(seeded):
    # No reply is seeded: a claim the co-chairs decided or disputed had its reply window
    # closed first, and a decided one closed after that window.
    found = Incident.objects.filter(status__in=[*DECIDED_STATUSES, Status.DISPUTED])
    assert found.exists()
    for claim in found:
        assert claim.reply_due_at < timezone.now(), claim.reference
        if claim.closed_at is not None:
            assert claim.closed_at > claim.reply_due_at, claim.reference


def test_verified_claims_carry_intents_some_differing(seeded):
    intents = list(Incident.objects.filter(status=Status.VERIFIED).values_list("intent", flat=True))
    assert intents and all(i in RecordIntent.values for i in intents)
    assert {"deliberate", "accidental", "differing"} <= set(intents)
    assert not Incident.objects.exclude(status=Status.VERIFIED).exclude(intent="").exists()


def test_each_claim_has_one_imported_audit_event_and_the_chain_verifies(seeded):
    events = list(AuditEvent.objects.filter(action="imported", subject_type="incident"))
    assert len(events) == 300
    # Beside the imports, only the demo evidence's own events (incidents/demo_evidence.py)
    # the demo links' (incidents/links/demo.py), the demo appeals' (mediators/demo.py) and
    # the clocks the demo access denials paused (incidents/denials/demo.py) and the English
    # translations of the demo's Urdu and Pashto narratives (incidents/demo_narratives.py).
    appeals = ("appeal_filed", "placed_on_agenda", "appeal_upheld", "appeal_overturned")
    clocks = ("findings_clock_paused", "findings_clock_resumed")
    assert (
        AuditEvent.objects.filter(subject_type="incident")
        .exclude(action__in=("evidence_added", "linked", "translation_added", *appeals, *clocks))
        .count()
        == 300
    )
    assert AuditEvent.objects.filter(action="evidence_added").count() == Evidence.objects.count()
    claims = {c.pk: c for c in Incident.objects.all()}
    assert sorted(e.subject_id for e in events) == sorted(claims)
    for event in events:
        claim = claims[event.subject_id]
        assert (event.subject_type, event.subject_ref) == ("incident", claim.reference)
        # A finding overturned on appeal changed the claim's status since it was imported.
        if claim.appeal_status != "overturned":
            assert event.to_status == claim.status
        assert event.actor_id == claim.created_by_id
    # The chain also holds the demo's compliance records.
    total = AuditEvent.objects.count()
    report = audit_verify_chain()
    assert (report.ok, report.count) == (True, total)
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert out.getvalue().startswith(f"Audit chain intact: {total} events, head ")


def test_recently_decided_claims_are_appealed_in_each_state(seeded):
    from incidents.appeals.models import Appeal
    from mediators.models import AgendaItem

    assert "appeals of final findings" in seeded
    assert set(Appeal.objects.values_list("status", flat=True)) == {
        "pending",
        "upheld",
        "overturned",
    }
    pending = Appeal.objects.get(status="pending")
    item = AgendaItem.objects.get(incident=pending.incident, reason="appeal")
    assert item.decided_at is None and item.meeting.status == "scheduled"
    for appeal in Appeal.objects.select_related("incident"):
        assert appeal.incident.appeal_status == appeal.status


def test_a_few_demo_photographs_are_analysed_some_recycled_one_misleading(seeded):
    from evidence.models import EvidenceAnalysis, EvidenceMatch

    assert Evidence.objects.count() == 5
    assert EvidenceAnalysis.objects.filter(analysed_at__isnull=False).count() == 5
    report = EvidenceAnalysis.objects.get(content_type="application/pdf")
    assert report.page_count == 2 and report.preview.name.endswith(".png")
    assert EvidenceAnalysis.objects.filter(graphic=True).count() == 1
    # One photograph's position is kept from the other party.
    assert Evidence.objects.filter(location_strip="stripped").count() == 1
    assert set(EvidenceMatch.objects.values_list("kind", flat=True)) == {
        "same_bytes",
        "similar_image",
    }
    assert "Added 4 demo photographs and a report" in seeded
    seed_demo()  # again: nothing added twice
    assert Evidence.objects.count() == 5


def test_seeding_more_claims_continues_the_references(seeded):
    first = set(Incident.objects.values_list("reference", flat=True))
    out = seed_demo("--claims", "50")
    assert "Added 50 claims" in out
    assert Incident.objects.count() == 350
    references = set(Incident.objects.values_list("reference", flat=True))
    assert len(references) == 350
    assert first < references
    assert_references_contiguous()
    assert AuditEvent.objects.filter(action="imported", subject_type="incident").count() == 350
    report = audit_verify_chain()
    assert (report.ok, report.count) == (True, AuditEvent.objects.count())


@pytest.mark.parametrize(("username", "accused"), [("pak_officer", "AFG"), ("afg_officer", "PAK")])
def test_a_real_draft_after_seeding_takes_the_next_reference(seeded, username, accused):
    seed_demo("--claims", "50")
    officer = User.objects.select_related("party").get(username=username)
    taken = reference_numbers()
    year = timezone.now().year
    expected = max(taken.get((officer.party.code, year), [0])) + 1

    draft = incident_create_draft(
        officer=officer,
        data={
            "accused_party": Party.objects.get(code=accused),
            "alleged_actor": "Unidentified armed group",
            "category": Category.objects.current().get(code="cross_border_fire"),
            "occurred_at": timezone.now() - timedelta(hours=3),
            "latitude": Decimal("33.90000"),
            "longitude": Decimal("70.10000"),
            "place_name": "Parachinar",
            "province": "Khyber Pakhtunkhwa",
            "narrative": "Shelling near the border post.",
        },
    )

    assert draft.reference == f"{officer.party.code}-{year}-{expected:05d}"
    assert Incident.objects.filter(reference=draft.reference).count() == 1
    assert Incident.objects.count() == 351
    assert_references_contiguous()
    assert audit_verify_chain().ok


def test_seeded_claims_past_a_deadline_already_carry_its_flag(db):
    from verification.sweep import run_sweep

    seed_demo("--claims", "400")
    flagged = Incident.objects.filter(
        Q(assignment_overdue_at__isnull=False)
        | Q(reply_overdue_at__isnull=False)
        | Q(findings_overdue_at__isnull=False)
    )
    already = flagged.count()
    assert already
    run_sweep(as_of=timezone.now())  # (it may flag the demo's compliance records)
    assert flagged.count() == already


def test_min_claims_tops_up_to_that_many_and_no_further(db):
    seed_demo("--min-claims", "30")
    assert Incident.objects.count() == 30
    seed_demo("--min-claims", "30")
    assert Incident.objects.count() == 30
    seed_demo("--min-claims", "45")
    assert Incident.objects.count() == 45


def test_claims_typed_place_district_and_province_agree_with_their_point(seeded):
    rows = Incident.objects.values_list(
        "reference", "latitude", "longitude", "place_name", "district", "province"
    )
    spread = set()
    for reference, lat, lon, place, district, province in rows:
        found = geo.mismatches(lat, lon, place_name=place, district=district, province=province)
        assert found == [], (reference, found)
        spread.add((lat, lon))
    # Still scattered around the places, not stacked on them.
    assert len(spread) > 200


def test_counter_claims_a_sequence_and_open_suggestions_are_linked(seeded):
    from incidents.links.models import ClaimLink, LinkKind, LinkSuggestion, SuggestionState

    same_event = ClaimLink.objects.filter(kind=LinkKind.SAME_EVENT).select_related(
        "first", "second"
    )
    assert same_event.count() == 3
    for link in same_event:
        assert link.first.reporting_party_id == link.second.accused_party_id
        assert abs(link.first.occurred_at - link.second.occurred_at) < timedelta(hours=1)
    assert ClaimLink.objects.filter(kind=LinkKind.RELATED).count() == 1
    assert LinkSuggestion.objects.filter(state=SuggestionState.OPEN).count() >= 2
    assert AuditEvent.objects.filter(action="linked").count() == 2 * ClaimLink.objects.count()
    seed_demo("--claims", "0")  # again: nothing more
    assert ClaimLink.objects.count() == 4


def test_two_access_denials_one_ended_with_its_clock_extended_one_open(seeded):
    from incidents.denials.models import AccessDenial

    ended = AccessDenial.objects.get(ended_at__isnull=False)
    still_open = AccessDenial.objects.get(ended_at__isnull=True)
    assert ended.incident.findings_paused_at is None
    assert ended.incident.findings_paused_total == ended.ended_at - ended.began_at
    assert still_open.incident.findings_paused_at == still_open.began_at
    assert "Added 2 access denials" in seeded
    seed_demo()  # again: nothing added twice
    assert AccessDenial.objects.count() == 2


def test_some_narratives_are_in_urdu_and_pashto_with_an_english_translation(seeded):
    from translations.models import NarrativeTranslation

    told = {
        c.narrative_language: c
        for c in Incident.objects.filter(narrative_language__in=("ur", "ps")).select_related(
            "reporting_party"
        )
    }
    assert told["ur"].reporting_party.code == "PAK"
    assert told["ps"].reporting_party.code == "AFG"
    assert "مارٹر" in told["ur"].narrative or "مسلح" in told["ur"].narrative
    mixed = Incident.objects.filter(narrative_language__in=("ur", "ps"))
    assert mixed.count() == 4
    assert {c.reporting_party.code for c in mixed} == {"PAK", "AFG"}
    translations = NarrativeTranslation.objects.filter(record_type="incident")
    assert sorted(t.record_id for t in translations) == sorted(c.pk for c in mixed)
    assert {t.language for t in translations} == {"en"}
    for t in translations:
        assert t.translated_by.role in ("secretariat", "reviewer")
        assert AuditEvent.objects.filter(
            action="translation_added", subject_id=t.record_id, actor=t.translated_by
        ).exists()
    # Seeding more claims rewrites no other narrative and adds no other translation.
    seed_demo("--claims", "10")
    assert Incident.objects.filter(narrative_language__in=("ur", "ps")).count() == 4
    assert NarrativeTranslation.objects.count() == 4
