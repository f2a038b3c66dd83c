//! Events from `data/events.yaml` and `data/events/*.yaml`: checked, their venue resolved,
//! their local times turned into occurrences.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use super::model::{Deadline, Event, Repeat, Venue};
use super::record_check::{At, Known, Parsed, check_records, parse_all};
use super::records::{EventRecord, RepeatRecord, VenueRecord};
use super::registration::{check_registration, deadline_in_time};
use super::time::{self, Occurrence};
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::source::SourceFile;
use crate::suggest::{closest, cyrillic_lookalikes, key_of_label};
use crate::term::{Term, Topic};

/// The events that could be read and whose times make sense, in the files' order.
pub fn build(
    event_files: &[SourceFile],
    config: &Config,
    service_keys: &[&str],
    service_names: &BTreeMap<String, String>,
    venues: &[Venue],
    parsed_venues: &[Parsed<VenueRecord>],
    diags: &mut Diagnostics,
) -> Vec<Event> {
    let base_path = config.base_path().to_string();
    let tz = time::kyiv();
    let parsed = parse_all::<EventRecord>(event_files, diags);
    let vocabularies = Vocabularies::new(config, service_keys, service_names);
    let venues = VenueIds::new(venues, parsed_venues);
    let repeated_id = ("E0611", tr!("event", "подія"));
    check_records(
        &parsed,
        |r| &r.id,
        repeated_id,
        diags,
        |at, r| {
            vocabularies.check(at, r);
            let venue = venues.resolve(at, r.venue.as_deref());
            check_place(at, r);
            let deadline = check_registration(at, r.registration.as_ref());
            check_price(at, r);
            at.lookalikes("title", &r.title);
            let description_html = at.description(r.description.as_deref(), &base_path);
            let (start, end) = times(at, r)?;
            let (dates, repeat) = dates(at, r.repeat.as_ref(), start)?;
            let occurrences = occurrences(at, (start, end), &dates, &tz)?;
            let registration_until = deadline.filter(|d| deadline_in_time(at, *d, &occurrences));
            let participants =
                super::plan_fields::participants(at, r, config, &vocabularies.audiences);
            let checked = Checked {
                start,
                end,
                repeat,
                venue,
                description_html,
                occurrences,
                registration_until,
                participants,
            };
            Some(event(r, checked, at, config, &vocabularies))
        },
    )
}

/// The keys an event's values may take, and the labels they resolve to.
struct Vocabularies<'a> {
    kinds: Known<'a>,
    audiences: Known<'a>,
    topics: Known<'a>,
    service_names: &'a BTreeMap<String, String>,
    competence: &'a BTreeMap<String, String>,
}

impl<'a> Vocabularies<'a> {
    fn new(
        config: &'a Config,
        service_keys: &[&'a str],
        service_names: &'a BTreeMap<String, String>,
    ) -> Self {
        let competence = taxonomy_terms(config, "competence");
        let mut topics: Vec<&str> = service_keys.to_vec();
        topics.extend(competence.keys().map(String::as_str));
        Vocabularies {
            kinds: Known::site_toml(
                &config.vocabularies.event_kinds,
                (tr!("kind of event", "вид події"), tr!("kind", "виду")),
                "event_kinds",
            ),
            audiences: Known::site_toml(
                taxonomy_terms(config, "audience"),
                (tr!("audience", "аудиторія"), tr!("audience", "аудиторії")),
                "taxonomies.audience.terms",
            ),
            topics: Known::new(
                topics,
                tr!("topic", "тема"),
                tr!(
                    "to data/services.yaml (e-services) or [taxonomies.competence.terms]",
                    "у data/services.yaml (е-послуги) або в [taxonomies.competence.terms]"
                ),
            )
            .labelled(service_names, tr!("topic", "теми"))
            .labelled(competence, tr!("topic", "теми")),
            service_names,
            competence,
        }
    }

    /// Every key the record uses is known (E0612, E0620, E0621).
    fn check(&self, at: &mut At, r: &EventRecord) {
        at.key_in("E0612", "kind", &r.kind, &self.kinds);
        at.keys_in("E0620", "audience", &r.audience, &self.audiences);
        at.keys_in("E0621", "topics", &r.topics, &self.topics);
    }

    /// A topic key resolved: an e-service when the catalogue has it, else a competence area.
    fn topic(&self, key: &str) -> Topic {
        if self.service_names.contains_key(key) {
            Topic::Service(Term::resolve(key, self.service_names))
        } else {
            Topic::Competence(Term::resolve(key, self.competence))
        }
    }
}

/// The terms of one of site.toml's taxonomies, key → label (none when the site lacks it).
fn taxonomy_terms<'a>(config: &'a Config, key: &str) -> &'a BTreeMap<String, String> {
    static NONE: BTreeMap<String, String> = BTreeMap::new();
    config.taxonomy(key).map_or(&NONE, |t| &t.terms)
}

/// The venues an event may name.
struct VenueIds<'a> {
    ids: Vec<&'a str>,
    /// (id, name): an editor may write the name residents know.
    names: Vec<(&'a str, &'a str)>,
    index: HashMap<&'a str, usize>,
    /// Venues whose record has its own error: events there are not reported again.
    unreadable: HashSet<&'a str>,
    /// A venues file is not YAML at all: no missing venue is reported.
    any_file_unreadable: bool,
}

impl<'a> VenueIds<'a> {
    fn new(venues: &'a [Venue], parsed_venues: &'a [Parsed<VenueRecord>]) -> Self {
        let ids: Vec<&str> = venues.iter().map(|v| v.id.as_str()).collect();
        VenueIds {
            index: ids.iter().enumerate().map(|(i, id)| (*id, i)).collect(),
            names: venues
                .iter()
                .map(|v| (v.id.as_str(), v.name.as_str()))
                .collect(),
            ids,
            unreadable: parsed_venues
                .iter()
                .flat_map(|p| p.unreadable_ids.iter().map(String::as_str))
                .collect(),
            any_file_unreadable: parsed_venues.iter().any(|p| p.unreadable),
        }
    }

    /// The index of the venue `id` names; a venue that is nowhere is reported (E0613).
    fn resolve(&self, at: &mut At, id: Option<&str>) -> Option<usize> {
        let id = id?;
        if let Some(&i) = self.index.get(id) {
            return Some(i);
        }
        if self.any_file_unreadable || self.unreadable.contains(id) {
            return None;
        }
        if let Some((_, letters)) = cyrillic_lookalikes(id, self.ids.iter().copied()) {
            let message = tr!("there is no venue `{id}`", "місця `{id}` немає");
            at.error("E0613", "venue", message, letters);
            return None;
        }
        if let Some(key) = key_of_label(id, self.names.iter().copied()) {
            at.error(
                "E0613",
                "venue",
                tr!(
                    "this is the name of a venue: write its id, `{key}`",
                    "це назва місця — напишіть його id: `{key}`"
                ),
                tr!(
                    "`venue` takes the id of a venue in data/venues.yaml; the site shows residents its name",
                    "у `venue` пишуть id місця з data/venues.yaml, а назву мешканцям сайт покаже сам"
                ),
            );
            return None;
        }
        let hint = match closest(id, self.ids.iter().copied()) {
            Some(best) => tr!(
                "did you mean `{best}`? The venue must be in data/venues.yaml",
                "можливо, `{best}`? Місце має бути в data/venues.yaml"
            ),
            None => tr!(
                "add the venue to data/venues.yaml, or write `online:` with the address for an online event",
                "додайте місце в data/venues.yaml або, якщо подія онлайн, напишіть `online:` з адресою"
            ),
        };
        at.error(
            "E0613",
            "venue",
            tr!("there is no venue `{id}`", "місця `{id}` немає"),
            hint,
        );
        None
    }
}

/// An event happens somewhere: at a venue or online (E0614), at an address that works.
fn check_place(at: &mut At, r: &EventRecord) {
    if r.venue.is_none() && r.online.is_none() {
        at.error(
            "E0614",
            "",
            tr!(
                "event `{}` has neither a venue nor an online address",
                "у події `{}` немає ні місця, ні онлайн-адреси",
                r.id
            ),
            tr!(
                "add `venue:` with a venue id from data/venues.yaml, or `online:` with the address of the online room",
                "додайте `venue:` з id місця з data/venues.yaml або `online:` з адресою онлайн-кімнати"
            ),
        );
    }
    at.url("online", r.online.as_deref());
}

/// A price is more than zero, and a free event has none (E0622).
fn check_price(at: &mut At, r: &EventRecord) {
    match (r.free, r.price) {
        (Some(true), Some(_)) => at.error(
            "E0622",
            "price",
            tr!(
                "a free event cannot have a price",
                "у безплатної події не може бути ціни"
            ),
            tr!(
                "remove price, or write free: false",
                "приберіть price або напишіть free: false"
            ),
        ),
        (_, Some(p)) if !(p > 0.0 && p.is_finite()) => at.error(
            "E0622",
            "price",
            tr!(
                "price must be more than zero, not {p}",
                "ціна має бути більшою за нуль, а не {p}"
            ),
            tr!(
                "for an event that costs nothing write free: true and leave price out",
                "для події без оплати напишіть free: true і не пишіть price"
            ),
        ),
        _ => {}
    }
}

/// The start and the end, local times in Kyiv; the end is after the start (E0616).
fn times(at: &mut At, r: &EventRecord) -> Option<(DateTime, DateTime)> {
    let start = start(at, r)?;
    let end = end(at, r, start)?;
    if end <= start {
        at.error(
            "E0616",
            "end",
            tr!(
                "the event ends ({}) before it starts ({})",
                "подія закінчується ({}) раніше, ніж починається ({})",
                end.strftime("%Y-%m-%d %H:%M"),
                start.strftime("%Y-%m-%d %H:%M")
            ),
            tr!(
                "check the hours; an event that ends after midnight needs the date too: \"2026-12-06 01:00\"",
                "перевірте години; якщо подія закінчується після півночі, потрібна й дата: \"2026-12-06 01:00\""
            ),
        );
        return None;
    }
    Some((start, end))
}

/// The start: a date and a time (E0615).
fn start(at: &mut At, r: &EventRecord) -> Option<DateTime> {
    let start = time::parse_local(&r.start);
    if start.is_none() {
        at.error(
            "E0615",
            "start",
            tr!(
                "«{}» is not a date and time",
                "«{}» — не дата й час",
                r.start
            ),
            tr!(
                "write the local time in Kyiv like \"2026-12-05 10:00\"",
                "напишіть київський час так: \"2026-12-05 10:00\""
            ),
        );
    }
    start
}

/// The end: a time on the start's day, or a date and a time (E0615).
fn end(at: &mut At, r: &EventRecord, start: DateTime) -> Option<DateTime> {
    let end = match time::parse_time(&r.end) {
        Some(t) => Some(start.date().to_datetime(t)),
        None => time::parse_local(&r.end),
    };
    if end.is_none() {
        at.error(
            "E0615",
            "end",
            tr!(
                "«{}» is not a time or a date and time",
                "«{}» — не час і не дата з часом",
                r.end
            ),
            tr!(
                "write \"12:00\" for the same day, or \"2026-12-06 12:00\"",
                "напишіть \"12:00\" для того самого дня або \"2026-12-06 12:00\""
            ),
        );
    }
    end
}

/// The dates the event happens on: the start's, or with `repeat` the start's weekday every
/// week until `repeat.until` but for the exceptions (E0618 when that cannot be said).
fn dates(
    at: &mut At,
    repeat: Option<&RepeatRecord>,
    start: DateTime,
) -> Option<(Vec<Date>, Option<Repeat>)> {
    let Some(rep) = repeat else {
        return Some((vec![start.date()], None));
    };
    let until = until(at, rep, start.date())?;
    let except = exceptions(at, rep);
    let Some(dates) = time::weekly_dates(start.date(), until, &except) else {
        at.error(
            "E0618",
            "repeat.until",
            tr!(
                "the event would happen more than {} times",
                "подія відбулася б понад {} разів",
                time::MAX_OCCURRENCES
            ),
            tr!(
                "split a long series into separate events, one per term",
                "розділіть довгу серію на окремі події, по одній на семестр"
            ),
        );
        return None;
    };
    warn_needless_exceptions(at, start.date(), until, &except);
    Some((dates, Some(Repeat { until, except })))
}

/// The last date a repeated event may happen: a date, not before the first (E0618).
fn until(at: &mut At, rep: &RepeatRecord, first: Date) -> Option<Date> {
    let Some(until) = crate::dates::parse(&rep.until) else {
        at.error(
            "E0618",
            "repeat.until",
            tr!("«{}» is not a date", "«{}» — не дата", rep.until),
            tr!("write it as YYYY-MM-DD", "напишіть як РРРР-ММ-ДД"),
        );
        return None;
    };
    if until < first {
        at.error(
            "E0618",
            "repeat.until",
            tr!(
                "the repeat ends ({until}) before the first time ({})",
                "повтори закінчуються ({until}) раніше за перший раз ({})",
                first
            ),
            tr!(
                "`until` is the last date the event may happen",
                "`until` — остання дата, коли подія може відбутися"
            ),
        );
        return None;
    }
    Some(until)
}

/// The dates a repeated event leaves out; each that is not a date is reported (E0618).
fn exceptions(at: &mut At, rep: &RepeatRecord) -> Vec<Date> {
    let mut except = Vec::new();
    for (i, e) in rep.except.iter().enumerate() {
        match crate::dates::parse(e) {
            Some(d) => except.push(d),
            None => at.error(
                "E0618",
                &format!("repeat.except.{i}"),
                tr!("«{e}» is not a date", "«{e}» — не дата"),
                tr!("write it as YYYY-MM-DD", "напишіть як РРРР-ММ-ДД"),
            ),
        }
    }
    except
}

/// An exception that is not one of the event's dates changes nothing: likely a mistake
/// (W0619).
fn warn_needless_exceptions(at: &mut At, first: Date, until: Date, except: &[Date]) {
    let all = time::weekly_dates(first, until, &[]).unwrap_or_default();
    for (i, e) in except.iter().enumerate() {
        if !all.contains(e) {
            at.warning(
                "W0619",
                &format!("repeat.except.{i}"),
                tr!(
                    "{e} is not one of the event's dates, so leaving it out changes nothing",
                    "{e} — не одна з дат події, тож виняток нічого не змінює"
                ),
                tr!(
                    "the event happens on the same weekday as {} every week until {until}",
                    "подія відбувається щотижня того самого дня тижня, що й {}, до {until}",
                    first
                ),
            );
        }
    }
}

/// Each date's start and end as instants; a time the clocks skip or repeat is reported
/// (E0617).
fn occurrences(
    at: &mut At,
    (start, end): (DateTime, DateTime),
    dates: &[Date],
    tz: &TimeZone,
) -> Option<Vec<Occurrence>> {
    match time::occurrences(start, end, dates, tz) {
        Ok(o) => Some(o),
        Err(m) => {
            at.error(
                "E0617",
                "start",
                m,
                tr!(
                    "move the event out of the night the clocks change (after 04:00 is safe)",
                    "перенесіть подію з ночі переведення годинників (після 04:00 — безпечно)"
                ),
            );
            None
        }
    }
}

/// What checking a record made of it.
struct Checked {
    start: DateTime,
    end: DateTime,
    repeat: Option<Repeat>,
    venue: Option<usize>,
    description_html: String,
    occurrences: Vec<Occurrence>,
    registration_until: Option<Deadline>,
    participants: Option<super::model::Participants>,
}

/// The model's event: the record with its keys resolved, its times and its page path.
fn event(
    r: &EventRecord,
    checked: Checked,
    at: &At,
    config: &Config,
    vocabularies: &Vocabularies,
) -> Event {
    Event {
        id: r.id.clone(),
        title: r.title.clone(),
        kind: Term::resolve(&r.kind, &config.vocabularies.event_kinds),
        start: checked.start,
        end: checked.end,
        repeat: checked.repeat,
        venue: checked.venue,
        online: r.online.clone(),
        audience: Term::all(&r.audience, taxonomy_terms(config, "audience")),
        topics: r.topics.iter().map(|t| vocabularies.topic(t)).collect(),
        free: r.free,
        price: r.price,
        registration: r.registration.clone(),
        registration_until: checked.registration_until,
        registration_note_at: at.positions.value(&at.path("registration.note")),
        organizer: r.organizer.clone(),
        description_html: checked.description_html,
        occurrences: checked.occurrences,
        participants: checked.participants,
        path: crate::urls::event(config, &r.id),
        source: at.source(),
        title_at: at.positions.value(&at.path("title")),
        record_at: at.positions.value(&at.path("")),
    }
}
