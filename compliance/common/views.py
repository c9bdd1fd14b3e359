"""Parts the compliance pages share: the timeline's labels and a record's evidence rows."""

from django.utils.translation import gettext_lazy as _

from evidence.selectors import evidence_download_allowed

from .selectors import timeline

PAGE_SIZE = 25

TIMELINE_LABELS = {
    "created": _("Recorded"),
    "imported": _("Imported"),
    "meeting_decision": _("Decided at the review meeting"),
    "meeting_minutes": _("Discussed at the review meeting"),
    "assigned": _("Reviewers assigned"),
    "reassigned": _("Reviewer reassigned by the secretariat"),
    "reply_filed": _("Contested or accepted by the other party"),
    "finding_recorded": _("A co-chair's finding recorded"),
    "decided": _("Decided by both co-chairs"),
    "disputed": _("Differing views: referred to the review meeting"),
    "reply_window_closed": _("Reply window closed: no reply received"),
    "flagged_assignment_overdue": _("Assignment deadline passed"),
    "flagged_findings_overdue": _("Findings deadline passed"),
    "submitted": _("Submitted for review"),
    "withdrawn": _("Withdrawn"),
    "evidence_added": _("Evidence added"),
    "evidence_integrity_failed": _(
        "Evidence refused for download: its file no longer matches its hash"
    ),
    "draft_edited": _("Draft edited"),
    "amended": _("Amended"),
    "sent": _("Referral sent"),
    "acknowledged": _("Acknowledged by the receiving party"),
    "responded": _("Response given"),
    "flagged_milestone_missed": _("Milestone missed"),
    "flagged_commitment_missed": _("Due date passed without the target met"),
    "flagged_not_acknowledged": _("Not acknowledged in time"),
    "flagged_no_response": _("No response in time"),
    "placed_on_agenda": _("Placed on a review meeting's agenda"),
}


def timeline_events(subject_type, obj, user):
    return [
        {"event": e, "label": TIMELINE_LABELS.get(e.action, e.action.replace("_", " "))}
        for e in timeline(subject_type, obj, user=user)
    ]


def evidence_rows(user, queryset):
    return [
        {"e": e, "allowed": evidence_download_allowed(user=user, evidence=e)}
        for e in queryset.select_related("uploaded_by__party")
    ]
