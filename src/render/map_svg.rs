//! The map as SVG: the layers of a [`Map`] drawn into a [`View`] — simplified to the view's
//! resolution, clipped to it and written in whole units — with labels that do not overlap
//! and venue markers that are links. The same code draws the map page and a venue page's
//! small map.
//!
//! `render` reads as the list of the drawing's steps: the start of the SVG, each layer
//! (areas, borders, lines, dots), the markers' room, the labels, the markers, the
//! attribution. The file is a little over 600 lines because those steps share its private
//! types (`Canvas`, `Arcs`, `Pending`); the SVG path syntax at its top (`num`, `path_data`,
//! `shape_path`) is what would move out first.

use std::collections::HashMap;
use std::fmt::Write;

use crate::config::map::LayerStyle;
use crate::geo::labels::{self, Anchor, Placer};
use crate::geo::project::{View, mercator};
use crate::geo::{Bounds, Map, PreparedFeature, PreparedLayer, Pt, clip, ring_points, simplify};

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

/// The labels the layers ask for, placed once every layer is drawn.
#[derive(Default)]
struct Names {
    /// Places' names, in the order of their features.
    places: Vec<Pending>,
    /// Areas' names, placed after the places' names.
    areas: Vec<Pending>,
}

/// What every part of one drawing needs.
struct Canvas<'a> {
    view: &'a View,
    opts: &'a SvgOptions<'a>,
    /// The view's rectangle in units: what is drawn is clipped to it.
    rect: Bounds,
    /// The view's area a little enlarged: what lies outside it is skipped.
    pad: Bounds,
}

/// Draws the map.
pub fn render(map: &Map, view: &View, markers: &[&Marker], opts: &SvgOptions) -> String {
    let c = Canvas {
        view,
        opts,
        rect: view.rect(),
        pad: view.bounds.padded(0.02, 0.0),
    };
    let mut svg = String::with_capacity(16 * 1024);
    write_start(&mut svg, &c, markers);
    let mut names = Names::default();
    for (li, layer) in map.layers.iter().enumerate() {
        if layer.bounds.intersects(&c.pad) {
            draw_layer(&mut svg, li, layer, &c, &mut names);
        }
    }
    // Markers first take their room, then places' names, then areas' names.
    let placed = markers_in_view(&c, markers);
    let mut placer = Placer::new(c.rect.inset(2.0));
    for (m, v) in &placed {
        placer.block(marker_box(m, *v, opts.marker));
    }
    let attribution = attribution_box(&c);
    if let Some(b) = attribution {
        placer.reserve(b);
    }
    write_labels(&mut svg, &c, &mut placer, names);
    write_markers(&mut svg, opts.id, &placed);
    if let Some(b) = attribution {
        write_attribution(&mut svg, &c, b);
    }
    svg.push_str("</svg>");
    svg
}

/// The `<svg>` start tag with the map's title, the shapes of the markers in use and the
/// background.
fn write_start(svg: &mut String, c: &Canvas, markers: &[&Marker]) {
    let (view, id) = (c.view, c.opts.id);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" class=\"map-svg\" id=\"{id}\" role=\"group\" aria-labelledby=\"{id}-t\" data-proj=\"{x0:.7} {y1:.7} {s:.3}\"><title id=\"{id}-t\">{title}</title>",
        w = view.width,
        h = view.height,
        x0 = view.bounds.min[0],
        y1 = view.bounds.max[1],
        s = view.scale,
        title = esc(c.opts.title),
    );
    let used: std::collections::BTreeSet<usize> =
        markers.iter().map(|m| shape_of(m.kind)).collect();
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

/// One layer as a group of paths: its areas, their borders, its lines and its dots. The
/// names its features show join `names`.
fn draw_layer(svg: &mut String, li: usize, layer: &PreparedLayer, c: &Canvas, names: &mut Names) {
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
        if has_areas
            && !f.polygons.is_empty()
            && !draw_area(f, &mut arcs, c, &mut body, &mut names.areas)
        {
            continue;
        }
        for l in &f.lines {
            let pts: Vec<Pt> = l.iter().map(|p| c.view.to_view(*p)).collect();
            let simple = simplify::visvalingam(&pts, c.opts.min_area);
            clipped(&simple, &c.rect, &mut lines);
        }
        for p in &f.points {
            draw_point(*p, f.label.as_ref(), c, &mut dots, &mut names.places);
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

/// Polylines as one path of class `class`; nothing when there are none.
fn write_polylines(out: &mut String, class: &str, parts: &[Vec<IPt>]) {
    if parts.is_empty() {
        return;
    }
    let _ = write!(out, "<path class=\"{class}\" d=\"");
    path_data(parts, false, out);
    out.push_str("\"/>");
}

/// A feature's polygons clipped to the view, as one filled path (holes by the even-odd
/// rule); its name waits in `names` for a place inside its largest visible part. Returns
/// whether any of it is in view.
fn draw_area(
    f: &PreparedFeature,
    arcs: &mut Arcs,
    c: &Canvas,
    body: &mut String,
    names: &mut Vec<Pending>,
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
        names.extend(area_name(text, &visible, start, c.opts.label));
    }
    true
}

/// An area's name at the point of `visible[start]` (an outer ring, its holes after it)
/// farthest from its edges, or just above or below that point.
fn area_name(text: &str, visible: &[Vec<Pt>], start: usize, size: f64) -> Option<Pending> {
    // The outer ring of the biggest visible part, with the holes after it.
    let end = visible[start + 1..]
        .iter()
        .position(|r| ring_area(r) > ring_area(&visible[start]))
        .map_or(visible.len(), |i| start + 1 + i);
    let (p, _) = labels::pole(&visible[start..end])?;
    Some(Pending {
        area: ring_area(&visible[start]),
        text: text.to_string(),
        class: "map-area-label",
        candidates: vec![
            ([p[0], p[1] + size * 0.35], Anchor::Middle),
            ([p[0], p[1] - size * 0.8], Anchor::Middle),
            ([p[0], p[1] + size * 1.4], Anchor::Middle),
        ],
    })
}

/// A point feature as a dot, when it is in view; its name waits in `names` for a place
/// beside it.
fn draw_point(
    p: Pt,
    label: Option<&String>,
    c: &Canvas,
    dots: &mut String,
    names: &mut Vec<Pending>,
) {
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
        names.push(Pending {
            area: 0.0,
            text: text.clone(),
            class: "map-place-label",
            candidates: beside_dot([x, y], r, c.opts),
        });
    }
}

/// Places for the name of a dot of radius `r` at `at`: beside the dot first, then further
/// out, so that markers crowding a town do not push its name off the map.
fn beside_dot([x, y]: Pt, r: f64, opts: &SvgOptions) -> Vec<(Pt, Anchor)> {
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
    candidates
}

/// The markers inside the view (not too near its edge), each with its place in whole units.
fn markers_in_view<'m>(c: &Canvas, markers: &[&'m Marker]) -> Vec<(&'m Marker, Pt)> {
    let inner = c.rect.inset(c.opts.marker * 1.2);
    markers
        .iter()
        .copied()
        .filter_map(|m| {
            let v = c.view.to_view(mercator(m.at));
            inner
                .contains(v)
                .then_some((m, [v[0].round(), v[1].round()]))
        })
        .collect()
}

/// The room a marker of radius `radius` at `v` takes (the current venue's is larger).
fn marker_box(m: &Marker, v: Pt, radius: f64) -> Bounds {
    let r = if m.current { radius * 1.5 } else { radius };
    Bounds {
        min: [v[0] - r, v[1] - r],
        max: [v[0] + r, v[1] + r],
    }
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

/// The names that find a place, as one group of texts: places' names in order, then
/// areas' names, largest first.
fn write_labels(svg: &mut String, c: &Canvas, placer: &mut Placer, names: Names) {
    let Names { places, mut areas } = names;
    areas.sort_by(|a, b| b.area.total_cmp(&a.area));
    let mut texts = String::new();
    for p in places.into_iter().chain(areas) {
        let Some((at, anchor)) = place(placer, &p, c.opts.label) else {
            continue;
        };
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
    if !texts.is_empty() {
        let _ = write!(
            svg,
            "<g class=\"map-labels\" aria-hidden=\"true\" font-size=\"{}\">{texts}</g>",
            num(c.opts.label)
        );
    }
}

/// The first of the label's candidates that the placer finds room for, if any.
fn place(placer: &mut Placer, p: &Pending, label_size: f64) -> Option<(Pt, Anchor)> {
    // Areas' names are drawn at .85em (the theme's CSS).
    let size = if p.class == "map-area-label" {
        label_size * 0.85
    } else {
        label_size
    };
    let w = labels::text_width(&p.text, size);
    let boxes: Vec<Bounds> = p
        .candidates
        .iter()
        .map(|(at, anchor)| labels::text_box(*at, w, size, *anchor))
        .collect();
    let i = placer.place(&boxes, p.class == "map-place-label")?;
    Some(p.candidates[i])
}

/// The venues' markers: links to their pages, the current venue an image.
fn write_markers(svg: &mut String, id: &str, placed: &[(&Marker, Pt)]) {
    if placed.is_empty() {
        return;
    }
    svg.push_str("<g class=\"map-markers\">");
    for (m, v) in placed {
        write_marker(svg, id, m, *v);
    }
    svg.push_str("</g>");
}

/// One marker: its shape at `v`, with what the page's filters and links need.
fn write_marker(svg: &mut String, id: &str, m: &Marker, v: Pt) {
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
