"""What a reviewer weighs, per file and per record: the analysis of each file against the
record's own claimed time and place, its matches on other records, and a one-line verdict.
Reads only; for the mediators and the secretariat (evidence.permissions.can_see_analysis)."""

import math
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q
from django.utils.translation import gettext, ngettext

from .analysis import problem_text
from .models import EvidenceAnalysis, EvidenceBase, EvidenceCheckSettings, EvidenceMatch
from .selectors import evidence_check_settings

EARTH_KM = 6371.0088


def analyses_for(evidences: list[EvidenceBase]) -> dict[int, EvidenceAnalysis]:
    """Each file's analysis row by evidence id, in one query (files of one kind)."""
    if not evidences:
        return {}
    kind = evidences[0]._meta.label_lower
    rows = EvidenceAnalysis.objects.filter(
        evidence_type=kind, evidence_id__in=[e.pk for e in evidences]
    )
    return {row.evidence_id: row for row in rows}


def matches_for(analyses: list[EvidenceAnalysis]) -> dict[int, list[dict]]:
    """Each analysis's matches on other records, oldest first, in one query."""
    ids = [a.pk for a in analyses]
    found: dict[int, list[dict]] = {pk: [] for pk in ids}
    if not ids:
        return found
    pairs = EvidenceMatch.objects.filter(Q(first__in=ids) | Q(second__in=ids)).select_related(
        "first", "second"
    )
    for pair in pairs:
        for mine, other in ((pair.first, pair.second), (pair.second, pair.first)):
            if mine.pk in found:
                found[mine.pk].append(
                    {
                        "record_type": other.subject_type,
                        "reference": other.subject_ref,
                        "filed_at": other.uploaded_at,
                        "days_earlier": (mine.uploaded_at - other.uploaded_at).days,
                        "kind": pair.kind,
                        "distance": pair.phash_distance + pair.dhash_distance,
                    }
                )
    for rows in found.values():
        rows.sort(key=lambda m: m["filed_at"])
    return found


def km_between(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def hours_from(claimed, captured: datetime) -> float:
    """Hours between a capture time and the record's time; a date (an action report's)
    counts as its whole UTC day, so any capture on that day is 0."""
    if isinstance(claimed, datetime):
        return abs((captured - claimed).total_seconds()) / 3600
    start = datetime.combine(claimed, time(), tzinfo=UTC)
    end = start + timedelta(days=1)
    if start <= captured < end:
        return 0.0
    return (
        min(abs((captured - start).total_seconds()), abs((captured - end).total_seconds())) / 3600
    )


def claimed_time(subject, evidence: EvidenceBase):
    value = (
        getattr(subject, evidence.claimed_time_field, None) if evidence.claimed_time_field else None
    )
    return value if isinstance(value, datetime | date) else None


def file_panel(
    evidence: EvidenceBase,
    analysis: EvidenceAnalysis | None,
    matches: list[dict],
    subject,
    checks: EvidenceCheckSettings,
) -> dict:
    """One file against its record's claimed time and place, with its warnings over the
    `checks` thresholds."""
    panel = {
        "analysed": bool(analysis and analysis.analysed_at),
        "problem": problem_text(analysis.problem) if analysis else "",
        "width": analysis.width if analysis else None,
        "height": analysis.height if analysis else None,
        "page_count": analysis.page_count if analysis else None,
        "duration_seconds": analysis.duration_seconds if analysis else None,
        "captured_at": analysis.captured_at if analysis else None,
        "captured_offset_known": bool(analysis and analysis.captured_offset_known),
        "latitude": analysis.latitude if analysis else None,
        "longitude": analysis.longitude if analysis else None,
        "hours_from_record": None,
        "km_from_record": None,
        "warnings": [],
        "matches": matches,
    }
    if analysis is None or not analysis.analysed_at:
        return panel
    claimed = claimed_time(subject, evidence)
    if analysis.captured_at and claimed is not None:
        hours = hours_from(claimed, analysis.captured_at)
        panel["hours_from_record"] = round(hours, 1)
        if hours > checks.time_warn_hours:
            panel["warnings"].append("time_differs")
    lat, lon = getattr(subject, "latitude", None), getattr(subject, "longitude", None)
    if analysis.latitude is not None and lat is not None and lon is not None:
        km = km_between(analysis.latitude, analysis.longitude, lat, lon)
        panel["km_from_record"] = round(km, 1)
        if km > checks.distance_warn_km:
            panel["warnings"].append("place_differs")
    if analysis.is_image and analysis.captured_at is None and analysis.latitude is None:
        panel["warnings"].append("no_metadata")
    if matches:
        panel["warnings"].append(
            "seen_before" if any(m["days_earlier"] >= 0 for m in matches) else "seen_elsewhere"
        )
    return panel


def evidence_panels(
    evidences: list[EvidenceBase], analyses: dict[int, EvidenceAnalysis] | None = None
) -> dict[int, dict]:
    """Every file's panel by evidence id (files of one record), in three queries for the
    lot (two when the caller passes the analyses it already holds): the analyses, the
    matches and the thresholds."""
    if not evidences:
        return {}
    if analyses is None:
        analyses = analyses_for(evidences)
    checks = evidence_check_settings()
    matches = matches_for(list(analyses.values()))
    subjects = {}
    panels = {}
    for evidence in evidences:
        if evidence.subject_id not in subjects:
            subjects[evidence.subject_id] = evidence.subject
        subject = subjects[evidence.subject_id]
        analysis = analyses.get(evidence.pk)
        found = matches.get(analysis.pk, []) if analysis else []
        panels[evidence.pk] = file_panel(evidence, analysis, found, subject, checks)
    return panels


def evidence_verdict(panels: list[dict]) -> str:
    """One line a reviewer reads before recording a finding, e.g. "2 of 3 images have
    metadata; 1 matches an image filed 140 days earlier"."""
    if not panels:
        return gettext("No evidence attached.")
    images = [p for p in panels if p["width"] is not None]
    parts = []
    pending = sum(not p["analysed"] for p in panels)
    if pending:
        parts.append(
            ngettext("%(count)d file not yet checked", "%(count)d files not yet checked", pending)
            % {"count": pending}
        )
    if images:
        with_meta = sum(p["captured_at"] is not None or p["latitude"] is not None for p in images)
        parts.append(
            ngettext(
                "%(with_metadata)d of %(count)d image has metadata",
                "%(with_metadata)d of %(count)d images have metadata",
                len(images),
            )
            % {"with_metadata": with_meta, "count": len(images)}
        )
        off = sum(bool({"time_differs", "place_differs"} & set(p["warnings"])) for p in images)
        if off:
            parts.append(
                ngettext(
                    "%(count)d taken at another time or place than claimed",
                    "%(count)d taken at another time or place than claimed",
                    off,
                )
                % {"count": off}
            )
    else:
        parts.append(
            ngettext("%(count)d file, no images", "%(count)d files, no images", len(panels))
            % {"count": len(panels)}
        )
    recycled = [p for p in panels if p["matches"]]
    if recycled:
        oldest = max(recycled, key=lambda p: max(m["days_earlier"] for m in p["matches"]))
        days = max(m["days_earlier"] for m in oldest["matches"])
        if days > 0:
            when = ngettext("filed %(days)d day earlier", "filed %(days)d days earlier", days) % {
                "days": days
            }
        else:
            when = gettext("filed on another record")
        if oldest["width"] is not None:
            match = ngettext(
                "%(count)d matches an image %(when)s",
                "%(count)d match an image %(when)s",
                len(recycled),
            )
        else:
            match = ngettext(
                "%(count)d matches a file %(when)s",
                "%(count)d match a file %(when)s",
                len(recycled),
            )
        parts.append(match % {"count": len(recycled), "when": when})
    else:
        parts.append(gettext("none seen on another record"))
    return gettext("; ").join(parts)
