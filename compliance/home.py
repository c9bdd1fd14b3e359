"""The compliance sections of the home page (registered with core.home from
ComplianceConfig): action reports to contest, draft and review, referrals to acknowledge or
answer, and penalty cases that wait for the reviewer's co-chair's decision."""

from django.db.models import Case, F, Q, When
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from core.home import ROWS, HomeRow, HomeSection, register_home_section
from verification import home
from verification.review import REVIEWABLES

from .action_reports.models import ActionReport
from .penalties.models import PenaltyStatus
from .penalties.selectors import penalty_decisions_awaiting
from .referrals.models import ReferralStatus
from .referrals.selectors import referral_visible_to

REPORT = "action-report-detail"


def _reports():
    return REVIEWABLES[ActionReport]


def report_contests(user, now):
    return home.replies_due(
        user,
        now,
        reviewable=_reports(),
        url_name=REPORT,
        key="report-contests",
        title=_("Action reports your party may contest or accept"),
        empty=_("No action report awaits your party's answer."),
    )


def report_drafts(user, now):
    return home.drafts(
        user,
        now,
        reviewable=_reports(),
        url_name=REPORT,
        key="report-drafts",
        title=_("Your party's draft action reports"),
        empty=_("No draft action reports."),
    )


def report_queue(user, now):
    return home.queue(
        user,
        now,
        reviewable=_reports(),
        url_name=REPORT,
        key="report-queue",
        title=_("Action reports awaiting your co-chair's finding"),
        empty=_("No action report awaits your finding."),
        see_all_url=reverse("queue"),
    )


def report_unassigned(user, now):
    return home.unassigned(
        user,
        now,
        reviewable=_reports(),
        url_name=REPORT,
        key="report-unassigned",
        title=_("Action reports awaiting assignment"),
        empty=_("Every submitted action report has its reviewers."),
    )


def report_overdue(user, now):
    return home.overdue(
        user,
        now,
        reviewable=_reports(),
        url_name=REPORT,
        key="report-overdue",
        title=_("Overdue action reports"),
        empty=_("No action report is overdue."),
    )


def _referral_row(referral) -> HomeRow:
    sent = referral.status == ReferralStatus.SENT
    return HomeRow(
        reference=referral.reference,
        url=reverse("referral-detail", args=[referral.reference]),
        summary=_("from %(party)s: %(subject)s")
        % {"party": referral.from_party.name, "subject": referral.subject},
        due=referral.acknowledge_due_at if sent else referral.action_due_at,
        due_label=_("Acknowledge by") if sent else _("Answer by"),
        overdue=(referral.acknowledge_overdue_at if sent else referral.action_overdue_at)
        is not None,
    )


def _referral_section(key, title, referrals, empty) -> HomeSection:
    # By the deadline each row shows: acknowledge while sent, act once acknowledged.
    next_due = Case(
        When(status=ReferralStatus.SENT, then=F("acknowledge_due_at")),
        default=F("action_due_at"),
    )
    referrals = (
        referrals.select_related("from_party")
        .annotate(next_due=next_due)
        .order_by("next_due", "pk")
    )
    return HomeSection(
        key=key,
        title=title,
        count=referrals.count(),
        rows=[_referral_row(referral) for referral in referrals[:ROWS]],
        see_all_url=reverse("referral-list"),
        empty=empty,
    )


def referrals_to_answer(user, now):
    """Referrals the officer's party must acknowledge or answer, soonest action first."""
    if user.role != Role.OFFICER:
        return None
    referrals = referral_visible_to(user).filter(
        to_party_id=user.party_id,
        status__in=(ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED),
    )
    return _referral_section(
        "referrals-to-answer",
        _("Referrals to acknowledge or answer"),
        referrals,
        _("No referral awaits your party."),
    )


def referrals_overdue(user, now):
    """Unanswered referrals whose acknowledgement or action clock ran out."""
    if user.role != Role.SECRETARIAT:
        return None
    referrals = referral_visible_to(user).filter(
        Q(acknowledge_overdue_at__isnull=False) | Q(action_overdue_at__isnull=False),
        status__in=(ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED),
    )
    return _referral_section(
        "referrals-overdue",
        _("Overdue referrals"),
        referrals,
        _("No referral is overdue."),
    )


def penalty_decisions_due(user, now):
    """Proposed penalty cases without the reviewer's co-chair's decision: open to decide
    now (a case has no decision deadline)."""
    if user.role != Role.REVIEWER:
        return None
    cases = penalty_decisions_awaiting(user=user)
    return HomeSection(
        key="penalty-decisions",
        title=_("Penalty cases awaiting your co-chair's decision"),
        count=cases.count(),
        rows=[
            HomeRow(
                reference=case.reference,
                url=reverse("penalty-detail", args=[case.reference]),
                summary=_("%(measure)s against %(party)s, opened %(opened)s UTC")
                % {
                    "measure": case.measure,
                    "party": case.party.name,
                    "opened": f"{case.opened_at:%Y-%m-%d %H:%M}",
                },
            )
            for case in cases[:ROWS]
        ],
        see_all_url=f"{reverse('penalty-list')}?status={PenaltyStatus.PROPOSED}",
        empty=_("No penalty case awaits your co-chair's decision."),
        actionable=True,
    )


def agenda_entry_count(meeting) -> int:
    """The meeting's compliance agenda entries (registered with mediators.agenda)."""
    return meeting.compliance_items.count()


def register_home_sections() -> None:
    for order, provider in (
        (15, report_contests),
        (20, referrals_to_answer),
        (35, report_drafts),
        (15, report_queue),
        (20, penalty_decisions_due),
        (15, report_unassigned),
        (45, report_overdue),
        (50, referrals_overdue),
    ):
        register_home_section(provider, order=order)
