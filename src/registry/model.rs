//! From records to the model: every reference resolved (event → venue, venue → e-service),
//! every value checked with its position, local times turned into occurrences.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::{Date, DateTime};

use opening_hours_syntax::rules::OpeningHoursExpression;

use super::hours;
use super::records::{EventRecord, RegistrationRecord, VenueRecord};
use super::time::{self, Occurrence};
use super::{check, records::Service};
use crate::config::Config;
use crate::content::markdown::{self, Heading, LinkResolver, Problem, Resolved};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::load::SourceFile;
use crate::slug::{fix_lookalikes, is_slug, slugify};
use crate::suggest::closest;
use crate::yaml::{Positions, parse_records};

/// Where a record was written: its file and its index in that file's list.
#[derive(Debug, Clone)]
pub struct Located {
    pub file: PathBuf,
    pub index: usize,
}

#[derive(Debug, Clone)]
pub struct Venue {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub address: String,
    pub settlement: String,
    pub settlement_slug: String,
    /// (longitude, latitude).
    pub location: Option<(f64, f64)>,
    /// As written, OSM syntax.
    pub hours: Option<String>,
    /// Parsed, to be said in words by the theme.
    pub hours_parsed: Option<OpeningHoursExpression>,
    /// schema.org `openingHours` values.
    pub hours_schema: Option<Vec<String>>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub services: Vec<String>,
    pub accessibility: Vec<String>,
    pub helps_with: Vec<String>,
    pub description_html: String,
    /// Output path: `mistsia/biblioteka-5/`.
    pub path: String,
    pub source: Located,
}

impl Venue {
    pub fn is_step_free(&self) -> bool {
        self.accessibility.iter().any(|a| a == "step-free")
    }
}

#[derive(Debug, Clone)]
pub struct Repeat {
    pub until: Date,
    pub except: Vec<Date>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub title: String,
    pub kind: String,
    /// The first occurrence's local start and end.
    pub start: DateTime,
    pub end: DateTime,
    pub repeat: Option<Repeat>,
    /// Index into `Registries::venues`.
    pub venue: Option<usize>,
    pub online: Option<String>,
    pub audience: Vec<String>,
    pub topics: Vec<String>,
    pub free: Option<bool>,
    pub price: Option<f64>,
    pub registration: Option<RegistrationRecord>,
    pub organizer: Option<String>,
    pub description_html: String,
    /// Every time it happens, in order.
    pub occurrences: Vec<Occurrence>,
    pub path: String,
    pub source: Located,
}

impl Event {
    /// Occurrences that have not ended before the build's date (today's count as upcoming).
    pub fn upcoming(&self, now: Date) -> impl Iterator<Item = &Occurrence> {
        self.occurrences.iter().filter(move |o| o.end.date() >= now)
    }

    pub fn is_past(&self, now: Date) -> bool {
        self.upcoming(now).next().is_none()
    }

    /// The occurrence to show first: the next one, or the last one for a past event.
    pub fn next_or_last(&self, now: Date) -> Option<&Occurrence> {
        self.upcoming(now).next().or(self.occurrences.last())
    }
}

#[derive(Debug, Clone, Default)]
pub struct Registries {
    pub venues: Vec<Venue>,
    /// In time order of their first occurrence.
    pub events: Vec<Event>,
    /// For each venue (same index), the indexes of the events held there, in time order.
    pub events_at: Vec<Vec<usize>>,
    /// Indexes of the venues in display order: by settlement, then name.
    pub by_place: Vec<usize>,
}

impl Registries {
    /// Venues in display order (by settlement, then name).
    pub fn venues_by_place(&self) -> impl Iterator<Item = &Venue> {
        self.by_place.iter().map(|&i| &self.venues[i])
    }
}

impl Registries {
    pub fn venue(&self, id: &str) -> Option<&Venue> {
        self.venues.iter().find(|v| v.id == id)
    }
}

/// Links in registry descriptions: full addresses and site paths (`/instruktsii/…/`).
struct DescriptionLinks<'a> {
    base_path: &'a str,
}

impl LinkResolver for DescriptionLinks<'_> {
    fn resolve(&self, dest: &str, _is_image: bool, _own: &[Heading]) -> Resolved {
        if ["https://", "http://", "mailto:", "tel:"]
            .iter()
            .any(|p| dest.starts_with(p))
        {
            Resolved::Url(dest.to_string())
        } else if let Some(path) = dest.strip_prefix('/') {
            Resolved::Url(format!("{}{path}", self.base_path))
        } else {
            Resolved::Problem(
                format!("the link `{dest}` in a description cannot be followed"),
                "in descriptions, link to full addresses (https://…) or to site addresses starting with /".into(),
            )
        }
    }
}

/// One file's records and positions, with the file they came from.
struct Parsed<T> {
    file: PathBuf,
    records: Vec<(usize, T)>,
    positions: Positions,
    unreadable_ids: Vec<String>,
}

fn parse_all<T: serde::de::DeserializeOwned>(
    files: &[SourceFile],
    diags: &mut Diagnostics,
) -> Vec<Parsed<T>> {
    files
        .iter()
        .map(|f| {
            let r = parse_records::<T>(&f.text, &f.path);
            diags.extend(r.problems);
            Parsed {
                file: f.path.clone(),
                records: r.records,
                positions: r.positions,
                unreadable_ids: r.unreadable_ids,
            }
        })
        .collect()
}

/// A checker of one record: pushes diagnostics at `index.field` positions.
struct At<'a> {
    file: &'a Path,
    positions: &'a Positions,
    index: usize,
    diags: &'a mut Diagnostics,
}

impl At<'_> {
    fn path(&self, field: &str) -> String {
        if field.is_empty() {
            self.index.to_string()
        } else {
            format!("{}.{field}", self.index)
        }
    }

    fn error(&mut self, code: &'static str, field: &str, message: String, hint: String) {
        let d = Diagnostic::error(code, self.file, message)
            .at_opt(self.positions.value(&self.path(field)))
            .hint(hint);
        self.diags.push(d);
    }

    fn warning(&mut self, code: &'static str, field: &str, message: String, hint: String) {
        let d = Diagnostic::warning(code, self.file, message)
            .at_opt(self.positions.value(&self.path(field)))
            .hint(hint);
        self.diags.push(d);
    }

    /// Each key of `values` must be in `vocabulary`.
    fn keys_in(
        &mut self,
        code: &'static str,
        field: &str,
        values: &[String],
        vocabulary: &[&str],
        what: &str,
        where_: &str,
    ) {
        for (i, v) in values.iter().enumerate() {
            self.key_in(code, &format!("{field}.{i}"), v, vocabulary, what, where_);
        }
    }

    /// `value` must be in `vocabulary`; the hint names the closest key, or how to add one.
    fn key_in(
        &mut self,
        code: &'static str,
        field: &str,
        value: &str,
        vocabulary: &[&str],
        what: &str,
        where_: &str,
    ) {
        if vocabulary.contains(&value) {
            return;
        }
        let known = vocabulary.join(", ");
        let hint = match closest(value, vocabulary.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? Known {what}: {known}"),
            None => format!("known {what}: {known}; add new ones {where_}"),
        };
        self.error(code, field, format!("unknown {what} `{value}`"), hint);
    }

    fn id(&mut self, id: &str) {
        if !is_slug(id) {
            self.error(
                "E0602",
                "id",
                format!("`{id}` cannot be an id"),
                format!(
                    "an id is part of the page address: small Latin letters, digits and hyphens, for example `{}`",
                    slugify(id)
                ),
            );
        }
    }

    fn url(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value
            && let Err((m, h)) = check::url(v)
        {
            self.error("E0608", field, m, h);
        }
    }

    fn phone(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value
            && let Err((m, h)) = check::phone(v)
        {
            self.error("E0607", field, m, h);
        }
    }

    fn lookalikes(&mut self, field: &str, value: &str) {
        if let Some(fixed) = fix_lookalikes(value) {
            self.warning(
                "W0626",
                field,
                format!("«{value}» mixes Latin letters into Cyrillic"),
                format!("it looks the same but search and sorting are fooled; write «{fixed}»"),
            );
        }
    }

    fn description(&mut self, text: Option<&str>, base_path: &str) -> String {
        let Some(text) = text else {
            return String::new();
        };
        let r = markdown::render(text, 0, &DescriptionLinks { base_path });
        for p in r.problems {
            match p {
                Problem::Link { message, hint, .. } => self.error("E0624", "description", message, hint),
                Problem::ImageWithoutAlt { .. } => self.error(
                    "E0221",
                    "description",
                    "an image without a description (alt text)".into(),
                    "write what the image shows between the square brackets: ![Вхід до бібліотеки](…)".into(),
                ),
            }
        }
        markdown::sanitize(&r.html)
    }
}

/// Records `id` as seen at (file, index) and returns true, or reports it as used twice
/// (pointing at both records) and returns false.
#[allow(clippy::too_many_arguments)]
fn first_use<T>(
    seen: &mut BTreeMap<String, (usize, usize)>,
    files: &[Parsed<T>],
    (file, index): (usize, usize),
    id: &str,
    code: &'static str,
    what: &str,
    diags: &mut Diagnostics,
) -> bool {
    let Some(&(ffi, fidx)) = seen.get(id) else {
        seen.insert(id.to_string(), (file, index));
        return true;
    };
    let (here, first) = (&files[file], &files[ffi]);
    diags.push(
        Diagnostic::error(code, &here.file, format!("{what} id `{id}` is used twice"))
            .at_opt(here.positions.value(&format!("{index}.id")))
            .related(
                &first.file,
                first.positions.value(&format!("{fidx}.id")),
                "first used here",
            )
            .hint("every record needs its own id; rename one of them"),
    );
    false
}

fn vocabulary(map: &BTreeMap<String, String>) -> Vec<&str> {
    map.keys().map(String::as_str).collect()
}

/// Builds the registries from `data/venues.yaml` and the events files.
pub fn build(
    venue_files: &[SourceFile],
    event_files: &[SourceFile],
    config: &Config,
    services: &[Service],
) -> (Registries, Diagnostics) {
    let mut diags = Diagnostics::new();
    let base_path = config.base_path().to_string();
    let voc = &config.vocabularies;
    let service_keys: Vec<&str> = services.iter().map(|s| s.key.as_str()).collect();

    let parsed_venues = parse_all::<VenueRecord>(venue_files, &mut diags);
    let mut venues = Vec::new();
    let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let kinds = vocabulary(&voc.venue_kinds);
    let venue_services = vocabulary(&voc.venue_services);
    let accessibility = vocabulary(&voc.accessibility);
    for (fi, pf) in parsed_venues.iter().enumerate() {
        for (index, r) in &pf.records {
            let mut at = At {
                file: &pf.file,
                positions: &pf.positions,
                index: *index,
                diags: &mut diags,
            };
            if !first_use(
                &mut seen,
                &parsed_venues,
                (fi, *index),
                &r.id,
                "E0601",
                "venue",
                at.diags,
            ) {
                continue;
            }
            at.id(&r.id);
            at.key_in(
                "E0603",
                "kind",
                &r.kind,
                &kinds,
                "kind of venue",
                "under [venue_kinds] in site.toml",
            );
            at.keys_in(
                "E0604",
                "services",
                &r.services,
                &venue_services,
                "venue service",
                "under [venue_services] in site.toml",
            );
            at.keys_in(
                "E0604",
                "accessibility",
                &r.accessibility,
                &accessibility,
                "accessibility feature",
                "under [accessibility] in site.toml",
            );
            at.keys_in(
                "E0605",
                "helps_with",
                &r.helps_with,
                &service_keys,
                "e-service",
                "to data/services.yaml",
            );
            at.lookalikes("name", &r.name);
            at.lookalikes("settlement", &r.settlement);
            let location = match &r.location {
                Some(v) => match check::location(v) {
                    Ok(l) => Some(l),
                    Err((m, h)) => {
                        at.error("E0606", "location", m, h);
                        None
                    }
                },
                None => {
                    at.warning(
                        "W0625",
                        "",
                        format!(
                            "venue `{}` has no location and will not be on the map",
                            r.id
                        ),
                        "add location: [longitude, latitude], copied from a map".into(),
                    );
                    None
                }
            };
            let (mut hours_parsed, mut hours_schema) = (None, None);
            if let Some(h) = &r.hours {
                match hours::parse(h) {
                    Ok(expr) => {
                        hours_schema = hours::schema_org(&expr);
                        hours_parsed = Some(expr);
                    }
                    Err(e) => {
                        let location = at.positions.value(&at.path("hours")).map(|l| {
                            // Point at the character the parser stopped at, inside the value.
                            let quoted = venue_files
                                .iter()
                                .find(|f| f.path == pf.file)
                                .and_then(|f| f.text.lines().nth(l.line - 1))
                                .and_then(|line| line.chars().nth(l.col - 1))
                                .is_some_and(|c| c == '"' || c == '\'');
                            Location::new(l.line, l.col + e.offset + usize::from(quoted), 1)
                        });
                        at.diags.push(
                            Diagnostic::error("E0610", at.file, format!("{} (opening_hours syntax)", e.message))
                                .at_opt(location)
                                .hint("write hours like \"Mo-Fr 09:00-18:00; Sa 10:00-15:00; Su off\": two-letter English day names, 24-hour times with minutes"),
                        );
                    }
                }
            }
            at.phone("phone", r.phone.as_deref());
            at.url("website", r.website.as_deref());
            if let Some(e) = &r.email
                && let Err((m, h)) = check::email(e)
            {
                at.error("E0609", "email", m, h);
            }
            let description_html = at.description(r.description.as_deref(), &base_path);
            venues.push(Venue {
                id: r.id.clone(),
                name: r.name.clone(),
                kind: r.kind.clone(),
                address: r.address.clone(),
                settlement: r.settlement.clone(),
                settlement_slug: slugify(
                    &fix_lookalikes(&r.settlement).unwrap_or(r.settlement.clone()),
                ),
                location,
                hours: r.hours.clone(),
                hours_parsed,
                hours_schema,
                phone: r.phone.clone(),
                email: r.email.clone(),
                website: r.website.clone(),
                services: r.services.clone(),
                accessibility: r.accessibility.clone(),
                helps_with: r.helps_with.clone(),
                description_html,
                path: format!("{}/{}/", config.paths.venues, r.id),
                source: Located {
                    file: pf.file.clone(),
                    index: *index,
                },
            });
        }
    }

    let tz = time::kyiv();
    let parsed_events = parse_all::<EventRecord>(event_files, &mut diags);
    let mut events = Vec::new();
    let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let event_kinds = vocabulary(&voc.event_kinds);
    let audiences: Vec<&str> = config
        .taxonomy("audience")
        .map(|t| t.terms.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut topics: Vec<&str> = service_keys.clone();
    if let Some(c) = config.taxonomy("competence") {
        topics.extend(c.terms.keys().map(String::as_str));
    }
    let venue_ids: Vec<&str> = venues.iter().map(|v| v.id.as_str()).collect();
    let venue_index: std::collections::HashMap<&str, usize> = venue_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    // Venues whose record has its own error: events there are not reported again.
    let unreadable_venues: Vec<&str> = parsed_venues
        .iter()
        .flat_map(|p| p.unreadable_ids.iter().map(String::as_str))
        .collect();
    for (fi, pf) in parsed_events.iter().enumerate() {
        for (index, r) in &pf.records {
            let mut at = At {
                file: &pf.file,
                positions: &pf.positions,
                index: *index,
                diags: &mut diags,
            };
            if !first_use(
                &mut seen,
                &parsed_events,
                (fi, *index),
                &r.id,
                "E0611",
                "event",
                at.diags,
            ) {
                continue;
            }
            at.id(&r.id);
            at.key_in(
                "E0612",
                "kind",
                &r.kind,
                &event_kinds,
                "kind of event",
                "under [event_kinds] in site.toml",
            );
            at.keys_in(
                "E0620",
                "audience",
                &r.audience,
                &audiences,
                "audience",
                "under [taxonomies.audience.terms] in site.toml",
            );
            at.keys_in(
                "E0621",
                "topics",
                &r.topics,
                &topics,
                "topic",
                "to data/services.yaml (e-services) or [taxonomies.competence.terms]",
            );
            let venue = match &r.venue {
                Some(id) => match venue_index.get(id.as_str()).copied() {
                    Some(i) => Some(i),
                    None if unreadable_venues.contains(&id.as_str()) => None,
                    None => {
                        let hint = match closest(id, venue_ids.iter().copied()) {
                            Some(best) => format!("did you mean `{best}`? The venue must be in data/venues.yaml"),
                            None => "add the venue to data/venues.yaml, or write `online:` with the address for an online event".into(),
                        };
                        at.error("E0613", "venue", format!("there is no venue `{id}`"), hint);
                        None
                    }
                },
                None => None,
            };
            if r.venue.is_none() && r.online.is_none() {
                at.error(
                    "E0614",
                    "",
                    format!("event `{}` has neither a venue nor an online address", r.id),
                    "add `venue:` with a venue id from data/venues.yaml, or `online:` with the address of the online room".into(),
                );
            }
            at.url("online", r.online.as_deref());
            if let Some(reg) = &r.registration {
                at.phone("registration.phone", reg.phone.as_deref());
                at.url("registration.url", reg.url.as_deref());
                if reg == &RegistrationRecord::default() {
                    at.error(
                        "E0623",
                        "registration",
                        "registration says nothing".into(),
                        "add phone, url or note under it, or leave registration out if anyone can just come".into(),
                    );
                }
            }
            match (r.free, r.price) {
                (Some(true), Some(_)) => at.error(
                    "E0622",
                    "price",
                    "a free event cannot have a price".into(),
                    "remove price, or write free: false".into(),
                ),
                (_, Some(p)) if !(p > 0.0 && p.is_finite()) => at.error(
                    "E0622",
                    "price",
                    format!("price must be more than zero, not {p}"),
                    "for an event that costs nothing write free: true and leave price out".into(),
                ),
                _ => {}
            }
            at.lookalikes("title", &r.title);
            let description_html = at.description(r.description.as_deref(), &base_path);

            // Times.
            let Some(start) = time::parse_local(&r.start) else {
                at.error(
                    "E0615",
                    "start",
                    format!("«{}» is not a date and time", r.start),
                    "write the local time in Kyiv like \"2026-12-05 10:00\"".into(),
                );
                continue;
            };
            let end = match time::parse_time(&r.end) {
                Some(t) => Some(start.date().to_datetime(t)),
                None => time::parse_local(&r.end),
            };
            let Some(end) = end else {
                at.error(
                    "E0615",
                    "end",
                    format!("«{}» is not a time or a date and time", r.end),
                    "write \"12:00\" for the same day, or \"2026-12-06 12:00\"".into(),
                );
                continue;
            };
            if end <= start {
                at.error(
                    "E0616",
                    "end",
                    format!(
                        "the event ends ({}) before it starts ({})",
                        end.strftime("%Y-%m-%d %H:%M"),
                        start.strftime("%Y-%m-%d %H:%M")
                    ),
                    "check the hours; an event that ends after midnight needs the date too: \"2026-12-06 01:00\"".into(),
                );
                continue;
            }
            let mut dates = vec![start.date()];
            let mut repeat = None;
            if let Some(rep) = &r.repeat {
                let Some(until) = crate::dates::parse(&rep.until) else {
                    at.error(
                        "E0618",
                        "repeat.until",
                        format!("«{}» is not a date", rep.until),
                        "write it as YYYY-MM-DD".into(),
                    );
                    continue;
                };
                if until < start.date() {
                    at.error(
                        "E0618",
                        "repeat.until",
                        format!(
                            "the repeat ends ({until}) before the first time ({})",
                            start.date()
                        ),
                        "`until` is the last date the event may happen".into(),
                    );
                    continue;
                }
                let mut except = Vec::new();
                for (i, e) in rep.except.iter().enumerate() {
                    match crate::dates::parse(e) {
                        Some(d) => except.push(d),
                        None => at.error(
                            "E0618",
                            &format!("repeat.except.{i}"),
                            format!("«{e}» is not a date"),
                            "write it as YYYY-MM-DD".into(),
                        ),
                    }
                }
                let Some(ds) = time::weekly_dates(start.date(), until, &except) else {
                    at.error(
                        "E0618",
                        "repeat.until",
                        format!(
                            "the event would happen more than {} times",
                            time::MAX_OCCURRENCES
                        ),
                        "split a long series into separate events, one per term".into(),
                    );
                    continue;
                };
                let all = time::weekly_dates(start.date(), until, &[]).unwrap_or_default();
                for (i, e) in except.iter().enumerate() {
                    if !all.contains(e) {
                        at.warning(
                            "W0619",
                            &format!("repeat.except.{i}"),
                            format!("{e} is not one of the event's dates, so leaving it out changes nothing"),
                            format!("the event happens on the same weekday as {} every week until {until}", start.date()),
                        );
                    }
                }
                dates = ds;
                repeat = Some(Repeat { until, except });
            }
            let occurrences = match time::occurrences(start, end, &dates, &tz) {
                Ok(o) => o,
                Err(m) => {
                    at.error(
                        "E0617",
                        "start",
                        m,
                        "move the event out of the night the clocks change (after 04:00 is safe)"
                            .into(),
                    );
                    continue;
                }
            };
            events.push(Event {
                id: r.id.clone(),
                title: r.title.clone(),
                kind: r.kind.clone(),
                start,
                end,
                repeat,
                venue,
                online: r.online.clone(),
                audience: r.audience.clone(),
                topics: r.topics.clone(),
                free: r.free,
                price: r.price,
                registration: r.registration.clone(),
                organizer: r.organizer.clone(),
                description_html,
                occurrences,
                path: format!("{}/{}/", config.paths.events, r.id),
                source: Located {
                    file: pf.file.clone(),
                    index: *index,
                },
            });
        }
    }
    let mut registries = Registries {
        venues,
        events,
        events_at: Vec::new(),
        by_place: Vec::new(),
    };
    let mut by_place: Vec<usize> = (0..registries.venues.len()).collect();
    by_place.sort_by_cached_key(|&i| {
        let v = &registries.venues[i];
        (
            v.settlement.to_lowercase(),
            v.name.to_lowercase(),
            v.id.clone(),
        )
    });
    registries.by_place = by_place;
    // Events in time order; ties by id, so the order never depends on the files' order.
    registries.events.sort_by(|a, b| {
        (a.occurrences.first().map(|o| o.start_utc), &a.id)
            .cmp(&(b.occurrences.first().map(|o| o.start_utc), &b.id))
    });
    registries.events_at = vec![Vec::new(); registries.venues.len()];
    for (i, e) in registries.events.iter().enumerate() {
        if let Some(v) = e.venue {
            registries.events_at[v].push(i);
        }
    }
    (registries, diags)
}
