//! Pages of the registries: a page per venue, event and e-service; venues by settlement and
//! by kind; upcoming events by month and by audience; the archive of past events. This file
//! plans the pages and runs them; each family of pages is made in its own file (`venues.rs`,
//! `events.rs`, `services.rs`) by a method of [`Pager`].

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::context::Crumb;
use super::pages::{VirtualPage, virtual_page};
use super::records::{self, DateWords};
use super::{Content, Output, Renderer, Scope, Templates};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::registry::Event;
use crate::registry::time::Occurrence;

mod events;
mod services;
mod venues;

pub struct RegistryPages;

/// How many instructions a venue page names per e-service it helps with.
const VENUE_INSTRUCTIONS: usize = 6;

/// One page to render. A list's pages carry their number (from 1; see [`super::paging`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Venue(usize),
    Event(usize),
    Venues(usize),
    VenuesOfKind(String, usize),
    VenuesIn(String, usize),
    Events(usize),
    EventsFor(String, usize),
    Archive(usize),
    Posters(usize),
    Services,
    Service(usize),
    OpenData,
}

/// A page to render: its template data, template and page record.
type Rendered = (Context, &'static str, VirtualPage);

/// What every registry page is made from: the site, each venue's small map (drawn for the
/// venues in scope only), the upcoming occurrences, the date words and the lists' titles.
struct Pager<'a> {
    site: &'a Site,
    venue_maps: &'a [Option<String>],
    upcoming: &'a [(&'a Event, &'a Occurrence)],
    w: &'a DateWords,
    titles: Titles,
    /// What every page of the event lists shares, made by the first that needs it.
    event_lists: std::sync::OnceLock<events::EventLists<'a>>,
}

/// The titles and paths of the registries' top lists, for breadcrumbs.
struct Titles {
    venues: String,
    events: String,
    services: String,
    archive: String,
    venues_path: String,
    events_path: String,
    services_path: String,
}

impl Titles {
    fn new(site: &Site) -> Self {
        let t = &site.theme.strings;
        Titles {
            venues: t.venues_title.clone(),
            events: t.events_title.clone(),
            services: t.services_title.clone(),
            archive: t.archive_title.clone(),
            venues_path: format!("{}/", site.config.paths.venues),
            events_path: format!("{}/", site.config.paths.events),
            services_path: format!("{}/", site.config.paths.services),
        }
    }
}

impl Pager<'_> {
    /// Page `n` of the list at `list` (its first page's path) of `len` items.
    fn paging(&self, list: &str, n: usize, len: usize) -> super::paging::Paging {
        let total = super::paging::count(len, self.site.config.per_page);
        super::paging::Paging::new(self.site, list, n, total)
    }

    /// A page of the registries titled `title`, under the breadcrumbs of `trail`.
    fn page(
        &self,
        title: &str,
        summary: &str,
        path: &str,
        trail: &[(&str, String)],
    ) -> VirtualPage {
        page(self.site, title, summary, path, trail)
    }

    /// One page: each kind of page is made by its own method.
    fn render(&self, path: &str, job: &Job) -> Rendered {
        match job {
            Job::Venue(i) => self.venue(*i, path),
            Job::Venues(n) => self.venue_list(None, path, *n),
            Job::VenuesOfKind(k, n) => self.venue_list(Some(VenueFilter::Kind(k)), path, *n),
            Job::VenuesIn(slug, n) => {
                self.venue_list(Some(VenueFilter::Settlement(slug)), path, *n)
            }
            Job::Event(i) => self.event(*i, path),
            Job::Events(n) => self.event_list(None, path, *n),
            Job::EventsFor(a, n) => self.event_list(Some(a), path, *n),
            Job::Archive(n) => self.archive(path, *n),
            Job::Posters(n) => self.posters(path, *n),
            Job::Services => self.services(path),
            Job::Service(i) => self.service(*i, path),
            Job::OpenData => self.open_data(path),
        }
    }
}

/// Which venues a venue list shows besides all of them.
enum VenueFilter<'a> {
    Kind(&'a str),
    Settlement(&'a str),
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
            label: site.theme.strings.poster_format(f.key),
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
    let per_page = site.config.per_page;
    let mut jobs = Vec::new();
    // Every page of a list of `len` items at `list`.
    let list =
        |jobs: &mut Vec<(String, Job)>, list: String, len: usize, job: &dyn Fn(usize) -> Job| {
            for n in 1..=super::paging::count(len, per_page) {
                jobs.push((crate::urls::list_page(&list, n), job(n)));
            }
        };
    if !r.venues.is_empty() {
        list(
            &mut jobs,
            format!("{}/", p.venues),
            r.venues.len(),
            &Job::Venues,
        );
        let mut kinds: std::collections::BTreeMap<&str, usize> = Default::default();
        let mut places: std::collections::BTreeMap<&str, usize> = Default::default();
        for v in &r.venues {
            *kinds.entry(v.kind.key.as_str()).or_default() += 1;
            *places.entry(v.settlement_slug.as_str()).or_default() += 1;
        }
        for (k, len) in kinds {
            let path = crate::urls::venue_kind(&site.config, k);
            list(&mut jobs, path, len, &|n| {
                Job::VenuesOfKind(k.to_string(), n)
            });
        }
        for (s, len) in places {
            let path = crate::urls::settlement(&site.config, s);
            list(&mut jobs, path, len, &|n| Job::VenuesIn(s.to_string(), n));
        }
        for (i, v) in r.venues.iter().enumerate() {
            jobs.push((v.path.clone(), Job::Venue(i)));
        }
    }
    if !r.events.is_empty() {
        let upcoming = records::upcoming(site);
        list(
            &mut jobs,
            format!("{}/", p.events),
            upcoming.len(),
            &Job::Events,
        );
        let posters = super::posters::events(site)
            .filter(|e| !super::posters::files(site, e).is_empty())
            .count();
        if posters > 0 {
            list(
                &mut jobs,
                crate::urls::posters(&site.config),
                posters,
                &Job::Posters,
            );
        }
        let past = r.events.iter().filter(|e| e.is_past(site.now)).count();
        list(
            &mut jobs,
            crate::urls::archive(&site.config),
            past,
            &Job::Archive,
        );
        // Every audience any event has: a past event's audience link is not a dead end.
        let mut audiences: std::collections::BTreeMap<&str, usize> = r
            .events
            .iter()
            .flat_map(|e| e.audience.iter().map(|a| (a.key.as_str(), 0)))
            .collect();
        for (e, _) in &upcoming {
            for a in &e.audience {
                *audiences.entry(a.key.as_str()).or_default() += 1;
            }
        }
        for (a, len) in audiences {
            let path = crate::urls::audience_events(&site.config, a);
            list(&mut jobs, path, len, &|n| Job::EventsFor(a.to_string(), n));
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

impl Renderer for RegistryPages {
    fn name(&self) -> &'static str {
        "registry pages"
    }
    fn memo(&self) -> crate::render::Memo {
        crate::render::Memo::SiteButPageTexts
    }

    fn kind(&self) -> super::Kind {
        super::Kind::Pages
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
        // Only the venues whose pages are in scope (the preview's first pass asks for a few).
        let mut wanted = vec![false; site.registries.venues.len()];
        for (_, job) in &jobs {
            if let Job::Venue(i) = job {
                wanted[*i] = true;
            }
        }
        let venue_maps: Vec<Option<String>> = match super::map_page::VenueMaps::new(site) {
            Some(maps) => (0..site.registries.venues.len())
                .into_par_iter()
                .map(|i| if wanted[i] { maps.svg(i) } else { None })
                .collect(),
            None => vec![None; site.registries.venues.len()],
        };
        t.lap("  venue maps");
        let pager = Pager {
            site,
            venue_maps: &venue_maps,
            upcoming: &upcoming,
            w: &w,
            titles: Titles::new(site),
            event_lists: Default::default(),
        };
        let rendered: Vec<Result<(String, String, std::path::PathBuf), Diagnostic>> = jobs
            .par_iter()
            .map(|(path, job)| {
                let (mut ctx, template, page) = pager.render(path, job);
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
