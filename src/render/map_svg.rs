//! The map as SVG: the layers of a [`Map`] drawn into a [`View`] — simplified to the view's
//! resolution, clipped to it and written in whole units — with labels that do not overlap
//! and venue markers that are links. The same code draws the map page and a venue page's
//! small map.

use std::collections::HashMap;
use std::fmt::Write;

use crate::config::map::LayerStyle;
use crate::geo::labels::{self, Anchor, Placer};
use crate::geo::project::{View, mercator};
use crate::geo::{Bounds, Map, PreparedLayer, Pt, clip, ring_points, simplify};

/// A venue on the map.
#[derive(Clone)]
pub struct Marker {
    pub id: String,
    /// (longitude, latitude).
    pub at: Pt,
    /// Index of the venue's kind in the legend: picks the shape and the colour.
    pub kind: usize,
    pub kind_key: String,
    pub url: String,
    /// The link's accessible name.
    pub name: String,
    /// What the filters act on: the venue's services and accessibility features.
    pub tags: Vec<String>,
    /// The venue the page is about (drawn larger, not a link).
    pub current: bool,
}

pub struct SvgOptions<'a> {
    /// Prefix of the SVG's ids (a page may hold one map of each kind).
    pub id: &'a str,
    pub title: &'a str,
    pub attribution: &'a str,
    /// Marker radius, label size and the smallest triangle simplification keeps, in units.
    pub marker: f64,
    pub label: f64,
    pub min_area: f64,
}

/// Shapes of the markers, one per kind (the colour differs too): circle, square, triangle,
/// diamond, triangle down, pentagon, hexagon, star — told apart without colour.
pub const SHAPES: usize = 8;

/// The shape of the legend's `i`-th kind: after eight kinds the shapes come round again
/// with other colours, so no two of the first 64 kinds look alike.
pub fn shape_of(i: usize) -> usize {
    (i + i / SHAPES) % SHAPES
}

/// The colour (`.mk-N` in the theme) of the legend's `i`-th kind.
pub fn colour_of(i: usize) -> usize {
    i % SHAPES
}

fn polygon_path(points: &[Pt]) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            d,
            "{}{} {}",
            if i == 0 { 'M' } else { 'L' },
            num(p[0]),
            num(p[1])
        );
    }
    d.push('z');
    d
}

fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// The path of marker shape `shape` with radius `r`, centred on 0,0.
pub fn shape_path(shape: usize, r: f64) -> String {
    let regular = |n: usize, start: f64, radius: f64| -> Vec<Pt> {
        (0..n)
            .map(|i| {
                let a = start + i as f64 * std::f64::consts::TAU / n as f64;
                [radius * a.cos(), radius * a.sin()]
            })
            .collect()
    };
    let up = -std::f64::consts::FRAC_PI_2;
    match shape % SHAPES {
        0 => format!(
            "M{} 0a{r2} {r2} 0 1 0 {} 0a{r2} {r2} 0 1 0 {} 0z",
            num(-r * 0.9),
            num(r * 1.8),
            num(-r * 1.8),
            r2 = num(r * 0.9)
        ),
        1 => polygon_path(&regular(4, std::f64::consts::FRAC_PI_4, r * 1.1)),
        2 => polygon_path(&regular(3, up, r * 1.25)),
        3 => polygon_path(&regular(4, up, r * 1.15)),
        4 => polygon_path(&regular(3, -up, r * 1.25)),
        5 => polygon_path(&regular(5, up, r * 1.05)),
        6 => polygon_path(&regular(6, 0.0, r * 1.05)),
        _ => {
            let outer = regular(5, up, r * 1.3);
            let inner = regular(5, up + std::f64::consts::PI / 5.0, r * 0.55);
            let star: Vec<Pt> = outer
                .iter()
                .zip(&inner)
                .flat_map(|(o, i)| [*o, *i])
                .collect();
            polygon_path(&star)
        }
    }
}

type IPt = [i64; 2];

/// Points in whole units, repeated points dropped.
fn rounded(points: &[Pt]) -> Vec<IPt> {
    let mut out: Vec<IPt> = Vec::with_capacity(points.len());
    for p in points {
        let q = [p[0].round() as i64, p[1].round() as i64];
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    out
}

/// Path data for polylines (`closed`: rings): absolute start, then relative steps.
fn path_data(parts: &[Vec<IPt>], closed: bool, d: &mut String) {
    for part in parts {
        let Some(first) = part.first() else { continue };
        let _ = write!(d, "M{} {}", first[0], first[1]);
        let mut prev = *first;
        let end = if closed && part.len() > 1 && part[part.len() - 1] == part[0] {
            part.len() - 1
        } else {
            part.len()
        };
        if end > 1 {
            d.push('l');
        }
        for (i, p) in part[1..end].iter().enumerate() {
            let (dx, dy) = (p[0] - prev[0], p[1] - prev[1]);
            if i > 0 && dx >= 0 {
                d.push(' ');
            }
            let _ = write!(d, "{dx}");
            if dy >= 0 {
                d.push(' ');
            }
            let _ = write!(d, "{dy}");
            prev = *p;
        }
        if closed {
            d.push('z');
        }
    }
}

/// A layer's arcs simplified for one view, computed when first needed.
struct Arcs<'a> {
    layer: &'a PreparedLayer,
    view: &'a View,
    min_area: f64,
    done: HashMap<usize, Vec<Pt>>,
}

impl<'a> Arcs<'a> {
    fn get(&mut self, id: usize) -> &Vec<Pt> {
        let (layer, view, min_area) = (self.layer, self.view, self.min_area);
        self.done.entry(id).or_insert_with(|| {
            let pts: Vec<Pt> = layer.arcs[id].iter().map(|p| view.to_view(*p)).collect();
            let simple = simplify::visvalingam(&pts, min_area);
            // Whole units, so both areas that share the arc get the very same points.
            simple
                .iter()
                .map(|p| [p[0].round(), p[1].round()])
                .collect()
        })
    }

    fn ring(&mut self, ring: &[(usize, bool)]) -> Vec<Pt> {
        for &(id, _) in ring {
            self.get(id);
        }
        ring_points(ring, |id| &self.done[&id])
    }
}

fn ring_area(r: &[Pt]) -> f64 {
    r.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum::<f64>()
        .abs()
        / 2.0
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A label waiting for a place: candidate boxes in order of preference.
struct Pending {
    /// Larger areas are named first: they have the room, and a reader looks for them.
    area: f64,
    text: String,
    class: &'static str,
    candidates: Vec<(Pt, Anchor)>,
}

/// Draws the map.
pub fn render(map: &Map, view: &View, markers: &[&Marker], opts: &SvgOptions) -> String {
    let rect = view.rect();
    let pad = view.bounds.padded(0.02, 0.0);
    let mut svg = String::with_capacity(16 * 1024);
    let id = opts.id;
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" class=\"map-svg\" id=\"{id}\" role=\"group\" aria-labelledby=\"{id}-t\" data-proj=\"{x0:.7} {y1:.7} {s:.3}\"><title id=\"{id}-t\">{title}</title>",
        w = view.width,
        h = view.height,
        x0 = view.bounds.min[0],
        y1 = view.bounds.max[1],
        s = view.scale,
        title = esc(opts.title),
    );
    let used: std::collections::BTreeSet<usize> =
        markers.iter().map(|m| shape_of(m.kind)).collect();
    if !used.is_empty() {
        svg.push_str("<defs>");
        for k in &used {
            let _ = write!(
                svg,
                "<path id=\"{id}-k{k}\" d=\"{}\"/>",
                shape_path(*k, opts.marker)
            );
        }
        svg.push_str("</defs>");
    }
    let _ = write!(
        svg,
        "<rect class=\"map-bg\" width=\"{}\" height=\"{}\"/>",
        view.width, view.height
    );

    let mut pending: Vec<Pending> = Vec::new();
    let mut area_labels: Vec<Pending> = Vec::new();
    for (li, layer) in map.layers.iter().enumerate() {
        if !layer.bounds.intersects(&pad) {
            continue;
        }
        let mut arcs = Arcs {
            layer,
            view,
            min_area: opts.min_area,
            done: HashMap::new(),
        };
        let mut body = String::new();
        let mut points_d = String::new();
        let mut lines: Vec<Vec<IPt>> = Vec::new();
        for f in layer.features.iter().filter(|f| f.bounds.intersects(&pad)) {
            // Areas: each feature one filled path, holes by the even-odd rule.
            if !f.polygons.is_empty()
                && matches!(layer.style, LayerStyle::Area | LayerStyle::Boundary)
            {
                let mut d = String::new();
                let mut visible: Vec<Vec<Pt>> = Vec::new();
                let mut biggest: Option<(f64, usize)> = None;
                for poly in &f.polygons {
                    let start = visible.len();
                    for r in poly {
                        let pts = arcs.ring(r);
                        let cut = clip::ring(&pts, &rect);
                        let cut = rounded(&cut);
                        if cut.len() < 4 {
                            continue;
                        }
                        path_data(std::slice::from_ref(&cut), true, &mut d);
                        visible.push(cut.iter().map(|p| [p[0] as f64, p[1] as f64]).collect());
                    }
                    if visible.len() > start {
                        let a = ring_area(&visible[start]);
                        if biggest.is_none_or(|(b, _)| a > b) {
                            biggest = Some((a, start));
                        }
                    }
                }
                if d.is_empty() {
                    continue;
                }
                let _ = write!(body, "<path d=\"{d}\"/>");
                if let (Some(text), Some((_, start))) = (&f.label, biggest) {
                    // The outer ring of the biggest visible part, with the holes after it.
                    let end = visible[start + 1..]
                        .iter()
                        .position(|r| ring_area(r) > ring_area(&visible[start]))
                        .map_or(visible.len(), |i| start + 1 + i);
                    if let Some((p, _)) = labels::pole(&visible[start..end]) {
                        area_labels.push(Pending {
                            area: ring_area(&visible[start]),
                            text: text.clone(),
                            class: "map-area-label",
                            candidates: vec![
                                ([p[0], p[1] + opts.label * 0.35], Anchor::Middle),
                                ([p[0], p[1] - opts.label * 0.8], Anchor::Middle),
                                ([p[0], p[1] + opts.label * 1.4], Anchor::Middle),
                            ],
                        });
                    }
                }
            }
            for l in &f.lines {
                let pts: Vec<Pt> = l.iter().map(|p| view.to_view(*p)).collect();
                let simple = simplify::visvalingam(&pts, opts.min_area);
                for piece in clip::line(&simple, &rect) {
                    let r = rounded(&piece);
                    if r.len() > 1 {
                        lines.push(r);
                    }
                }
            }
            for p in &f.points {
                let v = view.to_view(*p);
                if !rect.inset(opts.marker).contains(v) {
                    continue;
                }
                let (x, y) = (v[0].round(), v[1].round());
                let r = (opts.marker * 0.45).round().max(2.0);
                let _ = write!(
                    points_d,
                    "M{} {}a{r} {r} 0 1 0 {} 0a{r} {r} 0 1 0 {} 0z",
                    x - r,
                    y,
                    2.0 * r,
                    -2.0 * r
                );
                if let Some(text) = &f.label {
                    // Beside the dot first, then further out, so that markers crowding a
                    // town do not push its name off the map.
                    let mut candidates = Vec::new();
                    for step in [1.0, 2.2, 3.6] {
                        let off = r + opts.label * 0.3 * step + opts.marker * (step - 1.0);
                        let base = y + opts.label * 0.35;
                        candidates.extend([
                            ([x + off, base], Anchor::Start),
                            ([x - off, base], Anchor::End),
                            ([x, y - off - opts.label * 0.2], Anchor::Middle),
                            ([x, y + off + opts.label * 0.8], Anchor::Middle),
                            ([x + off, y - off], Anchor::Start),
                            ([x - off, y - off], Anchor::End),
                            ([x + off, y + off + opts.label * 0.6], Anchor::Start),
                            ([x - off, y + off + opts.label * 0.6], Anchor::End),
                        ]);
                    }
                    pending.push(Pending {
                        area: 0.0,
                        text: text.clone(),
                        class: "map-place-label",
                        candidates,
                    });
                }
            }
        }
        // Borders: every arc once, whichever areas share it.
        if matches!(layer.style, LayerStyle::Area | LayerStyle::Boundary) {
            let mut parts: Vec<Vec<IPt>> = Vec::new();
            for (ai, b) in layer.arc_bounds.iter().enumerate() {
                if !b.intersects(&pad) {
                    continue;
                }
                let pts = arcs.get(ai).clone();
                for piece in clip::line(&pts, &rect) {
                    let r = rounded(&piece);
                    if r.len() > 1 {
                        parts.push(r);
                    }
                }
            }
            if !parts.is_empty() {
                body.push_str("<path class=\"map-edges\" d=\"");
                path_data(&parts, false, &mut body);
                body.push_str("\"/>");
            }
        }
        if !lines.is_empty() {
            body.push_str("<path class=\"map-lines\" d=\"");
            path_data(&lines, false, &mut body);
            body.push_str("\"/>");
        }
        if !points_d.is_empty() {
            let _ = write!(body, "<path class=\"map-dots\" d=\"{points_d}\"/>");
        }
        if !body.is_empty() {
            let _ = write!(
                svg,
                "<g class=\"{} map-l{li}\" aria-hidden=\"true\">{body}</g>",
                layer.style.class()
            );
        }
    }

    // Markers first take their room, then places' names, then areas' names.
    let inner = rect.inset(opts.marker * 1.2);
    let mut placer = Placer::new(rect.inset(2.0));
    let placed_markers: Vec<(&Marker, Pt)> = markers
        .iter()
        .copied()
        .filter_map(|m| {
            let v = view.to_view(mercator(m.at));
            inner
                .contains(v)
                .then_some((m, [v[0].round(), v[1].round()]))
        })
        .collect();
    for (m, v) in &placed_markers {
        let r = if m.current {
            opts.marker * 1.5
        } else {
            opts.marker
        };
        placer.block(Bounds {
            min: [v[0] - r, v[1] - r],
            max: [v[0] + r, v[1] + r],
        });
    }
    let attribution_box = (!opts.attribution.is_empty()).then(|| {
        let w = labels::text_width(opts.attribution, opts.label * 0.6);
        Bounds {
            min: [rect.max[0] - w - 8.0, rect.max[1] - opts.label * 0.9],
            max: rect.max,
        }
    });
    if let Some(b) = attribution_box {
        placer.reserve(b);
    }
    let mut texts = String::new();
    area_labels.sort_by(|a, b| b.area.total_cmp(&a.area));
    for p in pending.into_iter().chain(area_labels) {
        // Areas' names are drawn at .85em (the theme's CSS).
        let size = if p.class == "map-area-label" {
            opts.label * 0.85
        } else {
            opts.label
        };
        let w = labels::text_width(&p.text, size);
        let boxes: Vec<Bounds> = p
            .candidates
            .iter()
            .map(|(at, anchor)| labels::text_box(*at, w, size, *anchor))
            .collect();
        if let Some(i) = placer.place(&boxes, p.class == "map-place-label") {
            let (at, anchor) = p.candidates[i];
            let _ = write!(
                texts,
                "<text x=\"{}\" y=\"{}\"{} class=\"{}\">{}</text>",
                num(at[0]),
                num(at[1]),
                if anchor == Anchor::Start {
                    String::new()
                } else {
                    format!(" text-anchor=\"{}\"", anchor.svg())
                },
                p.class,
                esc(&p.text)
            );
        }
    }
    if !texts.is_empty() {
        let _ = write!(
            svg,
            "<g class=\"map-labels\" aria-hidden=\"true\" font-size=\"{}\">{texts}</g>",
            num(opts.label)
        );
    }
    if !placed_markers.is_empty() {
        svg.push_str("<g class=\"map-markers\">");
        for (m, v) in &placed_markers {
            let tags = m.tags.join(" ");
            let shape = format!(
                "<use href=\"#{id}-k{}\" x=\"{}\" y=\"{}\"{}/>",
                shape_of(m.kind),
                v[0],
                v[1],
                if m.current { " class=\"map-here\"" } else { "" }
            );
            let data = format!(
                " class=\"mk mk-{}\" data-v=\"{}\" data-k=\"{}\" data-s=\"{}\" data-ll=\"{:.5},{:.5}\"",
                colour_of(m.kind),
                esc(&m.id),
                esc(&m.kind_key),
                esc(&tags),
                m.at[0],
                m.at[1]
            );
            if m.current {
                let _ = write!(
                    svg,
                    "<g{data} role=\"img\" aria-label=\"{}\">{shape}</g>",
                    esc(&m.name)
                );
            } else {
                let _ = write!(
                    svg,
                    "<a href=\"{}\"{data} aria-label=\"{}\">{shape}</a>",
                    esc(&m.url),
                    esc(&m.name)
                );
            }
        }
        svg.push_str("</g>");
    }
    if let Some(b) = attribution_box {
        let _ = write!(
            svg,
            "<text class=\"map-attr\" x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"{}\">{}</text>",
            num(rect.max[0] - 4.0),
            num(b.max[1] - opts.label * 0.25),
            num(opts.label * 0.6),
            esc(opts.attribution)
        );
    }
    svg.push_str("</svg>");
    svg
}
