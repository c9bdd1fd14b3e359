"""The claims' sections of the home page (registered with core.home from IncidentsConfig)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from core.home import register_home_section
from verification import home
from verification.review import REVIEWABLES
from verification.statuses import Status

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


def register_home_sections() -> None:
    for order, provider in (
        (10, replies_due),
        (30, drafts),
        (10, queue),
        (10, unassigned),
        (40, overdue),
    ):
        register_home_section(provider, order=order)
