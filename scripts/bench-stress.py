#!/usr/bin/env python3
"""Hostile inputs: does the time stay linear in the input?

Generates each hostile input at three sizes (x1, x2, x4 of a base size) into temp folders as
complete sites (the repository's own site.toml, themes/, content/, data/ plus the hostile
file), runs `target/release/hromada check --root DIR --now 2026-11-22` on each with a time
limit, and prints a table: case, size, seconds, exit code, ratio to the previous size. A
ratio of about 2 per doubling is linear time; about 1 means the run stopped early at a limit
(with a diagnostic) in time that does not grow with the input.

Usage: scripts/bench-stress.py [--bin target/release/hromada] [--limit 120] [--scale 1]
                               [--repeat 1] [--keep] [CASE …]
"""

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOW = "2026-11-22"


def copy_site(dest):
    for sub in ("themes", "content", "data", "static", "templates"):
        src = os.path.join(REPO, sub)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, sub))
    shutil.copy(os.path.join(REPO, "site.toml"), os.path.join(dest, "site.toml"))


def write(root, rel, text, mode="w"):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode, encoding="utf-8") as f:
        f.write(text)


def event(i, extra=""):
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    return (
        f"- id: podiia-{i}\n"
        f"  title: Заняття з цифрової грамотності № {i}\n"
        f"  kind: training\n"
        f'  start: "2025-{month:02}-{day:02} 10:00"\n'
        f'  end: "12:00"\n'
        f"  venue: tsentralna-biblioteka\n"
        f"  audience: [seniors]\n"
        f"  topics: [diia]\n"
        f"  free: true\n"
        f"  registration: {{note: Не потрібна}}\n"
        f"{extra}"
    )


# ── The cases: each writes its hostile file(s) of size n into the site at root. ──────────


def yaml_nested_events(root, n):
    """An event whose title is n nested `[`: a 410 KB events file took over 60 s."""
    write(root, "data/events.yaml", event(0, f"  organizer: {'[' * n}\n"), mode="a")


def yaml_nested_front_matter(root, n):
    """A page whose front matter has n nested `[` (200 KB took 33 s)."""
    write(root, "content/vkladeni.md", f"---\ntitle: {'[' * n}\n---\nТекст.\n")


def yaml_flat_events(root, n):
    """A long flat flow list: n audiences in one event, in one line."""
    items = ", ".join(["seniors"] * n)
    write(root, "data/events.yaml",
          event(0).replace("  audience: [seniors]\n", f"  audience: [{items}]\n"), mode="a")


def yaml_flat_front_matter(root, n):
    """A long flat flow list in front matter: n aliases."""
    items = ", ".join(f"/stara-{i}/" for i in range(n))
    write(root, "content/aliasy.md", f"---\ntitle: Псевдоніми\naliases: [{items}]\n---\nТекст.\n")


def md_nested_div(root, n):
    """n nested <div> in a page's Markdown (100k took 18.8 s in the sanitiser)."""
    write(root, "content/dyvy.md",
          "---\ntitle: Блоки\n---\n" + "<div>" * n + "\nТекст\n" + "</div>" * n + "\n")


def md_many_warnings(root, n):
    """n warnings in one page: n links whose text is «тут» (W0225)."""
    body = "".join(f"Рядок {i}: [тут](https://example.org/{i}).\n\n" for i in range(n))
    write(root, "content/posylannia.md", "---\ntitle: Посилання\n---\n" + body)


def md_many_headings(root, n):
    """n warnings about a skipped heading level (W0224) in one page."""
    body = "".join(f"## Розділ {i}\n\n#### Підрозділ {i}\n\nТекст.\n\n" for i in range(n))
    write(root, "content/zaholovky.md", "---\ntitle: Заголовки\n---\n" + body)


def events_many(root, n):
    """n valid events in one file (past ones: an upcoming event also gets two posters drawn,
    about 60 ms each on a cold cache, which would hide everything else)."""
    write(root, "data/events/bahato.yaml", "".join(event(i) for i in range(n)))


def events_errors(root, n):
    """n events in one file, each with an unknown kind (E0612): n errors to report."""
    text = "".join(event(i) for i in range(n)).replace("kind: training", "kind: trainin")
    write(root, "data/events/bahato.yaml", text)


def geo_layer(root, name, features, style="area"):
    import json

    text = json.dumps({"type": "FeatureCollection", "features": features})
    write(root, f"data/geo/{name}.geojson", text)
    write(root, "site.toml",
          f'\n[[map.layers]]\nname = "Стрес {name}"\nfile = "data/geo/{name}.geojson"\n'
          f'style = "{style}"\nlabel = "name"\n', mode="a")


def geo_big_polygon(root, n):
    """One polygon of n points: the same wobbly circle around Kropyvnytskyi (4,000 waves of
    about 150 m), drawn with more points as n grows."""
    ring = []
    for i in range(n):
        a = 2 * math.pi * i / n
        r = 0.3 + 0.002 * math.sin(a * 4000)
        ring.append([round(32.26 + r * math.cos(a), 7), round(48.51 + 0.66 * r * math.sin(a), 7)])
    ring.append(ring[0])
    geo_layer(root, "velykyi", [{"type": "Feature", "properties": {"name": "Велика"},
                                 "geometry": {"type": "Polygon", "coordinates": [ring]}}])


def geo_grid(root, n):
    """n/5 small squares in a grid sharing their borders (shared arcs, labels)."""
    side = max(1, int(math.sqrt(n / 5)))
    step = 0.6 / side
    feats = []
    for i in range(side):
        for j in range(side):
            x, y = 31.96 + i * step, 48.21 + j * step
            sq = [[x, y], [x + step, y], [x + step, y + step], [x, y + step], [x, y]]
            sq = [[round(a, 7), round(b, 7)] for a, b in sq]
            feats.append({"type": "Feature", "properties": {"name": f"Ділянка {i}-{j}"},
                          "geometry": {"type": "Polygon", "coordinates": [sq]}})
    geo_layer(root, "sitka", feats)


def geo_points(root, n):
    """n labelled points (the label placer)."""
    feats = []
    for i in range(n):
        a = i * 2.399963
        r = 0.3 * math.sqrt((i + 0.5) / n)
        feats.append({"type": "Feature", "properties": {"name": f"Пункт {i}"},
                      "geometry": {"type": "Point", "coordinates": [
                          round(32.26 + r * math.cos(a), 7), round(48.51 + 0.66 * r * math.sin(a), 7)]}})
    geo_layer(root, "punkty", feats, style="point")


CASES = {
    # name: (generator, base size)
    "yaml-nested-events": (yaml_nested_events, 100_000),
    "yaml-nested-front-matter": (yaml_nested_front_matter, 50_000),
    "yaml-flat-events": (yaml_flat_events, 50_000),
    "yaml-flat-front-matter": (yaml_flat_front_matter, 50_000),
    "md-nested-div": (md_nested_div, 25_000),
    "md-many-warnings": (md_many_warnings, 10_000),
    "md-many-headings": (md_many_headings, 10_000),
    "events-many": (events_many, 2_000),
    "events-errors": (events_errors, 10_000),
    "geo-big-polygon": (geo_big_polygon, 120_000),
    # The same polygon above the limit of 500,000 points: refused before it is parsed.
    "geo-over-limit": (geo_big_polygon, 1_250_000),
    "geo-grid": (geo_grid, 125_000),
    "geo-points": (geo_points, 5_000),
}


def run(binary, root, limit):
    started = time.monotonic()
    try:
        p = subprocess.run(
            [binary, "check", "--root", root, "--now", NOW],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=limit,
            env={**os.environ, "NO_COLOR": "1", "HROMADA_LANG": "en"},
        )
        code, err = p.returncode, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        code, err = None, ""
    return time.monotonic() - started, code, err


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cases", nargs="*", help="cases to run (default: all): " + ", ".join(CASES))
    ap.add_argument("--bin", default=os.path.join(REPO, "target/release/hromada"))
    ap.add_argument("--limit", type=float, default=120.0, help="seconds per run")
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies every base size")
    ap.add_argument("--keep", action="store_true", help="keep the generated sites")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs per size; the fastest is shown (the machine is shared)")
    args = ap.parse_args()
    names = args.cases or list(CASES)
    for n in names:
        if n not in CASES:
            sys.exit(f"unknown case {n}; cases: {', '.join(CASES)}")
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"{args.bin} is missing: run cargo build --release")
    print(f"{'case':<26} {'size':>9} {'input':>9} {'seconds':>8} {'exit':>5} {'ratio':>6}  first diagnostic")
    for name in names:
        gen, base = CASES[name]
        prev = None
        for mult in (1, 2, 4):
            n = int(base * args.scale * mult)
            root = tempfile.mkdtemp(prefix=f"stress-{name}-{n}-")
            copy_site(root)
            before = dir_size(root)
            gen(root, n)
            added = dir_size(root) - before
            secs, code, err = run(args.bin, root, args.limit)
            for _ in range(args.repeat - 1):
                if code is None:
                    break
                secs = min(secs, run(args.bin, root, args.limit)[0])
            first = next((l.strip() for l in err.splitlines() if "[" in l and ("error" in l or "warning" in l)), "")
            ratio = f"{secs / prev:.2f}" if prev else ""
            shown = "timeout" if code is None else str(code)
            print(f"{name:<26} {n:>9,} {human(added):>9} {secs:>8.2f} {shown:>5} {ratio:>6}  {first[:70]}", flush=True)
            prev = secs
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
            if code is None:
                break


def dir_size(root):
    total = 0
    for d, _, files in os.walk(root):
        for f in files:
            total += os.path.getsize(os.path.join(d, f))
    return total


def human(b):
    for unit in ("B", "KB", "MB"):
        if b < 1024 or unit == "MB":
            return f"{b:.0f} {unit}" if unit == "B" else f"{b:.1f} {unit}"
        b /= 1024
    return str(b)


if __name__ == "__main__":
    main()
