//! Venues from `data/venues.yaml`: checked, with their hours parsed and their page path.

use std::collections::BTreeMap;

use super::hours;
use super::model::{Located, Venue};
use super::record_check::{At, Parsed, first_use, parse_all, vocabulary};
use super::records::VenueRecord;
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
    service_names: &std::collections::BTreeMap<String, String>,
    diags: &mut Diagnostics,
) -> (Vec<Venue>, Vec<Parsed<VenueRecord>>) {
    let base_path = config.base_path().to_string();
    let voc = &config.vocabularies;
    let parsed_venues = parse_all::<VenueRecord>(venue_files, diags);
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
                diags,
            };
            if !first_use(
                &mut seen,
                &parsed_venues,
                (fi, *index),
                &r.id,
                "E0601",
                &tr!("venue", "місце"),
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
                &tr!("kind of venue", "вид місця"),
                &tr!(
                    "under [venue_kinds] in site.toml",
                    "у site.toml під [venue_kinds]"
                ),
            );
            at.keys_in(
                "E0604",
                "services",
                &r.services,
                &venue_services,
                &tr!("venue service", "послуга місця"),
                &tr!(
                    "under [venue_services] in site.toml",
                    "у site.toml під [venue_services]"
                ),
            );
            at.keys_in(
                "E0604",
                "accessibility",
                &r.accessibility,
                &accessibility,
                &tr!("accessibility feature", "доступність"),
                &tr!(
                    "under [accessibility] in site.toml",
                    "у site.toml під [accessibility]"
                ),
            );
            at.keys_in(
                "E0605",
                "helps_with",
                &r.helps_with,
                service_keys,
                &tr!("e-service", "е-послуга"),
                &tr!("to data/services.yaml", "у data/services.yaml"),
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
                    None
                }
            };
            let (mut hours_parsed, mut hours_schema) = (None, None);
            if r.hours.is_none() {
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
            }
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
                kind: Term::resolve(&r.kind, &voc.venue_kinds),
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
                services: Term::all(&r.services, &voc.venue_services),
                accessibility: Term::all(&r.accessibility, &voc.accessibility),
                helps_with: Term::all(&r.helps_with, service_names),
                description_html,
                path: crate::urls::venue(config, &r.id),
                source: Located {
                    file: pf.file.clone(),
                    index: *index,
                },
            });
        }
    }
    (venues, parsed_venues)
}
