"""The claim (an alleged violation), the category taxonomy and the evidence.

The claim's review tables, its appeals, its access denials and the links between claims
live in their own modules and packages; importing them here registers them.
"""

from ..appeals.models import Appeal, AppealEvidence, AppealStatus
from ..denials.models import AccessDenial, AccessDenialEvidence, AccessDenialSequence
from ..links.models import ClaimLink, LinkSuggestion
from ..review_models import Assignment, Finding, Reply
from ..tally import IncidentPlaceTally, IncidentTally  # the dashboard's counts, kept by triggers
from .categories import MAX_SAME_EVENT_HOURS, MAX_SAME_EVENT_KM, Category, CategoryQuerySet
from .claim import (
    CASUALTY_FIELDS,
    DASHBOARD_COLUMNS,
    Evidence,
    GeoPrecision,
    Incident,
    IncidentQuerySet,
    IncidentRevision,
    ReferenceSequence,
    TimePrecision,
)

__all__ = [
    "CASUALTY_FIELDS",
    "DASHBOARD_COLUMNS",
    "MAX_SAME_EVENT_HOURS",
    "MAX_SAME_EVENT_KM",
    "AccessDenial",
    "AccessDenialEvidence",
    "AccessDenialSequence",
    "Appeal",
    "AppealEvidence",
    "AppealStatus",
    "Assignment",
    "Category",
    "CategoryQuerySet",
    "ClaimLink",
    "Evidence",
    "Finding",
    "GeoPrecision",
    "Incident",
    "IncidentPlaceTally",
    "IncidentQuerySet",
    "IncidentRevision",
    "IncidentTally",
    "LinkSuggestion",
    "ReferenceSequence",
    "Reply",
    "TimePrecision",
]
