//! SVG path syntax: numbers to one decimal, polylines and rings in whole units (absolute
//! start, relative steps), and the eight marker shapes.

use std::fmt::Write;

use crate::geo::Pt;

/// Shapes of the markers, one per kind (the colour differs too): circle, square, triangle,
/// diamond, triangle down, pentagon, hexagon, star — told apart without colour.
pub const SHAPES: usize = 8;

/// A number with at most one decimal, without a trailing `.0`.
pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
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

/// A point in whole units.
pub type IPt = [i64; 2];

/// Points in whole units, repeated points dropped.
pub fn rounded(points: &[Pt]) -> Vec<IPt> {
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
pub fn path_data(parts: &[Vec<IPt>], closed: bool, d: &mut String) {
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

/// Polylines as one path of class `class`; nothing when there are none.
pub fn write_polylines(out: &mut String, class: &str, parts: &[Vec<IPt>]) {
    if parts.is_empty() {
        return;
    }
    let _ = write!(out, "<path class=\"{class}\" d=\"");
    path_data(parts, false, out);
    out.push_str("\"/>");
}

/// Text for an attribute or an element: `&`, `<`, `>` and `"` escaped.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
