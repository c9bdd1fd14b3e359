"""Demo evidence on a few demo claims, so the reviewer's panel has something to weigh:
one honest photograph, a near-identical copy of it and the very same file on later
claims (recycled media), one graphic photograph whose embedded time and place are far
from its claim's, and a two-page written report (a PDF, previewed by its first page).
Analysed here, synchronously, so the panel is filled at once. Four small images and a
small PDF: `make run`'s seeding stays fast. Idempotent."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role, User
from evidence import synthetic
from evidence.analysis import evidence_analyse
from verification.statuses import Status

from .models import Evidence, Incident
from .services import evidence_add

DEMO_TAG = "Demo photograph"
SIZE = (640, 480)


def seed_evidence(*, claims: int = 0, seed: int = 2025, log=None) -> int:
    if Evidence.objects.filter(description__startswith=DEMO_TAG).exists():
        return 0
    picked = list(
        Incident.objects.filter(status__in=(Status.UNDER_REVIEW, Status.SUBMITTED, Status.DISPUTED))
        .select_related("reporting_party")
        .order_by("occurred_at", "pk")[:4]
    )
    if len(picked) < 4:
        return 0
    officers = {u.party_id: u for u in User.objects.filter(role=Role.OFFICER, party__isnull=False)}
    if any(c.reporting_party_id not in officers for c in picked):
        return 0
    first, second, third, fourth = picked
    place = synthetic.scene(seed % 1000 + 41, size=SIZE)
    honest = synthetic.jpeg_bytes(
        place,
        exif=synthetic.exif_for(
            taken=first.occurred_at, offset="+00:00", lat=first.latitude, lon=first.longitude
        ),
    )
    misleading = synthetic.jpeg_bytes(
        synthetic.scene(seed % 1000 + 42, size=SIZE),
        exif=synthetic.exif_for(
            taken=fourth.occurred_at - timedelta(days=400),
            offset="+00:00",
            lat=fourth.latitude + Decimal("2.5"),
            lon=fourth.longitude,
        ),
    )
    report = synthetic.pdf_bytes(pages=2, title=f"Field report {first.reference}")
    # (claim, name, bytes, graphic, position kept from the other party)
    recycled = synthetic.jpeg_bytes(synthetic.recycled(place))
    files = [
        (first, "crossing-after-shelling.jpg", honest, False, True),
        (second, "damage-near-market.jpg", recycled, False, False),
        (third, "crossing-photo.jpg", honest, False, False),
        (fourth, "casualties-at-post.jpg", misleading, True, False),
        (first, "field-report.pdf", report, False, False),
    ]
    for claim, name, data, graphic, strip_location in files:
        evidence = evidence_add(
            user=officers[claim.reporting_party_id],
            incident=claim,
            upload=SimpleUploadedFile(name, data),
            description=f"{DEMO_TAG}: {name}",
            graphic=graphic,
            strip_location=strip_location,
        )
        evidence_analyse(evidence=evidence)
    if log:
        log(
            f"Added {len(files) - 1} demo photographs and a report on "
            f"{', '.join(c.reference for c in picked)}."
        )
    return len(files)
