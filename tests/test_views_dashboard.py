"""The dashboard: counts, the overdue list, the weekly chart and the map, all filtered alike."""

import json
import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone, translation
from django.utils.translation import gettext

from incidents.models import Incident
from verification.statuses import Status


def script_json(body: str, element_id: str):
    start = body.index(f'<script id="{element_id}" type="application/json">') + len(
        f'<script id="{element_id}" type="application/json">'
    )
    return json.loads(body[start : body.index("</script>", start)])


def test_visitors_get_the_landing_page(client, db):
    body = client.get("/").content.decode()
    assert "The mechanism is running." in body and "/accounts/login/" in body


def test_dashboard_counts_map_and_chart_follow_visibility(client, file_claim, cast):
    draft = file_claim("draft")
    verified = file_claim("verified")
    file_claim("under_review", by="afg_officer")
    client.force_login(cast["afg_officer"])
    body = client.get("/dashboard/").content.decode()
    points = script_json(body, "map-data")["points"]
    refs = {p[0] for p in points}
    assert verified.reference in refs and draft.reference not in refs
    assert [p[3] for p in points if p[0] == verified.reference] == ["verified"]
    chart = script_json(body, "chart-data")
    assert len(chart["labels"]) == 26
    assert {d["label"] for d in chart["datasets"]} == {"Afghanistan", "Pakistan"}
    assert sum(sum(d["data"]) for d in chart["datasets"]) == 2
    assert 'data-status="verified">1<' in body


def test_dashboard_filters_apply_to_map_and_chart(client, file_claim, cast):
    verified = file_claim("verified")
    open_claim = file_claim("under_review")
    client.force_login(cast["secretariat"])
    body = client.get("/dashboard/", {"status": "verified"}).content.decode()
    refs = {p[0] for p in script_json(body, "map-data")["points"]}
    assert refs == {verified.reference}
    chart = script_json(body, "chart-data")
    assert sum(sum(d["data"]) for d in chart["datasets"]) == 1
    assert open_claim.reference not in refs


def test_dashboard_lists_overdue_claims(client, file_claim, cast):
    late = file_claim("under_review")
    Incident.objects.filter(pk=late.pk).update(
        reply_due_at=timezone.now() - timedelta(hours=1), reply_overdue_at=timezone.now()
    )
    client.force_login(cast["tur_reviewer"])
    body = client.get("/dashboard/").content.decode()
    overdue = body[body.index('id="h-overdue"') :]
    assert late.reference in overdue and "Reply (due" in overdue


def test_overdue_under_a_date_filter_are_the_range_s_most_overdue(client, file_claim, cast):
    # Read by range and sorted (selectors.overdue_first): the same list the deadline
    # index gives, for the claims of the range only.
    now = timezone.now()
    claims = []
    for days_ago, due_hours_ago in [(40, 500), (10, 30), (9, 50), (8, 5)]:
        claim = file_claim("under_review")
        Incident.objects.filter(pk=claim.pk).update(
            occurred_at=now - timedelta(days=days_ago),
            findings_due_at=now - timedelta(hours=due_hours_ago),
            findings_overdue_at=now,
        )
        claims.append(claim.reference)
    client.force_login(cast["secretariat"])

    dated = client.get("/dashboard/", {"occurred_after": (now - timedelta(days=20)).isoformat()})
    undated = client.get("/dashboard/")

    assert [c.reference for c in dated.context["overdue"]] == [claims[2], claims[1], claims[3]]
    assert [c.reference for c in undated.context["overdue"]] == [claims[i] for i in (0, 2, 1, 3)]


def test_the_map_in_a_box_shows_the_newest_claims_inside_it(client, file_claim, cast):
    now = timezone.now()
    inside = [file_claim("under_review") for _ in range(3)]
    outside = file_claim("under_review")
    for n, claim in enumerate(inside):
        Incident.objects.filter(pk=claim.pk).update(
            latitude=34.1, longitude=71.1, occurred_at=now - timedelta(days=n)
        )
    Incident.objects.filter(pk=outside.pk).update(latitude=31.0, longitude=66.5)
    client.force_login(cast["secretariat"])

    body = client.get("/dashboard/", {"bbox": "71.0,34.0,71.2,34.2"}).content.decode()

    points = script_json(body, "map-data")["points"]
    assert [p[0] for p in points] == [c.reference for c in inside]


def test_every_static_file_a_template_names_exists():
    """Production's manifest storage refuses a page whose {% static %} file is missing."""
    names = set()
    for template in (settings.BASE_DIR / "templates").rglob("*.html"):
        names.update(re.findall(r"{% static '([^']+)' %}", template.read_text()))
    assert "vendor/leaflet/leaflet.js" in names
    missing = [name for name in sorted(names) if not finders.find(name)]
    assert missing == []


def test_vendored_files_carry_their_licences_and_no_missing_source_maps():
    static = settings.BASE_DIR / "static"
    for folder in (
        "vendor/leaflet",
        "vendor/leaflet.markercluster",
        "vendor/chartjs",
        "vendor/htmx",
    ):
        assert any(p.name.startswith("LICENSE") for p in (static / folder).iterdir()), folder
    for path in static.rglob("*"):
        if path.suffix in (".js", ".css"):
            for ref in re.findall(r"sourceMappingURL=(\S+?)(?:\s|\*/|$)", path.read_text()):
                assert (path.parent / ref).exists(), (path, ref)


def test_the_outline_holds_the_two_parties_countries_with_attribution():
    outline = json.loads((settings.BASE_DIR / "static/geo/outline.geojson").read_text())
    assert (
        "Natural Earth" in outline["attribution"]
        and "without endorsement" in outline["attribution"]
    )
    assert len(outline["features"]) == 2


def test_claims_fall_in_their_week(client, cast, category):
    from tests.factories import IncidentFactory

    now = timezone.now()
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=1)
    for when in (monday, monday - timedelta(seconds=2), now - timedelta(days=300)):
        IncidentFactory(occurred_at=when, created_by=cast["pak_officer"], category=category)
    client.force_login(cast["pak_officer"])
    chart = script_json(client.get("/dashboard/").content.decode(), "chart-data")
    pakistan = next(d for d in chart["datasets"] if d["label"] == "Pakistan")
    assert chart["labels"][-1] == monday.date().isoformat()
    assert pakistan["data"][-1] == 1  # this week, from Monday 00:00 UTC
    assert pakistan["data"][-2] == 1  # a second earlier: last week
    assert sum(pakistan["data"]) == 2  # ten months ago is off the chart


def test_the_provinces_and_places_carry_their_sources_and_licences():
    geo = settings.BASE_DIR / "static/geo"
    provinces = json.loads((geo / "provinces.geojson").read_text())
    assert "Natural Earth" in provinces["attribution"]
    assert {f["properties"]["country"] for f in provinces["features"]} == {"PAK", "AFG"}
    places = json.loads((geo / "places.json").read_text())
    assert "GeoNames" in places["attribution"] and len(places["places"]) > 500
    assert (geo / "LICENSE-natural-earth").exists() and (geo / "LICENSE-geonames").exists()
    # Small enough to send with every map.
    assert (geo / "provinces.geojson").stat().st_size + (
        geo / "places.json"
    ).stat().st_size < 400_000


def test_the_map_points_carry_what_the_popup_shows(client, file_claim, cast):
    claim = file_claim("under_review")
    reader = cast["secretariat"]
    reader.language = "tr"
    reader.save(update_fields=["language"])
    client.force_login(reader)
    body = client.get("/dashboard/").content.decode()
    data = script_json(body, "map-data")
    [point] = data["points"]
    reference, lat, lon, status, category, occurred, reporting, accused = point
    assert (reference, lat, lon, status, category, reporting, accused) == (
        claim.reference,
        float(claim.latitude),
        float(claim.longitude),
        "under_review",
        claim.category.label,
        "Pakistan",
        "Afghanistan",
    )
    # The time in UTC, ISO 8601: maps.js writes its first 16 characters, T for a space.
    assert datetime.fromisoformat(occurred) == claim.occurred_at
    assert occurred.endswith("+00:00")
    assert occurred[:16].replace("T", " ") == f"{claim.occurred_at.astimezone(UTC):%Y-%m-%d %H:%M}"
    # The status named, and the time's words, in the reader's language.
    with translation.override("tr"):
        assert data["statuses"]["under_review"] == str(Status.UNDER_REVIEW.label)
        assert script_json(body, "js-strings")["in_utc"] == gettext("%(time)s UTC")
    assert data["statuses"]["under_review"] != "Under review"
