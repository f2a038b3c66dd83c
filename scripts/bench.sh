#!/usr/bin/env bash
# Builds synthetic sites of N instructions and reports wall time, time per page and peak
# memory. Usage: scripts/bench.sh [N ...]   (default: 1000 10000)
# A measurement, not a test: it never fails because a machine is slow.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/hromada
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
printf '%8s %10s %14s %12s %8s\n' pages wall_s ms_per_page peak_MB files
for n in "${sizes[@]}"; do
  site="$work/site-$n"
  python3 scripts/gen_site.py "$n" "$site"
  # One warm-up build (file cache), then the measured one into a fresh folder.
  "$bin" build --root "$site" --out "$work/warm-$n" --now 2026-11-22 >/dev/null 2>&1
  /usr/bin/time -v "$bin" build --root "$site" --out "$work/out-$n" --now 2026-11-22 \
    2> "$work/time-$n.txt" >/dev/null
  wall=$(grep 'Elapsed (wall clock)' "$work/time-$n.txt" | awk '{print $NF}')
  secs=$(python3 -c "p='$wall'.split(':'); print(sum(float(x)*60**i for i,x in enumerate(reversed(p))))")
  peak_kb=$(grep 'Maximum resident set size' "$work/time-$n.txt" | awk '{print $NF}')
  files=$(find "$work/out-$n" -type f | wc -l)
  python3 -c "print('%8d %10.2f %14.3f %12.1f %8d' % ($n, $secs, $secs*1000/$n, $peak_kb/1024, $files))"
done
