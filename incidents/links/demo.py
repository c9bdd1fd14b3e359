"""Demo links among the seeded claims: counter-claim pairs (each party blaming the other
for one exchange of fire, linked as the same event), a related sequence (fire, and the
reply to it hours later), and suggestions left open for the reviewers. The second claim
of each pair is moved to its partner's time and place first, as the two parties would
have filed them. Through the services, so each link is on both claims' trails.
Idempotent: nothing is added when demo links exist."""

from datetime import timedelta
from decimal import Decimal

from accounts.models import Role, User
from verification.statuses import Status

from ..models import Incident
from .models import ClaimLink, LinkKind
from .services import claim_link, suggestions_on_submit

DEMO_REASON = "Demo: "
LINKED_PAIRS = 3
OPEN_PAIRS = 2
CANDIDATES = 200  # the AFG claims a pair's second is drawn from: the latest reported
LIVE = (Status.UNDER_REVIEW, Status.DISPUTED, Status.VERIFIED, Status.NOT_VERIFIED)


def _move_beside(claim: Incident, partner: Incident, *, minutes: int, metres: int) -> None:
    """`claim` filed by the other party about the event of `partner`: the same place
    (a few hundred metres off) and time (minutes later), its own words."""
    claim.occurred_at = partner.occurred_at + timedelta(minutes=minutes)
    claim.latitude = partner.latitude + Decimal(metres) / Decimal(111_320)
    claim.longitude = partner.longitude
    for field in ("place_name", "province", "district", "border_sector", "category_id"):
        setattr(claim, field, getattr(partner, field))
    claim.narrative = (
        f"Fire was opened on our positions near {partner.place_name} from across the border; "
        "our forces returned fire only in self-defence. The other side's account of this "
        "exchange is false."
    )
    claim.save(
        update_fields=[
            "occurred_at",
            "latitude",
            "longitude",
            "place_name",
            "province",
            "district",
            "border_sector",
            "category",
            "narrative",
        ]
    )


def seed_links(*, claims: int = 0, seed: int = 2025, log=None) -> int:
    if ClaimLink.objects.filter(reason__startswith=DEMO_REASON).exists():
        return 0
    secretariat = User.objects.filter(role=Role.SECRETARIAT, is_active=True).first()
    if secretariat is None:
        return 0
    live = Incident.objects.filter(status__in=LIVE).select_related("category").order_by("pk")
    pairs_needed = LINKED_PAIRS + OPEN_PAIRS + 1
    pak_side = list(live.filter(reporting_party__code="PAK")[:pairs_needed])
    # The second claim of a pair must have been reported after its partner's event.
    afg_side = list(
        live.filter(reporting_party__code="AFG").order_by("-reported_at", "pk")[:CANDIDATES]
    )
    if len(pak_side) < pairs_needed or len(afg_side) < pairs_needed:
        return 0
    made = 0
    used = set()
    for index, first in enumerate(pak_side):
        second = next(
            (
                c
                for c in afg_side
                if c.pk not in used and c.reported_at >= first.occurred_at + timedelta(hours=4)
            ),
            None,
        )
        if second is None:
            break
        used.add(second.pk)
        sequence = index == pairs_needed - 1
        minutes = 180 if sequence else 25 + 10 * index
        _move_beside(second, first, minutes=minutes, metres=400 + 150 * index)
        suggestions_on_submit(second)
        if index < LINKED_PAIRS:
            claim_link(
                actor=secretariat,
                claim=first,
                other=second,
                kind=LinkKind.SAME_EVENT,
                reason=f"{DEMO_REASON}both parties describe the one exchange of fire at "
                f"{first.place_name}, each blaming the other.",
            )
            made += 1
        elif sequence:
            claim_link(
                actor=secretariat,
                claim=first,
                other=second,
                kind=LinkKind.RELATED,
                reason=f"{DEMO_REASON}the fire three hours later answered the first.",
            )
            made += 1
    if log:
        log(f"Linked {made} pairs of demo claims; open suggestions left for the reviewers.")
    return made
