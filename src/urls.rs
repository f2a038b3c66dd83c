//! Every output path of the site, in one place: a record's page, a list, a calendar, a
//! taxonomy's page. Paths are relative to the site's root URL and end in `/` (a page) or a
//! file name; `Site::url` and `Site::permalink` put the base in front. The words of the
//! paths come from `[paths]` and the taxonomies' slugs in `site.toml`; the few fixed words
//! (`vyd`, `naselenyi-punkt`, `dopomoha`, `afishi`, `arkhiv`, `storinka`) are named here and
//! nowhere else.

use crate::config::Config;
use crate::slug::slugify;

/// Under the venues: the list of one kind of venue (`mistsia/vyd/library/`).
const VENUE_KIND: &str = "vyd";
/// Under the venues: the venues of one settlement (`mistsia/naselenyi-punkt/znamianka/`).
const SETTLEMENT: &str = "naselenyi-punkt";
/// Under the venues: the places that help with a need (`mistsia/dopomoha/diia-pidpys/`).
const HELP: &str = "dopomoha";
/// Under the events: every poster, for staff to print (`podii/afishi/`).
const POSTERS: &str = "afishi";
/// Under the events: past events (`podii/arkhiv/`).
const ARCHIVE: &str = "arkhiv";
/// Under a list: its further pages (`podii/storinka/2/`).
const LIST_PAGE: &str = "storinka";
/// The calendar file beside a page or list.
const CALENDAR: &str = "calendar.ics";
/// The feed of upcoming events, beside their calendar.
const EVENTS_FEED: &str = "atom.xml";

/// Page `n` (from 1) of the list at `list`: the list itself, then `podii/storinka/2/` ….
pub fn list_page(list: &str, n: usize) -> String {
    if n <= 1 {
        list.to_string()
    } else {
        format!("{list}{LIST_PAGE}/{n}/")
    }
}

/// A venue's page: `mistsia/biblioteka-5/`.
pub fn venue(c: &Config, id: &str) -> String {
    format!("{}/{id}/", c.paths.venues)
}

/// The places that help with a need: `mistsia/dopomoha/` with any help, and
/// `mistsia/dopomoha/diia-pidpys/` with one (an e-service's key, or children's classes).
pub fn help(c: &Config, need: &str) -> String {
    if need.is_empty() {
        format!("{}/{HELP}/", c.paths.venues)
    } else {
        format!("{}/{HELP}/{need}/", c.paths.venues)
    }
}

/// Every place with what it helps with, for the script that finds the nearest:
/// `mistsia/dopomoha/index.json`.
pub fn help_data(c: &Config) -> String {
    format!("{}/{HELP}/index.json", c.paths.venues)
}

/// An event's page: `podii/kurs-dlia-senioriv/`.
pub fn event(c: &Config, id: &str) -> String {
    format!("{}/{id}/", c.paths.events)
}

/// An e-service's page: `posluhy/diia/`.
pub fn service(c: &Config, key: &str) -> String {
    format!("{}/{key}/", c.paths.services)
}

/// The venues of one kind: `mistsia/vyd/library/`.
pub fn venue_kind(c: &Config, kind: &str) -> String {
    format!("{}/{VENUE_KIND}/{kind}/", c.paths.venues)
}

/// The venues of one settlement: `mistsia/naselenyi-punkt/znamianka/`.
pub fn settlement(c: &Config, slug: &str) -> String {
    format!("{}/{SETTLEMENT}/{slug}/", c.paths.venues)
}

/// Upcoming events for one audience: `podii/dlia-koho/seniors/`.
pub fn audience_events(c: &Config, key: &str) -> String {
    let slug = c
        .taxonomy("audience")
        .map_or("dlia-koho", |t| t.slug.as_str());
    format!("{}/{slug}/{}/", c.paths.events, slugify(key))
}

/// The posters of every upcoming event: `podii/afishi/`.
pub fn posters(c: &Config) -> String {
    format!("{}/{POSTERS}/", c.paths.events)
}

/// Past events: `podii/arkhiv/`.
pub fn archive(c: &Config) -> String {
    format!("{}/{ARCHIVE}/", c.paths.events)
}

/// A taxonomy's list page (`dlia-koho/`), or one of its terms' (`dlia-koho/seniors/`).
pub fn taxonomy(c: &Config, key: &str, term: Option<&str>) -> String {
    let slug = c.taxonomy(key).map_or(key, |t| t.slug.as_str());
    match term {
        Some(t) => format!("{slug}/{}/", slugify(t)),
        None => format!("{slug}/"),
    }
}

/// The calendar beside a page or list (`podii/kurs/` → `podii/kurs/calendar.ics`).
pub fn calendar(page: &str) -> String {
    format!("{page}{CALENDAR}")
}

/// The calendar of every event: `podii/calendar.ics`.
pub fn events_calendar(c: &Config) -> String {
    format!("{}/{CALENDAR}", c.paths.events)
}

/// The feed of upcoming events, for channels that post them: `podii/atom.xml`.
pub fn events_feed(c: &Config) -> String {
    format!("{}/{EVENTS_FEED}", c.paths.events)
}

/// A content folder's page: each folder name as a slug (`instruktsii/diia/`).
pub fn content_dir(dir: &str) -> String {
    dir.split('/')
        .filter(|p| !p.is_empty())
        .map(|p| format!("{}/", slugify(p)))
        .collect()
}
