//! Visvalingam–Whyatt simplification: repeatedly drop the point whose triangle with its two
//! neighbours has the smallest area, until every remaining triangle is at least `min_area`.
//! Endpoints always stay, so arcs that meet at a junction still meet after simplification
//! and a border shared by two areas is simplified once, the same for both.

use super::Pt;

fn area(a: Pt, b: Pt, c: Pt) -> f64 {
    ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0
}

/// The points that may still go, smallest area first (ties by position, so the result
/// never depends on the queue): a 4-ary heap whose entries move when a point's area changes,
/// so it holds each point at most once. (A binary heap of every push, stale ones skipped
/// when popped, grew to three entries a point, and on a large layer its random accesses
/// made simplification several times slower per point as the layer grew.)
struct Queue {
    /// (area, point), the smallest first.
    heap: Vec<(f64, usize)>,
    /// Where each point is in `heap`, or [`Queue::OUT`].
    slot: Vec<usize>,
}

impl Queue {
    const OUT: usize = usize::MAX;

    fn less(a: (f64, usize), b: (f64, usize)) -> bool {
        a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).is_lt()
    }

    /// A queue of `entries` for points below `n`.
    fn new(entries: Vec<(f64, usize)>, n: usize) -> Self {
        let mut slot = vec![Self::OUT; n];
        for (k, &(_, i)) in entries.iter().enumerate() {
            slot[i] = k;
        }
        let mut q = Queue {
            heap: entries,
            slot,
        };
        for k in (0..q.heap.len().div_ceil(4)).rev() {
            q.down(k);
        }
        q
    }

    fn place(&mut self, k: usize, e: (f64, usize)) {
        self.heap[k] = e;
        self.slot[e.1] = k;
    }

    fn up(&mut self, mut k: usize) {
        let e = self.heap[k];
        while k > 0 {
            let parent = (k - 1) / 4;
            if !Self::less(e, self.heap[parent]) {
                break;
            }
            self.place(k, self.heap[parent]);
            k = parent;
        }
        self.place(k, e);
    }

    fn down(&mut self, mut k: usize) {
        let e = self.heap[k];
        let len = self.heap.len();
        loop {
            let first = 4 * k + 1;
            if first >= len {
                break;
            }
            let mut best = first;
            for c in first + 1..(first + 4).min(len) {
                if Self::less(self.heap[c], self.heap[best]) {
                    best = c;
                }
            }
            if !Self::less(self.heap[best], e) {
                break;
            }
            self.place(k, self.heap[best]);
            k = best;
        }
        self.place(k, e);
    }

    /// Point `i` with area `a`, whether it was in the queue or not.
    fn set(&mut self, i: usize, a: f64) {
        match self.slot[i] {
            Self::OUT => {
                self.heap.push((a, i));
                let k = self.heap.len() - 1;
                self.slot[i] = k;
                self.up(k);
            }
            k => {
                let old = self.heap[k];
                self.heap[k] = (a, i);
                if Self::less((a, i), old) {
                    self.up(k);
                } else {
                    self.down(k);
                }
            }
        }
    }

    fn remove(&mut self, i: usize) {
        let k = self.slot[i];
        if k == Self::OUT {
            return;
        }
        self.slot[i] = Self::OUT;
        let last = self.heap.len() - 1;
        let moved = self.heap[last];
        self.heap.truncate(last);
        if k < last {
            self.place(k, moved);
            self.up(k);
            let k = self.slot[moved.1];
            self.down(k);
        }
    }

    fn pop(&mut self) -> Option<(f64, usize)> {
        let first = *self.heap.first()?;
        self.remove(first.1);
        Some(first)
    }
}

/// The points of `line` that stay at `min_area` (square units of the line's coordinates).
/// A closed line (first point = last) keeps at least four points, so it stays a ring.
pub fn visvalingam(line: &[Pt], min_area: f64) -> Vec<Pt> {
    let n = line.len();
    if n < 3 {
        return line.to_vec();
    }
    let closed = line[0] == line[n - 1];
    let keep_at_least = if closed { 4 } else { 2 };
    let mut prev: Vec<usize> = (0..n).map(|i| i.wrapping_sub(1)).collect();
    let mut next: Vec<usize> = (1..=n).collect();
    // Only points that may go are in the queue: one whose area is at least `min_area`
    // stays unless a neighbour's removal makes its area smaller, and then it joins. At a
    // view's full detail (a venue page's small map of a dense layer) that keeps it small.
    let mut candidates = Vec::new();
    for i in 1..n - 1 {
        let a = area(line[i - 1], line[i], line[i + 1]);
        if a < min_area {
            candidates.push((a, i));
        }
    }
    let mut queue = Queue::new(candidates, n);
    let mut removed = vec![false; n];
    let mut left = n;
    let mut floor = 0.0f64;
    while let Some((a, i)) = queue.pop() {
        if left <= keep_at_least {
            break;
        }
        // Areas never shrink as points go, so a point is never removed before one that
        // mattered less (the "effective area" of the algorithm).
        floor = floor.max(a);
        removed[i] = true;
        left -= 1;
        let (p, q) = (prev[i], next[i]);
        next[p] = q;
        prev[q] = p;
        for j in [p, q] {
            if j > 0 && j < n - 1 {
                let na = area(line[prev[j]], line[j], line[next[j]]).max(floor);
                if na < min_area {
                    queue.set(j, na);
                } else {
                    queue.remove(j);
                }
            }
        }
    }
    line.iter()
        .zip(&removed)
        .filter(|(_, r)| !**r)
        .map(|(p, _)| *p)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_small_wiggles_keeps_corners() {
        let line = [
            [0.0, 0.0],
            [1.0, 0.01],
            [2.0, 0.0],
            [3.0, 0.02],
            [4.0, 0.0],
            [4.0, 4.0],
        ];
        let s = visvalingam(&line, 0.5);
        assert_eq!(s, vec![[0.0, 0.0], [4.0, 0.0], [4.0, 4.0]]);
        assert_eq!(visvalingam(&line, 0.0).len(), 6);
        let ring = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]];
        assert_eq!(visvalingam(&ring, 100.0).len(), 4);
    }

    use std::cmp::Ordering;
    use std::collections::BinaryHeap;

    #[derive(PartialEq)]
    struct Candidate {
        area: f64,
        index: usize,
    }

    impl Eq for Candidate {}

    impl Ord for Candidate {
        fn cmp(&self, other: &Self) -> Ordering {
            other
                .area
                .total_cmp(&self.area)
                .then_with(|| other.index.cmp(&self.index))
        }
    }

    impl PartialOrd for Candidate {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }

    /// The plain algorithm, as it was: every point a candidate, a binary heap of every
    /// push, stale entries skipped.
    fn reference(line: &[Pt], min_area: f64) -> Vec<Pt> {
        let n = line.len();
        if n < 3 {
            return line.to_vec();
        }
        let keep_at_least = if line[0] == line[n - 1] { 4 } else { 2 };
        let mut prev: Vec<usize> = (0..n).map(|i| i.wrapping_sub(1)).collect();
        let mut next: Vec<usize> = (1..=n).collect();
        let mut current = vec![f64::INFINITY; n];
        let mut heap = BinaryHeap::new();
        for i in 1..n - 1 {
            current[i] = area(line[i - 1], line[i], line[i + 1]);
            heap.push(Candidate {
                area: current[i],
                index: i,
            });
        }
        let (mut removed, mut left, mut floor) = (vec![false; n], n, 0.0f64);
        while let Some(Candidate { area: a, index: i }) = heap.pop() {
            if removed[i] || a != current[i] {
                continue;
            }
            if a >= min_area || left <= keep_at_least {
                break;
            }
            floor = floor.max(a);
            removed[i] = true;
            left -= 1;
            let (p, q) = (prev[i], next[i]);
            next[p] = q;
            prev[q] = p;
            for j in [p, q] {
                if j > 0 && j < n - 1 {
                    current[j] = area(line[prev[j]], line[j], line[next[j]]).max(floor);
                    heap.push(Candidate {
                        area: current[j],
                        index: j,
                    });
                }
            }
        }
        line.iter()
            .zip(&removed)
            .filter(|(_, r)| !**r)
            .map(|(p, _)| *p)
            .collect()
    }

    #[test]
    fn same_points_as_the_plain_algorithm() {
        let mut seed: u64 = 0x1234_5678_9ABC_DEF1;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 1000) as f64 / 10.0
        };
        for n in [3, 4, 10, 100, 2000] {
            let mut line: Vec<Pt> = (0..n).map(|_| [next(), next()]).collect();
            for closed in [false, true] {
                if closed {
                    line.push(line[0]);
                }
                for min_area in [0.0, 0.5, 5.0, 50.0, 500.0, 1e9] {
                    assert_eq!(visvalingam(&line, min_area), reference(&line, min_area));
                }
            }
        }
    }
}
