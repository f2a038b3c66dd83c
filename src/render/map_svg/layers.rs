//! A map layer drawn into the view: its areas (simplified once per shared arc, so that two
//! neighbours get the very same border), the borders once each, its lines and its dots,
//! all clipped to the view and in whole units. The names its features show are handed on to
//! [`names`](super::names) to be placed once every layer is drawn.

use std::collections::HashMap;
use std::fmt::Write;

use super::Canvas;
use super::names::{Names, area_name, dot_name};
use super::path::{IPt, path_data, rounded, write_polylines};
use crate::config::map::LayerStyle;
use crate::geo::project::View;
use crate::geo::{Bounds, PreparedFeature, PreparedLayer, Pt, clip, ring_points, simplify};

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

/// The area a closed ring encloses.
pub(super) fn ring_area(r: &[Pt]) -> f64 {
    r.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum::<f64>()
        .abs()
        / 2.0
}

/// One layer as a group of paths: its areas, their borders, its lines and its dots. The
/// names its features show join `names`.
pub(super) fn draw_layer(
    svg: &mut String,
    li: usize,
    layer: &PreparedLayer,
    c: &Canvas,
    names: &mut Names,
) {
    let has_areas = matches!(layer.style, LayerStyle::Area | LayerStyle::Boundary);
    let mut arcs = Arcs {
        layer,
        view: c.view,
        min_area: c.opts.min_area,
        done: HashMap::new(),
    };
    let mut body = String::new();
    let mut dots = String::new();
    let mut lines: Vec<Vec<IPt>> = Vec::new();
    for f in layer
        .features
        .iter()
        .filter(|f| f.bounds.intersects(&c.pad))
    {
        // A feature whose areas are all out of view is left out whole, lines and points too.
        if has_areas && !f.polygons.is_empty() && !draw_area(f, &mut arcs, c, &mut body, names) {
            continue;
        }
        for l in &f.lines {
            let pts: Vec<Pt> = l.iter().map(|p| c.view.to_view(*p)).collect();
            let simple = simplify::visvalingam(&pts, c.opts.min_area);
            clipped(&simple, &c.rect, &mut lines);
        }
        for p in &f.points {
            draw_point(*p, f.label.as_ref(), c, &mut dots, names);
        }
    }
    if has_areas {
        // Borders: every arc once, whichever areas share it.
        let mut edges: Vec<Vec<IPt>> = Vec::new();
        for (ai, b) in layer.arc_bounds.iter().enumerate() {
            if b.intersects(&c.pad) {
                clipped(arcs.get(ai), &c.rect, &mut edges);
            }
        }
        write_polylines(&mut body, "map-edges", &edges);
    }
    write_polylines(&mut body, "map-lines", &lines);
    if !dots.is_empty() {
        let _ = write!(body, "<path class=\"map-dots\" d=\"{dots}\"/>");
    }
    if !body.is_empty() {
        let _ = write!(
            svg,
            "<g class=\"{} map-l{li}\" aria-hidden=\"true\">{body}</g>",
            layer.style.class()
        );
    }
}

/// The pieces of `line` inside `rect`, in whole units, added to `out` (a piece that
/// rounds to one point is dropped).
fn clipped(line: &[Pt], rect: &Bounds, out: &mut Vec<Vec<IPt>>) {
    for piece in clip::line(line, rect) {
        let r = rounded(&piece);
        if r.len() > 1 {
            out.push(r);
        }
    }
}

/// A feature's polygons clipped to the view, as one filled path (holes by the even-odd
/// rule); its name waits in `names` for a place inside its largest visible part. Returns
/// whether any of it is in view.
fn draw_area(
    f: &PreparedFeature,
    arcs: &mut Arcs,
    c: &Canvas,
    body: &mut String,
    names: &mut Names,
) -> bool {
    let mut d = String::new();
    let mut visible: Vec<Vec<Pt>> = Vec::new();
    let mut biggest: Option<(f64, usize)> = None;
    for poly in &f.polygons {
        let start = visible.len();
        for r in poly {
            let pts = arcs.ring(r);
            let cut = rounded(&clip::ring(&pts, &c.rect));
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
        return false;
    }
    let _ = write!(body, "<path d=\"{d}\"/>");
    if let (Some(text), Some((_, start))) = (&f.label, biggest) {
        names.areas.extend(area_name(text, &visible, start, c));
    }
    true
}

/// A point feature as a dot, when it is in view; its name waits in `names` for a place
/// beside it.
fn draw_point(p: Pt, label: Option<&String>, c: &Canvas, dots: &mut String, names: &mut Names) {
    let v = c.view.to_view(p);
    if !c.rect.inset(c.opts.marker).contains(v) {
        return;
    }
    let (x, y) = (v[0].round(), v[1].round());
    let r = (c.opts.marker * 0.45).round().max(2.0);
    let _ = write!(
        dots,
        "M{} {}a{r} {r} 0 1 0 {} 0a{r} {r} 0 1 0 {} 0z",
        x - r,
        y,
        2.0 * r,
        -2.0 * r
    );
    if let Some(text) = label {
        names.places.push(dot_name(text, [x, y], r, c));
    }
}
