"""Filing and editing drafts, references, and category versions (incidents/services.py)."""

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, connection, transaction
from django.db.models import CheckConstraint
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from core.errors import CommonError, ServiceError
from incidents.models import Category, Incident, ReferenceSequence
from incidents.models.claim import CASUALTY_FIELDS
from incidents.services import (
    category_new_version,
    incident_create_draft,
    incident_update_draft,
    next_reference,
)
from tests.factories import IncidentFactory, UserFactory
from verification.statuses import Status

FILED_ON = datetime(2025, 11, 5, 9, 30, tzinfo=UTC)


def assert_nothing_written():
    assert Incident.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert ReferenceSequence.objects.count() == 0


# --- incident_create_draft ----------------------------------------------------------


def test_create_draft_files_for_the_officers_own_party(pak_officer, pak, afg, claim_data):
    incident = incident_create_draft(officer=pak_officer, data=claim_data())

    stored = Incident.objects.get(pk=incident.pk)
    assert stored.reporting_party == pak
    assert stored.accused_party == afg
    assert stored.created_by == pak_officer
    assert stored.status == Status.DRAFT
    assert stored.submitted_at is None
    assert stored.version == 1
    assert stored.narrative == "Mortar rounds landed near the crossing at dawn."
    assert stored.killed_civilian_high == 2


def test_other_party_files_under_its_own_code(afg_officer, afg, pak, claim_data, time_machine):
    time_machine.move_to(FILED_ON)

    incident = incident_create_draft(
        officer=afg_officer,
        data=claim_data(accused_party=pak, latitude=Decimal("34.52800")),
    )

    assert incident.reporting_party == afg
    assert incident.accused_party == pak
    assert incident.reference == "AFG-2025-00001"


def test_reference_is_party_year_and_a_five_digit_sequence(pak_officer, claim_data, time_machine):
    time_machine.move_to(FILED_ON)

    first = incident_create_draft(officer=pak_officer, data=claim_data())
    second = incident_create_draft(officer=pak_officer, data=claim_data())

    assert (first.reference, second.reference) == ("PAK-2025-00001", "PAK-2025-00002")
    assert ReferenceSequence.objects.get().last == 2


def test_reference_sequence_restarts_each_year(pak_officer, claim_data, time_machine):
    time_machine.move_to(FILED_ON)
    incident_create_draft(officer=pak_officer, data=claim_data())
    time_machine.move_to(datetime(2026, 1, 2, 8, 0, tzinfo=UTC))

    incident = incident_create_draft(officer=pak_officer, data=claim_data())

    assert incident.reference == "PAK-2026-00001"


def test_create_draft_writes_one_created_audit_event(pak_officer, claim_data):
    incident = incident_create_draft(officer=pak_officer, data=claim_data())

    event = AuditEvent.objects.get()
    assert event.action == "created"
    assert event.actor_id == pak_officer.pk
    assert (event.subject_type, event.subject_id) == ("incident", incident.pk)
    assert event.subject_ref == incident.reference
    assert (event.from_status, event.to_status) == ("", Status.DRAFT)
    assert audit_verify_chain().ok


@pytest.mark.parametrize(
    "actor", ["tur_reviewer", "qat_reviewer", "secretariat", "observer", "anonymous"]
)
def test_only_officers_create_drafts(actor, cast, claim_data):
    user = AnonymousUser() if actor == "anonymous" else cast[actor]

    with pytest.raises(ServiceError) as caught:
        incident_create_draft(officer=user, data=claim_data())

    assert caught.value.code == CommonError.PERMISSION_DENIED
    assert_nothing_written()


INVALID_INPUTS = [
    pytest.param(
        lambda pak, afg: {"accused_party": pak}, "accused_party", id="accused-is-reporter"
    ),
    pytest.param(
        lambda pak, afg: {"latitude": Decimal("10.00000"), "longitude": Decimal("10.00000")},
        "latitude",
        id="outside-both-regions",
    ),
    pytest.param(
        lambda pak, afg: {"latitude": Decimal("95.00000")}, "latitude", id="latitude-off-earth"
    ),
    pytest.param(
        lambda pak, afg: {"longitude": Decimal("181.00000")}, "longitude", id="longitude-off-earth"
    ),
    pytest.param(
        lambda pak, afg: {"occurred_at": timezone.now() + timedelta(hours=2)},
        "occurred_at",
        id="occurred-in-future",
    ),
    *(
        pytest.param(
            lambda pak, afg, name=name: {f"{name}_low": 5, f"{name}_high": 2},
            f"{name}_high",
            id=f"{name}-low-above-high",
        )
        for name in ("killed_civilian", "killed_security", "injured_civilian", "injured_security")
    ),
    pytest.param(
        lambda pak, afg: {"time_precision": "month"}, "time_precision", id="unknown-precision"
    ),
    pytest.param(lambda pak, afg: {"status": Status.VERIFIED}, "status", id="unknown-field-status"),
    pytest.param(
        lambda pak, afg: {"reporting_party": afg}, "reporting_party", id="reporting-party-given"
    ),
    pytest.param(lambda pak, afg: {"reference": "PAK-2025-99999"}, "reference", id="reference"),
    pytest.param(lambda pak, afg: {"created_by_id": 1}, "created_by_id", id="created-by"),
]


@pytest.mark.parametrize(("overrides", "field"), INVALID_INPUTS)
def test_invalid_input_is_refused_with_its_field_and_writes_nothing(
    overrides, field, pak_officer, pak, afg, claim_data
):
    with pytest.raises(ServiceError) as caught:
        incident_create_draft(officer=pak_officer, data=claim_data(**overrides(pak, afg)))

    assert caught.value.code == CommonError.VALIDATION_ERROR
    assert field in caught.value.fields
    assert_nothing_written()


# What the filer's input can break is refused field by field above; the rest bind the
# workflow's columns, which only services write. A new constraint is placed in one or
# the other here: the database enforces them all, Python's validation no longer asks it.
FILER_CONSTRAINTS = {
    "incident_parties_differ",
    "incident_coordinates_on_earth",
    *(f"incident_{name}_low_le_high" for name in CASUALTY_FIELDS),
}
WORKFLOW_CONSTRAINTS = {
    "incident_status_valid",
    "incident_submitted_has_time",
    "incident_decided_has_outcome",
    "incident_intent_only_when_verified",
    "incident_appeal_status_valid",
    "incident_appeal_on_final_finding",
}


def test_every_constraint_of_a_claim_is_checked_by_field_or_binds_the_workflow():
    names = {
        c.name % {"class": "incident"}
        for c in Incident._meta.constraints
        if isinstance(c, CheckConstraint)
    }

    assert names == FILER_CONSTRAINTS | WORKFLOW_CONSTRAINTS


def test_filing_asks_the_database_no_constraint(pak_officer, claim_data):
    with CaptureQueriesContext(connection) as queries:
        incident_create_draft(officer=pak_officer, data=claim_data())

    assert not [q for q in queries.captured_queries if "_check" in q["sql"]]
    assert len(queries.captured_queries) <= 17


REQUIRED = [
    "accused_party",
    "alleged_actor",
    "category",
    "occurred_at",
    "latitude",
    "longitude",
    "place_name",
    "province",
    "narrative",
]


@pytest.mark.parametrize("field", REQUIRED)
def test_missing_required_field_is_refused_and_writes_nothing(field, pak_officer, claim_data):
    with pytest.raises(ServiceError) as caught:
        incident_create_draft(officer=pak_officer, data=claim_data(without=[field]))

    assert caught.value.code == CommonError.VALIDATION_ERROR
    assert field in caught.value.fields
    assert_nothing_written()


def test_narrative_of_exactly_the_maximum_length_is_accepted(pak_officer, claim_data):
    incident = incident_create_draft(officer=pak_officer, data=claim_data(narrative="x" * 20000))

    assert len(Incident.objects.get(pk=incident.pk).narrative) == 20000


@pytest.mark.parametrize(("field", "limit"), [("narrative", 20000), ("sources", 5000)])
def test_over_long_text_is_refused_and_writes_nothing(field, limit, pak_officer, claim_data):
    with pytest.raises(ServiceError) as caught:
        incident_create_draft(officer=pak_officer, data=claim_data(**{field: "x" * (limit + 1)}))

    assert caught.value.code == CommonError.VALIDATION_ERROR
    assert field in caught.value.fields
    assert_nothing_written()


# --- incident_update_draft ----------------------------------------------------------


@pytest.fixture
def pak_draft(pak_officer, claim_data):
    return incident_create_draft(officer=pak_officer, data=claim_data())


def draft_edits():
    return AuditEvent.objects.filter(action="draft_edited")


def test_own_draft_edit_bumps_version_and_is_audited(pak_officer, pak_draft):
    updated = incident_update_draft(
        officer=pak_officer,
        incident=pak_draft,
        data={"narrative": "Corrected: two mortar rounds.", "killed_civilian_high": 3},
        expected_version=1,
    )

    stored = Incident.objects.get(pk=pak_draft.pk)
    assert updated.version == stored.version == 2
    assert stored.narrative == "Corrected: two mortar rounds."
    assert stored.killed_civilian_high == 3
    event = draft_edits().get()
    assert event.actor_id == pak_officer.pk
    assert event.subject_ref == pak_draft.reference
    assert (event.from_status, event.to_status) == (Status.DRAFT, Status.DRAFT)
    assert event.payload == {"fields": ["killed_civilian_high", "narrative"]}


def test_a_colleague_from_the_same_party_may_edit_the_draft(pak, pak_draft):
    colleague = UserFactory(username="pak_officer_2", role=Role.OFFICER, party=pak)

    incident_update_draft(officer=colleague, incident=pak_draft, data={"place_name": "Landi Kotal"})

    stored = Incident.objects.get(pk=pak_draft.pk)
    assert (stored.place_name, stored.version) == ("Landi Kotal", 2)


def test_unchanged_data_neither_bumps_nor_audits(pak_officer, pak_draft):
    incident_update_draft(
        officer=pak_officer, incident=pak_draft, data={"place_name": pak_draft.place_name}
    )

    assert Incident.objects.get(pk=pak_draft.pk).version == 1
    assert not draft_edits().exists()


def test_other_party_cannot_edit_the_draft(afg_officer, pak_draft):
    with pytest.raises(ServiceError) as caught:
        incident_update_draft(officer=afg_officer, incident=pak_draft, data={"narrative": "x"})

    assert caught.value.code == CommonError.NOT_YOUR_PARTY
    stored = Incident.objects.get(pk=pak_draft.pk)
    assert (stored.version, stored.narrative) == (1, pak_draft.narrative)
    assert not draft_edits().exists()


@pytest.mark.parametrize("actor", ["tur_reviewer", "secretariat", "observer"])
def test_non_officers_cannot_edit_drafts(actor, cast, pak_draft):
    with pytest.raises(ServiceError) as caught:
        incident_update_draft(officer=cast[actor], incident=pak_draft, data={"narrative": "x"})

    assert caught.value.code == CommonError.PERMISSION_DENIED
    assert Incident.objects.get(pk=pak_draft.pk).version == 1


@pytest.mark.parametrize(
    ("status", "submitted"),
    [
        pytest.param(Status.SUBMITTED, True, id="submitted"),
        pytest.param(Status.WITHDRAWN, False, id="withdrawn-draft"),
    ],
)
def test_only_drafts_can_be_edited(status, submitted, pak_officer, category):
    claim = IncidentFactory(
        category=category,
        created_by=pak_officer,
        status=status,
        submitted_at=timezone.now() - timedelta(hours=1) if submitted else None,
    )

    with pytest.raises(ServiceError) as caught:
        incident_update_draft(officer=pak_officer, incident=claim, data={"narrative": "x"})

    assert caught.value.code == CommonError.ILLEGAL_TRANSITION
    stored = Incident.objects.get(pk=claim.pk)
    assert (stored.version, stored.narrative) == (1, claim.narrative)
    assert not draft_edits().exists()


def test_stale_expected_version_is_refused(pak_officer, pak_draft):
    incident_update_draft(officer=pak_officer, incident=pak_draft, data={"narrative": "First."})

    with pytest.raises(ServiceError) as caught:
        incident_update_draft(
            officer=pak_officer,
            incident=pak_draft,
            data={"narrative": "Second."},
            expected_version=1,
        )

    assert caught.value.code == CommonError.STALE_VERSION
    stored = Incident.objects.get(pk=pak_draft.pk)
    assert (stored.version, stored.narrative) == (2, "First.")
    assert draft_edits().count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"occurred_at": "future"}, "occurred_at", id="future"),
        pytest.param({"reporting_party": "afg"}, "reporting_party", id="reporting-party"),
        pytest.param({"killed_security_low": 9}, "killed_security_high", id="low-above-high"),
    ],
)
def test_invalid_edit_is_refused_and_leaves_the_draft(data, field, pak_officer, afg, pak_draft):
    resolved = {
        "future": timezone.now() + timedelta(days=1),
        "afg": afg,
    }
    data = {key: resolved.get(value, value) for key, value in data.items()}

    with pytest.raises(ServiceError) as caught:
        incident_update_draft(officer=pak_officer, incident=pak_draft, data=data)

    assert caught.value.code == CommonError.VALIDATION_ERROR
    assert field in caught.value.fields
    stored = Incident.objects.get(pk=pak_draft.pk)
    assert stored.version == 1
    assert stored.reporting_party_id == pak_officer.party_id
    assert not draft_edits().exists()


# --- next_reference -----------------------------------------------------------------


def test_next_reference_counts_per_party_and_year(pak, afg):
    with transaction.atomic():
        handed_out = [
            next_reference(party=pak, year=2025),
            next_reference(party=pak, year=2025),
            next_reference(party=afg, year=2025),
            next_reference(party=pak, year=2026),
            next_reference(party=pak, year=2025),
        ]

    assert handed_out == [
        "PAK-2025-00001",
        "PAK-2025-00002",
        "AFG-2025-00001",
        "PAK-2026-00001",
        "PAK-2025-00003",
    ]


def test_a_refused_draft_does_not_consume_a_reference(pak_officer, claim_data, time_machine):
    time_machine.move_to(FILED_ON)
    with pytest.raises(ServiceError):
        incident_create_draft(officer=pak_officer, data=claim_data(alleged_actor=""))

    incident = incident_create_draft(officer=pak_officer, data=claim_data())

    assert incident.reference == "PAK-2025-00001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_drafts_get_distinct_gap_free_references(pak, pak_officer, claim_data):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent writers (PostgreSQL)")
    filers = 8
    inputs = [claim_data() for _ in range(filers)]
    start = threading.Barrier(filers)
    references, failures = [], []

    def file_draft(data):
        try:
            connection.ensure_connection()
            start.wait(timeout=30)
            references.append(incident_create_draft(officer=pak_officer, data=data).reference)
        except Exception as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=file_draft, args=(data,)) for data in inputs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    year = timezone.now().year
    assert failures == []
    assert sorted(references) == [f"PAK-{year}-{n:05d}" for n in range(1, filers + 1)]
    assert ReferenceSequence.objects.get(party=pak, year=year).last == filers
    assert Incident.objects.count() == filers
    assert AuditEvent.objects.filter(action="created").count() == filers
    assert audit_verify_chain().ok


# --- category_new_version -----------------------------------------------------------


def test_new_category_version_becomes_current_and_claims_keep_the_old(
    category, pak_officer, claim_data
):
    claim = incident_create_draft(officer=pak_officer, data=claim_data())

    new = category_new_version(
        category=category, label="Cross-border fire, shelling or sniping", reply_hours=48
    )

    category.refresh_from_db()
    claim.refresh_from_db()
    assert (category.version, category.is_current) == (1, False)
    assert category.label == "Cross-border fire / shelling"
    assert (new.code, new.version, new.is_current) == (category.code, 2, True)
    assert new.label == "Cross-border fire, shelling or sniping"
    assert new.reply_hours == 48
    assert new.agreement_clause == category.agreement_clause
    assert new.assignment_hours == category.assignment_hours
    assert claim.category_id == category.pk
    assert list(Category.objects.current().filter(code=category.code)) == [new]


def test_new_drafts_must_use_the_current_version(category, pak_officer, claim_data):
    new = category_new_version(category=category, label="Renamed")
    replaced = Category.objects.get(pk=category.pk)

    with pytest.raises(ServiceError) as caught:
        incident_create_draft(officer=pak_officer, data=claim_data(category=replaced))
    assert caught.value.code == CommonError.VALIDATION_ERROR
    assert "category" in caught.value.fields

    incident = incident_create_draft(officer=pak_officer, data=claim_data(category=new))
    assert incident.category_id == new.pk


def test_a_stale_instance_of_a_replaced_version_is_refused(category, pak_officer, claim_data):
    category_new_version(category=category, label="Renamed")

    with pytest.raises(ServiceError) as caught:
        incident_create_draft(officer=pak_officer, data=claim_data(category=category))

    assert caught.value.code == CommonError.VALIDATION_ERROR
    assert "category" in caught.value.fields


def test_versions_chain_with_one_current_per_code(category):
    second = category_new_version(category=category, label="Second")
    third = category_new_version(category=second, label="Third")

    versions = list(
        Category.objects.filter(code=category.code)
        .order_by("version")
        .values_list("version", "is_current", "label")
    )
    assert versions == [
        (1, False, "Cross-border fire / shelling"),
        (2, False, "Second"),
        (3, True, "Third"),
    ]
    assert Category.objects.current().get(code=category.code) == third


def test_database_refuses_a_second_current_version(category):
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(
            code=category.code,
            version=2,
            is_current=True,
            label="Duplicate current",
            agreement_clause="Art. 2(b)",
        )

    assert Category.objects.filter(code=category.code).count() == 1


def test_database_refuses_a_repeated_version_number(category):
    category_new_version(category=category, label="Second")

    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(
            code=category.code,
            version=2,
            is_current=False,
            label="Same number",
            agreement_clause="Art. 2(b)",
        )


def test_other_codes_keep_their_own_current_version(category):
    other = Category.objects.create(
        code="airspace_violation", label="Airspace violation", agreement_clause="Art. 3"
    )

    category_new_version(category=category, label="Second")

    other.refresh_from_db()
    assert (other.version, other.is_current) == (1, True)
    assert Category.objects.current().count() == 2
