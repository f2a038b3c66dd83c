//! What templates see of venues and events: labels instead of keys, URLs instead of ids,
//! dates and hours in words («5 грудня 2026, субота, 10:00–12:00»).

use crate::term::{Term, Topic};
use jiff::civil::{Date, DateTime};
use serde::Serialize;

use super::context::{self, PageSummary, TermCtx};
use crate::model::{Page, Site};
use crate::registry::hours::{self, Line};
use crate::registry::time::{self, Occurrence};
use crate::registry::{Event, Venue};

/// The words dates are said with, from the theme's strings.
pub struct DateWords {
    pub months_genitive: Vec<String>,
    pub months: Vec<String>,
    pub weekdays: Vec<String>,
}

impl DateWords {
    pub fn new(site: &Site) -> Self {
        DateWords {
            months_genitive: site.theme.strings.months_genitive.clone(),
            months: site.theme.strings.months.clone(),
            weekdays: site.theme.strings.weekdays.clone(),
        }
    }

    fn weekday(&self, d: Date) -> String {
        let i = d.weekday().to_monday_zero_offset() as usize;
        self.weekdays.get(i).cloned().unwrap_or_default()
    }

    /// «5 грудня 2026, субота».
    pub fn day(&self, d: Date) -> String {
        let date = crate::dates::human(
            d,
            Some(&self.months_genitive)
                .filter(|m| !m.is_empty())
                .map(|v| v.as_slice()),
        );
        let wd = self.weekday(d);
        if wd.is_empty() {
            date
        } else {
            format!("{date}, {wd}")
        }
    }

    /// «Грудень 2026».
    pub fn month(&self, d: Date) -> String {
        let name = self
            .months
            .get(d.month() as usize - 1)
            .cloned()
            .unwrap_or_else(|| format!("{:02}", d.month()));
        format!("{name} {}", d.year())
    }

    /// «10:00–12:00», or «10:00 – 6 грудня 2026, неділя, 12:00» when it ends another day.
    pub fn hours(&self, start: DateTime, end: DateTime) -> String {
        let hm = |t: DateTime| t.strftime("%H:%M").to_string();
        if start.date() == end.date() {
            format!("{}–{}", hm(start), hm(end))
        } else {
            format!("{} – {}, {}", hm(start), self.day(end.date()), hm(end))
        }
    }

    /// «5 грудня 2026, субота, 10:00–12:00», or with both dates when it ends another day.
    pub fn when(&self, start: DateTime, end: DateTime) -> String {
        let hm = |t: DateTime| t.strftime("%H:%M").to_string();
        if start.date() == end.date() {
            format!("{}, {}–{}", self.day(start.date()), hm(start), hm(end))
        } else {
            format!(
                "{}, {} – {}, {}",
                self.day(start.date()),
                hm(start),
                self.day(end.date()),
                hm(end)
            )
        }
    }
}

#[derive(Serialize, Clone)]
pub struct OccurrenceCtx {
    /// YYYY-MM-DD of the start.
    pub date: String,
    /// In words.
    pub when: String,
    /// The day in words («5 грудня 2026, субота») and the hours («10:00–12:00»), apart,
    /// for posters.
    pub day: String,
    pub hours: String,
    /// «Грудень 2026», for grouping.
    pub month: String,
    pub start: String,
    pub end: String,
    pub minutes: i64,
}

pub fn occurrence(site: &Site, w: &DateWords, o: &Occurrence) -> OccurrenceCtx {
    let tz = time::kyiv();
    let _ = site;
    OccurrenceCtx {
        date: o.start.date().to_string(),
        when: w.when(o.start, o.end),
        day: w.day(o.start.date()),
        hours: w.hours(o.start, o.end),
        month: w.month(o.start.date()),
        start: time::rfc3339(o.start_utc, &tz),
        end: time::rfc3339(o.end_utc, &tz),
        minutes: o.minutes(),
    }
}

/// A key with its label, as the model resolved it.
pub type Labelled = Term;

#[derive(Serialize, Clone)]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// A venue as lists and event pages show it.
#[derive(Serialize, Clone)]
pub struct VenueBrief {
    pub id: String,
    pub name: String,
    pub url: String,
    pub kind: Link,
    pub address: String,
    pub settlement: Link,
    pub hours_words: Option<Vec<Line>>,
    pub hours: Option<String>,
    pub step_free: bool,
}

fn hours_words(site: &Site, v: &Venue) -> Option<Vec<Line>> {
    let expr = v.hours_parsed.as_ref()?;
    let weekdays = site.theme.strings.weekdays.clone();
    let closed = site.theme.strings.hours_closed.clone();
    let always = site.theme.strings.hours_always.clone();
    let holidays = site.theme.strings.hours_holidays.clone();
    let every_day = site.theme.strings.hours_every_day.clone();
    hours::in_words(
        expr,
        &hours::Words {
            weekdays: &weekdays,
            closed: &closed,
            always: &always,
            holidays: &holidays,
            every_day: &every_day,
        },
    )
}

pub fn venue_brief(site: &Site, v: &Venue) -> VenueBrief {
    VenueBrief {
        id: v.id.clone(),
        name: v.name.clone(),
        url: site.url(&v.path),
        kind: Link {
            label: v.kind.label.clone(),
            url: site.url(&crate::urls::venue_kind(&site.config, &v.kind.key)),
        },
        address: v.address.clone(),
        settlement: Link {
            label: v.settlement.clone(),
            url: site.url(&crate::urls::settlement(&site.config, &v.settlement_slug)),
        },
        hours_words: hours_words(site, v),
        hours: v.hours.clone(),
        step_free: v.is_step_free(),
    }
}

#[derive(Serialize)]
pub struct RegistrationCtx {
    pub phone: Option<String>,
    pub tel: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
    /// How many can take part (`registration.places`).
    pub places: Option<i64>,
}

/// An event as lists show it, at one of its occurrences.
#[derive(Serialize, Clone)]
pub struct EventBrief {
    pub id: String,
    pub title: String,
    pub url: String,
    pub kind: Labelled,
    pub occurrence: Option<OccurrenceCtx>,
    pub repeats: bool,
    pub venue: Option<VenueBrief>,
    pub online: bool,
    pub audience: Vec<TermCtx>,
    pub free: Option<bool>,
    /// Whether residents can sign up at the build's date: `open`, `closed` (its
    /// `registration.until` has passed), `full` or `past`.
    pub signup: &'static str,
    /// The last day (and hour) to sign up in words («27 листопада 2026, 18:00»), while open.
    pub signup_until: Option<String>,
}

/// A deadline in words: «27 листопада 2026», with the hour when one is written.
fn deadline_words(w: &DateWords, d: crate::registry::Deadline) -> String {
    let date = crate::dates::human(
        d.date,
        Some(&w.months_genitive)
            .filter(|m| !m.is_empty())
            .map(|v| v.as_slice()),
    );
    match d.time {
        Some(t) => format!("{date}, {}", t.strftime("%H:%M")),
        None => date,
    }
}

/// A price as people write it: «200», «12,50» with the language's decimal mark, and from
/// 10 000 the thousands apart («12 500», with a no-break space). Kopecks are rounded.
pub fn price_words(price: f64, language: &str) -> String {
    let kopecks = (price * 100.0).round() as i64;
    let (whole, part) = (kopecks / 100, kopecks % 100);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, d) in digits.chars().enumerate() {
        if whole >= 10_000 && i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('\u{a0}');
        }
        grouped.push(d);
    }
    let mark = if language == "en" { '.' } else { ',' };
    if part == 0 {
        grouped
    } else {
        format!("{grouped}{mark}{part:02}")
    }
}

pub fn event_brief(site: &Site, w: &DateWords, e: &Event, o: Option<&Occurrence>) -> EventBrief {
    EventBrief {
        id: e.id.clone(),
        title: e.title.clone(),
        url: site.url(&e.path),
        kind: e.kind.clone(),
        occurrence: o.map(|o| occurrence(site, w, o)),
        repeats: e.repeat.is_some(),
        venue: e
            .venue
            .map(|i| venue_brief(site, &site.registries.venues[i])),
        online: e.online.is_some(),
        audience: e
            .audience
            .iter()
            .map(|a| audience_term(site, &a.key))
            .collect(),
        free: e.free,
        signup: e.signup(site.now).key(),
        signup_until: e
            .registration_until
            .filter(|_| e.signup(site.now) == crate::registry::Signup::Open)
            .map(|d| deadline_words(w, d)),
    }
}

/// An audience term linking to the upcoming events for that audience.
pub fn audience_term(site: &Site, key: &str) -> TermCtx {
    let mut t = context::term(site, "audience", key);
    t.url = site.url(&crate::urls::audience_events(&site.config, key));
    t
}

#[derive(Serialize)]
pub struct EventCtx {
    #[serde(flatten)]
    pub brief: EventBrief,
    pub upcoming: Vec<OccurrenceCtx>,
    pub past: bool,
    pub repeat_text: Option<String>,
    pub except: Vec<String>,
    pub online_url: Option<String>,
    pub topics: Vec<Link>,
    pub price: Option<f64>,
    /// The price in words («200», «12,50»), to be followed by the currency.
    pub price_text: Option<String>,
    pub registration: Option<RegistrationCtx>,
    pub organizer: Option<String>,
    pub description: String,
    pub calendar_url: String,
}

/// A topic key as a link: an e-service page or a competence area.
fn topic(site: &Site, topic: &Topic) -> Link {
    match topic {
        Topic::Service(s) => Link {
            label: s.label.clone(),
            url: site.url(&crate::urls::service(&site.config, &s.key)),
        },
        Topic::Competence(t) => {
            // A competence area has a page only when instructions carry it.
            let has_page = site.taxonomies.iter().any(|x| {
                x.key == "competence"
                    && x.terms
                        .iter()
                        .any(|(k, _, pages)| *k == t.key && !pages.is_empty())
            });
            let url = site.url(&site.taxonomy_path("competence", Some(&t.key)));
            Link {
                label: t.label.clone(),
                url: if has_page { url } else { String::new() },
            }
        }
    }
}

pub fn event(site: &Site, w: &DateWords, e: &Event) -> EventCtx {
    let upcoming: Vec<OccurrenceCtx> = e
        .upcoming(site.now)
        .map(|o| occurrence(site, w, o))
        .collect();
    let repeat_text = e.repeat.as_ref().map(|r| {
        site.theme
            .strings
            .repeat_weekly_until
            .clone()
            .replace(
                "{date}",
                &crate::dates::human(
                    r.until,
                    Some(&w.months_genitive)
                        .filter(|m| !m.is_empty())
                        .map(|v| v.as_slice()),
                ),
            )
            .replace("{weekday}", &w.weekday(e.start.date()))
    });
    EventCtx {
        brief: event_brief(site, w, e, e.next_or_last(site.now)),
        past: upcoming.is_empty(),
        upcoming,
        repeat_text,
        // The dates it skips from the build's date on, as the dates listed are.
        except: e
            .repeat
            .iter()
            .flat_map(|r| r.except.iter().filter(|d| **d >= site.now))
            .map(|d| w.day(*d))
            .collect(),
        online_url: e.online.clone(),
        topics: e.topics.iter().map(|t| topic(site, t)).collect(),
        price: e.price,
        price_text: e.price.map(|p| price_words(p, &site.config.language)),
        registration: e.registration.as_ref().map(|r| RegistrationCtx {
            phone: r.phone.clone(),
            tel: r.phone.as_deref().map(context::tel_link),
            url: r.url.clone(),
            note: r.note.clone(),
            places: r.places,
        }),
        organizer: e.organizer.clone(),
        description: e.description_html.clone(),
        calendar_url: site.url(&crate::urls::calendar(&e.path)),
    }
}

#[derive(Serialize)]
pub struct VenueCtx<'a> {
    #[serde(flatten)]
    pub brief: VenueBrief,
    pub location: Option<(f64, f64)>,
    pub phone: Option<String>,
    pub tel: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub services: Vec<Labelled>,
    pub accessibility: Vec<Labelled>,
    pub helps_with: Vec<Link>,
    pub instructions: Vec<PageSummary<'a>>,
    pub events: Vec<EventBrief>,
    pub description: String,
    pub calendar_url: String,
}

/// Events that are not over, each at its next occurrence, in time order.
pub fn upcoming(site: &Site) -> Vec<(&Event, &Occurrence)> {
    next_of(site, site.registries.events.iter())
}

fn next_of<'a>(
    site: &Site,
    events: impl Iterator<Item = &'a Event>,
) -> Vec<(&'a Event, &'a Occurrence)> {
    let mut all: Vec<(&Event, &Occurrence)> = events
        .filter_map(|e| e.upcoming(site.now).next().map(|o| (e, o)))
        .collect();
    all.sort_by(|a, b| (a.1.start_utc, &a.0.id).cmp(&(b.1.start_utc, &b.0.id)));
    all
}

/// The instructions about an e-service, in display order.
pub fn instructions_of<'a>(site: &'a Site, service: &'a str) -> impl Iterator<Item = &'a Page> {
    site.instructions()
        .filter(move |p| p.service.as_deref() == Some(service))
}

/// Venues whose consultants help with an e-service, by settlement and name.
pub fn venues_helping_with<'a>(
    site: &'a Site,
    service: &'a str,
) -> impl Iterator<Item = &'a Venue> {
    site.registries
        .venues_by_place()
        .filter(move |v| v.helps_with.iter().any(|s| s.key == service))
}

pub fn venue<'a>(
    site: &'a Site,
    w: &DateWords,
    index: usize,
    instructions: Vec<PageSummary<'a>>,
) -> VenueCtx<'a> {
    let v = &site.registries.venues[index];
    let here = site.registries.events_at[index]
        .iter()
        .map(|&i| &site.registries.events[i]);
    let events = next_of(site, here)
        .into_iter()
        .map(|(e, o)| event_brief(site, w, e, Some(o)))
        .collect();
    VenueCtx {
        brief: venue_brief(site, v),
        location: v.location,
        phone: v.phone.clone(),
        tel: v.phone.as_deref().map(context::tel_link),
        email: v.email.clone(),
        website: v.website.clone(),
        services: v.services.clone(),
        accessibility: v.accessibility.clone(),
        helps_with: v
            .helps_with
            .iter()
            .map(|s| Link {
                label: s.label.clone(),
                url: site.url(&crate::urls::service(&site.config, &s.key)),
            })
            .collect(),
        instructions,
        events,
        description: v.description_html.clone(),
        calendar_url: site.url(&crate::urls::calendar(&v.path)),
    }
}
