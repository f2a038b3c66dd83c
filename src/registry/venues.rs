//! Venues from `data/venues.yaml`: checked, with their hours parsed and their page path.

use std::collections::BTreeMap;

use opening_hours_syntax::rules::OpeningHoursExpression;

use super::model::{Located, Venue};
use super::record_check::{At, Known, Parsed, check_records, parse_all};
use super::records::{Coordinates, VenueRecord};
use super::{hours, hours_uk};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::slug::{fix_lookalikes, slugify};
use crate::source::SourceFile;
use crate::term::Term;
use crate::values as check;

/// The venues that could be read, and the parsed files (for the ids of unreadable records).
pub fn build(
    venue_files: &[SourceFile],
    config: &Config,
    service_keys: &[&str],
    service_names: &BTreeMap<String, String>,
    diags: &mut Diagnostics,
) -> (Vec<Venue>, Vec<Parsed<VenueRecord>>) {
    let base_path = config.base_path().to_string();
    let parsed = parse_all::<VenueRecord>(venue_files, diags);
    let vocabularies = Vocabularies::new(config, service_keys, service_names);
    let repeated_id = ("E0601", tr!("venue", "місце"));
    let venues = check_records(
        &parsed,
        |r| &r.id,
        repeated_id,
        diags,
        |at, r| {
            vocabularies.check(at, r);
            at.lookalikes("name", &r.name);
            at.lookalikes("settlement", &r.settlement);
            let location = location(at, r);
            let hours = hours(at, r);
            check_contacts(at, r);
            let description_html = at.description(r.description.as_deref(), &base_path);
            let opened = super::plan_fields::opened(at, r.opened.as_deref());
            let checked = Checked {
                opened,
                location,
                hours,
                description_html,
                source: at.source(),
            };
            Some(venue(r, checked, config, service_names))
        },
    );
    (venues, parsed)
}

/// The keys a venue's values may take.
struct Vocabularies<'a> {
    kinds: Known<'a>,
    services: Known<'a>,
    accessibility: Known<'a>,
    helps_with: Known<'a>,
}

impl<'a> Vocabularies<'a> {
    fn new(
        config: &'a Config,
        service_keys: &[&'a str],
        service_names: &'a BTreeMap<String, String>,
    ) -> Self {
        let voc = &config.vocabularies;
        Vocabularies {
            kinds: Known::site_toml(
                &voc.venue_kinds,
                (tr!("kind of venue", "вид місця"), tr!("kind", "виду")),
                "venue_kinds",
            ),
            services: Known::site_toml(
                &voc.venue_services,
                (
                    tr!("venue service", "послуга місця"),
                    tr!("service", "послуги"),
                ),
                "venue_services",
            ),
            accessibility: Known::site_toml(
                &voc.accessibility,
                (
                    tr!("accessibility feature", "доступність"),
                    tr!("accessibility feature", "ознаки доступності"),
                ),
                "accessibility",
            ),
            helps_with: Known::new(
                service_keys.to_vec(),
                tr!("e-service", "е-послуга"),
                tr!("to data/services.yaml", "у data/services.yaml"),
            )
            .labelled(service_names, tr!("e-service", "е-послуги")),
        }
    }

    /// Every key the record uses is known (E0603, E0604, E0605).
    fn check(&self, at: &mut At, r: &VenueRecord) {
        at.key_in("E0603", "kind", &r.kind, &self.kinds);
        at.keys_in("E0604", "services", &r.services, &self.services);
        at.keys_in(
            "E0604",
            "accessibility",
            &r.accessibility,
            &self.accessibility,
        );
        at.keys_in("E0605", "helps_with", &r.helps_with, &self.helps_with);
    }
}

/// The checked coordinates, or none (the venue is then left off the map).
fn location(at: &mut At, r: &VenueRecord) -> Option<(f64, f64)> {
    let Some(v) = &r.location else {
        at.warning(
            "W0625",
            "",
            tr!(
                "venue `{}` has no location and will not be on the map",
                "у місця `{}` немає розташування, тож його не буде на карті",
                r.id
            ),
            tr!(
                "add location: [longitude, latitude], copied from a map",
                "додайте location: [довгота, широта], скопійовані з карти"
            ),
        );
        return None;
    };
    let numbers = match v {
        Coordinates::List(numbers) => Ok(numbers.clone()),
        Coordinates::Text(text) => check::coordinates_text(text),
    };
    match numbers.and_then(|n| check::location(&n)) {
        Ok(((lon, lat), swapped)) => {
            if swapped || matches!(v, Coordinates::Text(_)) {
                stored_otherwise(at, v, (lon, lat), swapped);
            }
            Some((lon, lat))
        }
        Err((m, h)) => {
            at.error("E0606", "location", m, h);
            None
        }
    }
}

/// Coordinates pasted from a map (text, or a list with the latitude first) are read, and
/// the editor is shown the list the site keeps them as (W0632).
fn stored_otherwise(at: &mut At, written: &Coordinates, (lon, lat): (f64, f64), swapped: bool) {
    let stored = format!("[{lon}, {lat}]");
    let message = match (written, swapped) {
        (Coordinates::Text(text), true) => tr!(
            "the coordinates «{text}» are text, latitude first; read as {stored}",
            "координати «{text}» записано текстом, широтою вперед; прочитано як {stored}"
        ),
        (Coordinates::Text(text), false) => tr!(
            "the coordinates «{text}» are text; read as {stored}",
            "координати «{text}» записано текстом; прочитано як {stored}"
        ),
        (Coordinates::List(_), _) => tr!(
            "the coordinates are written latitude first; read as {stored}",
            "координати записано широтою вперед; прочитано як {stored}"
        ),
    };
    at.warning(
        "W0632",
        "location",
        message,
        tr!(
            "write location: {stored} — longitude first, then latitude, as maps' data files keep them",
            "напишіть location: {stored} — спершу довгота, потім широта, як у файлах карт"
        ),
    );
}

/// The opening hours parsed, and as schema.org values; missing hours are worth a warning.
fn hours(at: &mut At, r: &VenueRecord) -> (Option<OpeningHoursExpression>, Option<Vec<String>>) {
    let Some(h) = &r.hours else {
        at.warning(
            "W0628",
            "",
            tr!(
                "venue `{}` has no opening hours",
                "у місця `{}` не вказано години роботи",
                r.id
            ),
            tr!(
                "residents need to know when to come: add hours: \"Mo-Fr 09:00-18:00; Sa 10:00-15:00; Su off\" (OpenStreetMap opening_hours; \"by appointment\" can be a comment: \"Mo-Fr 10:00-17:00 \\\"за записом\\\"\")",
                "мешканцям треба знати, коли приходити: додайте hours: \"Mo-Fr 09:00-18:00; Sa 10:00-15:00; Su off\" (формат opening_hours з OpenStreetMap; «за записом» можна дописати коментарем: \"Mo-Fr 10:00-17:00 \\\"за записом\\\"\")"
            ),
        );
        return (None, None);
    };
    match hours::parse(h) {
        Ok(expr) => {
            let schema = hours::schema_org(&expr);
            (Some(expr), schema)
        }
        Err(_) if ukrainian_hours(at, h) => (None, None),
        Err(e) => {
            let location = hours_error_at(at, e.offset);
            at.diags.push(
                Diagnostic::error(
                    "E0610",
                    at.file,
                    tr!(
                        "{} (opening_hours syntax)",
                        "{} (синтаксис opening_hours)",
                        e.message
                    ),
                )
                .at_opt(location)
                .hint(tr!(
                    "write hours like \"Mo-Fr 09:00-18:00; Sa 10:00-15:00; Su off\": two-letter English day names, 24-hour times with minutes",
                    "пишіть години так: \"Mo-Fr 09:00-18:00; Sa 10:00-15:00; Su off\" — дні двома англійськими літерами, час у 24-годинному форматі з хвилинами"
                )),
            );
            (None, None)
        }
    }
}

/// Hours written with Ukrainian day names are reported with the same hours in the syntax
/// (E0610); true when they were.
fn ukrainian_hours(at: &mut At, text: &str) -> bool {
    let Some(fixed) = hours_uk::suggestion(text) else {
        return false;
    };
    at.error(
        "E0610",
        "hours",
        tr!(
            "the days must be written in opening_hours syntax, with English abbreviations",
            "дні тут пишуть у синтаксисі opening_hours, англійськими скороченнями"
        ),
        tr!("write hours: \"{fixed}\"", "напишіть hours: \"{fixed}\""),
    );
    true
}

/// The character the hours parser stopped at, `offset` into the value (past its opening
/// quote when the value is quoted).
fn hours_error_at(at: &At, offset: usize) -> Option<Location> {
    at.positions
        .text_start(&at.path("hours"))
        .map(|l| Location::new(l.line, l.col + offset, 1))
}

/// Phone, website and e-mail, each when given.
fn check_contacts(at: &mut At, r: &VenueRecord) {
    at.phone("phone", r.phone.as_deref());
    at.url("website", r.website.as_deref());
    if let Some(e) = &r.email
        && let Err((m, h)) = check::email(e)
    {
        at.error("E0609", "email", m, h);
    }
}

/// What checking a record made of it.
struct Checked {
    opened: Option<jiff::civil::Date>,
    location: Option<(f64, f64)>,
    hours: (Option<OpeningHoursExpression>, Option<Vec<String>>),
    description_html: String,
    source: Located,
}

/// The model's venue: the record with its keys resolved and its page path.
fn venue(
    r: &VenueRecord,
    checked: Checked,
    config: &Config,
    service_names: &BTreeMap<String, String>,
) -> Venue {
    let voc = &config.vocabularies;
    let (hours_parsed, hours_schema) = checked.hours;
    Venue {
        id: r.id.clone(),
        name: r.name.clone(),
        kind: Term::resolve(&r.kind, &voc.venue_kinds),
        address: r.address.clone(),
        settlement: r.settlement.clone(),
        settlement_slug: slugify(&fix_lookalikes(&r.settlement).unwrap_or(r.settlement.clone())),
        location: checked.location,
        hours: r.hours.clone(),
        hours_parsed,
        hours_schema,
        phone: r.phone.clone(),
        email: r.email.clone(),
        website: r.website.clone(),
        services: Term::all(&r.services, &voc.venue_services),
        accessibility: Term::all(&r.accessibility, &voc.accessibility),
        helps_with: Term::all(&r.helps_with, service_names),
        description_html: checked.description_html,
        opened: checked.opened,
        path: crate::urls::venue(config, &r.id),
        source: checked.source,
    }
}
