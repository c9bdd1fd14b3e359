#!/usr/bin/env bash
# Refresh the browser libraries under static/vendor/ and the map outline under static/geo/
# from the npm registry. Run by hand when upgrading; the results are committed, so neither
# a page nor a deployment ever fetches anything from outside.
set -euo pipefail
cd "$(dirname "$0")/.."

LEAFLET=1.9.4
CHARTJS=4.6.1
HTMX=2.0.11
WORLD_ATLAS=2.0.2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund \
  "leaflet@$LEAFLET" "chart.js@$CHARTJS" "htmx.org@$HTMX" "world-atlas@$WORLD_ATLAS" >/dev/null)
mods="$work/node_modules"

# The manifest storage resolves every sourceMappingURL; source maps are not shipped.
strip_map() { sed -e '/^\/\/# sourceMappingURL=/d' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$1" > "$2"; }

rm -rf static/vendor
mkdir -p static/vendor/leaflet/images static/vendor/chartjs static/vendor/htmx static/geo
strip_map "$mods/leaflet/dist/leaflet.js" static/vendor/leaflet/leaflet.js
strip_map "$mods/leaflet/dist/leaflet.css" static/vendor/leaflet/leaflet.css
cp "$mods"/leaflet/dist/images/*.png static/vendor/leaflet/images/
cp "$mods/leaflet/LICENSE" static/vendor/leaflet/LICENSE
strip_map "$mods/chart.js/dist/chart.umd.min.js" static/vendor/chartjs/chart.umd.min.js
cp "$mods/chart.js/LICENSE.md" static/vendor/chartjs/LICENSE.md
strip_map "$mods/htmx.org/dist/htmx.min.js" static/vendor/htmx/htmx.min.js
cp "$mods/htmx.org/LICENSE" static/vendor/htmx/LICENSE
cat > static/vendor/VERSIONS <<VERSIONS
leaflet $LEAFLET
chart.js $CHARTJS
htmx.org $HTMX
world-atlas $WORLD_ATLAS (Natural Earth 4.1.0, Admin 0 countries, 1:50m)
VERSIONS

# Pakistan (586) and Afghanistan (004): the parties of today's ceasefire.
python3 scripts/build_outline_geojson.py "$mods/world-atlas/countries-50m.json" \
  static/geo/outline.geojson 586 004
cp "$mods/world-atlas/LICENSE" static/geo/LICENSE-world-atlas
