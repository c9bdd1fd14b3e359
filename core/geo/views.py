"""The reverse look-up for the map pickers (static/js/maps.js): a point and the typed names
in, the province, the nearest place and any disagreement out, as JSON. Read-only, for
signed-in people; it reveals nothing but the vendored public geography."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from core.api.errors import error_body
from core.errors import CommonError

from .checks import mismatches
from .lookup import locate


def _coordinate(raw: str, limit: float) -> float | None:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if abs(value) <= limit else None


@login_required
@require_GET
def geo_locate(request):
    lat = _coordinate(request.GET.get("lat"), 90)
    lon = _coordinate(request.GET.get("lon"), 180)
    if lat is None or lon is None:
        field = "lat" if lat is None else "lon"
        return JsonResponse(
            error_body(
                CommonError.VALIDATION_ERROR,
                "A latitude (-90 to 90) and a longitude (-180 to 180) are required.",
                {field: ["Enter a number in range."]},
            ),
            status=400,
        )
    typed = {k: request.GET.get(k, "")[:200] for k in ("place_name", "district", "province")}
    return JsonResponse(
        {
            **locate(lat, lon).as_dict(),
            "warnings": [
                {"field": m.field, "message": m.message} for m in mismatches(lat, lon, **typed)
            ],
        }
    )
