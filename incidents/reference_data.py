"""The parties, co-chairs and taxonomy (categories with their deadlines) of
`incidents.seed_data`, for core.reference_data."""

from decimal import Decimal

from accounts.models import CoChair, Party

from . import seed_data
from .models import Category


def reference_data_load() -> dict[str, int]:
    """Creates what is missing, changes nothing else; returns how many of each it created."""
    created = {"parties": 0, "co-chairs": 0, "categories": 0}
    for code, name, (min_lat, max_lat, min_lon, max_lon), zone in seed_data.PARTIES:
        _, new = Party.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "time_zone": zone,
                "min_latitude": Decimal(str(min_lat)),
                "max_latitude": Decimal(str(max_lat)),
                "min_longitude": Decimal(str(min_lon)),
                "max_longitude": Decimal(str(max_lon)),
            },
        )
        created["parties"] += new
    for code, name, zone in seed_data.COCHAIRS:
        created["co-chairs"] += CoChair.objects.get_or_create(
            code=code, defaults={"name": name, "time_zone": zone}
        )[1]
    for code, label, clause, assign_h, reply_h, findings_d in seed_data.CATEGORIES:
        if not Category.objects.filter(code=code).exists():
            Category.objects.create(
                code=code,
                label=label,
                agreement_clause=clause,
                assignment_hours=assign_h,
                reply_hours=reply_h,
                findings_days=findings_d,
            )
            created["categories"] += 1
    return created
