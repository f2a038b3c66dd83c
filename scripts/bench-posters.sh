#!/usr/bin/env bash
# What posters cost: a synthetic site with 200 upcoming events (gen_site.py, built as of
# 2025-12-31 so that every event is still to come, with `[posters] ahead` long enough for
# all of them), each with an A4 PDF and a 1200×630 PNG.
# Reports the posters phase (HROMADA_TIMING) cold — empty cache, one thread and all
# threads — and warm, and the whole build with and without posters (medians of 5). The CPU
# per poster is the cold one-thread build's CPU time (user + system) less that of the build
# without posters, over the posters drawn: on a shared machine it varies less than the wall
# clock.
# Usage: scripts/bench-posters.sh     A measurement, not a test.
#        HROMADA_BIN=path/to/hromada scripts/bench-posters.sh   to measure another build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${HROMADA_BIN:-}" ]; then cargo build --release --quiet; fi
bin=${HROMADA_BIN:-$PWD/target/release/hromada}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/gen_site.py 10 "$work/site" --venues 50 --events 200
site="$work/site"
now=2025-12-31
printf '\n[posters]\nahead = "520 weeks"\n' >> "$site/site.toml"

phase() { grep -hE "timing: +$1 +[0-9]" "$2" | awk '{print $(NF-1)}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
cpu() { grep -h "^timing: cpu " "$1" | awk '{printf "%.0f\n", ($3 + $4) * 1000}'; }
run() {
  local t0 t1
  t0=$(date +%s%N)
  HROMADA_TIMING=1 /usr/bin/time -f "timing: cpu %U %S" -a -o "$1.cpu" \
    "$bin" build --root "$site" --out "$work/out" --now "$now" 2> "$1" >/dev/null
  t1=$(date +%s%N)
  echo "timing: wall $(( (t1 - t0) / 1000000 )).0 ms" >> "$1"
  cat "$1.cpu" >> "$1"
}

for threads in 1 ""; do
  for i in 1 2 3; do
    rm -rf "$site/.cache"
    RAYON_NUM_THREADS=$threads run "$work/cold-$threads-$i"
  done
done
count=$(find "$work/out" -name 'poster.*' | wc -l)
mean_kb() { find "$work/out" -name "$1" -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/NR/1024}'; }
pdf_kb=$(mean_kb poster.pdf)
png_kb=$(mean_kb poster.png)
cold1=$(for i in 1 2 3; do phase posters "$work/cold-1-$i"; done | median)
cold1_cpu=$(for i in 1 2 3; do cpu "$work/cold-1-$i"; done | median)
coldn=$(for i in 1 2 3; do phase posters "$work/cold--$i"; done | median)
for i in 1 2 3 4 5; do run "$work/warm-$i"; done
warm=$(for i in 1 2 3 4 5; do phase posters "$work/warm-$i"; done | median)
warm_render=$(for i in 1 2 3 4 5; do phase render "$work/warm-$i"; done | median)
warm_wall=$(for i in 1 2 3 4 5; do phase wall "$work/warm-$i"; done | median)
printf 'formats = []\n' >> "$site/site.toml"   # [posters] is the file's last table
for i in 1 2 3 4 5; do run "$work/none-$i"; done
none_render=$(for i in 1 2 3 4 5; do phase render "$work/none-$i"; done | median)
none_wall=$(for i in 1 2 3 4 5; do phase wall "$work/none-$i"; done | median)
none_cpu=$(for i in 1 2 3 4 5; do cpu "$work/none-$i"; done | median)
echo "posters: $count files for $(grep -c '^- id:' "$site"/data/events/*.yaml | awk -F: '{s+=$2} END {print s}') events"
echo "sizes: PDF $pdf_kb KB, PNG $png_kb KB on average"
echo "cold, 1 thread: posters phase $cold1 ms ($(python3 -c "print(round($cold1/$count,1))") ms per poster per core)"
echo "cold, 1 thread: build CPU $cold1_cpu ms vs $none_cpu ms without posters ($(python3 -c "print(round(($cold1_cpu-$none_cpu)/$count,1))") ms CPU per poster)"
echo "cold, all threads ($(nproc) cores): $coldn ms"
echo "warm (cache): posters phase $warm ms; render $warm_render ms vs $none_render ms without posters"
echo "warm whole build (wall, output folder kept): $warm_wall ms vs $none_wall ms without posters"
