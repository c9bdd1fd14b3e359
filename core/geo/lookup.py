"""The reverse look-up: a point to its province (point in polygon) and its nearest place.

The data is read once per process from the vendored files under static/geo/ (built by
scripts/build_admin1_geojson.py and scripts/build_gazetteer.py), the same files the maps
draw, so the page and the map never disagree about where a point is.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

EARTH_RADIUS_KM = 6371.0


def _geo_file(name: str) -> Path:
    return Path(settings.BASE_DIR) / "static" / "geo" / name


@dataclass(frozen=True)
class Province:
    code: str  # ISO 3166-2, e.g. "PK-KP"
    name: str
    country: str  # ISO 3166-1 alpha-3, e.g. "PAK"
    polygons: tuple  # of polygons, each a tuple of rings, each a tuple of (lon, lat)
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

    def contains(self, lat: float, lon: float) -> bool:
        west, south, east, north = self.bbox
        if not (west <= lon <= east and south <= lat <= north):
            return False
        return any(_in_polygon(rings, lon, lat) for rings in self.polygons)


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    country: str  # ISO 3166-1 alpha-2, e.g. "PK"
    population: int
    other_names: tuple[str, ...]


@dataclass(frozen=True)
class Location:
    """What the reverse look-up says about a point; either part may be unknown (a point
    outside both countries has no province; the gazetteer could in principle be empty)."""

    province: Province | None
    place: Place | None
    distance_km: float | None

    def as_dict(self) -> dict:
        return {
            "province": (
                {
                    "code": self.province.code,
                    "name": self.province.name,
                    "country": self.province.country,
                }
                if self.province
                else None
            ),
            "place": (
                {
                    "name": self.place.name,
                    "country": self.place.country,
                    "latitude": self.place.latitude,
                    "longitude": self.place.longitude,
                    "distance_km": round(self.distance_km, 1),
                }
                if self.place
                else None
            ),
        }


def _in_ring(ring, x: float, y: float) -> bool:
    """Even-odd ray casting: does a ray from (x, y) eastwards cross the ring an odd number of
    times?"""
    inside = False
    x1, y1 = ring[-1]
    for x2, y2 in ring:
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
        x1, y1 = x2, y2
    return inside


def _in_polygon(rings, x: float, y: float) -> bool:
    # Inside the outer ring and inside none of its holes.
    return _in_ring(rings[0], x, y) and not any(_in_ring(hole, x, y) for hole in rings[1:])


@cache
def provinces() -> tuple[Province, ...]:
    collection = json.loads(_geo_file("provinces.geojson").read_text())
    result = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        parts = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        polygons = tuple(tuple(tuple(map(tuple, ring)) for ring in part) for part in parts)
        xs = [x for part in polygons for x, _ in part[0]]
        ys = [y for part in polygons for _, y in part[0]]
        props = feature["properties"]
        result.append(
            Province(
                code=props["code"],
                name=props["name"],
                country=props["country"],
                polygons=polygons,
                bbox=(min(xs), min(ys), max(xs), max(ys)),
            )
        )
    return tuple(result)


@cache
def places() -> tuple[Place, ...]:
    data = json.loads(_geo_file("places.json").read_text())
    return tuple(
        Place(
            name=name,
            latitude=lat,
            longitude=lon,
            country=country,
            population=population,
            other_names=tuple(others),
        )
        for name, lat, lon, country, population, others in data["places"]
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def province_at(latitude, longitude) -> Province | None:
    lat, lon = float(latitude), float(longitude)
    return next((p for p in provinces() if p.contains(lat, lon)), None)


def nearest_place(latitude, longitude, among=None) -> tuple[Place, float] | None:
    """The place of the gazetteer (or of `among`) nearest to the point, with its distance."""
    lat, lon = float(latitude), float(longitude)
    best = None
    for place in places() if among is None else among:
        d = distance_km(lat, lon, place.latitude, place.longitude)
        if best is None or d < best[1]:
            best = (place, d)
    return best


def locate(latitude, longitude) -> Location:
    nearest = nearest_place(latitude, longitude)
    return Location(
        province=province_at(latitude, longitude),
        place=nearest[0] if nearest else None,
        distance_km=nearest[1] if nearest else None,
    )
