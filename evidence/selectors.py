"""Who may download a file and see its preview: one rule for every kind of evidence."""

from .imaging import blurred
from .models import EvidenceAnalysis, EvidenceCheckSettings, EvidenceViewerSetting, Visibility
from .permissions import can_get_original


def evidence_download_allowed(*, user, evidence) -> bool:
    """Whether a caller already known to see the record (a claim, an action report, a
    referral) may download one of its files: the same rule for every kind of evidence.
    Files for both parties, yes; "mediators only" files reach the mediators, the
    secretariat and the uploading party, never the other party."""
    if evidence.visibility == Visibility.PARTIES:
        return True
    return can_get_original(user, evidence)


def evidence_serves_stripped(*, user, evidence) -> bool:
    """Which copy a caller allowed to download a file gets: the copy without location
    when the filer asked for one and the caller is not the filing party, a mediator or
    the secretariat (the other party, an observer); the file as filed otherwise."""
    return evidence.location_stripped and not can_get_original(user, evidence)


def evidence_reveals_graphic(*, user) -> bool:
    """The viewer's own setting: graphic previews shown at once, or blurred until revealed."""
    return EvidenceViewerSetting.objects.filter(user=user, reveal_graphic=True).exists()


def evidence_preview(*, user, evidence, reveal: bool = False) -> tuple[bytes, str] | None:
    """The preview of a file the caller may download (checked by the caller) and its type
    (a JPEG for an image, a PNG for a PDF's first page), blurred when the file is graphic
    unless the viewer reveals it (now, or by their setting); None when the file has no
    preview. Revealing is the viewer's own business and is not recorded. A preview is
    pixels only (evidence.imaging and evidence.media write no metadata into it), so the
    same one serves the party that gets the copy without location."""
    analysis = EvidenceAnalysis.objects.filter(
        evidence_type=evidence._meta.label_lower, evidence_id=evidence.pk
    ).first()
    if analysis is None or not analysis.preview:
        return None
    try:
        with analysis.preview.open("rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        return None
    if analysis.graphic and not (reveal or evidence_reveals_graphic(user=user)):
        data = blurred(data)
    return data, analysis.preview_content_type


def evidence_check_settings() -> EvidenceCheckSettings:
    """The checks' thresholds: the one row the secretariat edits (seeded by a migration),
    or its defaults if the row is missing. One query: callers read it once per request or
    task and pass it down, never once per file."""
    return EvidenceCheckSettings.objects.filter(pk=1).first() or EvidenceCheckSettings()
