"""Parts the compliance pages share: the timeline's labels and a record's evidence rows."""

from evidence.selectors import evidence_download_allowed

from .selectors import timeline

PAGE_SIZE = 25

TIMELINE_LABELS = {
    "created": "Recorded",
    "imported": "Imported",
    "meeting_decision": "Decided at the review meeting",
    "meeting_minutes": "Discussed at the review meeting",
    "assigned": "Reviewers assigned",
    "reassigned": "Reviewer reassigned by the secretariat",
    "reply_filed": "Contested or accepted by the other party",
    "finding_recorded": "A co-chair's finding recorded",
    "decided": "Decided by both co-chairs",
    "disputed": "Differing views: referred to the review meeting",
    "reply_window_closed": "Reply window closed: no reply received",
    "flagged_assignment_overdue": "Assignment deadline passed",
    "flagged_findings_overdue": "Findings deadline passed",
    "submitted": "Submitted for review",
    "withdrawn": "Withdrawn",
    "evidence_added": "Evidence added",
    "evidence_integrity_failed": "Evidence refused for download: its file no longer matches its hash",
    "draft_edited": "Draft edited",
    "amended": "Amended",
    "sent": "Referral sent",
    "acknowledged": "Acknowledged by the receiving party",
    "responded": "Response given",
    "flagged_milestone_missed": "Milestone missed",
    "flagged_commitment_missed": "Due date passed without the target met",
    "flagged_not_acknowledged": "Not acknowledged in time",
    "flagged_no_response": "No response in time",
    "placed_on_agenda": "Placed on a review meeting's agenda",
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
