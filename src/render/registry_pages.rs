//! Pages of the registries: a page per venue, event and e-service; venues by settlement and
//! by kind; upcoming events by month and by audience; the archive of past events.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::context::{self, Crumb, PageSummary};
use super::pages::{VirtualPage, virtual_page};
use super::records::{self, DateWords, EventBrief, VenueBrief};
use super::{Content, Output, Renderer, Scope, Templates, jsonld};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::registry::time::Occurrence;
use crate::registry::{Event, Venue};

pub struct RegistryPages;

/// How many instructions a venue page names per e-service it helps with.
const VENUE_INSTRUCTIONS: usize = 6;

/// One page to render.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Venue(usize),
    Event(usize),
    Venues,
    VenuesOfKind(String),
    VenuesIn(String),
    Events,
    EventsFor(String),
    Archive,
    Posters,
    Services,
    Service(usize),
    OpenData,
}

/// An event's poster files, as the event page and the posters page link them.
#[derive(Serialize)]
struct PosterLink {
    key: &'static str,
    label: String,
    url: String,
    permalink: String,
    pdf: bool,
}

fn poster_links(site: &Site, e: &Event) -> Vec<PosterLink> {
    super::posters::files(site, e)
        .into_iter()
        .map(|(f, path)| PosterLink {
            key: f.key,
            label: context::string(site, &format!("poster_{}", f.key), f.key),
            url: site.url(&path),
            permalink: site.permalink(&path),
            pdf: f.png.is_none(),
        })
        .collect()
}

/// Every registry page with its output path, in a fixed order.
pub fn plan(site: &Site) -> Vec<(String, Job)> {
    let r = &site.registries;
    let p = &site.config.paths;
    let mut jobs = Vec::new();
    if !r.venues.is_empty() {
        jobs.push((format!("{}/", p.venues), Job::Venues));
        let kinds: std::collections::BTreeSet<&str> =
            r.venues.iter().map(|v| v.kind.key.as_str()).collect();
        for k in kinds {
            jobs.push((
                crate::urls::venue_kind(&site.config, k),
                Job::VenuesOfKind(k.to_string()),
            ));
        }
        let places: std::collections::BTreeSet<&str> = r
            .venues
            .iter()
            .map(|v| v.settlement_slug.as_str())
            .collect();
        for s in places {
            jobs.push((
                crate::urls::settlement(&site.config, s),
                Job::VenuesIn(s.to_string()),
            ));
        }
        for (i, v) in r.venues.iter().enumerate() {
            jobs.push((v.path.clone(), Job::Venue(i)));
        }
    }
    if !r.events.is_empty() {
        jobs.push((format!("{}/", p.events), Job::Events));
        if r.events
            .iter()
            .any(|e| !super::posters::files(site, e).is_empty())
        {
            jobs.push((crate::urls::posters(&site.config), Job::Posters));
        }
        jobs.push((crate::urls::archive(&site.config), Job::Archive));
        let audiences: std::collections::BTreeSet<&str> = r
            .events
            .iter()
            .flat_map(|e| e.audience.iter().map(|a| a.key.as_str()))
            .collect();
        // Every audience any event has: a past event's audience link is not a dead end.
        for a in audiences {
            jobs.push((
                crate::urls::audience_events(&site.config, a),
                Job::EventsFor(a.to_string()),
            ));
        }
        for (i, e) in r.events.iter().enumerate() {
            jobs.push((e.path.clone(), Job::Event(i)));
        }
    }
    jobs.push((format!("{}/", p.open_data), Job::OpenData));
    if !site.services.is_empty() {
        jobs.push((format!("{}/", p.services), Job::Services));
        for (i, s) in site.services.iter().enumerate() {
            jobs.push((crate::urls::service(&site.config, &s.key), Job::Service(i)));
        }
    }
    jobs
}

#[derive(Serialize)]
struct Group<T: Serialize> {
    title: String,
    items: Vec<T>,
}

#[derive(Serialize)]
struct Filter {
    label: String,
    url: String,
    count: usize,
    current: bool,
}

fn sorted_venues(site: &Site, keep: impl Fn(&Venue) -> bool) -> Vec<&Venue> {
    site.registries
        .venues_by_place()
        .filter(|v| keep(v))
        .collect()
}

/// Venues grouped by settlement, in name order.
fn by_settlement(site: &Site, venues: &[&Venue]) -> Vec<Group<VenueBrief>> {
    let mut groups: Vec<Group<VenueBrief>> = Vec::new();
    for v in venues {
        match groups.last_mut() {
            Some(g) if g.title == v.settlement => g.items.push(records::venue_brief(site, v)),
            _ => groups.push(Group {
                title: v.settlement.clone(),
                items: vec![records::venue_brief(site, v)],
            }),
        }
    }
    groups
}

fn venue_filters(site: &Site, current: &str) -> (Vec<Filter>, Vec<Filter>) {
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut places: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for v in &site.registries.venues {
        *kinds.entry(&v.kind.key).or_default() += 1;
        *places
            .entry((&v.settlement, &v.settlement_slug))
            .or_default() += 1;
    }
    let voc = &site.config.vocabularies.venue_kinds;
    let kinds = kinds
        .into_iter()
        .map(|(k, count)| {
            let path = crate::urls::venue_kind(&site.config, k);
            Filter {
                label: voc.get(k).cloned().unwrap_or_else(|| k.to_string()),
                current: path == current,
                url: site.url(&path),
                count,
            }
        })
        .collect();
    let places = places
        .into_iter()
        .map(|((name, slug), count)| {
            let path = crate::urls::settlement(&site.config, slug);
            Filter {
                label: name.to_string(),
                current: path == current,
                url: site.url(&path),
                count,
            }
        })
        .collect();
    (kinds, places)
}

/// Occurrences grouped by month, in the order given.
fn by_month(items: Vec<EventBrief>) -> Vec<Group<EventBrief>> {
    let mut groups: Vec<Group<EventBrief>> = Vec::new();
    for e in items {
        let month = e
            .occurrence
            .as_ref()
            .map(|o| o.month.clone())
            .unwrap_or_default();
        match groups.last_mut() {
            Some(g) if g.title == month => g.items.push(e),
            _ => groups.push(Group {
                title: month,
                items: vec![e],
            }),
        }
    }
    groups
}

fn crumbs(site: &Site, extra: &[(&str, String)]) -> Vec<Crumb> {
    let mut c: Vec<Crumb> = site
        .home()
        .map(|h| Crumb {
            title: h.title.clone(),
            url: site.url(""),
        })
        .into_iter()
        .collect();
    c.extend(extra.iter().map(|(t, p)| Crumb {
        title: t.to_string(),
        url: site.url(p),
    }));
    c
}

fn page(
    site: &Site,
    title: &str,
    summary: &str,
    path: &str,
    trail: &[(&str, String)],
) -> VirtualPage {
    let mut p = virtual_page(site, title, summary, path);
    p.breadcrumbs = crumbs(site, trail);
    p
}

fn render_job(
    site: &Site,
    venue_maps: &[Option<String>],
    upcoming: &[(&Event, &Occurrence)],
    w: &DateWords,
    path: &str,
    job: &Job,
) -> (Context, &'static str, VirtualPage) {
    let s = |k: &str, f: &str| context::string(site, k, f);
    let venues_title = s("venues_title", "Where to learn");
    let events_title = s("events_title", "Events");
    let services_title = s("services_title", "E-services");
    let archive_title = s("archive_title", "Past events");
    let venues_path = format!("{}/", site.config.paths.venues);
    let events_path = format!("{}/", site.config.paths.events);
    let services_path = format!("{}/", site.config.paths.services);
    let mut ctx = Context::new();
    match job {
        Job::Venue(i) => {
            let v = &site.registries.venues[*i];
            // A few instructions per e-service; each service's page lists them all.
            let mut instructions: Vec<PageSummary> = Vec::new();
            for s in &v.helps_with {
                instructions.extend(
                    site.instructions()
                        .filter(|p| p.service.as_ref() == Some(&s.key))
                        .take(VENUE_INSTRUCTIONS)
                        .map(|p| context::summary(site, p)),
                );
            }
            let vc = records::venue(site, w, *i, instructions);
            let summary = format!("{}: {}, {}", vc.brief.kind.label, v.settlement, v.address);
            let mut p = page(
                site,
                &v.name,
                &summary,
                path,
                &[(&venues_title, venues_path)],
            );
            p.jsonld = jsonld::for_venue(site, v);
            ctx.insert("venue", &vc);
            ctx.insert("venue_map", &venue_maps[*i]);
            ctx.insert(
                "map_url",
                &site
                    .map
                    .as_ref()
                    .map(|_| site.url(&super::map_page::path(site))),
            );
            (ctx, "venue.html", p)
        }
        Job::Event(i) => {
            let e = &site.registries.events[*i];
            let ec = records::event(site, w, e);
            let mut summary = ec
                .brief
                .occurrence
                .as_ref()
                .map(|o| o.when.clone())
                .unwrap_or_default();
            if let Some(v) = &ec.brief.venue {
                summary.push_str(&format!(". {}, {}", v.name, v.address));
            } else if ec.brief.online {
                summary.push_str(&format!(". {}", s("online", "Online")));
            }
            let trail = if ec.past {
                vec![
                    (events_title.as_str(), events_path),
                    (archive_title.as_str(), crate::urls::archive(&site.config)),
                ]
            } else {
                vec![(events_title.as_str(), events_path)]
            };
            let mut p = page(site, &e.title, &summary, path, &trail);
            p.jsonld = jsonld::for_event(site, e);
            let help_venues: Vec<VenueBrief> = Vec::new();
            ctx.insert("help_venues", &help_venues);
            ctx.insert("help_service_url", &None::<String>);
            ctx.insert("event", &ec);
            ctx.insert("posters", &poster_links(site, e));
            (ctx, "event.html", p)
        }
        Job::Venues | Job::VenuesOfKind(_) | Job::VenuesIn(_) => {
            let (title, venues, trail) = match job {
                Job::VenuesOfKind(k) => (
                    site.config
                        .vocabularies
                        .venue_kinds
                        .get(k)
                        .cloned()
                        .unwrap_or_else(|| k.clone()),
                    sorted_venues(site, |v| &v.kind.key == k),
                    vec![(venues_title.as_str(), venues_path)],
                ),
                Job::VenuesIn(slug) => {
                    let vs = sorted_venues(site, |v| &v.settlement_slug == slug);
                    let name = vs.first().map(|v| v.settlement.clone()).unwrap_or_default();
                    (name, vs, vec![(venues_title.as_str(), venues_path)])
                }
                _ => (
                    venues_title.clone(),
                    sorted_venues(site, |_| true),
                    Vec::new(),
                ),
            };
            let summary = s(
                "venues_summary",
                "Places where residents learn digital skills and get help with e-services.",
            );
            let (kinds, places) = venue_filters(site, path);
            ctx.insert("groups", &by_settlement(site, &venues));
            ctx.insert("kinds", &kinds);
            ctx.insert("settlements", &places);
            ctx.insert("count", &venues.len());
            ctx.insert(
                "all_url",
                &site.url(&format!("{}/", site.config.paths.venues)),
            );
            let mut p = page(site, &title, &summary, path, &trail);
            p.jsonld =
                jsonld::collection(site, &title, path, venues.iter().map(|v| v.path.as_str()));
            (ctx, "venue_list.html", p)
        }
        Job::Events | Job::EventsFor(_) => {
            let (title, trail, audience) = match job {
                Job::EventsFor(a) => (
                    format!(
                        "{}: {}",
                        events_title,
                        context::term(site, "audience", a).label
                    ),
                    vec![(events_title.as_str(), events_path.clone())],
                    Some(a.as_str()),
                ),
                _ => (events_title.clone(), Vec::new(), None),
            };
            let items: Vec<EventBrief> = upcoming
                .iter()
                .filter(|(e, _)| audience.is_none_or(|a| e.audience.iter().any(|x| x.key == a)))
                .map(|(e, o)| records::event_brief(site, w, e, Some(o)))
                .collect();
            let mut audiences: BTreeMap<&str, usize> = BTreeMap::new();
            for e in site
                .registries
                .events
                .iter()
                .filter(|e| !e.is_past(site.now))
            {
                for a in &e.audience {
                    *audiences.entry(&a.key).or_default() += 1;
                }
            }
            let filters: Vec<Filter> = audiences
                .into_iter()
                .map(|(a, count)| {
                    let p = crate::urls::audience_events(&site.config, a);
                    Filter {
                        label: context::term(site, "audience", a).label,
                        current: p == path,
                        url: site.url(&p),
                        count,
                    }
                })
                .collect();
            let summary = s(
                "events_summary",
                "Free trainings, courses and consultations in the hromada.",
            );
            ctx.insert("count", &items.len());
            ctx.insert("groups", &by_month(items));
            ctx.insert("audiences", &filters);
            ctx.insert(
                "posters_url",
                &site
                    .registries
                    .events
                    .iter()
                    .any(|e| !super::posters::files(site, e).is_empty())
                    .then(|| site.url(&crate::urls::posters(&site.config))),
            );
            ctx.insert(
                "archive_url",
                &site.url(&crate::urls::archive(&site.config)),
            );
            ctx.insert("all_url", &site.url(&events_path));
            let calendar = match audience {
                Some(a) => crate::urls::calendar(&crate::urls::audience_events(&site.config, a)),
                None => crate::urls::calendar(&events_path),
            };
            ctx.insert("calendar_url", &site.url(&calendar));
            ctx.insert("archive", &false);
            let p = page(site, &title, &summary, path, &trail);
            (ctx, "event_list.html", p)
        }
        Job::Archive => {
            // Events that are over, at their last occurrence, the latest first.
            let mut past: Vec<(&Event, &Occurrence)> = site
                .registries
                .events
                .iter()
                .filter(|e| e.is_past(site.now))
                .filter_map(|e| e.occurrences.last().map(|o| (e, o)))
                .collect();
            past.sort_by(|a, b| (b.1.start_utc, &a.0.id).cmp(&(a.1.start_utc, &b.0.id)));
            let items: Vec<EventBrief> = past
                .into_iter()
                .map(|(e, o)| records::event_brief(site, w, e, Some(o)))
                .collect();
            let title = archive_title.clone();
            ctx.insert("count", &items.len());
            ctx.insert("groups", &by_month(items));
            ctx.insert("audiences", &Vec::<Filter>::new());
            ctx.insert(
                "archive_url",
                &site.url(&crate::urls::archive(&site.config)),
            );
            ctx.insert("all_url", &site.url(&events_path));
            ctx.insert(
                "calendar_url",
                &site.url(&crate::urls::calendar(&events_path)),
            );
            ctx.insert("archive", &true);
            ctx.insert("posters_url", &None::<String>);
            let summary = s("archive_summary", "Events that have taken place.");
            let p = page(
                site,
                &title,
                &summary,
                path,
                &[(&events_title, events_path)],
            );
            (ctx, "event_list.html", p)
        }
        Job::Posters => {
            // Every event with posters, at its next occurrence, by month.
            #[derive(Serialize)]
            struct Item {
                event: EventBrief,
                posters: Vec<PosterLink>,
            }
            #[derive(Serialize)]
            struct Month {
                title: String,
                items: Vec<Item>,
            }
            let mut months: Vec<Month> = Vec::new();
            let mut events: Vec<(&Event, Option<&Occurrence>)> = super::posters::events(site)
                .map(|e| (e, e.next_or_last(site.now)))
                .collect();
            events.sort_by_key(|(e, o)| (o.map(|o| o.start_utc), e.id.clone()));
            for (e, o) in events {
                let brief = records::event_brief(site, w, e, o);
                let month = brief
                    .occurrence
                    .as_ref()
                    .map(|o| o.month.clone())
                    .unwrap_or_default();
                let item = Item {
                    event: brief,
                    posters: poster_links(site, e),
                };
                match months.last_mut() {
                    Some(m) if m.title == month => m.items.push(item),
                    _ => months.push(Month {
                        title: month,
                        items: vec![item],
                    }),
                }
            }
            ctx.insert("months", &months);
            let title = s("posters_title", "Posters");
            let summary = s("posters_summary", "");
            let p = page(
                site,
                &title,
                &summary,
                path,
                &[(&events_title, events_path)],
            );
            (ctx, "posters.html", p)
        }
        Job::Services => {
            #[derive(Serialize)]
            struct Item {
                name: String,
                url: String,
                description: String,
                instructions: usize,
                venues: usize,
            }
            let items: Vec<Item> = site
                .services
                .iter()
                .map(|sv| Item {
                    name: sv.name.clone(),
                    url: site.url(&crate::urls::service(&site.config, &sv.key)),
                    description: sv.description.clone(),
                    instructions: site
                        .instructions()
                        .filter(|p| p.service.as_deref() == Some(sv.key.as_str()))
                        .count(),
                    venues: records::venues_helping_with(site, &sv.key).count(),
                })
                .collect();
            ctx.insert("services", &items);
            let summary = s("services_summary", "E-services the instructions teach.");
            let p = page(site, &services_title, &summary, path, &[]);
            (ctx, "service_list.html", p)
        }
        Job::OpenData => {
            #[derive(Serialize)]
            struct File {
                name: String,
                url: String,
                description: String,
            }
            let dir = &site.config.paths.open_data;
            let mut names: Vec<(String, String)> =
                ["venues.geojson", "venues.csv", "events.json", "events.csv"]
                    .iter()
                    .map(|n| (n.to_string(), format!("open_data_{}", n.replace('.', "_"))))
                    .collect();
            for (n, _) in crate::registry::schema::registries() {
                names.push((format!("schemas/{n}"), "open_data_schema".to_string()));
            }
            let files: Vec<File> = names
                .into_iter()
                .map(|(n, key)| File {
                    url: site.url(&format!("{dir}/{n}")),
                    description: s(&key, ""),
                    name: n,
                })
                .collect();
            ctx.insert("files", &files);
            // The calendar exists only when there are events.
            let calendar = if site.registries.events.is_empty() {
                String::new()
            } else {
                site.url(&crate::urls::calendar(&events_path))
            };
            ctx.insert("calendar_url", &calendar);
            let title = s("open_data_title", "Open data");
            let summary = s(
                "open_data_summary",
                "The hromada's venues and events as open data.",
            );
            (
                ctx,
                "open_data.html",
                page(site, &title, &summary, path, &[]),
            )
        }
        Job::Service(i) => {
            let sv = &site.services[*i];
            let instructions: Vec<PageSummary> = site
                .instructions()
                .filter(|p| p.service.as_deref() == Some(sv.key.as_str()))
                .map(|p| context::summary(site, p))
                .collect();
            let venues: Vec<VenueBrief> = records::venues_helping_with(site, &sv.key)
                .map(|v| records::venue_brief(site, v))
                .collect();
            let events: Vec<EventBrief> = upcoming
                .iter()
                .filter(|(e, _)| e.topics.iter().any(|t| t.key() == sv.key))
                .map(|(e, o)| records::event_brief(site, w, e, Some(o)))
                .collect();
            ctx.insert("service", sv);
            ctx.insert("instructions", &instructions);
            ctx.insert("venues", &venues);
            ctx.insert("events", &events);
            let summary = if sv.description.is_empty() {
                sv.name.clone()
            } else {
                sv.description.clone()
            };
            let mut p = page(
                site,
                &sv.name,
                &summary,
                path,
                &[(&services_title, services_path)],
            );
            p.jsonld = jsonld::for_service(site, sv, path);
            (ctx, "service.html", p)
        }
    }
}

impl Renderer for RegistryPages {
    fn name(&self) -> &'static str {
        "registry pages"
    }

    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        scope: &Scope,
        out: &mut Output,
    ) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let w = DateWords::new(site);
        let mut jobs = plan(site);
        jobs.retain(|(path, _)| scope.wants(path));
        let upcoming = records::upcoming(site);
        // Each venue's small map, drawn in parallel before the pages.
        let t = crate::timing::Timer::start();
        let venue_maps: Vec<Option<String>> = match super::map_page::VenueMaps::new(site) {
            Some(maps) => (0..site.registries.venues.len())
                .into_par_iter()
                .map(|i| maps.svg(i))
                .collect(),
            None => vec![None; site.registries.venues.len()],
        };
        t.lap("  venue maps");
        let rendered: Vec<Result<(String, String, std::path::PathBuf), Diagnostic>> = jobs
            .par_iter()
            .map(|(path, job)| {
                let (mut ctx, template, page) =
                    render_job(site, &venue_maps, &upcoming, &w, path, job);
                ctx.insert("page", &page);
                let origin = match job {
                    Job::Venue(i) => site.registries.venues[*i].source.file.clone(),
                    Job::Event(i) => site.registries.events[*i].source.file.clone(),
                    Job::Service(_) | Job::Services => crate::registry::SERVICES_FILE.into(),
                    _ => format!("registry page /{path}").into(),
                };
                templates
                    .render(template, &ctx, Some(&origin))
                    .map(|html| (format!("{path}index.html"), html, origin))
            })
            .collect();
        for r in rendered {
            if let Err(d) = r.and_then(|(path, html, origin)| {
                out.insert(path, Content::Bytes(html.into_bytes()), origin)
            }) {
                diags.push(d);
            }
        }
        diags
    }
}
