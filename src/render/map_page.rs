//! The map of where to learn (`/mapa/`): the SVG of the layers and every venue, its legend,
//! the filters and "nearest to me" the theme's script adds, and the same venues as text,
//! grouped by settlement and kind. Also the small map on each venue's page.

use serde::Serialize;
use tera::Context;

use super::map_svg::{self, Marker, SvgOptions, colour_of, shape_of};
use super::pages::{render_standalone, virtual_page};
use super::records::{self, VenueBrief};
use super::{Output, Renderer, Scope, Templates};
use crate::diag::Diagnostics;
use crate::geo::project::{View, mercator, metres_per_unit};
use crate::geo::{Bounds, Map};
use crate::model::Site;
use crate::registry::Venue;

pub struct MapPage;

/// Sizes of the map page's SVG and of a venue page's small map, in viewBox units.
/// Labels are placed at the size a phone needs (a 1000-unit map on a 360 px screen draws
/// 32 units at 11 px); wider screens draw them smaller (the theme's CSS), which never makes
/// them overlap.
const MARKER: f64 = 13.0;
const LABEL: f64 = 32.0;
const MINI_WIDTH: u32 = 480;
const MINI_HEIGHT: u32 = 300;
const MINI_MARKER: f64 = 9.0;
const MINI_LABEL: f64 = 16.0;
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
    })
}

/// The main map's view: the map's extent with a margin (at least ≈ 1–2 km, so that a single
/// venue is not drawn at street-corner scale), `[map] width` units across.
pub fn main_view(site: &Site, map: &Map) -> View {
    let w = site.config.map.width;
    View::fit(map.extent.padded(0.05, 3e-4), w, w * 2 / 5, w * 6 / 5)
}

/// The main map as SVG.
pub fn main_svg(site: &Site, map: &Map) -> String {
    let legend = legend(site);
    let markers: Vec<Marker> = site
        .registries
        .venues_by_place()
        .filter_map(|v| marker(site, &legend, v, false))
        .collect();
    let markers: Vec<&Marker> = markers.iter().collect();
    let title = site.theme.strings.map_title.clone();
    map_svg::render(
        map,
        &main_view(site, map),
        &markers,
        &SvgOptions {
            id: "map",
            title: &title,
            attribution: &site.config.map.attribution,
            marker: MARKER,
            label: LABEL,
            min_area: MIN_AREA,
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

    /// The small map of venue `i`: `[map] nearby_km` across, centred on it, with the venues
    /// around it as links.
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
        let markers: Vec<&Marker> = self
            .markers
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .filter_map(|(_, m)| m.as_ref())
            .filter(|(_, p)| view.bounds.contains(*p))
            .map(|(m, _)| m)
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
    kinds: Vec<KindGroup>,
}

#[derive(Serialize)]
struct Filter {
    key: String,
    label: String,
}

/// Venues grouped by settlement (in the registry's order), then by kind.
fn groups(site: &Site, legend: &[LegendKind]) -> Vec<SettlementGroup> {
    let mut out: Vec<SettlementGroup> = Vec::new();
    for v in site.registries.venues_by_place() {
        if out.last().is_none_or(|g| g.title != v.settlement) {
            out.push(SettlementGroup {
                title: v.settlement.clone(),
                kinds: Vec::new(),
            });
        }
        let g = out.last_mut().expect("just pushed");
        let label = v.kind.label.clone();
        let colour = legend
            .iter()
            .position(|k| k.key == v.kind.key)
            .map_or(0, colour_of);
        let place = Place {
            brief: records::venue_brief(site, v),
            kind_key: v.kind.key.clone(),
            tags: tags(v).join(" "),
            services: v.services.iter().map(|s| s.label.clone()).collect(),
            located: v.location.is_some(),
            lon: v.location.map_or(0.0, |l| l.0),
            lat: v.location.map_or(0.0, |l| l.1),
        };
        match g.kinds.iter_mut().find(|k| k.label == label) {
            Some(k) => k.items.push(place),
            None => g.kinds.push(KindGroup {
                label,
                colour,
                items: vec![place],
            }),
        }
    }
    out
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
        ctx.insert("map_svg", &main_svg(site, map));
        ctx.insert("legend", &legend);
        ctx.insert("groups", &groups(site, &legend));
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
