//! Shared borders: the rings of a layer's polygons cut into arcs at the points where
//! neighbours change, each arc stored once. Two areas that share a border refer to the same
//! arc, so the border is simplified once (no slivers or gaps between them) and drawn once.
//!
//! Points are matched on a grid of 10⁻⁷ projected units (under a metre), so a border typed
//! twice with the last decimals differing still counts as one.

use std::collections::HashMap;

use super::Pt;

type Key = (i64, i64);

const GRID: f64 = 1e7;

fn key(p: Pt) -> Key {
    ((p[0] * GRID).round() as i64, (p[1] * GRID).round() as i64)
}

fn point(k: Key) -> Pt {
    [k.0 as f64 / GRID, k.1 as f64 / GRID]
}

/// Arcs, and each ring as arcs in order (`true`: the arc is walked backwards).
#[derive(Debug, Default, Clone)]
pub struct Topology {
    pub arcs: Vec<Vec<Pt>>,
    /// One entry per input ring; empty for a ring with fewer than three distinct points.
    pub rings: Vec<Vec<(usize, bool)>>,
}

/// The neighbours a point has been seen with: two, or "many" (a junction).
enum Seen {
    Pair(Key, Key),
    Junction,
}

pub fn build(rings: &[Vec<Pt>]) -> Topology {
    let keyed: Vec<Vec<Key>> = rings
        .iter()
        .map(|r| {
            let mut k: Vec<Key> = Vec::with_capacity(r.len() + 1);
            for p in r {
                let q = key(*p);
                if k.last() != Some(&q) {
                    k.push(q);
                }
            }
            if k.len() > 1 && k[0] == k[k.len() - 1] {
                k.pop();
            }
            if k.len() < 3 { Vec::new() } else { k }
        })
        .collect();

    let mut seen: HashMap<Key, Seen> = HashMap::new();
    for r in &keyed {
        let n = r.len();
        for i in 0..n {
            let (a, b) = (r[(i + n - 1) % n], r[(i + 1) % n]);
            let pair = if a <= b { (a, b) } else { (b, a) };
            seen.entry(r[i])
                .and_modify(|s| {
                    if let Seen::Pair(x, y) = s
                        && (*x, *y) != pair
                    {
                        *s = Seen::Junction;
                    }
                })
                .or_insert(Seen::Pair(pair.0, pair.1));
        }
    }
    let is_junction = |k: &Key| matches!(seen.get(k), Some(Seen::Junction));

    let mut topo = Topology::default();
    let mut index: HashMap<Vec<Key>, usize> = HashMap::new();
    let mut add_arc = |mut arc: Vec<Key>, topo: &mut Topology| -> (usize, bool) {
        let n = arc.len();
        let reversed =
            arc[0] > arc[n - 1] || (arc[0] == arc[n - 1] && n > 2 && arc[1] > arc[n - 2]);
        if reversed {
            arc.reverse();
        }
        let id = *index.entry(arc).or_insert_with_key(|arc| {
            topo.arcs.push(arc.iter().map(|k| point(*k)).collect());
            topo.arcs.len() - 1
        });
        (id, reversed)
    };
    for r in &keyed {
        if r.is_empty() {
            topo.rings.push(Vec::new());
            continue;
        }
        let n = r.len();
        let junctions: Vec<usize> = (0..n).filter(|i| is_junction(&r[*i])).collect();
        let mut ring = Vec::new();
        if junctions.is_empty() {
            // A ring no other ring touches (or one identical to another): one closed arc,
            // started at its smallest point so that identical rings give the same arc.
            let start = (0..n).min_by_key(|i| r[*i]).unwrap_or(0);
            let arc: Vec<Key> = (0..=n).map(|i| r[(start + i) % n]).collect();
            ring.push(add_arc(arc, &mut topo));
        } else {
            for (j, &from) in junctions.iter().enumerate() {
                let to = junctions.get(j + 1).copied().unwrap_or(junctions[0] + n);
                let arc: Vec<Key> = (from..=to).map(|i| r[i % n]).collect();
                ring.push(add_arc(arc, &mut topo));
            }
        }
        topo.rings.push(ring);
    }
    topo
}

/// The points of a ring put back together from its (possibly simplified) arcs.
pub fn ring_points<'a>(ring: &[(usize, bool)], arc: impl Fn(usize) -> &'a [Pt]) -> Vec<Pt> {
    let mut pts: Vec<Pt> = Vec::new();
    for &(id, reversed) in ring {
        let arc = arc(id);
        let skip = usize::from(!pts.is_empty());
        if reversed {
            pts.extend(arc.iter().rev().skip(skip));
        } else {
            pts.extend(arc.iter().skip(skip));
        }
    }
    pts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_border_is_one_arc() {
        // Two squares side by side share the edge x = 1.
        let a = vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]];
        let b = vec![[1.0, 0.0], [2.0, 0.0], [2.0, 1.0], [1.0, 1.0], [1.0, 0.0]];
        let t = build(&[a.clone(), b]);
        assert_eq!(t.arcs.len(), 3);
        let shared: Vec<usize> = t.rings[0]
            .iter()
            .filter(|(id, _)| t.rings[1].iter().any(|(o, _)| o == id))
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(shared.len(), 1);
        let back = ring_points(&t.rings[0], |i| &t.arcs[i]);
        assert_eq!(back.len(), 5);
        assert_eq!(back.first(), back.last());
        for p in &a {
            assert!(back.contains(p));
        }
        // An island with a matching hole: one arc for both.
        let hole = vec![[0.2, 0.2], [0.2, 0.4], [0.4, 0.4], [0.4, 0.2], [0.2, 0.2]];
        let island: Vec<Pt> = hole.iter().rev().copied().collect();
        let t = build(&[hole, island]);
        assert_eq!(t.arcs.len(), 1);
        assert_ne!(t.rings[0][0].1, t.rings[1][0].1);
    }
}
