"""Who may download a file and see its preview: one rule for every kind of evidence."""

from accounts.models import Role

from .imaging import blurred
from .models import EvidenceAnalysis, EvidenceViewerSetting, Visibility


def evidence_download_allowed(*, user, evidence) -> bool:
    """Whether a caller already known to see the record (a claim, an action report, a
    referral) may download one of its files: the same rule for every kind of evidence.
    Files for both parties, yes; "mediators only" files reach the mediators, the
    secretariat and the uploading party, never the other party."""
    if evidence.visibility == Visibility.PARTIES:
        return True
    if user.role in (Role.REVIEWER, Role.SECRETARIAT):
        return True
    return user.role == Role.OFFICER and evidence.uploaded_by.party_id == user.party_id


def evidence_reveals_graphic(*, user) -> bool:
    """The viewer's own setting: graphic previews shown at once, or blurred until revealed."""
    return EvidenceViewerSetting.objects.filter(user=user, reveal_graphic=True).exists()


def evidence_preview(*, user, evidence, reveal: bool = False) -> tuple[bytes, str] | None:
    """The preview of a file the caller may download (checked by the caller) and its type
    (a JPEG for an image, a PNG for a PDF's first page), blurred when the file is graphic
    unless the viewer reveals it (now, or by their setting); None when the file has no
    preview. Revealing is the viewer's own business and is not recorded."""
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
