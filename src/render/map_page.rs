//! The map of where to learn (`/mapa/`): the SVG of the layers and every venue, its legend,
//! the filters and "nearest to me" the theme's script adds, and the same venues as text,
//! grouped by settlement and kind. Also the small map on each venue's page.

use serde::Serialize;
use tera::Context;

use super::map_svg::{self, Grouping, Marker, SvgOptions, colour_of, shape_of};
use super::pages::{render_standalone, virtual_page};
use super::records::{self, VenueBrief};
use super::{Output, Renderer, Scope, Templates};
use crate::diag::Diagnostics;
use crate::geo::project::{View, mercator, metres_per_unit};
use crate::geo::{Bounds, Map};
use crate::model::Site;
use crate::registry::Venue;

pub struct MapPage;

/// Sizes of the map page's SVG (per 1000 units of its width) and of a venue page's small
/// map, in viewBox units. Names are placed at the size a phone needs: the theme draws the
/// map the whole width of a 360 px screen, where 34 of 1000 units are 12.2 px; wider screens
/// draw them smaller (the theme's CSS), which never makes them overlap.
const MARKER: f64 = 13.0;
const LABEL: f64 = 34.0;
const MINI_WIDTH: u32 = 480;
const MINI_HEIGHT: u32 = 300;
const MINI_MARKER: f64 = 9.0;
const MINI_LABEL: f64 = 16.0;
/// At most this many other venues on a venue's small map, the nearest: in an oblast's
/// centre fifty places within `nearby_km` would be a blob of markers on a phone (and
/// 10-15 KB of every venue page).
const MINI_NEIGHBOURS: usize = 12;
/// Where a group of markers links: its settlement's list below the map (`#s-znamianka`).
const SETTLEMENT_ANCHOR: &str = "#s-";
/// A site with at most this many venues shows every settlement's list open.
const OPEN_LISTS: usize = 24;
/// The smallest triangle a border keeps, in square units: below a pixel's worth at the
/// width the map is drawn.
const MIN_AREA: f64 = 0.7;

/// A kind of venue in the legend: its marker's shape and colour.
#[derive(Serialize, Clone)]
pub struct LegendKind {
    pub key: String,
    pub label: String,
    pub shape: usize,
    pub colour: usize,
    /// The marker's path, centred on 0,0, for a small SVG beside the label.
    pub path: String,
    pub count: usize,
}

/// The kinds the venues have, in the vocabulary's order.
pub fn legend(site: &Site) -> Vec<LegendKind> {
    let voc = &site.config.vocabularies.venue_kinds;
    let mut kinds: Vec<LegendKind> = Vec::new();
    for (key, label) in voc {
        let count = site
            .registries
            .venues
            .iter()
            .filter(|v| &v.kind.key == key && v.location.is_some())
            .count();
        if count == 0 {
            continue;
        }
        let i = kinds.len();
        kinds.push(LegendKind {
            key: key.clone(),
            label: label.clone(),
            shape: shape_of(i),
            colour: colour_of(i),
            path: map_svg::shape_path(shape_of(i), 10.0),
            count,
        });
    }
    kinds
}

/// What a venue's marker and card can be filtered by: its services' and accessibility keys.
fn tags(v: &Venue) -> Vec<String> {
    v.services
        .iter()
        .chain(&v.accessibility)
        .map(|t| t.key.clone())
        .collect()
}

fn marker(site: &Site, legend: &[LegendKind], v: &Venue, current: bool) -> Option<Marker> {
    let (lon, lat) = v.location?;
    let kind = legend.iter().position(|k| k.key == v.kind.key)?;
    let tags = tags(v);
    Some(Marker {
        id: v.id.clone(),
        at: [lon, lat],
        kind,
        kind_key: v.kind.key.clone(),
        url: site.url(&v.path),
        name: format!("{} — {}, {}", v.name, legend[kind].label, v.address),
        tags,
        current,
        place: v.settlement_slug.clone(),
        place_name: v.settlement.clone(),
    })
}

/// The main map's view: the map's extent with a margin (at least ≈ 1–2 km, so that a single
/// venue is not drawn at street-corner scale), `[map] width` units across.
pub fn main_view(site: &Site, map: &Map) -> View {
    let w = site.config.map.width;
    View::fit(map.extent.padded(0.05, 3e-4), w, w * 2 / 5, w * 6 / 5)
}

/// The main map as SVG, its markers in the order of `venues` (the list's).
pub fn main_svg(site: &Site, map: &Map, venues: &[&Venue]) -> String {
    let legend = legend(site);
    let markers: Vec<Marker> = venues
        .iter()
        .filter_map(|v| marker(site, &legend, v, false))
        .collect();
    let markers: Vec<&Marker> = markers.iter().collect();
    let title = site.theme.strings.map_title.clone();
    let view = main_view(site, map);
    let per_unit = f64::from(view.width) / 1000.0;
    let label = site.theme.strings.map_group.clone();
    map_svg::render(
        map,
        &view,
        &markers,
        &SvgOptions {
            id: "map",
            title: &title,
            attribution: &site.config.map.attribution,
            marker: MARKER * per_unit,
            label: LABEL * per_unit,
            min_area: MIN_AREA,
            kinds: legend.len(),
            group: Some(Grouping {
                href: SETTLEMENT_ANCHOR,
                label: &label,
            }),
        },
    )
}

/// The small maps of the venue pages: the legend and every venue's marker made once, each
/// map given only the markers inside its view.
pub struct VenueMaps<'a> {
    site: &'a Site,
    map: &'a Map,
    /// By venue index: the marker and its projected position.
    markers: Vec<Option<(Marker, crate::geo::Pt)>>,
    title: String,
}

impl<'a> VenueMaps<'a> {
    pub fn new(site: &'a Site) -> Option<Self> {
        let map = site.map.as_ref()?;
        let legend = legend(site);
        let markers = site
            .registries
            .venues
            .iter()
            .map(|v| marker(site, &legend, v, false).map(|m| (m.clone(), mercator(m.at))))
            .collect();
        Some(VenueMaps {
            site,
            map,
            markers,
            title: site.theme.strings.map_nearby.clone(),
        })
    }

    /// The small map of venue `i`: `[map] nearby_km` across, centred on it, with the
    /// nearest venues around it (at most `MINI_NEIGHBOURS`) as links.
    pub fn svg(&self, i: usize) -> Option<String> {
        let v = &self.site.registries.venues[i];
        let (here, centre) = self.markers.get(i)?.as_ref()?;
        let lat = here.at[1];
        let half_w = self.site.config.map.nearby_km * 1000.0 / metres_per_unit(lat) / 2.0;
        let half_h = half_w * f64::from(MINI_HEIGHT) / f64::from(MINI_WIDTH);
        let area = Bounds {
            min: [centre[0] - half_w, centre[1] - half_h],
            max: [centre[0] + half_w, centre[1] + half_h],
        };
        let view = View::fit(area, MINI_WIDTH, MINI_HEIGHT, MINI_HEIGHT);
        let current = Marker {
            current: true,
            ..here.clone()
        };
        let mut around: Vec<(f64, usize, &Marker)> = self
            .markers
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .filter_map(|(j, m)| m.as_ref().map(|(m, p)| (j, m, p)))
            .filter(|(_, _, p)| view.bounds.contains(**p))
            .map(|(j, m, p)| ((p[0] - centre[0]).hypot(p[1] - centre[1]), j, m))
            .collect();
        if around.len() > MINI_NEIGHBOURS {
            around.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            around.truncate(MINI_NEIGHBOURS);
            // Back in the registry's order, the order they are drawn in without the cut.
            around.sort_by_key(|a| a.1);
        }
        let markers: Vec<&Marker> = around
            .into_iter()
            .map(|(_, _, m)| m)
            .chain(std::iter::once(&current))
            .collect();
        let title = format!("{}: {}", self.title, v.name);
        Some(map_svg::render(
            self.map,
            &view,
            &markers,
            &SvgOptions {
                id: "mini",
                title: &title,
                attribution: &self.site.config.map.attribution,
                marker: MINI_MARKER,
                label: MINI_LABEL,
                min_area: MIN_AREA,
                kinds: 0,
                group: None,
            },
        ))
    }
}

/// The page's path (`mapa/`).
pub fn path(site: &Site) -> String {
    format!("{}/", site.config.paths.map)
}

#[derive(Serialize)]
struct LegendLayer {
    name: String,
    class: String,
    style: crate::config::map::LayerStyle,
}

#[derive(Serialize)]
struct Place {
    brief: VenueBrief,
    kind_key: String,
    /// Services and accessibility keys, for the filters.
    tags: String,
    services: Vec<String>,
    located: bool,
    lon: f64,
    lat: f64,
}

#[derive(Serialize)]
struct KindGroup {
    label: String,
    colour: usize,
    items: Vec<Place>,
}

#[derive(Serialize)]
struct SettlementGroup {
    title: String,
    /// The settlement's key: its list's id is `s-` and this, where its group on the map links.
    slug: String,
    count: usize,
    kinds: Vec<KindGroup>,
}

#[derive(Serialize)]
struct Filter {
    key: String,
    label: String,
}

/// The venues as the page lists them: by settlement (in the registry's Ukrainian
/// alphabetical order; by key, so that two spellings of one name are one list, as they are
/// one group on the map), then by kind in the alphabetical order of its label. The map's
/// markers come in this order too: the page's script finds a marker's venue by its place
/// among the list's located venues.
fn by_settlement(site: &Site) -> Vec<Vec<Vec<&Venue>>> {
    let mut out: Vec<Vec<Vec<&Venue>>> = Vec::new();
    for v in site.registries.venues_by_place() {
        let same = |w: &&Venue| w.settlement_slug == v.settlement_slug;
        let g = match out.iter().position(|g| g[0].first().is_some_and(same)) {
            Some(i) => &mut out[i],
            None => {
                out.push(Vec::new());
                out.last_mut().expect("just pushed")
            }
        };
        match g.iter_mut().find(|k| k[0].kind.key == v.kind.key) {
            Some(k) => k.push(v),
            None => g.push(vec![v]),
        }
    }
    for g in &mut out {
        g.sort_by_cached_key(|k| (crate::collate::key(&k[0].kind.label), k[0].kind.key.clone()));
    }
    out
}

/// The list below the map: settlements, each with its venues by kind.
fn groups(site: &Site, legend: &[LegendKind], lists: &[Vec<Vec<&Venue>>]) -> Vec<SettlementGroup> {
    let place = |v: &Venue| Place {
        brief: records::venue_brief(site, v),
        kind_key: v.kind.key.clone(),
        tags: tags(v).join(" "),
        services: v.services.iter().map(|s| s.label.clone()).collect(),
        located: v.location.is_some(),
        lon: v.location.map_or(0.0, |l| l.0),
        lat: v.location.map_or(0.0, |l| l.1),
    };
    lists
        .iter()
        .map(|kinds| {
            let first = kinds[0][0];
            SettlementGroup {
                title: first.settlement.clone(),
                slug: first.settlement_slug.clone(),
                count: kinds.iter().map(Vec::len).sum(),
                kinds: kinds
                    .iter()
                    .map(|vs| KindGroup {
                        label: vs[0].kind.label.clone(),
                        colour: legend
                            .iter()
                            .position(|k| k.key == vs[0].kind.key)
                            .map_or(0, colour_of),
                        items: vs.iter().map(|v| place(v)).collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// What the service filter offers: the services the venues have, and step-free access.
fn service_filters(site: &Site) -> Vec<Filter> {
    let voc = &site.config.vocabularies;
    let mut keys: Vec<&str> = voc
        .venue_services
        .keys()
        .map(String::as_str)
        .filter(|k| {
            site.registries
                .venues
                .iter()
                .any(|v| v.services.iter().any(|s| s.key == *k))
        })
        .collect();
    if site.registries.venues.iter().any(|v| v.is_step_free()) {
        keys.push(crate::registry::STEP_FREE);
    }
    keys.into_iter()
        .map(|k| Filter {
            key: k.to_string(),
            label: voc
                .venue_services
                .get(k)
                .or_else(|| voc.accessibility.get(k))
                .cloned()
                .unwrap_or_else(|| k.to_string()),
        })
        .collect()
}

impl Renderer for MapPage {
    fn name(&self) -> &'static str {
        "map"
    }
    fn memo(&self) -> super::Memo {
        super::Memo::SiteButPageTexts
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
        let Some(map) = &site.map else {
            return diags;
        };
        if !scope.wants(&path(site)) {
            return diags;
        }
        let legend = legend(site);
        let title = site.theme.strings.map_title.clone();
        let summary = site.theme.strings.map_summary.clone();
        let path = path(site);
        let page = virtual_page(site, &title, &summary, &path);
        let mut ctx = Context::new();
        let lists = by_settlement(site);
        let listed: Vec<&Venue> = lists.iter().flatten().flatten().copied().collect();
        let svg = main_svg(site, map, &listed);
        ctx.insert("map_groups", &svg.contains("class=\"mk-g\""));
        ctx.insert("map_svg", &svg);
        ctx.insert("legend", &legend);
        ctx.insert("groups", &groups(site, &legend, &lists));
        ctx.insert("lists_open", &(site.registries.venues.len() <= OPEN_LISTS));
        ctx.insert("service_filters", &service_filters(site));
        let layers: Vec<LegendLayer> = map
            .layers
            .iter()
            .enumerate()
            .map(|(i, l)| LegendLayer {
                name: l.name.clone(),
                class: format!("{} map-l{i}", l.style.class()),
                style: l.style,
            })
            .collect();
        ctx.insert("layers", &layers);
        ctx.insert("map_source", &site.config.map.source);
        if let Err(d) = render_standalone(
            templates,
            out,
            "map.html",
            &page,
            ctx,
            format!("{path}index.html"),
        ) {
            diags.push(d);
        }
        diags
    }
}
