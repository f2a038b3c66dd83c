"""Reads Atom feeds with feedparser, as the services that post a feed's entries do, and
prints what it understood as JSON: whether the feed was well-formed (`bozo`), its version,
title and links, and each entry's title, id, link, summary, category and date."""

import json
import sys

import feedparser

feeds = []
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        d = feedparser.parse(f.read())
    feeds.append(
        {
            "bozo": bool(d.bozo),
            "bozo_exception": str(d.get("bozo_exception", "")),
            "version": d.version,
            "title": d.feed.get("title"),
            "language": d.feed.get("language"),
            "updated": d.feed.get("updated"),
            "links": sorted((l.get("rel"), l.get("href")) for l in d.feed.get("links", [])),
            "entries": [
                {
                    "title": e.get("title"),
                    "id": e.get("id"),
                    "link": e.get("link"),
                    "summary": e.get("summary"),
                    "category": [t.get("term") for t in e.get("tags", [])],
                    "updated": e.get("updated"),
                }
                for e in d.entries
            ],
        }
    )
json.dump(feeds, sys.stdout, ensure_ascii=False)
