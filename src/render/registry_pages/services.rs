//! The e-services' pages (one per service, and the catalogue) and the open data page.

use serde::Serialize;
use tera::Context;

use super::{Pager, Rendered};
use crate::render::context::{self, PageSummary};
use crate::render::jsonld;
use crate::render::records::{self, EventBrief};

impl Pager<'_> {
    /// The catalogue: each e-service with how many instructions teach it and how many venues
    /// help with it.
    pub(super) fn services(&self, path: &str) -> Rendered {
        #[derive(Serialize)]
        struct Item {
            name: String,
            url: String,
            description: String,
            instructions: usize,
            venues: usize,
        }
        let site = self.site;
        let items: Vec<Item> = site
            .services
            .iter()
            .map(|sv| Item {
                name: sv.name.clone(),
                url: site.url(&crate::urls::service(&site.config, &sv.key)),
                description: sv.description.clone(),
                instructions: records::instructions_of(site, &sv.key).count(),
                venues: records::venues_helping_with(site, &sv.key).count(),
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("services", &items);
        let summary = self.site.theme.strings.services_summary.clone();
        let p = self.page(&self.titles.services, &summary, path, &[]);
        (ctx, "service_list.html", p)
    }

    /// An e-service's page: its instructions, where to get help with it (a short list; its
    /// need page has them all), its events.
    pub(super) fn service(&self, i: usize, path: &str) -> Rendered {
        let site = self.site;
        let sv = &site.services[i];
        let instructions: Vec<PageSummary> = records::instructions_of(site, &sv.key)
            .map(|p| context::summary(site, p))
            .collect();
        // A few venues and the first `per_page` events; the lists of all of them are a link
        // away (an oblast has thousands: the page would weigh megabytes).
        let per_page = site.config.per_page;
        let events_of = || {
            self.upcoming
                .iter()
                .filter(|(e, _)| e.topics.iter().any(|t| t.key() == sv.key))
        };
        let events: Vec<EventBrief> = events_of()
            .take(per_page)
            .map(|(e, o)| records::event_brief(site, self.w, e, Some(o)))
            .collect();
        let mut ctx = Context::new();
        ctx.insert("service", sv);
        ctx.insert("instructions", &instructions);
        ctx.insert("nearby", &crate::render::nearby::short_list(site, &sv.key));
        ctx.insert("nearby_html", &None::<String>);
        ctx.insert("events", &events);
        ctx.insert("events_total", &events_of().count());
        ctx.insert("events_url", &site.url(&self.titles.events_path));
        let summary = if sv.description.is_empty() {
            sv.name.clone()
        } else {
            sv.description.clone()
        };
        let t = &self.titles;
        let mut p = self.page(
            &sv.name,
            &summary,
            path,
            &[(&t.services, t.services_path.clone())],
        );
        p.jsonld = jsonld::for_service(site, sv, path);
        (ctx, "service.html", p)
    }

    /// The open data page: each file with what it holds, and the calendar.
    pub(super) fn open_data(&self, path: &str) -> Rendered {
        #[derive(Serialize)]
        struct File {
            name: String,
            url: String,
            description: String,
        }
        let site = self.site;
        let dir = &site.config.paths.open_data;
        let t = &site.theme.strings;
        let mut names: Vec<(String, &String)> = [
            ("venues.geojson", &t.open_data_venues_geojson),
            ("venues.csv", &t.open_data_venues_csv),
            ("events.json", &t.open_data_events_json),
            ("events.csv", &t.open_data_events_csv),
        ]
        .into_iter()
        .map(|(n, d)| (n.to_string(), d))
        .collect();
        for (n, _) in crate::registry::schema::registries() {
            names.push((format!("schemas/{n}"), &t.open_data_schema));
        }
        let files: Vec<File> = names
            .into_iter()
            .map(|(n, description)| File {
                url: site.url(&format!("{dir}/{n}")),
                description: description.clone(),
                name: n,
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("files", &files);
        // The calendar exists only when there are events.
        let calendar = if site.registries.events.is_empty() {
            String::new()
        } else {
            site.url(&crate::urls::calendar(&self.titles.events_path))
        };
        ctx.insert("calendar_url", &calendar);
        let title = self.site.theme.strings.open_data_title.clone();
        let summary = self.site.theme.strings.open_data_summary.clone();
        (
            ctx,
            "open_data.html",
            self.page(&title, &summary, path, &[]),
        )
    }
}
