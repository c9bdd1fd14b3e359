"""Commitments, action reports and referrals built through the services."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from compliance.action_reports.services import (
    action_report_create_draft,
    action_report_submit,
    action_report_withdraw,
)
from compliance.commitments.services import commitment_create
from compliance.models import CommitmentKind, Urgency
from compliance.referrals.services import referral_create
from tests.factories import intent_of, reply_first
from verification.services import review_record_finding


@pytest.fixture
def raid_kind(db):
    return CommitmentKind.objects.get(code="raid")


def commitment_data(party, kind, **overrides):
    today = timezone.now().date()
    data = dict(
        party=party,
        session_label="Istanbul, 6 Nov 2025",
        session_date=today - timedelta(days=30),
        agreement_clause="Art. 5(a)",
        kind=kind,
        description="Raid the listed compounds in Kunar and Nangarhar.",
        target_kind="quantity",
        target_quantity=10,
        unit="raids",
        due_date=today + timedelta(days=30),
    )
    data.update(overrides)
    return data


@pytest.fixture
def make_commitment(secretariat, afg, pak, raid_kind):
    """make_commitment(party=afg, milestones=[(date, qty)], **fields) through the service."""

    def make(party=None, milestones=None, **overrides):
        return commitment_create(
            actor=secretariat,
            data=commitment_data(party or afg, raid_kind, **overrides),
            milestones=milestones,
        )

    return make


def report_data(**overrides):
    data = dict(
        action_date=timezone.now().date() - timedelta(days=1),
        latitude=Decimal("34.43000"),
        longitude=Decimal("70.45000"),
        place_name="Jalalabad",
        province="Nangarhar",
        quantity=3,
        narrative="Two compounds raided; weapons seized.",
    )
    data.update(overrides)
    return data


@pytest.fixture
def make_report(cast):
    """make_report(commitment, state='draft', by='afg_officer', quantity=3): an action
    report walked through the review's services (the claims' own) to that state; a
    `contested` report is under review with the other party's contest filed, which its
    findings wait for."""

    def make(commitment, state="draft", by="afg_officer", **overrides):
        officer = cast[by]
        report = action_report_create_draft(
            actor=officer, commitment=commitment, data=report_data(**overrides)
        )
        if state == "draft":
            return report
        report = action_report_submit(actor=officer, report=report)
        if state in ("submitted", "under_review"):
            return report
        if state == "withdrawn":
            return action_report_withdraw(actor=officer, report=report)
        # The other party's contest comes first: findings wait for it.
        answering = "pak_officer" if by == "afg_officer" else "afg_officer"
        reply_first(cast[answering], report)
        report.refresh_from_db()
        if state == "contested":
            return report
        first = {"disputed": "verified", "one_finding": "verified"}.get(state, state)
        review_record_finding(
            actor=cast["tur_reviewer"],
            record=report,
            outcome=first,
            grade="confirmed",
            reasoning="Imagery of the raided compound.",
            intent=intent_of(first),
        )
        if state != "one_finding":
            second = "not_verified" if state == "disputed" else first
            review_record_finding(
                actor=cast["qat_reviewer"],
                record=report,
                outcome=second,
                grade="probable",
                reasoning="Statements of local elders.",
                intent=intent_of(second),
            )
        report.refresh_from_db()
        assert report.status == {"one_finding": "under_review"}.get(state, state)
        return report

    return make


@pytest.fixture
def make_referral(cast, afg):
    def make(by="pak_officer", to=None, urgency="priority", **overrides):
        data = dict(
            to_party=to or afg,
            subject="Safe house used by a listed commander",
            requested_action="Raid the compound and detain the occupants.",
            urgency=Urgency.objects.get(code=urgency),
            latitude=Decimal("34.40000"),
            longitude=Decimal("70.50000"),
            place_name="Behsud",
        )
        data.update(overrides)
        return referral_create(actor=cast[by], data=data)

    return make


def days(n):
    return timezone.now().date() + timedelta(days=n)


def milestone_rows(*rows, blank=0, removed=()):
    """The commitment form's milestone rows as posted: (date, quantity) each (a date or a
    quantity may be text as typed), then `blank` empty rows; indexes in `removed` are
    ticked "Remove"."""
    data = {"milestone-TOTAL_FORMS": str(len(rows) + blank), "milestone-INITIAL_FORMS": "0"}
    for index, (due, quantity) in enumerate(rows):
        data[f"milestone-{index}-due_date"] = due if isinstance(due, str) else due.isoformat()
        data[f"milestone-{index}-quantity"] = str(quantity)
        if index in removed:
            data[f"milestone-{index}-DELETE"] = "on"
    return data


@pytest.fixture
def api_as(cast):
    """api_as("pak_officer") -> an APIClient with that actor's token; None → anonymous."""
    from rest_framework.test import APIClient

    from tests.factories import api_token

    def make(name=None):
        client = APIClient()
        if name is not None:
            token = api_token(cast[name])
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


@pytest.fixture
def commitment_body():
    def make(**overrides):
        today = timezone.now().date()
        body = {
            "party": "AFG",
            "session_label": "Istanbul, 6 Nov 2025",
            "session_date": (today - timedelta(days=10)).isoformat(),
            "agreement_clause": "Art. 5(a)",
            "kind": "raid",
            "description": "Raid the listed compounds.",
            "target_kind": "quantity",
            "target_quantity": 12,
            "unit": "raids",
            "due_date": (today + timedelta(days=50)).isoformat(),
            "milestones": [
                {"due_date": (today + timedelta(days=20)).isoformat(), "quantity": 6},
                {"due_date": (today + timedelta(days=50)).isoformat(), "quantity": 12},
            ],
        }
        body.update(overrides)
        return body

    return make


@pytest.fixture
def signed_in(cast):
    def make(name):
        client = Client()
        client.force_login(cast[name])
        return client

    return make


@pytest.fixture
def world(make_commitment, make_report, make_referral):
    commitment = make_commitment(milestones=[(days(10), 4), (days(30), 10)])
    return {
        "commitment": commitment,
        "draft": make_report(commitment),
        "verified": make_report(commitment, state="verified", quantity=3),
        "referral": make_referral(),
    }
