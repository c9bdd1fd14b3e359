"""The deadline sweep: every passed deadline flagged once, in bulk, atomically."""

import json
from collections import Counter
from datetime import UTC, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from incidents.models import Incident
from mediators.models import AgendaReason
from mediators.selectors import escalation_candidates
from mediators.services import agenda_item_decide, meeting_schedule
from notifications.models import Notification
from tests.factories import UserFactory, intent_of, reply_first
from verification.services import (
    review_assign,
    review_record_finding,
    review_reply,
    review_withdraw,
)
from verification.statuses import Status
from verification.sweep import DEADLINES, run_sweep
from verification.sweep import engine as sweep_module

KINDS = {kind.name: kind for kind in DEADLINES}
SWEEP_ACTIONS = [kind.action for kind in DEADLINES]
SECOND = timedelta(seconds=1)


@pytest.fixture
def file_unassigned(file_claim, cast):
    """A claim stuck in `submitted`: filed while no reviewer is active, so nobody is assigned."""

    def make(by="pak_officer"):
        reviewers = User.objects.filter(role=Role.REVIEWER, is_active=True)
        ids = list(reviewers.values_list("pk", flat=True))
        reviewers.update(is_active=False)
        try:
            claim = file_claim("under_review", by=by)  # submits; no reviewer to assign
        finally:
            User.objects.filter(pk__in=ids).update(is_active=True)
        assert claim.status == Status.SUBMITTED
        return claim

    return make


@pytest.fixture
def claim_for(file_claim, file_unassigned):
    """The claim a deadline kind applies to: unassigned for `assignment`, under review else."""

    def make(kind):
        return file_unassigned() if kind == "assignment" else file_claim("under_review")

    return make


def sweep_events(claim=None, action=None):
    events = AuditEvent.objects.filter(action__in=[action] if action else SWEEP_ACTIONS)
    if claim is not None:
        events = events.filter(subject_id=claim.pk)
    return events


def due(claim, kind):
    return getattr(claim, KINDS[kind].due_field)


def flag(claim, kind):
    return getattr(Incident.objects.get(pk=claim.pk), KINDS[kind].flag_field)


def overdue_notes():
    """{(kind, username): how many overdue notifications that person got}."""
    return Counter(
        (kind.removeprefix("overdue_"), username)
        for kind, username in Notification.objects.filter(kind__startswith="overdue_").values_list(
            "kind", "user__username"
        )
    )


# --- each deadline, at its boundary ------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_one_second_before_the_deadline_nothing_is_flagged(claim_for, kind):
    claim = claim_for(kind)
    report = run_sweep(as_of=due(claim, kind) - SECOND)
    assert claim.reference not in report.flagged[kind]
    assert flag(claim, kind) is None
    assert not sweep_events(claim, KINDS[kind].action).exists()


@pytest.mark.parametrize("after", [timedelta(0), SECOND, timedelta(days=1)], ids=["at", "1s", "1d"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_passed_deadline_is_flagged_once_with_one_event(claim_for, kind, after):
    claim = claim_for(kind)
    as_of = due(claim, kind) + after
    report = run_sweep(as_of=as_of)
    assert report.flagged[kind] == [claim.reference]
    assert flag(claim, kind) == as_of
    event = sweep_events(claim, KINDS[kind].action).get()
    assert event.actor is None
    assert event.from_status == event.to_status == claim.status
    assert event.payload["deadline"] == kind
    assert event.payload["due_at"] == json.loads(
        json.dumps(due(claim, kind), cls=DjangoJSONEncoder)
    )
    # A later run keeps the first flag and adds no event.
    later = run_sweep(as_of=as_of + timedelta(days=3))
    assert claim.reference not in later.flagged[kind]
    assert flag(claim, kind) == as_of
    assert sweep_events(claim, KINDS[kind].action).count() == 1


def test_each_kind_writes_its_own_action(file_claim, file_unassigned):
    submitted = file_unassigned()
    reviewed = file_claim("under_review")
    run_sweep(as_of=reviewed.findings_due_at)
    assert sorted(sweep_events(submitted).values_list("action", flat=True)) == [
        "flagged_assignment_overdue",
        "flagged_findings_overdue",
    ]
    assert sorted(sweep_events(reviewed).values_list("action", flat=True)) == [
        "flagged_findings_overdue",
        "reply_window_closed",
    ]


def test_an_unassigned_claim_has_no_reply_deadline_to_miss(file_unassigned):
    claim = file_unassigned()
    report = run_sweep(as_of=claim.findings_due_at + timedelta(days=30))
    assert claim.reference not in report.flagged["reply"]
    assert flag(claim, "reply") is None


# --- idempotence --------------------------------------------------------------------------


def test_a_second_run_changes_nothing(file_claim, file_unassigned):
    file_unassigned()
    file_claim("under_review")
    file_claim("under_review", by="afg_officer")
    as_of = timezone.now() + timedelta(days=20)
    first = run_sweep(as_of=as_of)
    assert {kind: len(refs) for kind, refs in first.flagged.items() if kind in KINDS} == {
        "assignment": 1,
        "reply": 2,
        "findings": 3,
    }
    flags = list(Incident.objects.order_by("pk").values_list(*(k.flag_field for k in DEADLINES)))
    events, notes = AuditEvent.objects.count(), Notification.objects.count()

    for again in (as_of, as_of + timedelta(hours=1)):
        second = run_sweep(as_of=again)
        assert second.total == 0
        assert second.notifications == 0
    assert AuditEvent.objects.count() == events
    assert Notification.objects.count() == notes
    assert (
        list(Incident.objects.order_by("pk").values_list(*(k.flag_field for k in DEADLINES)))
        == flags
    )


# --- what is never flagged ----------------------------------------------------------------


def test_a_claim_with_a_reply_is_never_flagged_for_the_reply_deadline(file_claim, cast):
    claim = file_claim("under_review")
    review_reply(actor=cast["afg_officer"], record=claim, position="denies", narrative="Not us.")
    report = run_sweep(as_of=claim.reply_due_at + timedelta(days=5))
    assert report.flagged["reply"] == []
    assert flag(claim, "reply") is None
    assert not sweep_events(claim, "reply_window_closed").exists()


def test_a_disputed_claim_with_a_reply_is_not_flagged_either(file_claim, cast):
    claim = file_claim("under_review")
    review_reply(actor=cast["afg_officer"], record=claim, position="denies", narrative="Not us.")
    for reviewer, outcome in (("tur_reviewer", "verified"), ("qat_reviewer", "inconclusive")):
        review_record_finding(
            actor=cast[reviewer],
            record=claim,
            outcome=outcome,
            grade="possible",
            reasoning="R.",
            intent=intent_of(outcome),
        )
    claim.refresh_from_db()
    assert claim.status == Status.DISPUTED
    report = run_sweep(as_of=claim.findings_due_at + timedelta(days=30))
    assert claim.reference not in report.flagged["reply"]
    assert not sweep_events(claim).exists()


def test_a_disputed_claim_without_a_reply_has_its_window_closed_but_no_findings_flag(file_claim):
    claim = file_claim("disputed", reply=False)
    report = run_sweep(as_of=claim.findings_due_at + timedelta(days=1))
    assert report.flagged["reply"] == [claim.reference]
    assert claim.reference not in report.flagged["findings"]
    assert flag(claim, "findings") is None


@pytest.mark.parametrize("state", ["verified", "not_verified", "inconclusive"])
def test_decided_claims_are_never_flagged(file_claim, state):
    claim = file_claim(state)
    assert claim.status == state
    report = run_sweep(as_of=claim.findings_due_at + timedelta(days=60))
    assert report.total == 0
    assert all(flag(claim, kind) is None for kind in KINDS)
    assert not sweep_events(claim).exists()


@pytest.mark.parametrize("state", ["draft", "submitted", "under_review"])
def test_withdrawn_claims_are_never_flagged(file_claim, file_unassigned, cast, state):
    claim = file_unassigned() if state == "submitted" else file_claim(state)
    review_withdraw(actor=cast["pak_officer"], record=claim, reason="Filed in error.")
    report = run_sweep(as_of=timezone.now() + timedelta(days=60))
    assert report.total == 0
    assert all(flag(claim, kind) is None for kind in KINDS)
    assert not sweep_events(claim).exists()


# --- notifications ------------------------------------------------------------------------


def test_one_notification_per_person_per_kind_not_per_claim(file_claim, file_unassigned, cast):
    extra_pak = UserFactory(
        username="pak_officer_2", role=Role.OFFICER, party=cast["pak_officer"].party
    )
    UserFactory(
        username="afg_retired", role=Role.OFFICER, party=cast["afg_officer"].party, is_active=False
    )
    unassigned = [file_unassigned(), file_unassigned(by="afg_officer")]
    reviewed = [file_claim("under_review") for _ in range(2)] + [
        file_claim("under_review", by="afg_officer")
    ]
    Notification.objects.all().delete()  # only what the sweep writes

    report = run_sweep(as_of=max(c.findings_due_at for c in unassigned + reviewed) + SECOND)

    assert overdue_notes() == Counter(
        {
            # assignment: the secretariat, who assigns
            ("assignment", "secretariat"): 1,
            # reply lapse: both parties' officers and the assigned reviewers
            ("reply", "pak_officer"): 1,
            ("reply", extra_pak.username): 1,
            ("reply", "afg_officer"): 1,
            ("reply", "tur_reviewer"): 1,
            ("reply", "qat_reviewer"): 1,
            # findings: the secretariat and the reviewers who owe them
            ("findings", "secretariat"): 1,
            ("findings", "tur_reviewer"): 1,
            ("findings", "qat_reviewer"): 1,
        }
    )
    assert report.notifications == Notification.objects.count() == 9
    note = Notification.objects.get(kind="overdue_reply", user=cast["afg_officer"])
    assert note.title == "Reply window closed, no reply received on 3 claims"
    assert set(note.body.splitlines()) == {c.reference for c in reviewed}
    note = Notification.objects.get(kind="overdue_findings", user=cast["secretariat"])
    assert set(note.body.splitlines()) == {c.reference for c in unassigned + reviewed}


def test_a_single_claim_notification_names_its_claim(file_claim, cast):
    claim = file_claim("under_review")
    run_sweep(as_of=claim.reply_due_at)
    note = Notification.objects.get(kind="overdue_reply", user=cast["pak_officer"])
    assert note.subject_ref == claim.reference
    assert note.title.startswith("Reply window closed")


def test_a_replaced_reviewer_is_not_notified(file_claim, cast):
    claim = file_claim("under_review")
    tur_2 = UserFactory(
        username="tur_reviewer_2", role=Role.REVIEWER, cochair=cast["tur_reviewer"].cochair
    )
    review_assign(actor=cast["secretariat"], record=claim, reviewers={tur_2.cochair_id: tur_2})
    Notification.objects.all().delete()
    run_sweep(as_of=claim.reply_due_at)
    assert {user for _, user in overdue_notes()} == {
        "pak_officer",
        "afg_officer",
        "tur_reviewer_2",
        "qat_reviewer",
    }


def test_nothing_overdue_notifies_nobody(file_claim):
    file_claim("under_review")
    report = run_sweep(as_of=timezone.now())
    assert report.total == 0
    assert report.notifications == 0
    assert not Notification.objects.filter(kind__startswith="overdue_").exists()


# --- the management command ---------------------------------------------------------------


def flag_overdue(*args):
    out = StringIO()
    call_command("flag_overdue", *args, stdout=out)
    return out.getvalue()


def test_dry_run_changes_nothing_and_says_what_it_would_flag(file_claim, file_unassigned):
    submitted = file_unassigned()
    reviewed = file_claim("under_review")
    before = (AuditEvent.objects.count(), Notification.objects.count())
    as_of = reviewed.reply_due_at + SECOND

    output = flag_overdue("--dry-run", "--as-of", as_of.isoformat())

    assert "would flag 2" in output
    assert f"assignment: 1 — {submitted.reference}" in output
    assert f"reply: 1 — {reviewed.reference}" in output
    assert "findings: 0" in output
    assert "notifications queued" not in output
    assert (AuditEvent.objects.count(), Notification.objects.count()) == before
    assert not Incident.objects.overdue().exists()
    # and the real run then flags exactly what the dry run announced
    output = flag_overdue("--as-of", as_of.isoformat())
    assert "flagged 2" in output
    assert flag(submitted, "assignment") == as_of
    assert flag(reviewed, "reply") == as_of


def test_dry_run_report_lists_the_references(file_claim):
    claim = file_claim("under_review")
    report = run_sweep(as_of=claim.findings_due_at, dry_run=True)
    assert report.dry_run
    assert report.flagged["reply"] == report.flagged["findings"] == [claim.reference]
    assert report.notifications == 0
    assert not Incident.objects.overdue().exists()


@pytest.mark.parametrize(
    "spelling",
    [
        lambda t: t.isoformat(),  # 2025-11-04T10:00:00.123456+00:00
        lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        lambda t: t.astimezone(timezone.get_fixed_timezone(300)).isoformat(),  # +05:00
        lambda t: t.replace(tzinfo=None).isoformat(),  # naive: read as UTC
    ],
    ids=["offset", "zulu", "plus-five", "naive"],
)
def test_as_of_takes_an_iso_timestamp(file_claim, spelling):
    claim = file_claim("under_review")
    as_of = claim.reply_due_at.astimezone(UTC)
    assert "flagged 0" in flag_overdue("--as-of", spelling(as_of - SECOND))
    output = flag_overdue("--as-of", spelling(as_of))
    assert f"flagged 1.\n  assignment: 0\n  reply: 1 — {claim.reference}\n" in output
    assert flag(claim, "reply") == as_of


def test_as_of_in_the_past_flags_nothing(file_claim):
    claim = file_claim("under_review")
    output = flag_overdue("--as-of", (claim.reply_due_at - SECOND).isoformat())
    assert "flagged 0" in output
    assert flag(claim, "reply") is None


@pytest.mark.parametrize("value", ["yesterday", "04/11/2025 10:00", "2025-11-04 at noon", "x"])
def test_a_bad_as_of_is_a_command_error(file_claim, value):
    claim = file_claim("under_review")
    with pytest.raises(CommandError, match="--as-of"):
        flag_overdue("--as-of", value)
    assert flag(claim, "reply") is None


def test_an_impossible_as_of_is_a_command_error(db):
    # parse_datetime raises ValueError (not None) for a well-formed but impossible date.
    with pytest.raises(CommandError, match="--as-of"):
        flag_overdue("--as-of", "2025-13-01T10:00:00")


# --- bulk: the query count does not depend on the number of claims --------------------------


def test_query_count_does_not_grow_with_the_number_of_claims(
    file_claim, file_unassigned, cast, django_assert_max_num_queries
):
    meeting_schedule(
        actor=cast["secretariat"], title="Review", scheduled_for=timezone.now() + timedelta(days=60)
    )

    def overdue_batch(size):
        """`size` claims of which some miss every kind of deadline; all long overdue."""
        claims = [file_unassigned() for _ in range(size // 3)]
        claims += [file_claim("under_review") for _ in range(size - size // 3 - 1)]
        claims.append(file_claim("disputed", reply=False))
        return claims

    def counted_sweep(claims, as_of):
        with CaptureQueriesContext(connection) as queries:
            report = run_sweep(as_of=as_of)
        refs = {status: {c.reference for c in claims if c.status == status} for status in Status}
        assert set(report.flagged["assignment"]) == refs[Status.SUBMITTED]
        assert set(report.flagged["reply"]) == refs[Status.UNDER_REVIEW] | refs[Status.DISPUTED]
        assert set(report.flagged["findings"]) == refs[Status.SUBMITTED] | refs[Status.UNDER_REVIEW]
        assert set(report.flagged["agenda"]) == {c.reference for c in claims}
        return len(queries)

    small = overdue_batch(3)
    few = counted_sweep(small, small[-1].findings_due_at + timedelta(days=8))
    large = overdue_batch(30)
    many = counted_sweep(large, large[-1].findings_due_at + timedelta(days=9))
    assert few == many
    with django_assert_max_num_queries(few):
        run_sweep(as_of=large[-1].findings_due_at + timedelta(days=10))


# --- atomicity: a sweep interrupted half-way leaves nothing behind -------------------------


class WorkerKilled(Exception):
    pass


def test_an_interrupted_sweep_persists_nothing_and_the_next_run_completes(
    file_claim, file_unassigned, monkeypatch
):
    submitted = file_unassigned()
    reviewed = file_claim("under_review")
    as_of = reviewed.reply_due_at + SECOND
    real = sweep_module.audit_record_batch
    calls = []

    def dies_on_the_second_kind(**batch):
        calls.append(batch["action"])
        if len(calls) == 2:
            raise WorkerKilled
        return real(**batch)

    monkeypatch.setattr(sweep_module, "audit_record_batch", dies_on_the_second_kind)
    events, notes = AuditEvent.objects.count(), Notification.objects.count()
    with pytest.raises(WorkerKilled):
        run_sweep(as_of=as_of)
    assert calls == ["flagged_assignment_overdue", "reply_window_closed"]
    # the first kind had been flagged, audited and notified before the failure: all undone
    assert flag(submitted, "assignment") is None
    assert flag(reviewed, "reply") is None
    assert (AuditEvent.objects.count(), Notification.objects.count()) == (events, notes)

    monkeypatch.setattr(sweep_module, "audit_record_batch", real)
    report = run_sweep(as_of=as_of)
    assert report.flagged["assignment"] == [submitted.reference]
    assert report.flagged["reply"] == [reviewed.reference]
    assert sweep_events(submitted, "flagged_assignment_overdue").count() == 1
    assert sweep_events(reviewed, "reply_window_closed").count() == 1
    assert run_sweep(as_of=as_of).total == 0
    assert audit_verify_chain().ok


# --- the audit chain ----------------------------------------------------------------------


def test_the_audit_chain_verifies_after_sweeps(file_claim, file_unassigned, cast):
    meeting_schedule(
        actor=cast["secretariat"], title="Review", scheduled_for=timezone.now() + timedelta(days=60)
    )
    file_unassigned()
    claims = [
        file_claim("under_review"),
        file_claim("disputed", reply=False),
        file_claim("verified"),
    ]
    for days in (2, 4, 15, 30, 30):
        run_sweep(as_of=timezone.now() + timedelta(days=days))
    chain = audit_verify_chain()
    assert chain.ok, chain.problem
    assert chain.count == AuditEvent.objects.count()
    assert sweep_events().count() == 5  # assignment, reply x2, findings x2
    assert AuditEvent.objects.filter(action="placed_on_agenda").count() == 3
    assert not sweep_events(claims[-1]).exists()


# --- the agenda step ----------------------------------------------------------------------


@pytest.fixture
def meeting(cast):
    """A review meeting a month ahead, scheduled before any claim exists (empty agenda)."""
    scheduled = meeting_schedule(
        actor=cast["secretariat"],
        title="Fourth review meeting",
        scheduled_for=timezone.now() + timedelta(days=30),
    )
    assert not scheduled.items.exists()
    return scheduled


def agenda(meeting):
    return list(meeting.items.order_by("incident_id").values_list("incident_id", "reason"))


def test_a_claim_disputed_after_scheduling_goes_on_the_agenda_once(meeting, file_claim):
    claim = file_claim("disputed")
    report = run_sweep(as_of=timezone.now())
    assert report.flagged["agenda"] == [claim.reference]
    assert agenda(meeting) == [(claim.pk, AgendaReason.DISPUTED)]
    event = AuditEvent.objects.get(subject_id=claim.pk, action="placed_on_agenda")
    assert event.actor is None
    assert event.payload == {"meeting": meeting.pk, "reason": "disputed"}

    again = run_sweep(as_of=timezone.now() + timedelta(minutes=5))
    assert again.flagged["agenda"] == []
    assert agenda(meeting) == [(claim.pk, AgendaReason.DISPUTED)]
    assert AuditEvent.objects.filter(action="placed_on_agenda").count() == 1


def test_a_claim_overdue_more_than_seven_days_goes_on_the_agenda_once(meeting, file_claim):
    claim = file_claim("under_review")
    week = timedelta(days=7)

    early = run_sweep(as_of=claim.reply_due_at + week - SECOND)
    assert early.flagged["reply"] == [claim.reference]  # overdue, but not long overdue yet
    assert early.flagged["agenda"] == []
    assert agenda(meeting) == []

    late = run_sweep(as_of=claim.reply_due_at + week + SECOND)
    assert late.total == 1
    assert late.flagged["agenda"] == [claim.reference]
    assert agenda(meeting) == [(claim.pk, AgendaReason.OVERDUE)]

    assert run_sweep(as_of=claim.reply_due_at + week + timedelta(hours=1)).total == 0
    assert AuditEvent.objects.filter(action="placed_on_agenda", subject_id=claim.pk).count() == 1


def test_one_sweep_flags_and_escalates_a_long_missed_deadline(meeting, file_unassigned):
    claim = file_unassigned()
    report = run_sweep(as_of=claim.assignment_due_at + timedelta(days=8))
    assert report.flagged["assignment"] == report.flagged["agenda"] == [claim.reference]
    assert agenda(meeting) == [(claim.pk, AgendaReason.OVERDUE)]


def test_a_recently_overdue_or_decided_claim_stays_off_the_agenda(meeting, file_claim):
    file_claim("under_review")
    file_claim("verified")
    report = run_sweep(as_of=timezone.now() + timedelta(days=4))
    assert len(report.flagged["reply"]) == 1
    assert report.flagged["agenda"] == []
    assert agenda(meeting) == []


def test_without_a_coming_meeting_nothing_is_escalated(cast, file_claim):
    past = meeting_schedule(
        actor=cast["secretariat"], title="Soon", scheduled_for=timezone.now() + timedelta(days=1)
    )
    claim = file_claim("disputed", reply=False)
    report = run_sweep(as_of=timezone.now() + timedelta(days=4))  # the meeting is behind us
    assert report.flagged["agenda"] == []
    assert claim.reference in report.flagged["reply"]
    assert not past.items.exists()


def test_the_dry_run_puts_nothing_on_the_agenda(meeting, file_claim):
    file_claim("disputed")
    events = AuditEvent.objects.count()
    report = run_sweep(as_of=timezone.now(), dry_run=True)
    assert len(report.flagged["agenda"]) == 1
    assert agenda(meeting) == []
    assert AuditEvent.objects.count() == events


def test_the_dry_run_names_agenda_claims_by_reference(meeting, file_claim):
    # Regression: the dry run used to list agenda claims by primary key.
    claim = file_claim("disputed")
    output = flag_overdue("--dry-run")
    assert f"agenda: 1 — {claim.reference}" in output


def test_the_dry_run_announces_what_the_real_run_escalates(meeting, file_claim):
    # Regression: escalation read the flags, which a dry run does not set.
    file_claim("under_review")
    as_of = timezone.now() + timedelta(days=12)  # reply due 3 days in: 9 days overdue
    dry = run_sweep(as_of=as_of, dry_run=True)
    real = run_sweep(as_of=as_of)
    assert len(real.flagged["agenda"]) == 1
    assert dry.flagged == real.flagged


def test_a_claim_decided_on_this_agenda_is_not_read_again(cast, file_claim):
    # A claim heard at the meeting while its reply was awaited, long overdue since: every
    # sweep used to read it (and, at a million claims, hundreds of thousands like it)
    # and drop it in Python as already on this agenda.
    claim = file_claim("under_review")
    meeting = meeting_schedule(
        actor=cast["secretariat"], title="Review", scheduled_for=timezone.now() + timedelta(days=30)
    )
    item = meeting.items.get(incident=claim)
    agenda_item_decide(actor=cast["secretariat"], item=item, minutes="Reply still awaited.")
    other = file_claim("disputed")
    as_of = claim.reply_due_at + timedelta(days=8)

    candidates = escalation_candidates(as_of=as_of, meeting=meeting)

    assert [pk for pks in candidates.values() for pk in pks] == [other.pk]
    assert run_sweep(as_of=as_of, dry_run=True).flagged["agenda"] == [other.reference]
    assert run_sweep(as_of=as_of).flagged["agenda"] == [other.reference]
    assert meeting.items.filter(incident=claim).count() == 1


def test_a_decided_agenda_item_does_not_break_the_sweep(cast, file_claim, file_unassigned):
    # Regression: the claim was re-inserted on the same meeting (agenda_item_once_per_meeting),
    # and the IntegrityError rolled back every flag of the sweep, on every run.
    claim = file_claim("under_review")
    meeting = meeting_schedule(
        actor=cast["secretariat"], title="Review", scheduled_for=timezone.now() + timedelta(days=30)
    )
    item = meeting.items.get(incident=claim)
    assert item.reason == AgendaReason.AWAITING_REPLY
    agenda_item_decide(actor=cast["secretariat"], item=item, minutes="Reply still awaited.")
    reply_first(cast["afg_officer"], claim)
    for reviewer, outcome in (("tur_reviewer", "verified"), ("qat_reviewer", "not_verified")):
        review_record_finding(
            actor=cast[reviewer],
            record=claim,
            outcome=outcome,
            grade="probable",
            reasoning="R.",
            intent=intent_of(outcome),
        )
    other = file_unassigned()

    report = run_sweep(as_of=other.assignment_due_at)

    assert report.flagged["assignment"] == [other.reference]  # the other deadlines still flagged
    assert meeting.items.filter(incident=claim).count() == 1
