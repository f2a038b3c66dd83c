#!/usr/bin/env python3
"""Edit-to-reload latency of `hromada serve` on a synthetic site.

Starts the release binary on a free port, opens the event stream as a browser tab showing one
instruction, then edits that instruction's text N times (waiting for each build to finish)
and measures, for each edit, the time from the file's write to the `reload` event for the
page, and to the new page's bytes fetched over HTTP. Also times an edit to site.toml-free
data (a venue's hours) seen from the venues list page.

Usage: scripts/bench-serve.py [PAGES] [EDITS]      (default 1000 pages, 20 edits)
  HROMADA_BIN=path measures another build; GEN_ARGS="--venues 3000 --events 10000" makes the
  oblast's site (the venue edit is measured only when the site has venues).
A measurement, not a test: it never fails on a slow machine.
"""
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import queue
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pages = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
edits = int(sys.argv[2]) if len(sys.argv) > 2 else 20
binary = os.environ.get("HROMADA_BIN")
if not binary:
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "hromada")

work = tempfile.mkdtemp()
site = os.path.join(work, "site")
subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_site.py"), str(pages), site]
               + os.environ.get("GEN_ARGS", "").split(),
               check=True, stdout=subprocess.DEVNULL)
server = subprocess.Popen([binary, "serve", "--root", site, "--port", "0", "--now", "2026-11-22"],
                          stderr=subprocess.PIPE, text=True)
lines = queue.Queue()
threading.Thread(target=lambda: [lines.put(l) for l in server.stderr], daemon=True).start()
port = None
while port is None:
    m = re.search(r"Serving http://127\.0\.0\.1:(\d+)/ \(built in (\d+) ms\)", lines.get(timeout=120))
    if m:
        port, first_build = int(m.group(1)), int(m.group(2))


def get(path):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data.split(b"\r\n\r\n", 1)[1].decode()


def tab(path):
    events = queue.Queue()
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET /__hromada/events?path={path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())

    def read():
        name, buf = None, b""
        while chunk := s.recv(65536):
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                line = line.decode()
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: ") and name:
                    events.put((time.perf_counter(), name, line[6:]))
                    name = None
    threading.Thread(target=read, daemon=True).start()
    return events


full_builds = []
# The server's own figure for the first pass: from the end of the editor's burst to the
# reload event (re-reading and re-modelling what changed, rendering the open pages).
first_passes = []


def settle():
    """Waits until the server reports the whole build (the second pass) after an edit."""
    while True:
        line = lines.get(timeout=60)
        m = re.match(r"Open pages rebuilt in (\d+) ms", line)
        if m:
            first_passes.append(int(m.group(1)))
        m = re.match(r"Built in (\d+) ms", line)
        if m:
            full_builds.append(int(m.group(1)))
            return


def measure(page, file, edit, marker_of):
    events = tab(page)
    time.sleep(0.3)
    to_event, to_page = [], []
    for i in range(edits):
        text = open(file, encoding="utf-8").read()
        marker = marker_of(i)
        t0 = time.perf_counter()
        with open(file, "w", encoding="utf-8") as f:
            f.write(edit(text, marker))
        while True:
            t, name, data = events.get(timeout=60)
            if name == "reload" and page in json.loads(data)["pages"]:
                break
        to_event.append((t - t0) * 1000)
        body = get(page)
        to_page.append((time.perf_counter() - t0) * 1000)
        assert marker in body, "the page has the edit"
        settle()
    return to_event, to_page


instruction = os.path.join(site, "content", "instruktsii", "i00042.md")
page = "/instruktsii/i00042/"
ev, pg = measure(page, instruction,
                 lambda text, m: re.sub(r"\n\nЗмінено: [^\n]*|$", f"\n\nЗмінено: {m}", text, count=1),
                 lambda i: f"правка {i}")


venue_edits = None
instruction_builds = full_builds
instruction_passes = list(first_passes)
first_passes.clear()
venues_file = os.path.join(site, "data", "venues.yaml")
if os.path.exists(venues_file):
    first_venue = re.search(r"^- id: (\S+)", open(venues_file, encoding="utf-8").read(), re.M).group(1)
    instruction_builds = list(full_builds)
    full_builds.clear()
    venue_edits = measure(f"/mistsia/{first_venue}/", venues_file,
                          lambda text, m: re.sub(r'(- id: ' + first_venue + r'\n  name: )[^\n]*',
                                                 lambda g: g.group(1) + f'"Місце, {m}"', text, count=1),
                          lambda i: f"правка {i}")


def stats(xs):
    if not xs:
        return "none reported"
    xs = sorted(xs)
    return f"median {statistics.median(xs):.0f} ms, p90 {xs[int(len(xs) * 0.9) - 1]:.0f} ms, max {xs[-1]:.0f} ms"


print(f"site: {pages} instructions; first build {first_build} ms")
print(f"instruction text edit -> reload event: {stats(ev)}")
print(f"server's work before the reload event (first pass): {stats(instruction_passes)}")
print(f"instruction text edit -> new page fetched: {stats(pg)}")
print(f"whole site rebuilt after the edit (second pass, server's report): {stats(instruction_builds)}")
if venue_edits:
    print(f"venue name edit -> reload event: {stats(venue_edits[0])}")
    print(f"server's work before the reload event (first pass): {stats(first_passes)}")
    print(f"venue name edit -> new venue page fetched: {stats(venue_edits[1])}")
    print(f"whole site rebuilt after the venue edit (second pass): {stats(full_builds)}")
server.terminate()
server.wait()
subprocess.run(["rm", "-rf", work])
