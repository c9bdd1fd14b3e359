"""Findings recorded at the same moment: row locks keep every claim and the audit chain whole.

PostgreSQL only: SQLite serialises every writer on the database lock, so it proves nothing.
"""

import threading
import time

import pytest
from django.db import connection

from audit.models import AuditEvent, ChainHead
from audit.services import audit_verify_chain
from core.errors import ServiceError
from incidents.models import Finding, Incident, Reply
from notifications import services as notifications
from notifications.models import Notification
from tests.factories import intent_of
from verification.error_codes import ReviewError
from verification.services import review_record_finding, review_reply
from verification.statuses import Status
from verification.sweep import engine as sweep_module
from verification.sweep import run_sweep

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
    pytest.mark.django_db(transaction=True),
]


# (TUR, QAT) outcomes -> the status the pair must leave the claim in
PAIRS = {
    ("verified", "verified"): Status.VERIFIED,
    ("not_verified", "not_verified"): Status.NOT_VERIFIED,
    ("inconclusive", "inconclusive"): Status.INCONCLUSIVE,
    ("verified", "not_verified"): Status.DISPUTED,
    ("inconclusive", "verified"): Status.DISPUTED,
}


def run_together(calls):
    """Start every call at the same moment, each in its own thread and connection.

    Returns one result per call: what it returned, or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer is stuck (deadlock?)"
    return results


def finding(actor, claim, outcome):
    return lambda: review_record_finding(
        actor=actor,
        record=claim,
        outcome=outcome,
        grade="probable",
        reasoning="Imagery.",
        intent=intent_of(outcome),
    )


def assert_chain_is_linear():
    report = audit_verify_chain()
    assert report.ok, f"#{report.broken_sequence}: {report.problem}"
    sequences = list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))
    assert ChainHead.objects.get().sequence == len(sequences)
    prev_hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(set(prev_hashes)) == len(prev_hashes)  # no two events share a parent: no fork


def test_both_cochairs_recording_at_once_decide_every_claim_exactly_once(file_claim, cast):
    pairs = list(PAIRS) * 2  # ten claims
    claims = [file_claim("replied") for _ in pairs]
    calls = []
    for claim, (tur_outcome, qat_outcome) in zip(claims, pairs, strict=True):
        calls.append(finding(cast["tur_reviewer"], claim, tur_outcome))
        calls.append(finding(cast["qat_reviewer"], claim, qat_outcome))

    results = run_together(calls)

    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    for claim, pair in zip(claims, pairs, strict=True):
        claim.refresh_from_db()
        assert claim.status == PAIRS[pair], (claim.reference, pair)
        recorded = dict(
            Finding.objects.filter(incident=claim).values_list("cochair__code", "outcome")
        )
        assert recorded == {"TUR": pair[0], "QAT": pair[1]}
        actions = list(
            AuditEvent.objects.filter(subject_id=claim.pk)
            .exclude(action__in=["created", "submitted", "assigned", "reply_filed"])
            .values_list("action", flat=True)
        )
        conclusion = "disputed" if claim.status == Status.DISPUTED else "decided"
        assert actions == ["finding_recorded", "finding_recorded", conclusion]
        if conclusion == "decided":
            assert claim.outcome == claim.status
            assert claim.grade == "probable"
            assert claim.closed_at is not None
    assert_chain_is_linear()


def test_the_same_reviewer_twice_at_once_records_one_finding(file_claim, cast):
    claims = [file_claim("replied") for _ in range(5)]
    calls = []
    for claim in claims:
        calls.append(finding(cast["tur_reviewer"], claim, "verified"))
        calls.append(finding(cast["tur_reviewer"], claim, "not_verified"))

    results = run_together(calls)

    for index, claim in enumerate(claims):
        first, second = results[2 * index : 2 * index + 2]
        refused = [r for r in (first, second) if isinstance(r, BaseException)]
        recorded = [r for r in (first, second) if isinstance(r, Finding)]
        assert len(recorded) == 1 and len(refused) == 1, (first, second)
        assert isinstance(refused[0], ServiceError)
        assert refused[0].code == ReviewError.ALREADY_RECORDED
        assert list(Finding.objects.filter(incident=claim).values_list("pk", flat=True)) == [
            recorded[0].pk
        ]
        assert Incident.objects.get(pk=claim.pk).status == Status.UNDER_REVIEW
        assert (
            AuditEvent.objects.filter(subject_id=claim.pk, action="finding_recorded").count() == 1
        )
    assert_chain_is_linear()


@pytest.mark.parametrize("first", ["sweep", "replies"])
def test_a_reply_racing_the_sweep_either_lands_or_finds_the_window_closed(
    file_claim, cast, monkeypatch, first
):
    claims = [file_claim("under_review") for _ in range(3)]
    as_of = max(claim.reply_due_at for claim in claims)  # the window is still open for replies
    holding = threading.Event()

    def hold_locks(real):
        """Wrap the side that goes first: once it has written, it keeps its locks a moment."""

        def wrapper(*args, **kwargs):
            result = real(*args, **kwargs)
            holding.set()
            time.sleep(1)
            return result

        return wrapper

    if first == "sweep":
        monkeypatch.setattr(sweep_module, "notify_many", hold_locks(sweep_module.notify_many))
    else:
        monkeypatch.setattr(notifications, "notify", hold_locks(notifications.notify))

    def second(call):
        def wait_then_call():
            assert holding.wait(timeout=30)
            return call()

        return wait_then_call

    def sweep():
        return run_sweep(as_of=as_of)

    def reply(claim):
        return lambda: review_reply(
            actor=cast["afg_officer"], record=claim, position="denies", narrative="Not us."
        )

    if first == "sweep":
        results = run_together([sweep, *(second(reply(c)) for c in claims)])
    else:
        results = run_together([second(sweep), *(reply(c) for c in claims)])
    monkeypatch.undo()

    swept, replies = results[0], results[1:]
    if first == "sweep":
        assert sorted(swept.flagged["reply"]) == sorted(c.reference for c in claims)
        assert all(getattr(r, "code", None) == ReviewError.REPLY_WINDOW_CLOSED for r in replies)
    else:
        assert any(isinstance(r, Reply) for r in replies)
        # The sweep waited for the replies' locks, then flagged only the claims still
        # without a reply.
        assert not isinstance(swept, BaseException), swept
        assert sorted(swept.flagged["reply"]) == sorted(
            c.reference for c, r in zip(claims, replies, strict=True) if not isinstance(r, Reply)
        )
        for outcome in replies:
            assert isinstance(outcome, Reply) or outcome.code == ReviewError.REPLY_WINDOW_CLOSED
    run_sweep(as_of=as_of)
    for claim, outcome in zip(claims, replies, strict=True):
        replied = Reply.objects.filter(incident=claim).exists()
        closed = Incident.objects.get(pk=claim.pk).reply_overdue_at is not None
        assert replied != closed, (claim.reference, outcome)
        assert replied == isinstance(outcome, Reply)
        events = AuditEvent.objects.filter(
            subject_id=claim.pk, action__in=["reply_filed", "reply_window_closed"]
        )
        assert list(events.values_list("action", flat=True)) == [
            "reply_filed" if replied else "reply_window_closed"
        ]
    assert_chain_is_linear()


def test_two_sweeps_at_once_flag_each_deadline_once(file_claim, monkeypatch):
    """Two beats (or a beat and `manage.py flag_overdue`) sweeping at the same moment: the
    row locks make the second wait, then find the rows flagged."""
    claims = [file_claim("under_review") for _ in range(6)]
    as_of = max(claim.reply_due_at for claim in claims)
    # The first sweep to write keeps its locks a moment, so the other surely runs into them.
    monkeypatch.setattr(sweep_module, "notify_many", hold_locks_briefly(sweep_module.notify_many))

    results = run_together([lambda: run_sweep(as_of=as_of), lambda: run_sweep(as_of=as_of)])
    monkeypatch.undo()

    assert not any(isinstance(r, BaseException) for r in results), results
    flagged = [reference for report in results for reference in report.flagged["reply"]]
    assert sorted(flagged) == sorted(c.reference for c in claims)  # each once, by one sweep
    for claim in claims:
        events = AuditEvent.objects.filter(subject_id=claim.pk, action="reply_window_closed")
        assert events.count() == 1, claim.reference
    # One sweep told each person once, of all six; the other told nobody.
    told = list(Notification.objects.filter(kind="overdue_reply").values_list("user_id", "body"))
    assert told and len({user for user, _ in told}) == len(told)
    for _, body in told:
        assert sorted(body.splitlines()) == sorted(c.reference for c in claims)
    assert_chain_is_linear()


def hold_locks_briefly(real):
    def wrapper(*args, **kwargs):
        result = real(*args, **kwargs)
        time.sleep(0.5)
        return result

    return wrapper


def test_submissions_and_concluding_findings_at_once_never_deadlock(file_claim, cast):
    # Every claim here shares its tally rows (same parties, category and week): a
    # submission locks them before the chain head, and a finding that concludes a claim
    # used to lock the head first (its own event) and the rows second.
    drafts = [file_claim("draft") for _ in range(6)]
    halfway = [file_claim("one_finding") for _ in range(6)]
    calls = [lambda d=d: review_submit_as(cast["pak_officer"], d) for d in drafts]
    calls += [finding(cast["qat_reviewer"], claim, "verified") for claim in halfway]

    results = run_together(calls)

    assert [r for r in results if isinstance(r, BaseException)] == []
    assert Incident.objects.filter(pk__in=[c.pk for c in halfway]).filter(
        status=Status.VERIFIED
    ).count() == len(halfway)
    # Assigned at submission, so each changed its tally rows twice before its events.
    assert Incident.objects.filter(pk__in=[d.pk for d in drafts]).filter(
        status=Status.UNDER_REVIEW
    ).count() == len(drafts)
    assert_chain_is_linear()


def review_submit_as(officer, draft):
    from verification.services import review_submit

    return review_submit(actor=officer, record=draft)
