//! Labels: where an area's name goes (the inside point farthest from its edges, so a name
//! sits in the body of a crescent-shaped district rather than outside it), and a placer that
//! keeps labels from overlapping each other and the markers.

use super::{Bounds, Pt};

/// Width of a text in viewBox units at a font size, for a sans-serif face: a little wider
/// than the average Cyrillic letter, so that an estimate errs on the side of space.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            ' ' | 'і' | 'ї' | 'І' | 'Ї' | 'i' | 'l' | '\'' | 'ʼ' | '.' | ',' | '-' => 0.32,
            'ш' | 'щ' | 'ж' | 'ю' | 'м' | 'Ш' | 'Щ' | 'Ж' | 'Ю' | 'М' | 'm' | 'w' => 0.82,
            c if c.is_uppercase() => 0.7,
            _ => 0.58,
        })
        .sum::<f64>()
        * size
}

fn inside(p: Pt, rings: &[Vec<Pt>]) -> bool {
    let mut odd = false;
    for r in rings {
        for w in r.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a[1] > p[1]) != (b[1] > p[1])
                && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
            {
                odd = !odd;
            }
        }
    }
    odd
}

/// Whether `p` lies inside the polygon (closed rings, holes included; the parts of a
/// multipolygon may be given together).
pub fn contains(rings: &[Vec<Pt>], p: Pt) -> bool {
    inside(p, rings)
}

fn segment_distance(p: Pt, a: Pt, b: Pt) -> f64 {
    let d = [b[0] - a[0], b[1] - a[1]];
    let len = d[0] * d[0] + d[1] * d[1];
    let t = if len == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * d[0] + (p[1] - a[1]) * d[1]) / len).clamp(0.0, 1.0)
    };
    let q = [a[0] + t * d[0], a[1] + t * d[1]];
    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt()
}

fn edge_distance(p: Pt, rings: &[Vec<Pt>]) -> f64 {
    rings
        .iter()
        .flat_map(|r| r.windows(2))
        .map(|w| segment_distance(p, w[0], w[1]))
        .fold(f64::INFINITY, f64::min)
}

/// The most points [`pole`] measures against: each of its 384 grid points is tested
/// against every edge, so a ring of a million points (a dense layer on a venue page's
/// small map, where little is simplified away) cost seconds per label. Rings with more
/// points are first simplified for the search (a label needs no sub-metre detail).
pub const LABEL_POINTS: usize = 2000;

/// `rings` with at most about [`LABEL_POINTS`] points for the label search: holes too
/// small to matter dropped, the rest simplified more and more coarsely until they fit.
fn for_labels(rings: &[Vec<Pt>]) -> std::borrow::Cow<'_, [Vec<Pt>]> {
    let total = |rs: &[Vec<Pt>]| rs.iter().map(Vec::len).sum::<usize>();
    if total(rings) <= LABEL_POINTS {
        return std::borrow::Cow::Borrowed(rings);
    }
    let b = Bounds::of(rings.iter().flatten());
    let size = b.width() * b.height();
    let mut kept: Vec<Vec<Pt>> = rings
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            let rb = Bounds::of(r.iter());
            *i == 0 || rb.width() * rb.height() * 10_000.0 >= size
        })
        .map(|(_, r)| r.clone())
        .collect();
    let mut min_area = size / 1e7;
    for _ in 0..24 {
        if total(&kept) <= LABEL_POINTS || min_area.is_nan() || min_area <= 0.0 {
            break;
        }
        kept = kept
            .iter()
            .map(|r| super::simplify::visvalingam(r, min_area))
            .collect();
        min_area *= 4.0;
    }
    std::borrow::Cow::Owned(kept)
}

/// The point inside the polygon (closed rings, holes included) farthest from its edges,
/// found on a grid refined twice, with that distance. `None` for an empty polygon.
pub fn pole(rings: &[Vec<Pt>]) -> Option<(Pt, f64)> {
    let rings = &*for_labels(rings);
    let b = Bounds::of(rings.iter().flatten());
    if b.is_empty() {
        return None;
    }
    let mut best: Option<(Pt, f64)> = None;
    let (mut area, mut n) = (b, 16usize);
    for _ in 0..3 {
        let (sx, sy) = (area.width() / n as f64, area.height() / n as f64);
        for i in 0..n {
            for j in 0..n {
                let p = [
                    area.min[0] + (i as f64 + 0.5) * sx,
                    area.min[1] + (j as f64 + 0.5) * sy,
                ];
                if inside(p, rings) {
                    let d = edge_distance(p, rings);
                    if best.is_none_or(|(_, bd)| d > bd) {
                        best = Some((p, d));
                    }
                }
            }
        }
        let (c, _) = best?;
        area = Bounds {
            min: [c[0] - sx, c[1] - sy],
            max: [c[0] + sx, c[1] + sy],
        };
        n = 8;
    }
    best
}

/// Up to `k` points inside the polygon (closed rings, holes included), farthest from its
/// edges first and at least `spacing` apart, each with its distance from the edges: the
/// places a name may sit when the best one ([`pole`]) is taken. Found on a 16 × 16 grid
/// over the polygon's box, so a name can sit off-centre in a long or bent area.
pub fn interior_points(rings: &[Vec<Pt>], k: usize, spacing: f64) -> Vec<(Pt, f64)> {
    let rings = &*for_labels(rings);
    let b = Bounds::of(rings.iter().flatten());
    if b.is_empty() || k == 0 {
        return Vec::new();
    }
    let n = 16usize;
    let (sx, sy) = (b.width() / n as f64, b.height() / n as f64);
    let mut all: Vec<(Pt, f64)> = Vec::new();
    for i in 0..n {
        for j in 0..n {
            let p = [
                b.min[0] + (i as f64 + 0.5) * sx,
                b.min[1] + (j as f64 + 0.5) * sy,
            ];
            if inside(p, rings) {
                all.push((p, edge_distance(p, rings)));
            }
        }
    }
    // Farthest from the edges first; the grid's order breaks ties, so the result is the
    // same on every run.
    all.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut out: Vec<(Pt, f64)> = Vec::new();
    for (p, d) in all {
        if out
            .iter()
            .all(|(q, _)| (p[0] - q[0]).hypot(p[1] - q[1]) >= spacing)
        {
            out.push((p, d));
            if out.len() == k {
                break;
            }
        }
    }
    out
}

/// Boxes already taken on a map; a label goes where it overlaps none of them.
#[derive(Debug, Default)]
pub struct Placer {
    /// Markers: names of places keep off them; names of areas may lie under them (markers
    /// are drawn on top), or a map with many venues would name no area.
    markers: Vec<Bounds>,
    /// Labels already placed.
    taken: Vec<Bounds>,
    frame: Option<Bounds>,
}

fn overlaps(a: &Bounds, b: &Bounds) -> bool {
    a.min[0] < b.max[0] && b.min[0] < a.max[0] && a.min[1] < b.max[1] && b.min[1] < a.max[1]
}

impl Placer {
    /// Labels must lie wholly inside `frame`.
    pub fn new(frame: Bounds) -> Self {
        Placer {
            markers: Vec::new(),
            taken: Vec::new(),
            frame: Some(frame),
        }
    }

    /// Marks a box as taken by a marker.
    pub fn block(&mut self, b: Bounds) {
        self.markers.push(b);
    }

    /// Marks a box as taken by text (the attribution).
    pub fn reserve(&mut self, b: Bounds) {
        self.taken.push(b);
    }

    /// The first of `candidates` that is free (of markers too, with `avoid_markers`); it
    /// becomes taken.
    pub fn place(&mut self, candidates: &[Bounds], avoid_markers: bool) -> Option<usize> {
        let i = candidates.iter().position(|c| {
            self.frame
                .is_none_or(|f| f.contains(c.min) && f.contains(c.max))
                && !self.taken.iter().any(|t| overlaps(t, c))
                && !(avoid_markers && self.markers.iter().any(|t| overlaps(t, c)))
        })?;
        self.taken.push(candidates[i]);
        Some(i)
    }
}

/// The box of a text of `width` × `size` whose baseline-middle anchor is at `p`.
pub fn text_box(p: Pt, width: f64, size: f64, anchor: Anchor) -> Bounds {
    let x0 = match anchor {
        Anchor::Start => p[0],
        Anchor::Middle => p[0] - width / 2.0,
        Anchor::End => p[0] - width,
    };
    Bounds {
        min: [x0, p[1] - size * 0.8],
        max: [x0 + width, p[1] + size * 0.25],
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    pub fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pole_lies_in_the_body_of_a_u_shape() {
        // A U: the centroid of its box (5, 5) falls in the gap.
        let u = vec![vec![
            [0.0, 0.0],
            [10.0, 0.0],
            [10.0, 10.0],
            [7.0, 10.0],
            [7.0, 3.0],
            [3.0, 3.0],
            [3.0, 10.0],
            [0.0, 10.0],
            [0.0, 0.0],
        ]];
        let (p, d) = pole(&u).unwrap();
        assert!(inside(p, &u), "{p:?}");
        assert!(d > 1.0, "{d}");
    }

    #[test]
    fn pole_of_a_dense_ring_is_found_on_a_simpler_one() {
        // A circle of 50,000 points with a small wobble: the label goes near the centre.
        let n = 50_000;
        let ring: Vec<Pt> = (0..=n)
            .map(|i| {
                let a = std::f64::consts::TAU * (i % n) as f64 / n as f64;
                let r = 100.0 + 0.3 * (i as f64 * 0.7).sin();
                [r * a.cos(), r * a.sin()]
            })
            .collect();
        let small = for_labels(std::slice::from_ref(&ring));
        assert!(small.iter().map(Vec::len).sum::<usize>() <= LABEL_POINTS);
        let (p, d) = pole(&[ring]).unwrap();
        assert!(p[0].hypot(p[1]) < 10.0, "{p:?}");
        assert!(d > 90.0, "{d}");
    }

    #[test]
    fn interior_points_lie_inside_apart_and_deepest_first() {
        // An L: the points spread along both arms, none in the missing corner.
        let l = vec![vec![
            [0.0, 0.0],
            [100.0, 0.0],
            [100.0, 20.0],
            [20.0, 20.0],
            [20.0, 100.0],
            [0.0, 100.0],
            [0.0, 0.0],
        ]];
        let pts = interior_points(&l, 8, 15.0);
        assert_eq!(pts.len(), 8);
        for (i, (p, d)) in pts.iter().enumerate() {
            assert!(inside(*p, &l), "{p:?}");
            assert!(
                !(p[0] > 20.0 && p[1] > 20.0),
                "{p:?} is in the missing corner"
            );
            for (q, e) in &pts[..i] {
                assert!((p[0] - q[0]).hypot(p[1] - q[1]) >= 15.0);
                assert!(e >= d);
            }
        }
        assert!(pts.iter().any(|(p, _)| p[0] > 60.0), "one on the long arm");
        assert!(pts.iter().any(|(p, _)| p[1] > 60.0), "one on the tall arm");
    }

    #[test]
    fn placer_refuses_overlaps() {
        let mut pl = Placer::new(Bounds {
            min: [0.0, 0.0],
            max: [100.0, 100.0],
        });
        let a = text_box([50.0, 50.0], 20.0, 10.0, Anchor::Middle);
        assert_eq!(pl.place(&[a], true), Some(0));
        let b = text_box([55.0, 52.0], 20.0, 10.0, Anchor::Middle);
        let c = text_box([50.0, 80.0], 20.0, 10.0, Anchor::Middle);
        assert_eq!(pl.place(&[b, c], true), Some(1));
        assert_eq!(
            pl.place(&[text_box([99.0, 20.0], 20.0, 10.0, Anchor::Start)], true),
            None
        );
        // Names of areas may lie under markers; names of places may not.
        pl.block(text_box([20.0, 20.0], 10.0, 10.0, Anchor::Middle));
        let d = text_box([20.0, 21.0], 10.0, 10.0, Anchor::Middle);
        assert_eq!(pl.place(&[d], true), None);
        assert_eq!(pl.place(&[d], false), Some(0));
    }
}
