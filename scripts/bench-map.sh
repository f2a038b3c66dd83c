#!/usr/bin/env bash
# What the map costs: a synthetic site with 500 venues drawn over the 49 hromadas of
# Kirovohrad oblast, an overview of Ukraine's 27 oblasts from the full-resolution file
# (82,090 points), and the oblast-sized case of tests/map.rs (the 49 hromadas and 519 venues
# by settlement). Reports the map's build phases (median of 5 builds, from HROMADA_TIMING),
# the SVG's size, the map page's compressed first-visit weight, and what the map page draws:
# its markers and how many areas are named at each zoom level.
# Usage: scripts/bench-map.sh     A measurement, not a test: it never fails on a slow machine.
#        HROMADA_BIN=path/to/hromada scripts/bench-map.sh    measures another build of it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${HROMADA_BIN:-}" ]; then
  cargo build --release --quiet
fi
bin=${HROMADA_BIN:-$PWD/target/release/hromada}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Site 1: the example site's settings, 100 instructions, 500 venues, 49 hromadas.
python3 scripts/gen_site.py 100 "$work/oblast" --venues 500 --events 50
cp tests/fixtures/geo/kirovohrad-oblast-hromadas.geojson "$work/oblast/data/geo/hromady.geojson"
sed -i 's#data/geo/hromady-susidy.geojson#data/geo/hromady.geojson#' "$work/oblast/site.toml"

# The map layers of site.toml ($1) replaced by one layer ($2: name, file, label), fitted to.
one_layer() {
  python3 - "$@" <<'PY'
import sys
p, name, file, label = sys.argv[1:]
s = open(p).read()
layer = f'[[map.layers]]\nname = "{name}"\nfile = "{file}"\nlabel = "{label}"\nfit = true\n\n'
s = s[: s.index("[[map.layers]]")] + layer + s[s.index("[[menu]]"):]
open(p, "w").write(s)
PY
}

# Site 2: only the oblasts, fitted to them.
python3 scripts/gen_site.py 10 "$work/ukraine"
cp tests/fixtures/geo/ukraine-oblasts.geojson "$work/ukraine/data/geo/oblasti.geojson"
one_layer "$work/ukraine/site.toml" "Області" "data/geo/oblasti.geojson" "ADMIN_1"

# Site 3: the oblast-sized case of tests/map.rs, the same venues (the oblast centre with 120,
# every other hromada centre with 3-7 at its hromada's centroid, two or three villages per
# hromada with 1-2 each), fitted to the 49 hromadas.
python3 scripts/gen_site.py 100 "$work/settlements" --venues 10 --events 50
cp tests/fixtures/geo/kirovohrad-oblast-hromadas.geojson "$work/settlements/data/geo/hromady.geojson"
one_layer "$work/settlements/site.toml" "Громади" "data/geo/hromady.geojson" "name"
python3 - "$work/settlements" <<'PY'
import json, os, sys
site = sys.argv[1]
geo = json.load(open(os.path.join(site, "data/geo/hromady.geojson")))
cyrillic = dict(zip("aceiopxyABCEHIKMOPTX", "асеіорхуАВСЕНІКМОРТХ"))
kinds = ["library", "smart-library", "access-centre", "cnap", "cnap-self-service", "diia-hub",
         "digital-club", "code-club", "school-lab", "youth-centre"]
out = []
def venue(settlement, at, spread):
    n = len(out)
    k = n * 7919
    lon = at[0] + ((k % 1000) / 1000 - 0.5) * spread
    lat = at[1] + (((k // 1000) % 1000) / 1000 - 0.5) * spread * 0.66
    out.append(f"- id: v{n:05d}\n  name: Місце {n}\n  kind: {kinds[n % len(kinds)]}\n"
               f"  address: вул. Центральна, {n % 90 + 1}\n  settlement: {settlement}\n"
               f"  location: [{lon:.4f}, {lat:.4f}]\n  hours: \"Mo-Fr 09:00-18:00\"\n"
               f"  services: [wifi, computers]\n  accessibility: [step-free]\n")
for i, f in enumerate(geo["features"]):
    name = "".join(cyrillic.get(c, c) for c in f["properties"]["name"])
    g = f["geometry"]
    polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
    ring = max((p[0] for p in polys), key=len)
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    c = [cx / (3 * a), cy / (3 * a)]
    if name == "Кропивницька":
        centre, count = "Кропивницький", 120
    else:
        centre, count = f"{name} (центр)", 3 + i % 5
    for _ in range(count):
        venue(centre, c, 0.09 if count > 100 else 0.03)
    for j in range(2 + i % 2):
        p = ring[(j + 1) * len(ring) // 4]
        at = [c[0] + (p[0] - c[0]) * 0.55, c[1] + (p[1] - c[1]) * 0.55]
        for _ in range(1 + ((i + j) % 3 == 0)):
            venue(f"Село {j + 1} ({name})", at, 0.01)
open(os.path.join(site, "data/venues.yaml"), "w").write("".join(out))
PY

phase() { # median of a HROMADA_TIMING phase over the runs in $1
  grep -hE "timing: +$2 +[0-9]" "$1"/run-* | awk '{print $(NF-1)}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
for name in oblast ukraine settlements; do
  site="$work/$name"
  mkdir -p "$work/t-$name"
  for i in 1 2 3 4 5; do
    HROMADA_TIMING=1 "$bin" build --root "$site" --out "$work/out-$name" --now 2026-11-22 \
      2> "$work/t-$name/run-$i" >/dev/null
  done
  out="$work/out-$name"
  svg=$(python3 -c "import re,sys; h=open('$out/mapa/index.html').read(); print(len(re.search(r'<svg xmlns.*?</svg>', h, re.S).group(0)))")
  weight=0
  for f in "$out/mapa/index.html" $(grep -o '/assets/[^"]*' "$out/mapa/index.html" | sort -u | sed "s#^#$out#"); do
    weight=$((weight + $(gzip -9 -c "$f" | wc -c)))
  done
  venues=$(grep -c '^- id:' "$site/data/venues.yaml")
  echo "$name: $venues venues; map layers $(phase "$work/t-$name" 'map layers') ms (read, project, topology); map page $(phase "$work/t-$name" map) ms; venue maps $(phase "$work/t-$name" 'venue maps') ms; whole build $(phase "$work/t-$name" render) ms render"
  echo "$name: SVG $svg bytes; /mapa/ first visit $weight bytes gzip -9 (HTML + CSS + JS)"
  python3 - "$out/mapa/index.html" "$name" <<'PY'
import re, sys
svg = re.search(r"<svg xmlns.*?</svg>", open(sys.argv[1]).read(), re.S).group(0)
groups = len(re.findall(r'class="mk-g"', svg))
ones = len(re.findall(r'<a href="[^"]*" class="mk mk-', svg))
levels = re.findall(r'<g class="map-labels[^"]*"(?: data-z="(\d+)")?[^>]*>(.*?)</g>', svg)
named = ", ".join(
    f"{len(set(re.findall(r'map-area-label[^>]*>([^<]*)<', g)))} at {z or 1}x" for z, g in levels
)
size = re.search(r'<g class="map-labels"[^>]*font-size="([\d.]+)"', svg)
print(f"{sys.argv[2]}: first zoom {groups} groups + {ones} venues' own markers; areas named {named}"
      + (f" (first zoom's names {size.group(1)} units)" if size else ""))
PY
done
