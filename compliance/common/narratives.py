"""Action reports' narratives and referrals' requested actions as translations knows
them: who sees the record, who reviews it, and the page that shows it."""

from translations.registry import Translatable, register
from verification.permissions import is_assigned_reviewer

from ..action_reports.models import ActionReport
from ..action_reports.selectors import action_report_visible_to
from ..action_reports.services import ACTION_REPORT
from ..referrals.models import Referral
from ..referrals.selectors import referral_visible_to
from ..referrals.services import REFERRAL


def _action_report_page(request, report, *, forms=None, status=200):
    from ..action_reports.views import action_report_detail

    return action_report_detail(request, report.reference, status=status, forms=forms)


def _referral_page(request, referral, *, forms=None, status=200):
    from ..referrals.views import referral_detail

    return referral_detail(request, referral.reference, status=status, forms=forms)


def _any_mediator(user, referral) -> bool:
    # A referral has no assigned reviewers: every co-chair's reviewer follows it.
    return True


def register_narratives() -> None:
    register(
        Translatable(
            record_type=ACTION_REPORT,
            model=ActionReport,
            noun="action report",
            visible_to=action_report_visible_to,
            text_field="narrative",
            reviews=is_assigned_reviewer.test,
            page="action-report-detail",
            render_page=_action_report_page,
        )
    )
    register(
        Translatable(
            record_type=REFERRAL,
            model=Referral,
            noun="referral",
            visible_to=referral_visible_to,
            text_field="requested_action",
            reviews=_any_mediator,
            page="referral-detail",
            render_page=_referral_page,
        )
    )
