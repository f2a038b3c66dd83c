//! The venues' pages: one per venue, all venues by settlement, and the lists of one kind of
//! venue or one settlement, with their filters.

use std::collections::BTreeMap;

use tera::Context;

use super::{Filter, Pager, Rendered, VENUE_INSTRUCTIONS, VenueFilter};
use crate::model::Site;
use crate::registry::Venue;
use crate::render::context::{self, PageSummary};
use crate::render::jsonld;
use crate::render::nearby;
use crate::render::records;

impl Pager<'_> {
    /// A venue's page: what it offers, its hours, its small map, the instructions of the
    /// e-services it helps with, its upcoming events.
    pub(super) fn venue(&self, i: usize, path: &str) -> Rendered {
        let site = self.site;
        let v = &site.registries.venues[i];
        // A few instructions per e-service; each service's page lists them all.
        let mut instructions: Vec<PageSummary> = Vec::new();
        for s in &v.helps_with {
            instructions.extend(
                records::instructions_of(site, &s.key)
                    .take(VENUE_INSTRUCTIONS)
                    .map(|p| context::summary(site, p)),
            );
        }
        let vc = records::venue(site, self.w, i, instructions);
        let summary = format!("{}: {}, {}", vc.brief.kind.label, v.settlement, v.address);
        let t = &self.titles;
        let mut p = self.page(
            &v.name,
            &summary,
            path,
            &[(&t.venues, t.venues_path.clone())],
        );
        p.jsonld = jsonld::for_venue(site, v);
        let mut ctx = Context::new();
        ctx.insert("venue", &vc);
        ctx.insert("venue_map", &self.venue_maps[i]);
        ctx.insert(
            "map_url",
            &site
                .map
                .as_ref()
                .map(|_| site.url(&crate::render::map_page::path(site))),
        );
        (ctx, "venue.html", p)
    }

    /// Every venue by settlement, or those of one kind or one settlement.
    pub(super) fn venue_list(&self, filter: Option<VenueFilter>, path: &str, n: usize) -> Rendered {
        let site = self.site;
        let t = &self.titles;
        let under_all = vec![(t.venues.as_str(), t.venues_path.clone())];
        let (title, venues, trail, list) = match filter {
            Some(VenueFilter::Kind(k)) => {
                let vs = sorted_venues(site, |v| v.kind.key == k);
                let label = vs.first().map_or(k.to_string(), |v| v.kind.label.clone());
                (
                    label,
                    vs,
                    under_all,
                    crate::urls::venue_kind(&site.config, k),
                )
            }
            Some(VenueFilter::Settlement(slug)) => {
                let vs = sorted_venues(site, |v| v.settlement_slug == slug);
                let name = vs.first().map(|v| v.settlement.clone()).unwrap_or_default();
                (
                    name,
                    vs,
                    under_all,
                    crate::urls::settlement(&site.config, slug),
                )
            }
            None => (
                t.venues.clone(),
                sorted_venues(site, |_| true),
                Vec::new(),
                t.venues_path.clone(),
            ),
        };
        let summary = self.site.theme.strings.venues_summary.clone();
        let (kinds, places) = venue_filters(site, &list);
        let paging = self.paging(&list, n, venues.len());
        let shown = crate::render::paging::slice(&venues, n, site.config.per_page);
        let mut ctx = Context::new();
        ctx.insert("groups", &nearby::by_settlement(site, shown));
        // «Де допоможуть» opens the list of every place.
        if list == t.venues_path && n == 1 {
            ctx.insert("needs", &nearby::need_links(site));
        }
        ctx.insert("kinds", &kinds);
        ctx.insert("settlements", &places);
        ctx.insert("count", &venues.len());
        ctx.insert("all_url", &site.url(&t.venues_path));
        let title = paging.title(site, &title);
        let mut p = self.page(&title, &summary, path, &trail);
        p.jsonld = jsonld::collection(site, &title, path, shown.iter().map(|v| v.path.as_str()));
        ctx.insert("paging", &paging);
        (ctx, "venue_list.html", p)
    }
}

fn sorted_venues(site: &Site, keep: impl Fn(&Venue) -> bool) -> Vec<&Venue> {
    site.registries
        .venues_by_place()
        .filter(|v| keep(v))
        .collect()
}

/// The kinds and the settlements the venues have, each with its count, the one at
/// `current` marked, each list in Ukrainian alphabetical order.
fn venue_filters(site: &Site, current: &str) -> (Vec<Filter>, Vec<Filter>) {
    let mut kinds: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    let mut places: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for v in &site.registries.venues {
        kinds.entry(&v.kind.key).or_insert((&v.kind.label, 0)).1 += 1;
        *places
            .entry((&v.settlement, &v.settlement_slug))
            .or_default() += 1;
    }
    let filter = |label: &str, path: String, count: usize| Filter {
        label: label.to_string(),
        current: path == current,
        url: site.url(&path),
        count,
    };
    let mut kinds: Vec<Filter> = kinds
        .into_iter()
        .map(|(k, (label, count))| filter(label, crate::urls::venue_kind(&site.config, k), count))
        .collect();
    let mut places: Vec<Filter> = places
        .into_iter()
        .map(|((name, slug), count)| {
            filter(name, crate::urls::settlement(&site.config, slug), count)
        })
        .collect();
    // In Ukrainian alphabetical order of what the chips say (then by address).
    for list in [&mut kinds, &mut places] {
        list.sort_by_cached_key(|f| (crate::collate::key(&f.label), f.url.clone()));
    }
    (kinds, places)
}
