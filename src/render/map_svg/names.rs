//! The names on the map: each feature's name waits with where it may go until every layer
//! is drawn and the markers have taken their room; then the names are placed by priority
//! where they overlap nothing placed before, once per zoom level of the map.
//!
//! Priority: places' names first — those of the settlements with the most venues before the
//! rest — then areas' names: the area around the map's largest group of venues (an oblast's
//! centre) first, then the largest areas. An area's name may sit off-centre, anywhere deep
//! inside its area, when its centre is taken. Zoomed in, names keep their size on the
//! screen, so each level has room for more; a name keeps the place it had a level out when
//! that place is still free, so that zooming does not move it.
//!
//! Every name is written with its width (`textLength`), so that the box it was placed in is
//! the box it is drawn in whatever font the reader's device has: no two names overlap.

use std::fmt::Write;

use super::layers::ring_area;
use super::path::{esc, num};
use super::{Canvas, Sizes};
use crate::geo::labels::{self, Anchor, Placer};
use crate::geo::{Bounds, Pt};

/// A name waiting for a place.
pub(super) struct Pending {
    /// Higher is placed first.
    rank: f64,
    text: String,
    class: &'static str,
    spot: Spot,
}

/// Where a name may go.
enum Spot {
    /// Inside an area (its visible rings and their box): at the point farthest from its
    /// edges, beside the largest group of venues in it, or at other points deep inside.
    Area {
        points: Vec<Pt>,
        rings: Vec<Vec<Pt>>,
        bounds: Bounds,
    },
    /// Beside a dot of this radius.
    Dot(Pt, f64),
}

/// The names the layers ask for, placed once every layer is drawn.
#[derive(Default)]
pub(super) struct Names {
    /// Places' names (points), in the order of their features.
    pub places: Vec<Pending>,
    /// Areas' names, placed after the places' names.
    pub areas: Vec<Pending>,
}

impl Names {
    /// Every name in the order it is placed: places' names, then areas' names, each by
    /// rank (their features' order among equals).
    pub fn in_order(self) -> Vec<Pending> {
        let Names {
            mut places,
            mut areas,
        } = self;
        places.sort_by(|a, b| b.rank.total_cmp(&a.rank));
        areas.sort_by(|a, b| b.rank.total_cmp(&a.rank));
        places.extend(areas);
        places
    }
}

/// Areas' names are drawn this much narrower than the estimate for the face.
const AREA_WIDTH: f64 = 0.9;
/// How many other places inside its area an area's name may try.
const OFF_CENTRE: usize = 16;

/// An area's name inside `visible[start]` (an outer ring, its holes after it): at the point
/// farthest from its edges, or at other points deep inside.
pub(super) fn area_name(
    text: &str,
    visible: &[Vec<Pt>],
    start: usize,
    c: &Canvas,
) -> Option<Pending> {
    // The outer ring of the biggest visible part, with the holes after it.
    let end = visible[start + 1..]
        .iter()
        .position(|r| ring_area(r) > ring_area(&visible[start]))
        .map_or(visible.len(), |i| start + 1 + i);
    let part = &visible[start..end];
    let (p, _) = labels::pole(part)?;
    let mut points = vec![p];
    points.extend(
        labels::interior_points(part, OFF_CENTRE, c.sizes.label * 0.75)
            .into_iter()
            .map(|(q, _)| q),
    );
    let mut rank = ring_area(&visible[start]);
    if c.centre.is_some_and(|at| labels::contains(visible, at)) {
        rank += 1e15;
    }
    Some(Pending {
        rank,
        text: text.to_string(),
        class: "map-area-label",
        spot: Spot::Area {
            points,
            rings: visible.to_vec(),
            bounds: Bounds::of(visible.iter().flatten()),
        },
    })
}

/// The name of a dot of radius `r` at `at`.
pub(super) fn dot_name(text: &str, at: Pt, r: f64, c: &Canvas) -> Pending {
    Pending {
        rank: c.venues_in(text) as f64,
        text: text.to_string(),
        class: "map-place-label",
        spot: Spot::Dot(at, r),
    }
}

impl Pending {
    /// Anchors for the name at `sizes`, in order of preference, among the groups of venues
    /// drawn at this level (`groups`: place, radius, venues).
    fn candidates(&self, sizes: Sizes, groups: &[(Pt, f64, usize)]) -> Vec<(Pt, Anchor)> {
        let size = sizes.label;
        match &self.spot {
            Spot::Area {
                points,
                rings,
                bounds,
            } => {
                let mut out = Vec::with_capacity(points.len() + 6);
                for (k, p) in points.iter().enumerate() {
                    out.push(([p[0], p[1] + size * 0.35], Anchor::Middle));
                    if k > 0 {
                        continue;
                    }
                    // Just above or below the best point.
                    out.push(([p[0], p[1] - size * 0.8], Anchor::Middle));
                    out.push(([p[0], p[1] + size * 1.4], Anchor::Middle));
                    // Beside the area's largest group (its centre), which often takes the
                    // best point.
                    let inside = groups
                        .iter()
                        .filter(|(at, ..)| bounds.contains(*at) && labels::contains(rings, *at))
                        .max_by_key(|g| g.2);
                    if let Some(&(at, r, _)) = inside {
                        out.extend(beside_group(at, r, self.width(size), size));
                    }
                }
                out
            }
            // Beside the dot first, then further out, so that markers crowding a town do
            // not push its name off the map.
            Spot::Dot([x, y], r) => {
                let (x, y, r) = (*x, *y, *r);
                let mut out = Vec::new();
                for step in [1.0, 2.2, 3.6] {
                    let off = r + size * 0.3 * step + sizes.marker * (step - 1.0);
                    let base = y + size * 0.35;
                    out.extend([
                        ([x + off, base], Anchor::Start),
                        ([x - off, base], Anchor::End),
                        ([x, y - off - size * 0.2], Anchor::Middle),
                        ([x, y + off + size * 0.8], Anchor::Middle),
                        ([x + off, y - off], Anchor::Start),
                        ([x - off, y - off], Anchor::End),
                        ([x + off, y + off + size * 0.6], Anchor::Start),
                        ([x - off, y + off + size * 0.6], Anchor::End),
                    ]);
                }
                out
            }
        }
    }

    /// The width the name is drawn at: the estimate for a sans-serif face, a little more
    /// for the bold places' names, a little less for areas' (italic, a little condensed:
    /// a long hromada's name is wider than its area on an oblast's map).
    fn width(&self, size: f64) -> f64 {
        let w = labels::text_width(&self.text, size);
        tenth(if self.class == "map-place-label" {
            w * 1.06
        } else {
            w * AREA_WIDTH
        })
    }
}

/// Anchors for a name `w` wide beside a group's disc of radius `r` at `[x, y]`, near
/// enough to read as its name: above and below it (centred, or shifted a third of the
/// name's width to either side), left and right of it (level with it, or a little up or
/// down), each just clear of the disc or a little further.
fn beside_group([x, y]: Pt, r: f64, w: f64, size: f64) -> Vec<(Pt, Anchor)> {
    let mut out = Vec::new();
    for gap in [0.2, 0.9] {
        let off = r + size * gap;
        let (above, below) = (y - off - size * 0.25, y + off + size * 0.8);
        for dx in [0.0, -1.0, 1.0] {
            let cx = x + dx * w / 3.0;
            out.push(([cx, above], Anchor::Middle));
            out.push(([cx, below], Anchor::Middle));
        }
        for dy in [0.0, -0.7, 0.7] {
            let mid = y + size * (0.35 + dy);
            out.push(([x + off, mid], Anchor::Start));
            out.push(([x - off, mid], Anchor::End));
        }
    }
    out
}

/// To a tenth of a unit, as written: the box placed is the box drawn.
fn tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// One zoom level to place names at.
pub(super) struct Level<'a> {
    /// How many times the map is zoomed in.
    pub z: f64,
    /// The sizes in units there.
    pub sizes: Sizes,
    /// The groups of venues drawn there: place, radius, venues.
    pub groups: &'a [(Pt, f64, usize)],
    /// Areas' names keep off the markers too (a map of grouped markers has the room; a
    /// small map with a marker for every venue would otherwise name no area).
    pub avoid_markers: bool,
}

/// The names placed at one level.
pub(super) struct Placed {
    /// The `<text>` elements.
    texts: String,
    /// Each name's box and the point it is anchored at (which the page's script scales it
    /// about when zoomed).
    pub boxes: Vec<(Bounds, Pt)>,
}

/// The names that find a place at `level`. `kept`: each name's place at the level before,
/// tried first (and then its place at this level).
pub(super) fn place_level(
    names: &[Pending],
    placer: &mut Placer,
    level: &Level,
    kept: &mut [Option<usize>],
) -> Placed {
    let (sizes, groups, avoid_markers) = (level.sizes, level.groups, level.avoid_markers);
    let size = sizes.label;
    let mut texts = String::new();
    let mut placed = Vec::new();
    for (p, kept) in names.iter().zip(kept.iter_mut()) {
        let w = p.width(size);
        let candidates: Vec<(Pt, Anchor)> = p
            .candidates(sizes, groups)
            .into_iter()
            .map(|(at, a)| ([tenth(at[0]), tenth(at[1])], a))
            .collect();
        // The place kept from the level before first, then the rest in order.
        let first = kept.filter(|k| *k < candidates.len());
        let order: Vec<usize> = first
            .into_iter()
            .chain((0..candidates.len()).filter(|k| Some(*k) != first))
            .collect();
        let boxes: Vec<_> = order
            .iter()
            .map(|k| {
                let (at, anchor) = candidates[*k];
                labels::text_box(at, w, size, anchor)
            })
            .collect();
        let avoid = avoid_markers || p.class == "map-place-label";
        let chosen = placer.place(&boxes, avoid);
        *kept = chosen.map(|i| order[i]);
        let (Some(i), Some(k)) = (chosen, *kept) else {
            continue;
        };
        let (at, anchor) = candidates[k];
        placed.push((boxes[i], at));
        let _ = write!(
            texts,
            "<text x=\"{}\" y=\"{}\"{} textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\" class=\"{}\">{}</text>",
            num(at[0]),
            num(at[1]),
            if anchor == Anchor::Start {
                String::new()
            } else {
                format!(" text-anchor=\"{}\"", anchor.svg())
            },
            num(w),
            p.class,
            esc(&p.text)
        );
    }
    Placed {
        texts,
        boxes: placed,
    }
}

/// The names placed at `level` as one group of texts; the levels after the first are
/// hidden until the reader zooms in (the theme's CSS and script).
pub(super) fn write_level(svg: &mut String, level: &Level, placed: &Placed) {
    let texts = &placed.texts;
    if texts.is_empty() {
        return;
    }
    let size = level.sizes.label;
    if level.z == 1.0 {
        let _ = write!(
            svg,
            "<g class=\"map-labels\" aria-hidden=\"true\" font-size=\"{}\">{texts}</g>",
            num(size)
        );
    } else {
        let _ = write!(
            svg,
            "<g class=\"map-labels map-zoomed\" data-z=\"{}\" aria-hidden=\"true\" font-size=\"{}\">{texts}</g>",
            num(level.z),
            num(size)
        );
    }
}
