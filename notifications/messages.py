"""What each kind of notification says, in whichever language is active.

A notification stores its kind and its values (`params`: references, counts, party names,
dates as ISO strings, status codes); the sentence is chosen here and translated when it is
read, so each person reads it in their own language, on the page and in the email. The
English rendering is also stored (`title`, `body`) for logs, the admin, and rows written
before the values were kept.

Every kind a service writes is in `MESSAGES`; `notify` refuses any other.
"""

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from core.models import Mode

# Sets of enum labels by name: {name: {code: translatable label}}. The apps whose enums a
# notification names register them (AppConfig.ready); core's are known here.
LABELS: dict[str, dict[str, object]] = {"site_mode": dict(Mode.choices)}


def register_labels(name: str, choices) -> None:
    """Name a set of (code, label) choices that notifications show translated."""
    LABELS[name] = dict(choices)


@dataclass(frozen=True)
class Message:
    """One kind's sentences.

    `title` and `body` are msgids with named placeholders, or {variant value: msgid} when
    `variant` names the param that chooses the sentence ("" when that param is absent), or
    a function of the values. `labels` maps a param holding a code to its registered set
    of labels; `times` names params holding ISO date-times, shown "YYYY-MM-DD HH:MM" UTC.
    """

    title: object
    body: object = ""
    variant: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    times: tuple[str, ...] = ()
    lowered: tuple[str, ...] = ()  # labels inside a sentence, lowercased where case exists

    def values(self, params: dict) -> dict:
        values = copy.copy(params)  # a copy of the same mapping type, never the row's own
        for name, label_set in self.labels.items():
            code = values.get(name)
            label = LABELS.get(label_set, {}).get(code)
            if label is not None:
                values[name] = _lower(str(label)) if name in self.lowered else str(label)
        for name in self.times:
            values[name] = _time(values.get(name))
        return values

    def compose(self, sentence, params: dict, values: dict) -> str:
        if isinstance(sentence, dict):
            sentence = sentence.get(params.get(self.variant, ""), "")
        if callable(sentence) and not isinstance(sentence, Promise):
            return sentence(values)
        # A counted sentence (ngettext_lazy) picks its form from the values as it composes.
        return str(sentence % values) if sentence else ""


def _lower(text: str) -> str:
    """Lowercase a label for the middle of a sentence (Turkish keeps its dotted and
    dotless i apart); scripts without case are unchanged."""
    if (translation.get_language() or "").startswith("tr"):
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


def _time(value) -> str:
    """An ISO date-time as "YYYY-MM-DD HH:MM" in UTC (the sentences say "UTC")."""
    parsed = value if isinstance(value, datetime) else parse_datetime(str(value or ""))
    if parsed is None:
        return str(value or "")
    if timezone.is_aware(parsed):
        parsed = parsed.astimezone(UTC)
    return parsed.strftime("%Y-%m-%d %H:%M")


def _references(values: dict) -> str:
    """The references a person is told of, one a line; past 200, how many more."""
    lines = list(values.get("refs", []))
    more = values.get("more", 0)
    if more:
        lines.append(
            ngettext_lazy("... and %(more)s more", "... and %(more)s more", "more") % {"more": more}
        )
    return "\n".join(lines)


# The two record types under review (verification.review): claims and action reports.
CLAIM, ACTION_REPORT = "incident", "action_report"


def _overdue(claims, action_reports) -> Message:
    return Message(
        title={CLAIM: claims, ACTION_REPORT: action_reports}, body=_references, variant="record"
    )


def _counted(sentence) -> Message:
    return Message(title=sentence, body=_references)


def _chain_head_body(values: dict) -> str:
    values = copy.copy(values)
    if values.get("intact"):
        values["state"] = gettext("The chain verified intact when this was sent.")
    else:
        values["state"] = gettext(
            "WARNING: the chain did NOT verify: event #%(broken)s: %(problem)s."
        ) % {"broken": values.get("broken"), "problem": values.get("problem", "")}
    return (
        gettext(
            "Audit chain head on %(day)s at %(at)s:\nsequence: %(sequence)s\nhash: %(hash)s\n\n"
            "%(state)s\nKeep this message. At any later date the event with this sequence must "
            "still carry this hash; if it does not, the record has been rewritten."
        )
        % values
    )


_DECIDED = Message(
    title=_("%(reference)s: %(status)s by both co-chairs"),
    labels={"status": "review_status"},
    lowered=("status",),
)
_PENALTY_AT_MEETING = Message(
    title=_("Penalty %(reference)s: %(status)s at %(meeting)s"),
    labels={"status": "penalty_status"},
    lowered=("status",),
)
_APPEAL_DECIDED = Message(
    title=_("%(reference)s: finding %(decision)s (%(status)s)"),
    labels={"decision": "appeal_status", "status": "review_status"},
    lowered=("decision", "status"),
)

MESSAGES: dict[str, Message] = {
    # The review (verification): claims and action reports alike.
    "claim_submitted": Message(title=_("New claim %(reference)s against %(accused)s")),
    "action_report_submitted": Message(
        title=_("New action report %(reference)s by %(reporter)s on %(commitment)s")
    ),
    "assigned": Message(
        title={
            CLAIM: _("Claim %(reference)s assigned to you for review"),
            ACTION_REPORT: _("Action report %(reference)s assigned to you for review"),
        },
        variant="record",
    ),
    "reply_open": Message(
        title=_("Right of reply open on %(reference)s until %(due)s UTC"), times=("due",)
    ),
    "amended": Message(title=_("%(reference)s was amended by %(party)s")),
    "reply_filed": Message(title=_("%(party)s replied to %(reference)s")),
    "verified": _DECIDED,
    "not_verified": _DECIDED,
    "inconclusive": _DECIDED,
    "disputed": Message(
        title=_("%(reference)s: differing views, referred to the next review meeting")
    ),
    "withdrawn": Message(title=_("%(reference)s was withdrawn by %(party)s")),
    "meeting_decision": Message(
        title=_("%(reference)s: decided at the review meeting (%(status)s)"),
        labels={"status": "review_status"},
        lowered=("status",),
    ),
    "overdue_assignment": _overdue(
        ngettext_lazy("%(n)s claim not assigned in time", "%(n)s claims not assigned in time", "n"),
        ngettext_lazy(
            "%(n)s action report not assigned in time",
            "%(n)s action reports not assigned in time",
            "n",
        ),
    ),
    "overdue_reply": _overdue(
        ngettext_lazy(
            "Reply window closed, no reply received on %(n)s claim",
            "Reply window closed, no reply received on %(n)s claims",
            "n",
        ),
        ngettext_lazy(
            "Reply window closed, no reply received on %(n)s action report",
            "Reply window closed, no reply received on %(n)s action reports",
            "n",
        ),
    ),
    "overdue_findings": _overdue(
        ngettext_lazy(
            "%(n)s claim passed the findings deadline",
            "%(n)s claims passed the findings deadline",
            "n",
        ),
        ngettext_lazy(
            "%(n)s action report passed the findings deadline",
            "%(n)s action reports passed the findings deadline",
            "n",
        ),
    ),
    # Claims (incidents): access, appeals, links.
    "access_denied": Message(
        title=_("Access denied by %(party)s on %(reference)s: the findings clock is paused")
    ),
    "access_granted": Message(title=_("Access granted on %(reference)s (%(denial)s)")),
    "appeal_filed": Message(title=_("%(reference)s: %(party)s appealed the finding")),
    "appeal_upheld": _APPEAL_DECIDED,
    "appeal_overturned": _APPEAL_DECIDED,
    "claims_linked": Message(
        title={
            "same_event": _("%(reference)s and %(other)s linked: the same event as"),
            "related": _("%(reference)s and %(other)s linked: related to"),
        },
        variant="link",
    ),
    "claims_unlinked": Message(title=_("The link between %(reference)s and %(other)s was removed")),
    # Compliance: referrals, commitments, penalties.
    "referral_received": Message(
        title=_("%(urgency)s referral %(reference)s: acknowledge by %(due)s UTC"),
        times=("due",),
    ),
    "referral_acknowledged": Message(title=_("%(party)s acknowledged referral %(reference)s")),
    "referral_responded": Message(title=_("%(party)s responded to referral %(reference)s")),
    "overdue_referral_acknowledgement": _counted(
        ngettext_lazy(
            "%(n)s referral not acknowledged in time",
            "%(n)s referrals not acknowledged in time",
            "n",
        )
    ),
    "overdue_referral_action": _counted(
        ngettext_lazy(
            "%(n)s referral without a response in time",
            "%(n)s referrals without a response in time",
            "n",
        )
    ),
    "commitment_recorded": Message(title=_("Commitment %(reference)s recorded: due %(due)s")),
    "overdue_milestones": _counted(
        ngettext_lazy(
            "%(n)s commitment milestone missed", "%(n)s commitment milestones missed", "n"
        )
    ),
    "overdue_commitments": _counted(
        ngettext_lazy(
            "%(n)s commitment missed its due date", "%(n)s commitments missed their due date", "n"
        )
    ),
    "penalty_proposed": Message(
        title=_("Penalty %(reference)s proposed against %(party)s: %(measure)s")
    ),
    "penalty_decision_recorded": Message(
        title=_("Penalty %(reference)s: %(cochair)s decided to %(decision)s"),
        body=lambda values: values.get("reason", ""),
        labels={"decision": "penalty_decision"},
        lowered=("decision",),
    ),
    "penalty_decision_awaited": Message(
        title=_("Penalty %(reference)s awaits your co-chair's decision")
    ),
    "penalty_approved": Message(
        title=_("Penalty %(reference)s approved by both co-chairs: in effect")
    ),
    "penalty_rejected": Message(
        title={
            "": _("Penalty %(reference)s rejected by both co-chairs"),
            "meeting": _PENALTY_AT_MEETING.title,
        },
        variant="at",
        labels=_PENALTY_AT_MEETING.labels,
        lowered=_PENALTY_AT_MEETING.lowered,
    ),
    "penalty_split": Message(
        title=_("Penalty %(reference)s: the co-chairs differ; to the next review meeting")
    ),
    "penalty_withdrawn": Message(title=_("Penalty %(reference)s was withdrawn")),
    "penalty_appealed": Message(title=_("%(party)s appealed penalty %(reference)s")),
    "penalty_in_effect": _PENALTY_AT_MEETING,
    "penalty_upheld": _PENALTY_AT_MEETING,
    "penalty_overturned": _PENALTY_AT_MEETING,
    "penalty_appeal_window_closed": _counted(
        ngettext_lazy(
            "Appeal window closed with no appeal on %(n)s penalty case",
            "Appeal window closed with no appeal on %(n)s penalty cases",
            "n",
        )
    ),
    # The audit log's published heads.
    "audit_chain_head": Message(
        title=_("Audit chain head for %(day)s: event #%(sequence)s"), body=_chain_head_body
    ),
    "audit_tree_head": Message(
        title=ngettext_lazy("Signed log head: %(n)s event", "Signed log head: %(n)s events", "n"),
        body=_(
            "The audit log was signed at %(at)s (%(reason)s).\ntree size: %(n)s\n"
            "root hash: %(root)s\nkey id: %(key_id)s\nsignature: %(signature)s\n\n"
            "Keep this message (or run ceasefire_verify with --save-heads). Every later "
            "head must extend this one; the verifier checks that it does."
        ),
        labels={"reason": "signed_head_reason"},
    ),
    # The mechanism's mode (operations.lockdown).
    "site_mode_switched": Message(
        title={
            Mode.NORMAL: _("The mechanism is open again"),
            Mode.READ_ONLY: _("The mechanism is read-only for now"),
            Mode.NO_ACCESS: _("The mechanism is closed to all but the secretariat for now"),
        },
        body=_("Switched from %(previous)s to %(mode)s by %(actor)s: %(reason)s"),
        variant="mode",
        labels={"previous": "site_mode", "mode": "site_mode"},
    ),
}


def message_render(kind: str, params: dict) -> tuple[str, str]:
    """(title, body) of a notification of `kind` with `params`, in the active language."""
    message = MESSAGES[kind]
    values = message.values(params)
    return message.compose(message.title, params, values), message.compose(
        message.body, params, values
    )


def message_render_english(kind: str, params: dict) -> tuple[str, str]:
    """The English rendering, stored with the row (logs, the admin)."""
    with translation.override("en"):
        return message_render(kind, params)
