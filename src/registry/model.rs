//! The registries as the rest of the site sees them: venues and events with every reference
//! resolved, and the indexes pages and calendars use.

use std::path::PathBuf;

use jiff::civil::{Date, DateTime, Time};
use opening_hours_syntax::rules::OpeningHoursExpression;

use super::records::RegistrationRecord;
use super::time::Occurrence;
use crate::term::{Term, Topic};

/// Where a record was written: its file and its index in that file's list.
#[derive(Debug, Clone)]
pub struct Located {
    pub file: PathBuf,
    pub index: usize,
}

/// The accessibility key that means a step-free entrance: venue cards and the report count
/// it (a site may relabel it under `[accessibility]`, not rename it).
pub const STEP_FREE: &str = "step-free";

#[derive(Debug, Clone)]
pub struct Venue {
    pub id: String,
    pub name: String,
    pub kind: Term,
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
    pub services: Vec<Term>,
    pub accessibility: Vec<Term>,
    /// The e-services its consultants help with (labelled with the services' names).
    pub helps_with: Vec<Term>,
    pub description_html: String,
    /// When it opened for residents (none: before the plan).
    pub opened: Option<Date>,
    /// Output path: `mistsia/biblioteka-5/`.
    pub path: String,
    pub source: Located,
}

impl Venue {
    pub fn is_step_free(&self) -> bool {
        self.accessibility.iter().any(|a| a.key == STEP_FREE)
    }
}

/// How many people took part in an event, in all, and of them by audience.
#[derive(Debug, Clone, PartialEq)]
pub struct Participants {
    pub total: u64,
    /// In the audience taxonomy's order of keys.
    pub by_audience: Vec<(Term, u64)>,
}

#[derive(Debug, Clone)]
pub struct Repeat {
    pub until: Date,
    pub except: Vec<Date>,
}

/// When registration closes (`registration.until`), local time in Kyiv: to the end of the
/// day when no time is written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Deadline {
    pub date: Date,
    pub time: Option<Time>,
}

/// Whether residents can still sign up, judged at the build's date like upcoming and past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signup {
    /// Upcoming, and neither full nor past its registration deadline.
    Open,
    /// Upcoming, but `registration.until` was before the build's date.
    Closed,
    /// Upcoming, but `registration.full: true`.
    Full,
    /// Every time it happens has ended.
    Past,
}

impl Signup {
    /// The key templates and styles see: `open`, `closed`, `full`, `past`.
    pub fn key(self) -> &'static str {
        match self {
            Signup::Open => "open",
            Signup::Closed => "closed",
            Signup::Full => "full",
            Signup::Past => "past",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub title: String,
    pub kind: Term,
    /// The first occurrence's local start and end.
    pub start: DateTime,
    pub end: DateTime,
    pub repeat: Option<Repeat>,
    /// Index into `Registries::venues`.
    pub venue: Option<usize>,
    pub online: Option<String>,
    pub audience: Vec<Term>,
    /// E-services and competence areas, each resolved to which it is.
    pub topics: Vec<Topic>,
    pub free: Option<bool>,
    pub price: Option<f64>,
    pub registration: Option<RegistrationRecord>,
    /// `registration.until`, read.
    pub registration_until: Option<Deadline>,
    /// Where `registration.note` is written (a deadline said only in it is warned about).
    pub registration_note_at: Option<crate::diag::Location>,
    pub organizer: Option<String>,
    pub description_html: String,
    /// Every time it happens, in order.
    pub occurrences: Vec<Occurrence>,
    /// How many took part, once it was held.
    pub participants: Option<Participants>,
    pub path: String,
    pub source: Located,
    /// Where the title is written (for problems found later, such as a poster it overflows).
    pub title_at: Option<crate::diag::Location>,
    /// Where its record starts, for warnings about the record as a whole.
    pub record_at: Option<crate::diag::Location>,
}

impl Event {
    /// Occurrences held: ended before the build's date. A session on the build's date is
    /// still upcoming (the build does not know the hour it is read at), as the site lists it.
    pub fn held(&self, now: Date) -> impl Iterator<Item = &Occurrence> {
        self.occurrences.iter().filter(move |o| o.end.date() < now)
    }

    /// Occurrences that have not ended before the build's date (today's count as upcoming).
    pub fn upcoming(&self, now: Date) -> impl Iterator<Item = &Occurrence> {
        self.occurrences.iter().filter(move |o| o.end.date() >= now)
    }

    pub fn is_past(&self, now: Date) -> bool {
        self.upcoming(now).next().is_none()
    }

    /// Whether residents can still sign up at the build's date: a deadline on the build's
    /// day itself still counts as open (the build does not know the hour it is read at).
    pub fn signup(&self, now: Date) -> Signup {
        if self.is_past(now) {
            Signup::Past
        } else if self.registration_until.is_some_and(|d| d.date < now) {
            Signup::Closed
        } else if self.registration.as_ref().and_then(|r| r.full) == Some(true) {
            Signup::Full
        } else {
            Signup::Open
        }
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
