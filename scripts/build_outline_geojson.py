"""Build the map's country outlines (GeoJSON) from Natural Earth's Admin 0 boundaries.

Run once, when the parties change; the result is committed under static/geo/ so that the
map needs no tile server or outside request. The input is the TopoJSON redistribution of
Natural Earth in the npm package `world-atlas` (countries-50m.json); countries are chosen
by their ISO 3166-1 numeric code:

    python scripts/build_outline_geojson.py node_modules/world-atlas/countries-50m.json \
        static/geo/outline.geojson 586 004
"""

import argparse
import json
from pathlib import Path

ATTRIBUTION = (
    "Boundaries: Natural Earth (public domain), via world-atlas. "
    "Boundaries are shown without endorsement."
)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute longitude/latitude points of every arc (TopoJSON stores quantized deltas)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 4), round(y * sy + ty, 4)))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        # A negative index (~i) walks arc i backwards; consecutive arcs share an end point.
        part = arcs[~index][::-1] if index < 0 else arcs[index]
        if points:
            points.pop()
        points.extend(part)
    return points


def geometry(obj: dict, arcs) -> dict:
    if obj["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r, arcs) for r in obj["arcs"]]}
    if obj["type"] == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [[ring(r, arcs) for r in polygon] for polygon in obj["arcs"]],
        }
    raise ValueError(f"Unexpected geometry type {obj['type']}")


def build(topology: dict, ids: list[str]) -> dict:
    arcs = decode_arcs(topology)
    chosen = {g["id"]: g for g in topology["objects"]["countries"]["geometries"] if g.get("id")}
    missing = [i for i in ids if i not in chosen]
    if missing:
        raise SystemExit(f"No country with ISO numeric code {', '.join(missing)}")
    return {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "features": [
            {
                "type": "Feature",
                "id": code,
                "properties": {"name": chosen[code]["properties"]["name"]},
                "geometry": geometry(chosen[code], arcs),
            }
            for code in ids
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument("output", type=Path, help="where to write the GeoJSON")
    parser.add_argument("ids", nargs="+", help="ISO 3166-1 numeric codes, e.g. 586 004")
    args = parser.parse_args()
    collection = build(json.loads(args.topojson.read_text()), args.ids)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(collection, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
