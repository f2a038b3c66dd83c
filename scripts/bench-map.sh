#!/usr/bin/env bash
# What the map costs: a synthetic site with 500 venues drawn over the 49 hromadas of
# Kirovohrad oblast, and an overview of Ukraine's 27 oblasts from the full-resolution file
# (82,090 points). Reports the map's build phases (median of 5 builds, from HROMADA_TIMING),
# the SVG's size and the map page's compressed first-visit weight.
# Usage: scripts/bench-map.sh     A measurement, not a test: it never fails on a slow machine.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/hromada
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Site 1: the example site's settings, 100 instructions, 500 venues, 49 hromadas.
python3 scripts/gen_site.py 100 "$work/oblast" --venues 500 --events 50
cp tests/fixtures/geo/kirovohrad-oblast-hromadas.geojson "$work/oblast/data/geo/hromady.geojson"
sed -i 's#data/geo/hromady-susidy.geojson#data/geo/hromady.geojson#' "$work/oblast/site.toml"

# Site 2: only the oblasts, fitted to them.
python3 scripts/gen_site.py 10 "$work/ukraine"
cp tests/fixtures/geo/ukraine-oblasts.geojson "$work/ukraine/data/geo/oblasti.geojson"
python3 - "$work/ukraine/site.toml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = s[: s.index("[[map.layers]]")] + '[[map.layers]]\nname = "Області"\nfile = "data/geo/oblasti.geojson"\nlabel = "ADMIN_1"\nfit = true\n\n' + s[s.index("[[menu]]"):]
open(p, "w").write(s)
PY

phase() { # median of a HROMADA_TIMING phase over the runs in $1
  grep -hE "timing: +$2 +[0-9]" "$1"/run-* | awk '{print $(NF-1)}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
for name in oblast ukraine; do
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
done
