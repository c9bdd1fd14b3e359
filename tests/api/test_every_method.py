"""Every route of the site (the API's and the pages'), with every method, as each named
actor and anonymous, on records that exist: a documented 2xx, 3xx or 4xx, never a 500.
Bodies are empty: the answers to real bodies are the permission matrices' business."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from mediators.models import AgendaItem, ReviewMeeting
from mediators.services import meeting_schedule

from .support import MISSING_ID, build_cast, client_for, file_claim_as, module_world

METHODS = ("get", "post", "put", "patch", "delete", "options", "head")
CALLERS = (
    "pak_officer",
    "afg_officer",
    "tur_reviewer",
    "qat_reviewer",
    "secretariat",
    "observer",
    "anonymous",
)
GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")


def _routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


# The admin is Django's own (and the secretariat's); everything else is ours.
ROUTES = sorted(r for r in _routes(get_resolver()) if not r.startswith("admin/"))


def _build():
    from tests.api.test_schemathesis import compliance_world

    world = build_cast()
    claim, files = file_claim_as(world, "verified", files=True)
    other, _ = file_claim_as(world, "disputed")  # the other end of a link or a suggestion
    file_claim_as(world, "under_review")  # what the compliance world's access denials take
    meeting_schedule(
        actor=world["users"]["secretariat"],
        title="Review",
        scheduled_for=timezone.now() + timedelta(days=7),
    )
    records = compliance_world(world["users"])
    item = AgendaItem.objects.first()
    world["values"] = {
        "claims": {"reference": claim.reference, "evidence_id": files["evidence"]},
        "incidents": {
            "reference": claim.reference,
            "evidence_id": files["evidence"],
            "other": other.reference,
            "language": "en",
        },
        "commitments": {"reference": records["commitments/"]["reference"][0][0]},
        "action-reports": {
            "reference": records["action-reports/"]["evidence_id"][0][0],
            "evidence_id": records["action-reports/"]["evidence_id"][0][1],
            "language": "en",
        },
        "referrals": {
            "reference": records["referrals/"]["evidence_id"][0][0],
            "evidence_id": records["referrals/"]["evidence_id"][0][1],
            "language": "en",
        },
        "penalties": {"reference": records["penalties/"]["reference"][0][0]},
        "access-denials": {
            "reference": records["access-denials/"]["evidence_id"][0][0],
            "evidence_id": records["access-denials/"]["evidence_id"][0][1],
        },
        "penalty-measures": {"code": "demarche"},
        "parties": {"code": "AFG"},
        "meetings": {
            "meeting_id": ReviewMeeting.objects.values_list("pk", flat=True).first(),
            "item_id": item.pk if item else MISSING_ID,
        },
    }
    return world


world = module_world(_build)


def concrete(route: str, values: dict) -> str:
    """The route with each parameter a record that exists, named by the route's
    collection (the first segment after the API's version or the app's prefix)."""
    path = route.replace("^", "").replace("$", "")
    segments = [s for s in re.sub(GROUP, "X", path).split("/") if s not in ("", "api", "v1")]
    collection = next(
        (s for s in segments if s in values),
        segments[1] if segments[:1] == ["compliance"] and len(segments) > 1 else "",
    )
    known = values.get(collection, {})

    def value(match):
        name = match.group(1) or match.group(2)
        return str(known.get(name, MISSING_ID))

    return "/" + GROUP.sub(value, path)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
def test_no_method_answers_a_server_error(world, route):
    path = concrete(route, world["values"])
    for caller in CALLERS:
        if path.startswith("/api/"):
            client = client_for(world, caller)
        else:
            client = Client(raise_request_exception=False)
            if caller != "anonymous":
                client.force_login(world["users"][caller])
        for method in METHODS:
            response = getattr(client, method)(path)
            assert response.status_code < 500, (
                caller,
                method.upper(),
                path,
                response.content[:300],
            )


def test_the_walk_names_real_records():
    values = {"penalties": {"reference": "PEN-AFG-2026-0001"}, "claims": {"reference": "R"}}
    assert (
        concrete(
            r"api/v1/^penalties/(?P<reference>PEN-[A-Z]{3}-[0-9]{4}-[0-9]{4,})/approve/$", values
        )
        == "/api/v1/penalties/PEN-AFG-2026-0001/approve/"
    )
    assert concrete("claims/<str:reference>/", values) == "/claims/R/"
    assert isinstance(APIClient(), APIClient)
