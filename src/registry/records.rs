//! The records editors write in `data/venues.yaml`, `data/events.yaml` (or `data/events/*.yaml`)
//! and `data/services.yaml`, exactly as they are written. JSON Schemas for editors' tools are
//! generated from these types, so the doc comments are what an editor sees as help.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An e-service the instructions teach (Дія, Дія.Підпис, ЦНАП online …).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Short key used by instructions (`service: diia`): small Latin letters, digits, hyphens.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub key: String,
    /// The service's name as residents know it («Дія.Підпис»).
    pub name: String,
    /// The official address of the service (https://…).
    pub url: String,
    /// Who runs it («Міністерство цифрової трансформації України»).
    pub operator: String,
    /// One or two sentences about what it does.
    #[serde(default)]
    pub description: String,
}

/// A place where residents learn or get help: a smart library, an access centre, a ЦНАП
/// self-service workplace, a Diia digital-education hub, a digital club …
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VenueRecord {
    /// Unique key, part of the page address: small Latin letters, digits, hyphens.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// The name residents see («Бібліотека-філія № 5»).
    pub name: String,
    /// What kind of place it is: a key from `venue_kinds` (library, access-centre, cnap,
    /// diia-hub, digital-club, code-club, school-lab …).
    pub kind: String,
    /// Street and building («вул. Велика Перспективна, 41»).
    pub address: String,
    /// The settlement (city, village) the place is in («Кропивницький»).
    pub settlement: String,
    /// Where it is on the map: [longitude, latitude], in that order (as in GeoJSON),
    /// for example [32.2623, 48.5079].
    #[serde(default)]
    #[schemars(with = "Option<Vec<f64>>")]
    pub location: Option<Coordinates>,
    /// Opening hours in OpenStreetMap `opening_hours` syntax: "Mo-Fr 09:00-18:00; Sa 10:00-15:00".
    #[serde(default)]
    pub hours: Option<String>,
    /// Phone in the +380 format: "+380 52 222 33 44".
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// The place's own web page (https://…).
    #[serde(default)]
    pub website: Option<String>,
    /// What residents can get there: keys from `venue_services` (wifi, computers,
    /// consultations, courses, e-signature, printing, self-service).
    #[serde(default)]
    pub services: Vec<String>,
    /// Accessibility: keys from `accessibility` (step-free, accessible-toilet, hearing-loop,
    /// parking, screen-reader, large-screen, sign-language).
    #[serde(default)]
    pub accessibility: Vec<String>,
    /// E-services (keys of data/services.yaml) its consultants help with.
    #[serde(default)]
    pub helps_with: Vec<String>,
    /// More about the place, in Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// When the place opened for residents ("2026-09-01"): the plan's indicators count
    /// places opened up to a date. Leave out for a place that was there before the plan.
    #[serde(default)]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub opened: Option<String>,
}

/// A venue's coordinates as written: a list of numbers, or the text a map gives when they
/// are copied from it ("48.3185, 31.5206", latitude first). The schema offers only the list.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Coordinates {
    List(Vec<f64>),
    Text(String),
}

impl<'de> Deserialize<'de> for Coordinates {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CoordinatesVisitor)
    }
}

struct CoordinatesVisitor;

impl<'de> serde::de::Visitor<'de> for CoordinatesVisitor {
    type Value = Coordinates;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        // The words serde's messages use for a list, so the editor's message is the same.
        f.write_str("a sequence")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Coordinates, E> {
        Ok(Coordinates::Text(v.to_string()))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Coordinates, A::Error> {
        let mut values = Vec::new();
        while let Some(v) = seq.next_element::<f64>()? {
            values.push(v);
        }
        Ok(Coordinates::List(values))
    }
}

/// A training, course, webinar, forum, consultation day or test session.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventRecord {
    /// Unique key, part of the page address: small Latin letters, digits, hyphens.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    pub title: String,
    /// A key from `event_kinds` (training, course, webinar, forum, consultation, test,
    /// lecture, club).
    pub kind: String,
    /// Local time in Kyiv when it starts: "2026-12-05 10:00".
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}$"))]
    pub start: String,
    /// Local time in Kyiv when it ends: "2026-12-05 12:00", or just "12:00" for the same day.
    #[schemars(regex(pattern = r"^(\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2}$"))]
    pub end: String,
    /// Repeats every week on the same weekday and hours.
    #[serde(default)]
    pub repeat: Option<RepeatRecord>,
    /// Where: a venue `id` from data/venues.yaml. Leave out for online-only events.
    #[serde(default)]
    pub venue: Option<String>,
    /// The online room's address (https://…). With `venue` too, the event is both.
    #[serde(default)]
    pub online: Option<String>,
    /// Who it is for: keys of the audience taxonomy (seniors, adults, youth …).
    #[serde(default)]
    pub audience: Vec<String>,
    /// What it is about: e-service keys (diia, diia-pidpys …) or competence areas (safety …).
    #[serde(default)]
    pub topics: Vec<String>,
    /// true if taking part costs nothing.
    #[serde(default)]
    pub free: Option<bool>,
    /// The price in hryvnias, when it is not free.
    #[serde(default)]
    pub price: Option<f64>,
    /// How to sign up. Leave out if anyone can just come.
    #[serde(default)]
    pub registration: Option<RegistrationRecord>,
    /// Who runs it («Бібліотека-філія № 5», «Хаб цифрової освіти»).
    #[serde(default)]
    pub organizer: Option<String>,
    /// More about the event, in Markdown.
    #[serde(default)]
    pub description: Option<String>,
    /// How many people took part, written after it was held (for the plan's indicators).
    #[serde(default)]
    pub participants: Option<ParticipantsRecord>,
}

/// How many people took part in an event (all its sessions together).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantsRecord {
    /// Everyone who took part: a whole number, 0 or more.
    #[schemars(range(min = 0))]
    pub total: i64,
    /// Of them, by audience (keys of the audience taxonomy): {seniors: 8, adults: 4}.
    #[serde(default)]
    pub by_audience: std::collections::BTreeMap<String, i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepeatRecord {
    /// The last date it may happen: "2027-02-26".
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub until: String,
    /// Dates it does not happen (holidays): ["2027-01-01"].
    #[serde(default)]
    pub except: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RegistrationRecord {
    /// Phone to sign up by, +380 format.
    #[serde(default)]
    pub phone: Option<String>,
    /// A sign-up form (https://…).
    #[serde(default)]
    pub url: Option<String>,
    /// Anything else: «група до 10 людей», «візьміть паспорт».
    #[serde(default)]
    pub note: Option<String>,
    /// When registration closes, local time in Kyiv: a date ("2026-11-27", to the end of
    /// that day) or a date and time ("2026-11-27 18:00"). From the next day the site says
    /// «Запис закрито» instead of inviting. Not after the event's (last) start.
    #[serde(default)]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2})?$"))]
    pub until: Option<String>,
    /// How many people can take part (a whole number, 1 or more).
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub places: Option<i64>,
    /// true when every place is taken: the site says «Місць немає» instead of inviting.
    #[serde(default)]
    pub full: Option<bool>,
}
