//! The map as SVG: the layers of a [`Map`] drawn into a [`View`] — simplified to the view's
//! resolution, clipped to it and written in whole units — with names that do not overlap
//! and venue markers that are links. The same code draws the map page and a venue page's
//! small map.
//!
//! `render` reads as the list of the drawing's steps: the markers' layout at each zoom
//! level, the start of the SVG, each layer (areas, borders, lines, dots), the names at each
//! level (round the markers' room), the markers, the attribution. One job per module: [`layers`] draws a layer, [`markers`]
//! lays out and writes the venues' markers (grouped on the main map), [`names`] places the
//! names, [`path`] is the SVG path syntax.

mod layers;
mod markers;
mod names;
mod path;

use std::collections::HashMap;
use std::fmt::Write;

pub use markers::{Grouping, Marker};
pub use path::shape_path;

use crate::geo::labels::{self, Placer};
use crate::geo::project::View;
use crate::geo::{Bounds, Map, Pt};
use path::{SHAPES, esc, num};

pub struct SvgOptions<'a> {
    /// Prefix of the SVG's ids (a page may hold one map of each kind).
    pub id: &'a str,
    pub title: &'a str,
    pub attribution: &'a str,
    /// Marker radius, label size and the smallest triangle simplification keeps, in units.
    pub marker: f64,
    pub label: f64,
    pub min_area: f64,
    /// How many kinds the legend has (a grouped map defines every kind's shape).
    pub kinds: usize,
    /// Group the markers (the main map); `None` draws every venue on its own.
    pub group: Option<Grouping<'a>>,
}

/// The shape of the legend's `i`-th kind: after eight kinds the shapes come round again
/// with other colours, so no two of the first 64 kinds look alike.
pub fn shape_of(i: usize) -> usize {
    (i + i / SHAPES) % SHAPES
}

/// The colour (`.mk-N` in the theme) of the legend's `i`-th kind.
pub fn colour_of(i: usize) -> usize {
    i % SHAPES
}

/// Marker radius and name size in units, at one zoom level.
#[derive(Clone, Copy)]
struct Sizes {
    marker: f64,
    label: f64,
}

impl Sizes {
    /// The sizes in units that look the same on the screen zoomed `z` times.
    fn at(self, z: f64) -> Sizes {
        Sizes {
            marker: self.marker / z,
            label: self.label / z,
        }
    }
}

/// What every part of one drawing needs.
struct Canvas<'a> {
    view: &'a View,
    opts: &'a SvgOptions<'a>,
    /// The view's rectangle in units: what is drawn is clipped to it.
    rect: Bounds,
    /// The view's area a little enlarged: what lies outside it is skipped.
    pad: Bounds,
    /// Where the largest group of venues is (an oblast's centre): its area is named first.
    centre: Option<Pt>,
    /// Venues by the lower-case name of their settlement.
    venues: HashMap<String, usize>,
    /// The sizes at the first zoom level.
    sizes: Sizes,
}

impl Canvas<'_> {
    /// The venues on the map in the settlement of this name.
    fn venues_in(&self, name: &str) -> usize {
        self.venues.get(&name.to_lowercase()).copied().unwrap_or(0)
    }
}

/// Draws the map.
pub fn render(map: &Map, view: &View, markers: &[&Marker], opts: &SvgOptions) -> String {
    let grouped = opts.group.is_some();
    let mut c = Canvas {
        view,
        opts,
        rect: view.rect(),
        pad: view.bounds.padded(0.02, 0.0),
        centre: None,
        venues: markers::venues_by_place(markers),
        sizes: Sizes {
            marker: opts.marker,
            label: opts.label,
        },
    };
    let levels: &[f64] = if grouped { &markers::LEVELS } else { &[1.0] };
    let layouts: Vec<(f64, Sizes, Vec<markers::Drawn>)> = levels
        .iter()
        .zip(markers::layouts(&c, markers, levels, grouped))
        .map(|(&z, drawn)| (z, c.sizes.at(z), drawn))
        .collect();
    c.centre = markers::centre(&layouts[0].2);
    let mut svg = String::with_capacity(16 * 1024);
    write_start(&mut svg, &c, markers, &layouts);
    let mut names = names::Names::default();
    for (li, layer) in map.layers.iter().enumerate() {
        if layer.bounds.intersects(&c.pad) {
            layers::draw_layer(&mut svg, li, layer, &c, &mut names);
        }
    }
    // At each level the markers first take their room, then places' names, then areas'.
    let names = names.in_order();
    let mut kept = vec![None; names.len()];
    let attribution = attribution_box(&c);
    // The level whose names were written last: its zoom and its names' boxes.
    let mut written: Option<(f64, Vec<(Bounds, Pt)>)> = None;
    for (z, sizes, drawn) in &layouts {
        let mut placer = Placer::new(c.rect.inset(2.0));
        let rooms: Vec<Bounds> = drawn
            .iter()
            .map(|d| markers::room(d, markers, *sizes))
            .collect();
        for r in &rooms {
            placer.block(*r);
        }
        if let Some(b) = attribution {
            placer.reserve(b);
        }
        let groups = markers::groups(drawn, *sizes);
        let level = names::Level {
            z: *z,
            sizes: *sizes,
            groups: &groups,
            avoid_markers: grouped,
        };
        let placed = names::place_level(&names, &mut placer, &level, &mut kept);
        // Zoomed in to this level, the page's script shows the last level written, its
        // names drawn smaller (about their anchors) to keep their size on the screen: when
        // those named everything and none of them lies under this level's markers, this
        // level's names would add nothing.
        if let Some((before, boxes)) = &written
            && boxes.len() == names.len()
            && boxes.iter().all(|(b, at)| {
                let b = scaled(b, *at, before / z);
                rooms.iter().all(|r| !r.intersects(&b))
            })
        {
            continue;
        }
        names::write_level(&mut svg, &level, &placed);
        written = Some((*z, placed.boxes));
    }
    markers::write_markers(&mut svg, &c, markers, &layouts[0].2);
    if let Some(b) = attribution {
        write_attribution(&mut svg, &c, b);
    }
    svg.push_str("</svg>");
    svg
}

/// A box scaled by `s` about the point `at`.
fn scaled(b: &Bounds, at: Pt, s: f64) -> Bounds {
    Bounds {
        min: [
            at[0] + (b.min[0] - at[0]) * s,
            at[1] + (b.min[1] - at[1]) * s,
        ],
        max: [
            at[0] + (b.max[0] - at[0]) * s,
            at[1] + (b.max[1] - at[1]) * s,
        ],
    }
}

/// The `<svg>` start tag with the map's title (and, grouped, each level's layout for the
/// page's script), the shapes of the markers in use and the background.
fn write_start(
    svg: &mut String,
    c: &Canvas,
    markers: &[&Marker],
    layouts: &[(f64, Sizes, Vec<markers::Drawn>)],
) {
    let (view, id) = (c.view, c.opts.id);
    let grouped = c.opts.group.is_some();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" class=\"map-svg\" id=\"{id}\" role=\"group\" aria-labelledby=\"{id}-t\" data-proj=\"{x0:.7} {y1:.7} {s:.3}\"",
        w = view.width,
        h = view.height,
        x0 = view.bounds.min[0],
        y1 = view.bounds.max[1],
        s = view.scale,
    );
    if grouped && !layouts[0].2.is_empty() {
        let _ = write!(svg, " data-r=\"{}\"", num(c.sizes.marker));
        for (z, _, drawn) in layouts {
            let _ = write!(svg, " data-z{}=\"{}\"", num(*z), markers::level_data(drawn));
        }
    }
    let _ = write!(svg, "><title id=\"{id}-t\">{}</title>", esc(c.opts.title));
    let used = markers::shapes_in_use(&layouts[0].2, markers, c.opts.kinds, grouped);
    if !used.is_empty() {
        svg.push_str("<defs>");
        for k in &used {
            let _ = write!(
                svg,
                "<path id=\"{id}-k{k}\" d=\"{}\"/>",
                shape_path(*k, c.opts.marker)
            );
        }
        svg.push_str("</defs>");
    }
    let _ = write!(
        svg,
        "<rect class=\"map-bg\" width=\"{}\" height=\"{}\"/>",
        view.width, view.height
    );
}

/// The corner the attribution takes, bottom right, when there is one.
fn attribution_box(c: &Canvas) -> Option<Bounds> {
    let opts = c.opts;
    (!opts.attribution.is_empty()).then(|| {
        let w = labels::text_width(opts.attribution, opts.label * 0.6);
        Bounds {
            min: [c.rect.max[0] - w - 8.0, c.rect.max[1] - opts.label * 0.9],
            max: c.rect.max,
        }
    })
}

/// The attribution, right-aligned in its box `b`.
fn write_attribution(svg: &mut String, c: &Canvas, b: Bounds) {
    let opts = c.opts;
    let _ = write!(
        svg,
        "<text class=\"map-attr\" x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"{}\">{}</text>",
        num(c.rect.max[0] - 4.0),
        num(b.max[1] - opts.label * 0.25),
        num(opts.label * 0.6),
        esc(opts.attribution)
    );
}
