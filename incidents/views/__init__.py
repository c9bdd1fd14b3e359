"""Browser pages for claims: the list, filing and editing drafts, evidence downloads
(claims), and a claim's page with the review's actions on it (review)."""

from .claims import (
    claim_create,
    claim_edit,
    claim_export,
    claim_filter,
    claim_list,
    evidence_download,
    evidence_graphic_page,
    evidence_preview_page,
)
from .review import (
    claim_amend_view,
    claim_assign_view,
    claim_detail,
    claim_finding_view,
    claim_reply_view,
    claim_submit_confirm,
    claim_withdraw_view,
    evidence_create,
    render_claim_page,
)

__all__ = [
    "claim_amend_view",
    "claim_assign_view",
    "claim_create",
    "claim_detail",
    "claim_edit",
    "claim_export",
    "claim_filter",
    "claim_finding_view",
    "claim_list",
    "claim_reply_view",
    "claim_submit_confirm",
    "claim_withdraw_view",
    "evidence_create",
    "evidence_download",
    "evidence_graphic_page",
    "evidence_preview_page",
    "render_claim_page",
]
