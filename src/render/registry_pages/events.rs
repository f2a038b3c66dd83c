//! The events' pages: one per event, upcoming events by month (all, or for one audience), the
//! archive of past events, and every poster for staff to print.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::{Filter, Group, Pager, PosterLink, Rendered, poster_links};
use crate::model::Site;
use crate::registry::Event;
use crate::registry::time::Occurrence;
use crate::render::jsonld;
use crate::render::records::{self, EventBrief, VenueBrief};

/// What the pages of the event lists share: the audiences' labels and counts (of upcoming
/// events), the upcoming occurrences of each audience, the past events latest first, and
/// whether there are posters. Made once: a list of thousands of events has hundreds of pages.
pub(super) struct EventLists<'a> {
    labels: BTreeMap<&'a str, &'a str>,
    counts: BTreeMap<&'a str, usize>,
    /// Audience → indexes into the upcoming occurrences.
    by_audience: BTreeMap<&'a str, Vec<usize>>,
    past: Vec<(&'a Event, &'a Occurrence)>,
    posters_url: Option<String>,
}

impl<'a> EventLists<'a> {
    fn new(site: &'a Site, upcoming: &[(&'a Event, &'a Occurrence)]) -> Self {
        let events = &site.registries.events;
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for e in events.iter().filter(|e| !e.is_past(site.now)) {
            for a in &e.audience {
                *counts.entry(&a.key).or_default() += 1;
            }
        }
        let mut by_audience: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, (e, _)) in upcoming.iter().enumerate() {
            for a in &e.audience {
                by_audience.entry(&a.key).or_default().push(i);
            }
        }
        let mut past: Vec<(&Event, &Occurrence)> = events
            .iter()
            .filter(|e| e.is_past(site.now))
            .filter_map(|e| e.occurrences.last().map(|o| (e, o)))
            .collect();
        past.sort_by(|a, b| (b.1.start_utc, &a.0.id).cmp(&(a.1.start_utc, &b.0.id)));
        EventLists {
            labels: audience_labels(events.iter()),
            counts,
            by_audience,
            past,
            posters_url: events
                .iter()
                .any(|e| !crate::render::posters::files(site, e).is_empty())
                .then(|| site.url(&crate::urls::posters(&site.config))),
        }
    }
}

impl<'a> Pager<'a> {
    fn event_lists(&self) -> &EventLists<'a> {
        self.event_lists
            .get_or_init(|| EventLists::new(self.site, self.upcoming))
    }

    /// An event's page: when and where, how to register, its posters and calendar.
    pub(super) fn event(&self, i: usize, path: &str) -> Rendered {
        let site = self.site;
        let e = &site.registries.events[i];
        let ec = records::event(site, self.w, e);
        let mut summary = ec
            .brief
            .occurrence
            .as_ref()
            .map(|o| o.when.clone())
            .unwrap_or_default();
        if let Some(v) = &ec.brief.venue {
            summary.push_str(&format!(". {}, {}", v.name, v.address));
        } else if ec.brief.online {
            summary.push_str(&format!(". {}", self.site.theme.strings.online.clone()));
        }
        let t = &self.titles;
        let mut trail = vec![(t.events.as_str(), t.events_path.clone())];
        if ec.past {
            trail.push((t.archive.as_str(), crate::urls::archive(&site.config)));
        }
        let mut p = self.page(&e.title, &summary, path, &trail);
        p.jsonld = jsonld::for_event(site, e);
        let mut ctx = Context::new();
        ctx.insert("help_venues", &Vec::<VenueBrief>::new());
        ctx.insert("help_service_url", &None::<String>);
        ctx.insert("event", &ec);
        ctx.insert("posters", &poster_links(site, e));
        (ctx, "event.html", p)
    }

    /// Upcoming events by month: all of them, or those for one audience.
    pub(super) fn event_list(&self, audience: Option<&str>, path: &str, n: usize) -> Rendered {
        let site = self.site;
        let t = &self.titles;
        let shared = self.event_lists();
        let label_of = |a: &str| {
            shared
                .labels
                .get(a)
                .map_or(a.to_string(), |l| l.to_string())
        };
        let (title, trail) = match audience {
            Some(a) => (
                format!("{}: {}", t.events, label_of(a)),
                vec![(t.events.as_str(), t.events_path.clone())],
            ),
            None => (t.events.clone(), Vec::new()),
        };
        let all: Vec<&(&Event, &Occurrence)> = match audience {
            Some(a) => shared
                .by_audience
                .get(a)
                .map(|is| is.iter().map(|&i| &self.upcoming[i]).collect())
                .unwrap_or_default(),
            None => self.upcoming.iter().collect(),
        };
        let list = match audience {
            Some(a) => crate::urls::audience_events(&site.config, a),
            None => t.events_path.clone(),
        };
        let paging = self.paging(&list, n, all.len());
        let items: Vec<EventBrief> = crate::render::paging::slice(&all, n, site.config.per_page)
            .iter()
            .map(|(e, o)| records::event_brief(site, self.w, e, Some(o)))
            .collect();
        let filters: Vec<Filter> = shared
            .counts
            .iter()
            .map(|(&a, &count)| {
                let p = crate::urls::audience_events(&site.config, a);
                Filter {
                    label: label_of(a),
                    current: p == path,
                    url: site.url(&p),
                    count,
                }
            })
            .collect();
        let summary = self.site.theme.strings.events_summary.clone();
        let mut ctx = Context::new();
        ctx.insert("count", &all.len());
        ctx.insert("groups", &by_month(items));
        ctx.insert("audiences", &filters);
        ctx.insert("posters_url", &shared.posters_url);
        ctx.insert(
            "archive_url",
            &site.url(&crate::urls::archive(&site.config)),
        );
        ctx.insert("all_url", &site.url(&t.events_path));
        let calendar = match audience {
            Some(a) => crate::urls::calendar(&crate::urls::audience_events(&site.config, a)),
            None => crate::urls::calendar(&t.events_path),
        };
        ctx.insert("calendar_url", &site.url(&calendar));
        ctx.insert("archive", &false);
        let page = self.page(&paging.title(site, &title), &summary, path, &trail);
        ctx.insert("paging", &paging);
        (ctx, "event_list.html", page)
    }

    /// Events that are over, at their last occurrence, the latest first.
    pub(super) fn archive(&self, path: &str, n: usize) -> Rendered {
        let site = self.site;
        let t = &self.titles;
        let past = &self.event_lists().past;
        let paging = self.paging(&crate::urls::archive(&site.config), n, past.len());
        let items: Vec<EventBrief> = crate::render::paging::slice(past, n, site.config.per_page)
            .iter()
            .map(|(e, o)| records::event_brief(site, self.w, e, Some(o)))
            .collect();
        let mut ctx = Context::new();
        ctx.insert("count", &past.len());
        ctx.insert("groups", &by_month(items));
        ctx.insert("audiences", &Vec::<Filter>::new());
        ctx.insert(
            "archive_url",
            &site.url(&crate::urls::archive(&site.config)),
        );
        ctx.insert("all_url", &site.url(&t.events_path));
        ctx.insert(
            "calendar_url",
            &site.url(&crate::urls::calendar(&t.events_path)),
        );
        ctx.insert("archive", &true);
        ctx.insert("posters_url", &None::<String>);
        let summary = self.site.theme.strings.archive_summary.clone();
        let p = self.page(
            &paging.title(site, &t.archive),
            &summary,
            path,
            &[(&t.events, t.events_path.clone())],
        );
        ctx.insert("paging", &paging);
        (ctx, "event_list.html", p)
    }

    /// Every event with posters, at its next occurrence, by month.
    pub(super) fn posters(&self, path: &str, n: usize) -> Rendered {
        #[derive(Serialize)]
        struct Item {
            event: EventBrief,
            posters: Vec<PosterLink>,
        }
        let site = self.site;
        let mut events: Vec<(&Event, Option<&Occurrence>)> = crate::render::posters::events(site)
            .filter(|e| !crate::render::posters::files(site, e).is_empty())
            .map(|e| (e, e.next_or_last(site.now)))
            .collect();
        events.sort_by_key(|(e, o)| (o.map(|o| o.start_utc), e.id.clone()));
        let paging = self.paging(&crate::urls::posters(&site.config), n, events.len());
        let mut months: Vec<Group<Item>> = Vec::new();
        for &(e, o) in crate::render::paging::slice(&events, n, site.config.per_page) {
            let brief = records::event_brief(site, self.w, e, o);
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
                _ => months.push(Group {
                    title: month,
                    items: vec![item],
                }),
            }
        }
        let mut ctx = Context::new();
        ctx.insert("months", &months);
        let title = self.site.theme.strings.posters_title.clone();
        let summary = self.site.theme.strings.posters_summary.clone();
        let t = &self.titles;
        let p = self.page(
            &paging.title(site, &title),
            &summary,
            path,
            &[(&t.events, t.events_path.clone())],
        );
        ctx.insert("paging", &paging);
        (ctx, "posters.html", p)
    }
}

/// The label of every audience the events have, by key.
fn audience_labels<'a>(events: impl Iterator<Item = &'a Event>) -> BTreeMap<&'a str, &'a str> {
    events
        .flat_map(|e| &e.audience)
        .map(|a| (a.key.as_str(), a.label.as_str()))
        .collect()
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
