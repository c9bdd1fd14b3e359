"""A claim's timeline as its page reads it: each event's label, and the change of status
it made, in the reader's language."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from verification.statuses import Status


def status_label(code: str) -> str:
    """A claim status's label in the reader's language; the code if it is not one."""
    try:
        return Status(code).label
    except ValueError:
        return code


def status_change(event) -> str:
    """ "Submitted → Under review" for an event that changed the claim's status."""
    if not event.to_status or event.from_status == event.to_status:
        return ""
    before = status_label(event.from_status) if event.from_status else _("New")
    return gettext("%(before)s → %(after)s") % {
        "before": before,
        "after": status_label(event.to_status),
    }


TIMELINE_LABELS = {
    "created": _("Draft created"),
    "imported": _("Imported"),
    "draft_edited": _("Draft edited"),
    "evidence_added": _("Evidence added"),
    "evidence_integrity_failed": _(
        "Evidence refused for download: its file no longer matches its hash"
    ),
    "submitted": _("Submitted"),
    "assigned": _("Reviewers assigned"),
    "reassigned": _("Reviewer reassigned by the secretariat"),
    "reply_filed": _("Reply filed by the accused party"),
    "finding_recorded": _("A co-chair's finding recorded"),
    "decided": _("Decided by both co-chairs"),
    "disputed": _("Differing views: referred to the review meeting"),
    "withdrawn": _("Withdrawn"),
    "amended": _("Amended"),
    "flagged_assignment_overdue": _("Assignment deadline passed"),
    "reply_window_closed": _("Reply window closed: no reply received"),
    "flagged_findings_overdue": _("Findings deadline passed"),
    "placed_on_agenda": _("Placed on a review meeting's agenda"),
    "meeting_decision": _("Decided at the review meeting"),
    "meeting_minutes": _("Discussed at the review meeting"),
    "linked": _("Linked to another claim"),
    "unlinked": _("Link to another claim removed"),
    "suggestion_dismissed": _("Suggested same event dismissed"),
    "appeal_filed": _("Final finding appealed"),
    "appeal_upheld": _("Finding upheld on appeal at the review meeting"),
    "appeal_overturned": _("Finding overturned on appeal at the review meeting"),
}
