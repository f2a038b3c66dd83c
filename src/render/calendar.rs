//! iCalendar files (RFC 5545) of events: the whole site, each venue, each audience and each
//! event. Times are local to Europe/Kyiv with a VTIMEZONE made from the bundled tz database
//! (the real transitions of the years the calendar covers), so a client shows the hour the
//! editor wrote. Weekly repeats are one VEVENT with RRULE and EXDATE.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use rayon::prelude::*;

use super::{Content, Output, Renderer, Scope, Templates, context};
use crate::diag::Diagnostics;
use crate::model::Site;
use crate::registry::{Event, Signup, time};

pub struct Calendars;

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (§3.1), and ends it
/// with CRLF.
pub fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        // An escape (`\,`, `\n` …) stays on one line: some clients do not unfold inside it.
        let mut unit = String::from(c);
        if c == '\\'
            && let Some(next) = chars.next()
        {
            unit.push(next);
        }
        if width + unit.len() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push_str(&unit);
        width += unit.len();
    }
    out.push_str("\r\n");
}

fn local(dt: DateTime) -> String {
    dt.strftime("%Y%m%dT%H%M%S").to_string()
}

fn utc(ts: Timestamp) -> String {
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn offset(o: jiff::tz::Offset) -> String {
    let secs = o.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}{:02}", secs / 3600, secs % 3600 / 60)
}

/// The VTIMEZONE of `tz` for the years `from..=to`: the offset in force on 1 January of
/// `from`, then every transition up to the end of `to`.
pub fn vtimezone(tz: &TimeZone, from: i16, to: i16) -> Vec<String> {
    let mut lines = vec![
        "BEGIN:VTIMEZONE".to_string(),
        format!("TZID:{}", time::ZONE),
    ];
    let start = jiff::civil::date(from, 1, 1).to_datetime(jiff::civil::Time::midnight());
    let Ok(start_ts) = tz.to_timestamp(start) else {
        return Vec::new();
    };
    let end_ts = tz
        .to_timestamp(jiff::civil::date(to, 12, 31).to_datetime(jiff::civil::time(23, 59, 59, 0)))
        .unwrap_or(start_ts);
    let info = tz.to_offset_info(start_ts);
    let mut observance =
        |dst: bool, start: DateTime, from: jiff::tz::Offset, to: jiff::tz::Offset, name: &str| {
            let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
            lines.push(format!("BEGIN:{kind}"));
            lines.push(format!("DTSTART:{}", local(start)));
            lines.push(format!("TZOFFSETFROM:{}", offset(from)));
            lines.push(format!("TZOFFSETTO:{}", offset(to)));
            if !name.is_empty() {
                lines.push(format!("TZNAME:{name}"));
            }
            lines.push(format!("END:{kind}"));
        };
    observance(
        info.dst().is_dst(),
        start,
        info.offset(),
        info.offset(),
        info.abbreviation(),
    );
    let mut previous = info.offset();
    for t in tz.following(start_ts) {
        if t.timestamp() > end_ts {
            break;
        }
        // The wall-clock time the change happens at, read on the clock before it.
        let wall = t.timestamp().to_zoned(TimeZone::fixed(previous)).datetime();
        observance(
            t.dst().is_dst(),
            wall,
            previous,
            t.offset(),
            t.abbreviation(),
        );
        previous = t.offset();
    }
    lines.push("END:VTIMEZONE".to_string());
    lines
}

fn host(site: &Site) -> String {
    let b = &site.config.base_url;
    let after = b.split_once("://").map_or(b.as_str(), |x| x.1);
    after.split('/').next().unwrap_or(after).to_string()
}

/// The description's line about signing up. Once registration has closed or every place is
/// taken it says so instead of giving the phone or the form: a calendar is read long after
/// it was added, and must not invite anyone who can no longer come. A past event has none.
fn registration(site: &Site, e: &Event) -> Option<String> {
    let r = e.registration.as_ref()?;
    let strings = &site.theme.strings;
    let mut parts = vec![strings.registration.clone()];
    match e.signup(site.now) {
        Signup::Past => return None,
        Signup::Closed => parts.push(strings.registration_closed.clone()),
        Signup::Full => parts.push(strings.registration_full.clone()),
        Signup::Open => {
            parts.extend(r.phone.clone());
            parts.extend(r.url.clone());
        }
    }
    parts.extend(r.note.clone());
    Some(parts.join(": "))
}

fn vevent(site: &Site, e: &Event, stamp: &str, lines: &mut Vec<String>) {
    let tz_id = time::ZONE;
    lines.push("BEGIN:VEVENT".into());
    lines.push(format!("UID:{}@{}", e.id, host(site)));
    lines.push(format!("DTSTAMP:{stamp}"));
    lines.push(format!("DTSTART;TZID={tz_id}:{}", local(e.start)));
    lines.push(format!("DTEND;TZID={tz_id}:{}", local(e.end)));
    if let Some(r) = &e.repeat {
        // UNTIL is in UTC when DTSTART has a TZID (§3.3.10): the last occurrence's start.
        let last = e
            .occurrences
            .last()
            .map(|o| o.start_utc)
            .unwrap_or_default();
        let until = if e.occurrences.is_empty() {
            r.until.to_string().replace('-', "")
        } else {
            utc(last)
        };
        lines.push(format!("RRULE:FREQ=WEEKLY;UNTIL={until}"));
        for d in &r.except {
            // Only dates on the rule: a client would otherwise ignore or misread them.
            if e.start.date() <= *d && (*d - e.start.date()).get_days() % 7 == 0 {
                lines.push(format!(
                    "EXDATE;TZID={tz_id}:{}",
                    local(d.to_datetime(e.start.time()))
                ));
            }
        }
    }
    lines.push(format!("SUMMARY:{}", escape(&e.title)));
    lines.push(format!("CATEGORIES:{}", escape(&e.kind.label)));
    let mut description = Vec::new();
    if e.free == Some(true) {
        description.push(site.theme.strings.free.clone());
    }
    description.extend(registration(site, e));
    if let Some(o) = &e.online {
        description.push(format!("{}: {o}", site.theme.strings.online.clone()));
    }
    description.push(site.permalink(&e.path));
    lines.push(format!("DESCRIPTION:{}", escape(&description.join("\n"))));
    match e.venue.map(|i| &site.registries.venues[i]) {
        Some(v) => {
            lines.push(format!(
                "LOCATION:{}",
                escape(&format!("{}, {}, {}", v.name, v.address, v.settlement))
            ));
            if let Some((lon, lat)) = v.location {
                lines.push(format!("GEO:{lat};{lon}"));
            }
        }
        None => {
            if let Some(o) = &e.online {
                lines.push(format!("LOCATION:{}", escape(o)));
            }
        }
    }
    lines.push(format!("URL:{}", site.permalink(&e.path)));
    lines.push("STATUS:CONFIRMED".into());
    lines.push("END:VEVENT".into());
}

/// VTIMEZONE blocks by the span of years they cover, folded, made once per span.
type ZoneCache = std::sync::Mutex<std::collections::HashMap<(i16, i16), std::sync::Arc<String>>>;

/// Every event's VEVENT, folded: made once, each calendar that lists the event copies it.
fn vevents(site: &Site) -> Vec<String> {
    let stamp = format!("{}T000000Z", site.now.strftime("%Y%m%d"));
    site.registries
        .events
        .par_iter()
        .map(|e| {
            let mut lines = Vec::new();
            vevent(site, e, &stamp, &mut lines);
            let mut out = String::new();
            for l in &lines {
                fold(l, &mut out);
            }
            out
        })
        .collect()
}

/// A whole calendar of the events at `indexes` (into the site's events, whose folded
/// VEVENTs are `vevents`); `zones` keeps the VTIMEZONE blocks already made.
fn calendar(
    site: &Site,
    name: &str,
    indexes: &[usize],
    vevents: &[String],
    zones: &ZoneCache,
) -> String {
    let events = &site.registries.events;
    let head = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        format!("PRODID:-//hromada//{}//UK", env!("CARGO_PKG_VERSION")),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", escape(name)),
        format!("X-WR-TIMEZONE:{}", time::ZONE),
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H".to_string(),
    ];
    let mut out =
        String::with_capacity(1024 + indexes.iter().map(|&i| vevents[i].len()).sum::<usize>());
    for l in &head {
        fold(l, &mut out);
    }
    let years = indexes
        .iter()
        .flat_map(|&i| events[i].occurrences.iter())
        .flat_map(|o| [o.start.year(), o.end.year()]);
    let (from, to) = years.fold((i16::MAX, i16::MIN), |(a, b), y| (a.min(y), b.max(y)));
    if from <= to {
        let cached = zones.lock().ok().and_then(|z| z.get(&(from, to)).cloned());
        let block = match cached {
            Some(b) => b,
            None => {
                let mut folded = String::new();
                for l in vtimezone(&time::kyiv(), from, to) {
                    fold(&l, &mut folded);
                }
                let b = std::sync::Arc::new(folded);
                if let Ok(mut z) = zones.lock() {
                    z.insert((from, to), b.clone());
                }
                b
            }
        };
        out.push_str(&block);
    }
    for &i in indexes {
        out.push_str(&vevents[i]);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

impl Renderer for Calendars {
    fn name(&self) -> &'static str {
        "calendars"
    }
    fn memo(&self) -> super::Memo {
        super::Memo::SiteButPageTexts
    }

    fn render(
        &self,
        site: &Site,
        _templates: &Templates,
        _scope: &Scope,
        out: &mut Output,
    ) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let events = &site.registries.events;
        if events.is_empty() {
            return diags;
        }
        let title = &site.config.title;
        let events_title = site.theme.strings.events_title.clone();
        // (path, calendar name, events): rendered in parallel below.
        let mut jobs: Vec<(String, String, Vec<usize>)> = vec![(
            crate::urls::events_calendar(&site.config),
            format!("{title}: {events_title}"),
            (0..events.len()).collect(),
        )];
        for (i, v) in site.registries.venues.iter().enumerate() {
            jobs.push((
                crate::urls::calendar(&v.path),
                format!("{title}: {}", v.name),
                site.registries.events_at[i].clone(),
            ));
        }
        let mut audiences: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
        for (i, e) in events.iter().enumerate() {
            for a in &e.audience {
                audiences.entry(a.key.as_str()).or_default().push(i);
            }
        }
        for (a, for_a) in audiences {
            let label = context::term(site, "audience", a).label;
            jobs.push((
                crate::urls::calendar(&crate::urls::audience_events(&site.config, a)),
                format!("{title}: {events_title} — {label}"),
                for_a,
            ));
        }
        // An event's own calendar is linked from its page while it is ahead.
        for (i, e) in events.iter().enumerate() {
            if !e.is_past(site.now) {
                jobs.push((crate::urls::calendar(&e.path), e.title.clone(), vec![i]));
            }
        }
        let zones = ZoneCache::default();
        let vevents = vevents(site);
        let files: Vec<(String, String)> = jobs
            .into_par_iter()
            .map(|(path, name, evs)| {
                let text = calendar(site, &name, &evs, &vevents, &zones);
                (path, text)
            })
            .collect();
        for (path, text) in files {
            if let Err(d) = out.insert(path, Content::Bytes(text.into_bytes()), "calendars") {
                diags.push(d);
            }
        }
        diags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_between_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "Цифрограм\\, ".repeat(12));
        fold(&line, &mut out);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
            assert!(!l.ends_with('\\'), "an escape split: {l}");
        }
        let unfolded = out.strip_suffix("\r\n").unwrap().replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }

    #[test]
    fn kyiv_timezone_has_both_changes_of_2026() {
        let v = vtimezone(&time::kyiv(), 2026, 2026).join("\n");
        assert!(
            v.contains(
                "BEGIN:DAYLIGHT\nDTSTART:20260329T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0300"
            ),
            "{v}"
        );
        assert!(
            v.contains(
                "BEGIN:STANDARD\nDTSTART:20261025T040000\nTZOFFSETFROM:+0300\nTZOFFSETTO:+0200"
            ),
            "{v}"
        );
    }
}
