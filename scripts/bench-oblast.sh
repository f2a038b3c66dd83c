#!/usr/bin/env bash
# An oblast's whole network: 500 instructions, 3,000 venues, 10,000 events (scripts/gen_site.py),
# built as of 2026-11-22 into tmpfs: a clean build (no poster cache), then a rebuild with
# nothing changed. Prints wall and CPU time, peak memory, the output's size and files, the
# first pages of the long lists and each phase (HROMADA_TIMING).
# Usage: scripts/bench-oblast.sh   (HROMADA_BIN=path measures another build)
# A measurement, not a test: it never fails because a machine is slow.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${HROMADA_BIN:-}" ]; then
  cargo build --release --quiet
  HROMADA_BIN=target/release/hromada
fi
bin=$(realpath "$HROMADA_BIN")
work=$(mktemp -d)
out=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$work" "$out"' EXIT
python3 scripts/gen_site.py 500 "$work/site" --venues 3000 --events 10000 >/dev/null
for run in clean rebuild; do
  echo "== $run"
  (cd "$work/site" && HROMADA_TIMING=1 /usr/bin/time -f "wall %e s, cpu %U s user + %S s system, peak %M KB" \
    "$bin" build --out "$out/public" --now 2026-11-22 2>&1 | grep -E "^timing|^wall|Зібрано|Built")
done
echo "== output"
du -sh "$out/public" | cut -f1
find "$out/public" -type f | wc -l
for p in podii/index.html podii/arkhiv/index.html mistsia/index.html instruktsii/index.html posluhy/diia/index.html mapa/index.html; do
  f="$out/public/$p"
  [ -f "$f" ] && printf '%-28s %9d B, %7d B gzip -9\n' "/$p" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done
