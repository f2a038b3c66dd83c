#!/usr/bin/env bash
# Lighthouse (mobile) scores of the example site's home page, an instruction, a venue and an
# event, as recorded in BENCHMARKS.md. Builds the site for the local address it is served
# at (so canonical links point at the page Lighthouse loads), installs the pinned Lighthouse
# into scripts/lighthouse/node_modules, and exits non-zero when a page scores under 100 for
# accessibility, best practices or SEO, or under 95 for performance.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8790}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --release --quiet -- build --out "$out/site" --base-url "http://127.0.0.1:$port/" "$@"
(cd scripts/lighthouse && [ -d node_modules/lighthouse ] || npm ci --no-audit --no-fund --loglevel=error)
node scripts/lighthouse/run.mjs --site "$out/site" --port "$port" \
  / /instruktsii/diia-pidpys/ /mistsia/tsentralna-biblioteka/ /podii/forum-starshoho-viku-2026/
