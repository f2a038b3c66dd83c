//! The venues' markers. A venue page's small map draws each venue as its own marker; the
//! main map groups them at its scale, so that an oblast's hundreds of venues are not one
//! blob that hides the names:
//!
//! 1. a settlement that is small on the map (its venues within a few markers' width) is one
//!    unit; the venues of a settlement that is large on it (a town on its own hromada's map)
//!    are each a unit of their own;
//! 2. units too close to tell apart merge, the one with more venues keeping its place (a
//!    village's library joins its hromada centre's group, not the other way round), until
//!    none are;
//! 3. a unit of one venue is that venue's marker (its shape, a link to its page); a unit of
//!    more is a group: a disc with the number of venues, a link to the list of its largest
//!    settlement below the map.
//!
//! The main map is laid out so at each of its zoom [`LEVELS`]: markers keep their size on
//! the screen, so zoomed in they take less of the map and groups come apart. The first
//! level is drawn; every level is written as data for the page's script
//! (`x y i i …;x y i;…`: a unit's place in units and the indexes of its venues among the
//! markers given), which draws the level the reader has zoomed to.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

use super::path::{esc, num};
use super::{Canvas, Sizes, colour_of, shape_of};
use crate::geo::project::mercator;
use crate::geo::{Bounds, Pt};

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
    /// The settlement's key (its slug) and name: what groups markers on the main map.
    pub place: String,
    pub place_name: String,
}

/// How the main map groups its markers; without it every venue is drawn on its own.
pub struct Grouping<'a> {
    /// Where a group links, followed by its largest settlement's key (`#s-` →
    /// `#s-znamianka`, the settlement's list below the map).
    pub href: &'a str,
    /// A group's accessible name, `{name}` and `{n}` replaced («Знамʼянка, місць: 12»).
    pub label: &'a str,
}

/// The zoom levels a grouped map is laid out at (the page's script zooms up to 10 times).
pub const LEVELS: [f64; 4] = [1.0, 2.0, 4.0, 8.0];
/// A settlement whose venues lie within this many markers' radii is one unit.
const SMALL_PLACE: f64 = 8.0;
/// Units closer than this many names' heights (a group and anything) merge, leaving lanes
/// for the names. On the oblast-sized test map (49 hromadas, 519 venues, 360 px; the same
/// lane round the centre), as discs and venues' own markers / hromadas named at the first
/// zoom: 0 gave 44 + 12 / 13, 0.5
/// gave 27 + 2 / 14, 1 gave 20 + 1 / 16, 1.5 gave 12 / 17, 3 gave 7 / 19: past 1 each
/// more name costs several discs.
const LANE: f64 = 1.0;
/// The lane round the largest unit (an oblast's centre), whose area's name is placed first
/// and goes beside it: with 1 the oblast centre's name found no room on the test map, with 2
/// it does (the centre's disc takes in two more hromada centres, 14 hromadas are named).
const LANE_CENTRE: f64 = 2.0;
/// The most settlements a group's accessible name lists.
const NAMED: usize = 3;

/// One thing drawn for the venues: a venue's marker or a group, at its place in units.
#[derive(Clone)]
pub(super) struct Drawn {
    pub at: Pt,
    /// Indexes into the markers given: one for a venue's marker, more for a group.
    pub members: Vec<usize>,
}

/// The markers inside the view (not too near its edge) laid out at each zoom level `z` of
/// `levels` (at `c.sizes` divided by `z`): each on its own, or grouped when `grouped`. Each
/// level's units are unions of the next level's, so zooming in only ever splits a group.
pub(super) fn layouts(
    c: &Canvas,
    markers: &[&Marker],
    levels: &[f64],
    grouped: bool,
) -> Vec<Vec<Drawn>> {
    let placed = in_view(c, markers);
    let mut units: Vec<Drawn> = placed
        .iter()
        .map(|&(i, v)| Drawn {
            at: v,
            members: vec![i],
        })
        .collect();
    if !grouped {
        return vec![units];
    }
    let at: HashMap<usize, Pt> = placed.into_iter().collect();
    let mut out = Vec::with_capacity(levels.len());
    // From the closest level out, each level uniting the units of the one before.
    for &z in levels.iter().rev() {
        let sizes = c.sizes.at(z);
        units = small_places(units, markers, &at, sizes.marker * SMALL_PLACE);
        merge(&mut units, sizes);
        out.push(units.clone());
    }
    out.reverse();
    out
}

/// The markers inside the view (not too near its edge at the first level), each with its
/// place in whole units.
fn in_view(c: &Canvas, markers: &[&Marker]) -> Vec<(usize, Pt)> {
    let inner = c.rect.inset(c.sizes.marker * 1.2);
    markers
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let v = c.view.to_view(mercator(m.at));
            inner
                .contains(v)
                .then_some((i, [v[0].round(), v[1].round()]))
        })
        .collect()
}

/// Step 1: the units holding the venues of a settlement small at this level (its venues
/// within `small` units) become one, at the middle of their venues; the rest stay as they
/// are. In the order of the units' first venues.
fn small_places(
    units: Vec<Drawn>,
    markers: &[&Marker],
    at: &HashMap<usize, Pt>,
    small: f64,
) -> Vec<Drawn> {
    // Each venue's unit, and each settlement's venues in the markers' order.
    let mut unit_of: HashMap<usize, usize> = HashMap::new();
    for (u, d) in units.iter().enumerate() {
        for i in &d.members {
            unit_of.insert(*i, u);
        }
    }
    let mut venues: Vec<usize> = unit_of.keys().copied().collect();
    venues.sort_unstable();
    let mut order: Vec<&str> = Vec::new();
    let mut by_place: HashMap<&str, Vec<usize>> = HashMap::new();
    for i in venues {
        let place = markers[i].place.as_str();
        by_place
            .entry(place)
            .or_insert_with(|| {
                order.push(place);
                Vec::new()
            })
            .push(i);
    }
    // Units joined by a small settlement: each unit's representative (union-find).
    let mut parent: Vec<usize> = (0..units.len()).collect();
    fn root(parent: &mut [usize], mut u: usize) -> usize {
        while parent[u] != u {
            parent[u] = parent[parent[u]];
            u = parent[u];
        }
        u
    }
    for place in order {
        let members = &by_place[place];
        let b = Bounds::of(members.iter().map(|i| &at[i]));
        if members.len() < 2 || b.width().hypot(b.height()) > small {
            continue;
        }
        let first = root(&mut parent, unit_of[&members[0]]);
        for i in &members[1..] {
            let r = root(&mut parent, unit_of[i]);
            if r != first {
                parent[r.max(first)] = r.min(first);
            }
        }
    }
    // The units as joined, each with how many it joined.
    let mut joined: Vec<Option<(Drawn, usize)>> = vec![None; units.len()];
    let mut order: Vec<usize> = Vec::new();
    for (u, d) in units.into_iter().enumerate() {
        let r = root(&mut parent, u);
        match &mut joined[r] {
            Some((j, n)) => {
                j.members.extend(d.members);
                *n += 1;
            }
            slot => {
                order.push(r);
                *slot = Some((d, 1));
            }
        }
    }
    order
        .into_iter()
        .filter_map(|r| joined[r].take())
        .map(|(mut d, n)| {
            if n > 1 {
                // The middle of its venues.
                let n = d.members.len() as f64;
                let sum = d
                    .members
                    .iter()
                    .fold([0.0, 0.0], |s, i| [s[0] + at[i][0], s[1] + at[i][1]]);
                d.at = [(sum[0] / n).round(), (sum[1] / n).round()];
            }
            d
        })
        .collect()
}

/// The radius a unit of `n` venues takes: a marker's, or a disc wide enough for its number.
/// (The page's script draws discs by the same rule.)
pub(super) fn radius(n: usize, sizes: Sizes) -> f64 {
    if n == 1 {
        return sizes.marker;
    }
    let digits = n.to_string().len() as f64;
    let font = badge_font(sizes);
    (sizes.marker * 1.4).max(digits * 0.3 * font + font * 0.3)
}

/// The size of a group's number.
pub(super) fn badge_font(sizes: Sizes) -> f64 {
    sizes.label * 0.7
}

/// Whether two units this far apart are too close: two venues' markers when they would
/// touch; a group and anything when they would leave less than `lane` between them, where
/// the map's names go (the groups are what crowd an oblast's map).
fn too_close(dist: f64, (ra, na): (f64, usize), (rb, nb): (f64, usize), lane: f64) -> bool {
    let gap = if na.max(nb) > 1 {
        lane
    } else {
        0.25 * ra.min(rb)
    };
    dist < ra + rb + gap
}

/// Step 2: units too close merge, larger units first, the larger keeping its place, until
/// none are.
fn merge(units: &mut Vec<Drawn>, sizes: Sizes) {
    // Stable: among equals the markers' order decides, so the drawing is the same every run.
    units.sort_by_key(|u| std::cmp::Reverse(u.members.len()));
    loop {
        let mut merged = false;
        let mut i = 0;
        while i < units.len() {
            let mut j = i + 1;
            while j < units.len() {
                let (a, b) = (&units[i], &units[j]);
                let (na, nb) = (a.members.len(), b.members.len());
                let (ra, rb) = (radius(na, sizes), radius(nb, sizes));
                let dist = (a.at[0] - b.at[0]).hypot(a.at[1] - b.at[1]);
                // The largest unit (the first) keeps a wider lane: the room for the
                // name of its area, the first placed.
                let lane = if i == 0 { LANE_CENTRE } else { LANE };
                if too_close(dist, (ra, na), (rb, nb), sizes.label * lane) {
                    let b = units.remove(j);
                    units[i].members.extend(b.members);
                    merged = true;
                } else {
                    j += 1;
                }
            }
            i += 1;
        }
        if !merged {
            break;
        }
        units.sort_by_key(|u| std::cmp::Reverse(u.members.len()));
    }
}

/// Where the map's largest group is: the centre whose area's name is placed first.
pub(super) fn centre(drawn: &[Drawn]) -> Option<Pt> {
    drawn
        .iter()
        .filter(|d| d.members.len() > 1)
        .fold(None::<&Drawn>, |best, d| match best {
            Some(b) if b.members.len() >= d.members.len() => Some(b),
            _ => Some(d),
        })
        .map(|d| d.at)
}

/// The groups laid out at `sizes`: place, radius and number of venues.
pub(super) fn groups(drawn: &[Drawn], sizes: Sizes) -> Vec<(Pt, f64, usize)> {
    drawn
        .iter()
        .filter(|d| d.members.len() > 1)
        .map(|d| (d.at, radius(d.members.len(), sizes), d.members.len()))
        .collect()
}

/// Venues on the map by the lower-case name of their settlement: places' names of the
/// settlements with the most venues are placed first.
pub(super) fn venues_by_place(markers: &[&Marker]) -> HashMap<String, usize> {
    let mut out: HashMap<String, usize> = HashMap::new();
    for m in markers {
        *out.entry(m.place_name.to_lowercase()).or_default() += 1;
    }
    out
}

/// The room a drawn marker takes at `sizes`.
pub(super) fn room(d: &Drawn, markers: &[&Marker], sizes: Sizes) -> Bounds {
    let r = match d.members.as_slice() {
        [i] if markers[*i].current => sizes.marker * 1.5,
        [_] => sizes.marker,
        _ => radius(d.members.len(), sizes) + sizes.marker * 0.1,
    };
    Bounds {
        min: [d.at[0] - r, d.at[1] - r],
        max: [d.at[0] + r, d.at[1] + r],
    }
}

/// The shapes of the kinds in use: every kind in the legend when grouped (zoomed in, the
/// page's script draws venues of any kind), else those of the markers drawn.
pub(super) fn shapes_in_use(
    drawn: &[Drawn],
    markers: &[&Marker],
    kinds: usize,
    grouped: bool,
) -> BTreeSet<usize> {
    if grouped {
        return (0..kinds).map(shape_of).collect();
    }
    drawn
        .iter()
        .flat_map(|d| d.members.iter().map(|i| shape_of(markers[*i].kind)))
        .collect()
}

/// A level's layout as data for the page's script: `x y i i …` per unit, `;` between.
pub(super) fn level_data(drawn: &[Drawn]) -> String {
    let mut out = String::new();
    for (k, d) in drawn.iter().enumerate() {
        if k > 0 {
            out.push(';');
        }
        let _ = write!(out, "{} {}", num(d.at[0]), num(d.at[1]));
        for i in &d.members {
            let _ = write!(out, " {i}");
        }
    }
    out
}

/// The markers: venues as links to their pages (the current venue an image), groups as
/// links to their settlement's list.
pub(super) fn write_markers(svg: &mut String, c: &Canvas, markers: &[&Marker], drawn: &[Drawn]) {
    if drawn.is_empty() {
        return;
    }
    let opts = c.opts;
    if opts.group.is_some() {
        let _ = write!(
            svg,
            "<g class=\"map-markers\" font-size=\"{}\" text-anchor=\"middle\">",
            num(badge_font(c.sizes))
        );
    } else {
        svg.push_str("<g class=\"map-markers\">");
    }
    for d in drawn {
        match d.members.as_slice() {
            [i] => write_marker(svg, opts.id, markers[*i], d.at),
            _ => write_group(svg, c, markers, d),
        }
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

/// One group: a disc with the number of its venues, a link to the list of its largest
/// settlement, named by its settlements (the largest first) and that number.
fn write_group(svg: &mut String, c: &Canvas, markers: &[&Marker], d: &Drawn) {
    let Some(grouping) = &c.opts.group else {
        return;
    };
    // Settlements by their venues in the group, most first; the markers' order among equals.
    let mut places: Vec<(&str, &str, usize)> = Vec::new();
    for m in d.members.iter().map(|i| markers[*i]) {
        match places.iter_mut().find(|p| p.0 == m.place) {
            Some(p) => p.2 += 1,
            None => places.push((&m.place, &m.place_name, 1)),
        }
    }
    places.sort_by_key(|p| std::cmp::Reverse(p.2));
    let mut name = places
        .iter()
        .take(NAMED)
        .map(|p| p.1)
        .collect::<Vec<_>>()
        .join(", ");
    if places.len() > NAMED {
        name.push_str(", …");
    }
    let n = d.members.len();
    let label = grouping
        .label
        .replace("{name}", &name)
        .replace("{n}", &n.to_string());
    let _ = write!(
        svg,
        "<a href=\"{}{}\" class=\"mk-g\" aria-label=\"{}\"><circle cx=\"{}\" cy=\"{}\" r=\"{}\"/><text x=\"{}\" y=\"{}\">{n}</text></a>",
        esc(grouping.href),
        esc(places.first().map_or("", |p| p.0)),
        esc(&label),
        num(d.at[0]),
        num(d.at[1]),
        num(radius(n, c.sizes)),
        num(d.at[0]),
        num(d.at[1] + badge_font(c.sizes) * 0.35),
    );
}
