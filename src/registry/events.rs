//! Events from `data/events.yaml` and `data/events/*.yaml`: checked, their venue resolved,
//! their local times turned into occurrences.

use crate::term::{Term, Topic};
use std::collections::BTreeMap;

use super::model::{Event, Located, Repeat, Venue};
use super::record_check::{At, Parsed, first_use, parse_all, vocabulary};
use super::records::{EventRecord, RegistrationRecord, VenueRecord};
use super::time;
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::source::SourceFile;
use crate::suggest::closest;

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
    let voc = &config.vocabularies;
    let tz = time::kyiv();
    let parsed_events = parse_all::<EventRecord>(event_files, diags);
    let mut events = Vec::new();
    let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let event_kinds = vocabulary(&voc.event_kinds);
    let audiences: Vec<&str> = config
        .taxonomy("audience")
        .map(|t| t.terms.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut topics: Vec<&str> = service_keys.to_vec();
    if let Some(c) = config.taxonomy("competence") {
        topics.extend(c.terms.keys().map(String::as_str));
    }
    let audience_terms = config
        .taxonomy("audience")
        .map(|t| t.terms.clone())
        .unwrap_or_default();
    let competence_terms = config
        .taxonomy("competence")
        .map(|t| t.terms.clone())
        .unwrap_or_default();
    let venue_ids: Vec<&str> = venues.iter().map(|v| v.id.as_str()).collect();
    let venue_index: std::collections::HashMap<&str, usize> = venue_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    // Venues whose record has its own error: events there are not reported again.
    let unreadable_venues: std::collections::HashSet<&str> = parsed_venues
        .iter()
        .flat_map(|p| p.unreadable_ids.iter().map(String::as_str))
        .collect();
    let venues_unreadable = parsed_venues.iter().any(|p| p.unreadable);
    for (fi, pf) in parsed_events.iter().enumerate() {
        for (index, r) in &pf.records {
            let mut at = At {
                file: &pf.file,
                positions: &pf.positions,
                index: *index,
                diags,
            };
            if !first_use(
                &mut seen,
                &parsed_events,
                (fi, *index),
                &r.id,
                "E0611",
                &tr!("event", "подія"),
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
                &tr!("kind of event", "вид події"),
                &tr!(
                    "under [event_kinds] in site.toml",
                    "у site.toml під [event_kinds]"
                ),
            );
            at.keys_in(
                "E0620",
                "audience",
                &r.audience,
                &audiences,
                &tr!("audience", "аудиторія"),
                &tr!(
                    "under [taxonomies.audience.terms] in site.toml",
                    "у site.toml під [taxonomies.audience.terms]"
                ),
            );
            at.keys_in(
                "E0621",
                "topics",
                &r.topics,
                &topics,
                &tr!("topic", "тема"),
                &tr!(
                    "to data/services.yaml (e-services) or [taxonomies.competence.terms]",
                    "у data/services.yaml (е-послуги) або в [taxonomies.competence.terms]"
                ),
            );
            let venue = match &r.venue {
                Some(id) => match venue_index.get(id.as_str()).copied() {
                    Some(i) => Some(i),
                    None if venues_unreadable || unreadable_venues.contains(&id.as_str()) => None,
                    None => {
                        let hint = match closest(id, venue_ids.iter().copied()) {
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
                },
                None => None,
            };
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
            if let Some(reg) = &r.registration {
                at.phone("registration.phone", reg.phone.as_deref());
                at.url("registration.url", reg.url.as_deref());
                if reg == &RegistrationRecord::default() {
                    at.error(
                        "E0623",
                        "registration",
                        tr!("registration says nothing", "у registration нічого не сказано"),
                        tr!(
                            "add phone, url or note under it; when anyone can just come, say so: note: \"Не потрібна — просто приходьте\"",
                            "додайте під ним phone, url або note; якщо можна просто прийти, так і напишіть: note: \"Не потрібна — просто приходьте\""
                        ),
                    );
                }
            }
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
            at.lookalikes("title", &r.title);
            let description_html = at.description(r.description.as_deref(), &base_path);

            // Times.
            let Some(start) = time::parse_local(&r.start) else {
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
                continue;
            };
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
                continue;
            }
            let mut dates = vec![start.date()];
            let mut repeat = None;
            if let Some(rep) = &r.repeat {
                let Some(until) = crate::dates::parse(&rep.until) else {
                    at.error(
                        "E0618",
                        "repeat.until",
                        tr!("«{}» is not a date", "«{}» — не дата", rep.until),
                        tr!("write it as YYYY-MM-DD", "напишіть як РРРР-ММ-ДД"),
                    );
                    continue;
                };
                if until < start.date() {
                    at.error(
                        "E0618",
                        "repeat.until",
                        tr!(
                            "the repeat ends ({until}) before the first time ({})",
                            "повтори закінчуються ({until}) раніше за перший раз ({})",
                            start.date()
                        ),
                        tr!(
                            "`until` is the last date the event may happen",
                            "`until` — остання дата, коли подія може відбутися"
                        ),
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
                            tr!("«{e}» is not a date", "«{e}» — не дата"),
                            tr!("write it as YYYY-MM-DD", "напишіть як РРРР-ММ-ДД"),
                        ),
                    }
                }
                let Some(ds) = time::weekly_dates(start.date(), until, &except) else {
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
                    continue;
                };
                let all = time::weekly_dates(start.date(), until, &[]).unwrap_or_default();
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
                                start.date()
                            ),
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
                        tr!(
                            "move the event out of the night the clocks change (after 04:00 is safe)",
                            "перенесіть подію з ночі переведення годинників (після 04:00 — безпечно)"
                        ),
                    );
                    continue;
                }
            };
            events.push(Event {
                id: r.id.clone(),
                title: r.title.clone(),
                kind: Term::resolve(&r.kind, &voc.event_kinds),
                start,
                end,
                repeat,
                venue,
                online: r.online.clone(),
                audience: Term::all(&r.audience, &audience_terms),
                topics: r
                    .topics
                    .iter()
                    .map(|t| topic(t, service_names, &competence_terms))
                    .collect(),
                free: r.free,
                price: r.price,
                registration: r.registration.clone(),
                organizer: r.organizer.clone(),
                description_html,
                occurrences,
                path: crate::urls::event(config, &r.id),
                source: Located {
                    file: pf.file.clone(),
                    index: *index,
                },
                title_at: pf.positions.value(&format!("{index}.title")),
                record_at: pf.positions.value(&index.to_string()),
            });
        }
    }
    events
}

/// A topic key resolved: an e-service when the catalogue has it, else a competence area.
fn topic(
    key: &str,
    service_names: &BTreeMap<String, String>,
    competence: &BTreeMap<String, String>,
) -> Topic {
    if service_names.contains_key(key) {
        Topic::Service(Term::resolve(key, service_names))
    } else {
        Topic::Competence(Term::resolve(key, competence))
    }
}
