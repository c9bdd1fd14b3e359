"""The claims' sections of the home page (registered with core.home from IncidentsConfig)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from core.home import ROWS, HomeRow, HomeSection, register_home_section
from verification import home
from verification.review import REVIEWABLES
from verification.statuses import Status

from .appeals.permissions import appeal_due_at
from .appeals.selectors import appealable_by
from .models import Incident

DETAIL = "claim-detail"


def _claims():
    return REVIEWABLES[Incident]


def _list(**params) -> str:
    return f"{reverse('claim-list')}?{urlencode(params, doseq=True)}"


def replies_due(user, now):
    return home.replies_due(
        user,
        now,
        reviewable=_claims(),
        url_name=DETAIL,
        key="claim-replies",
        title=_("Replies due on claims against your party"),
        empty=_("No claim against your party awaits its reply."),
        see_all_url=_list(status=Status.UNDER_REVIEW, accused_party=user.party.code)
        if user.party_id
        else "",
    )


def drafts(user, now):
    return home.drafts(
        user,
        now,
        reviewable=_claims(),
        url_name=DETAIL,
        key="claim-drafts",
        title=_("Your party's draft claims"),
        empty=_("No draft claims."),
        see_all_url=_list(status=Status.DRAFT),
    )


def queue(user, now):
    return home.queue(
        user,
        now,
        reviewable=_claims(),
        url_name=DETAIL,
        key="claim-queue",
        title=_("Claims awaiting your co-chair's finding"),
        empty=_("No claim awaits your finding."),
        see_all_url=reverse("queue"),
    )


def unassigned(user, now):
    return home.unassigned(
        user,
        now,
        reviewable=_claims(),
        url_name=DETAIL,
        key="claim-unassigned",
        title=_("Claims awaiting assignment"),
        empty=_("Every submitted claim has its reviewers."),
        see_all_url=f"{reverse('assignments')}?unassigned=1",
    )


def overdue(user, now):
    return home.overdue(
        user,
        now,
        reviewable=_claims(),
        url_name=DETAIL,
        key="claim-overdue",
        title=_("Overdue claims"),
        empty=_("No claim is overdue."),
        see_all_url=_list(overdue="true"),
    )


def appeals_open(user, now):
    """Final findings against the officer's party that it may still appeal, the window's
    end first."""
    if user.role != Role.OFFICER:
        return None
    claims = (
        appealable_by(user, now=now)
        .select_related(*_claims().select_related)
        .order_by("closed_at", "pk")
    )
    return HomeSection(
        key="claim-appeals-open",
        title=_("Findings against your party you may appeal"),
        count=claims.count(),
        rows=[
            HomeRow(
                reference=claim.reference,
                url=reverse(DETAIL, args=[claim.reference]),
                summary=_claims().summary(claim),
                due=appeal_due_at(claim),
                due_label=_("Appeal window closes"),
            )
            for claim in claims[:ROWS]
        ],
        empty=_("No final finding against your party is open to appeal."),
    )


def register_home_sections() -> None:
    for order, provider in (
        (10, replies_due),
        (20, appeals_open),
        (30, drafts),
        (10, queue),
        (10, unassigned),
        (40, overdue),
    ):
        register_home_section(provider, order=order)
