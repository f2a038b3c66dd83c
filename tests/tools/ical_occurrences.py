"""Reads iCalendar files with independent parsers and prints every occurrence's UTC start.

For each file given: the `icalendar` package parses it; each VEVENT's DTSTART/DTEND, RRULE
and EXDATE are expanded with dateutil's rrule, once with the time zone defined by the
file's own VTIMEZONE (dateutil.tz.tzical) and once with the IANA zone named by TZID
(zoneinfo). Both must agree, or the script fails. Output (JSON on stdout):
{"file": {"uid": [["start UTC", "end UTC"], ...]}}
"""

import json
import sys
from datetime import timezone
from zoneinfo import ZoneInfo

import icalendar
from dateutil import rrule, tz

UTC = timezone.utc


def expand(event, zone):
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND")
    start = start.replace(tzinfo=zone)
    end = end.replace(tzinfo=zone)
    length = end - start
    if "RRULE" not in event:
        starts = [start]
    else:
        rule = rrule.rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
        exdates = set()
        ex = event.get("EXDATE")
        for group in ex if isinstance(ex, list) else ([ex] if ex is not None else []):
            for d in group.dts:
                exdates.add(d.dt.replace(tzinfo=zone))
        starts = [s for s in rule if s not in exdates]
    return [
        [s.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
         (s + length).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")]
        for s in starts
    ]


def main(paths):
    out = {}
    for path in paths:
        data = open(path, "rb").read()
        cal = icalendar.Calendar.from_ical(data)
        own = tz.tzical(path)
        events = {}
        for ev in cal.walk("VEVENT"):
            tzid = ev["DTSTART"].params.get("TZID")
            by_vtimezone = expand(ev, own.get(tzid))
            by_iana = expand(ev, ZoneInfo(tzid))
            if by_vtimezone != by_iana:
                sys.exit(f"{path}: {ev['UID']}: VTIMEZONE gives {by_vtimezone}, IANA {by_iana}")
            events[str(ev["UID"])] = by_vtimezone
        out[path] = events
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
