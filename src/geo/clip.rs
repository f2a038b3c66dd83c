//! Clipping to a rectangle: rings by Sutherland–Hodgman (a rectangle is convex, so any ring
//! clips correctly; parts outside collapse onto the edge, where the fill does not show),
//! polylines segment by segment into the pieces that lie inside.

use super::{Bounds, Pt};

/// `ring` (closed or not) cut to `r`; empty when nothing of it is inside.
pub fn ring(ring: &[Pt], r: &Bounds) -> Vec<Pt> {
    let b = Bounds::of(ring);
    if r.contains(b.min) && r.contains(b.max) {
        return ring.to_vec();
    }
    if !b.intersects(r) {
        return Vec::new();
    }
    let mut pts: Vec<Pt> = ring.to_vec();
    if pts.len() > 1 && pts[0] == pts[pts.len() - 1] {
        pts.pop();
    }
    // Each edge of the rectangle: is a point inside, and where a segment crosses it.
    for edge in 0..4 {
        if pts.is_empty() {
            break;
        }
        let inside = |p: &Pt| match edge {
            0 => p[0] >= r.min[0],
            1 => p[0] <= r.max[0],
            2 => p[1] >= r.min[1],
            _ => p[1] <= r.max[1],
        };
        let cross = |a: Pt, b: Pt| -> Pt {
            let (axis, v) = match edge {
                0 => (0, r.min[0]),
                1 => (0, r.max[0]),
                2 => (1, r.min[1]),
                _ => (1, r.max[1]),
            };
            let t = (v - a[axis]) / (b[axis] - a[axis]);
            let mut p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
            p[axis] = v;
            p
        };
        let input = std::mem::take(&mut pts);
        let mut prev = input[input.len() - 1];
        for &cur in &input {
            match (inside(&prev), inside(&cur)) {
                (true, true) => pts.push(cur),
                (true, false) => pts.push(cross(prev, cur)),
                (false, true) => {
                    pts.push(cross(prev, cur));
                    pts.push(cur);
                }
                (false, false) => {}
            }
            prev = cur;
        }
    }
    if pts.len() < 3 {
        return Vec::new();
    }
    pts.push(pts[0]);
    pts
}

/// The parts of a polyline inside `r`, each a polyline of at least two points.
pub fn line(line: &[Pt], r: &Bounds) -> Vec<Vec<Pt>> {
    let b = Bounds::of(line);
    if r.contains(b.min) && r.contains(b.max) {
        return vec![line.to_vec()];
    }
    let mut pieces = Vec::new();
    let mut current: Vec<Pt> = Vec::new();
    for w in line.windows(2) {
        match segment(w[0], w[1], r) {
            Some((a, b, a_cut, b_cut)) => {
                if current.is_empty() || a_cut {
                    if current.len() > 1 {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current = vec![a];
                }
                current.push(b);
                if b_cut {
                    pieces.push(std::mem::take(&mut current));
                }
            }
            None => {
                if current.len() > 1 {
                    pieces.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() > 1 {
        pieces.push(current);
    }
    pieces
}

/// Liang–Barsky: the part of segment a–b inside `r`, and whether each end was cut.
fn segment(a: Pt, b: Pt, r: &Bounds) -> Option<(Pt, Pt, bool, bool)> {
    let d = [b[0] - a[0], b[1] - a[1]];
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-d[0], a[0] - r.min[0]),
        (d[0], r.max[0] - a[0]),
        (-d[1], a[1] - r.min[1]),
        (d[1], r.max[1] - a[1]),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| [a[0] + t * d[0], a[1] + t * d[1]];
    Some((at(t0), at(t1), t0 > 0.0, t1 < 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: Bounds = Bounds {
        min: [0.0, 0.0],
        max: [10.0, 10.0],
    };

    #[test]
    fn rings_are_cut_to_the_box() {
        let sq = [
            [-5.0, -5.0],
            [5.0, -5.0],
            [5.0, 5.0],
            [-5.0, 5.0],
            [-5.0, -5.0],
        ];
        let c = ring(&sq, &R);
        assert_eq!(c.first(), c.last());
        assert!(c.iter().all(|p| R.contains(*p)));
        let area: f64 = c
            .windows(2)
            .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
            .sum::<f64>()
            / 2.0;
        assert!((area.abs() - 25.0).abs() < 1e-9);
        assert!(ring(&[[20.0, 20.0], [30.0, 20.0], [30.0, 30.0]], &R).is_empty());
    }

    #[test]
    fn lines_split_where_they_leave() {
        let l = [
            [-5.0, 5.0],
            [5.0, 5.0],
            [15.0, 5.0],
            [15.0, 8.0],
            [5.0, 8.0],
        ];
        let p = line(&l, &R);
        assert_eq!(
            p,
            vec![
                vec![[0.0, 5.0], [5.0, 5.0], [10.0, 5.0]],
                vec![[10.0, 8.0], [5.0, 8.0]]
            ]
        );
    }
}
