//! The map: fixture layers (shared borders, a polygon with a hole, a multipolygon, lines,
//! points) drawn into `/mapa/` and read back as SVG; every mistake in a layer reported at its
//! place; the size budgets with real data (49 hromadas and 500 venues; Ukraine's oblasts).

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::*;

const AREAS: &str = r#"{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "Західна"}, "geometry": {"type": "Polygon", "coordinates": [[[32.0, 48.4], [32.3, 48.4], [32.3, 48.5], [32.3, 48.6], [32.0, 48.6], [32.0, 48.4]]]}},
{"type": "Feature", "properties": {"name": "Східна"}, "geometry": {"type": "Polygon", "coordinates": [[[32.3, 48.4], [32.6, 48.4], [32.6, 48.6], [32.3, 48.6], [32.3, 48.5], [32.3, 48.4]]]}},
{"type": "Feature", "properties": {"name": "Північна з озером"}, "geometry": {"type": "Polygon", "coordinates": [[[32.0, 48.6], [32.3, 48.6], [32.6, 48.6], [32.6, 48.7], [32.0, 48.7], [32.0, 48.6]], [[32.1, 48.62], [32.1, 48.68], [32.2, 48.68], [32.2, 48.62], [32.1, 48.62]]]}},
{"type": "Feature", "properties": {"name": "Острови"}, "geometry": {"type": "MultiPolygon", "coordinates": [[[[32.05, 48.32], [32.1, 48.32], [32.1, 48.36], [32.05, 48.36], [32.05, 48.32]]], [[[32.5, 48.32], [32.55, 48.32], [32.55, 48.36], [32.5, 48.36], [32.5, 48.32]]]]}}
]}
"#;

const ROADS: &str = r#"{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[31.5, 48.45], [32.2, 48.47], [32.4, 48.52], [33.1, 48.55]]}},
{"type": "Feature", "properties": {}, "geometry": {"type": "MultiLineString", "coordinates": [[[32.25, 48.3], [32.25, 48.8]], [[32.45, 48.41], [32.5, 48.45]]]}}
]}
"#;

const PLACES: &str = r#"{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "Сeлo"}, "geometry": {"type": "Point", "coordinates": [32.15, 48.5]}},
{"type": "Feature", "properties": {"name": "Місто"}, "geometry": {"type": "Point", "coordinates": [32.45, 48.5]}},
{"type": "Feature", "properties": {"name": "Хутір"}, "geometry": null}
]}
"#;

const MAP_TOML: &str = r##"
[map]
attribution = "© Мінрегіон"
nearby_km = 10

[[map.layers]]
name = "Райони"
file = "data/geo/areas.geojson"
label = "name"
fit = true

[[map.layers]]
name = "Дороги"
file = "data/geo/roads.geojson"
style = "line"
stroke = "#aa3300"

[[map.layers]]
name = "Населені пункти"
file = "data/geo/places.geojson"
style = "point"
label = "name"
"##;

const VENUES: &str = r#"- id: biblioteka
  name: Бібліотека
  kind: library
  address: вул. Шкільна, 1
  settlement: Село
  location: [32.26, 48.51]
  services: [wifi, computers]
  accessibility: [step-free]
- id: tsnap
  name: ЦНАП
  kind: cnap
  address: вул. Центральна, 5
  settlement: Місто
  location: [32.30, 48.50]
- id: klub
  name: Цифровий клуб
  kind: digital-club
  address: вул. Садова, 2
  settlement: Місто
"#;

fn map_site() -> tempfile::TempDir {
    let site = fixture();
    let root = site.path();
    write(root, "data/geo/areas.geojson", AREAS);
    write(root, "data/geo/roads.geojson", ROADS);
    write(root, "data/geo/places.geojson", PLACES);
    write(root, "data/venues.yaml", VENUES);
    let toml = read(root, "site.toml");
    write(root, "site.toml", &format!("{toml}{MAP_TOML}"));
    site
}

/// The inline SVG of a page (the first, or the one with this id).
fn svg_of(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("id=\"{id}\" role=\"group\""))
        .and_then(|i| html[..i].rfind("<svg"))
        .unwrap_or_else(|| panic!("no svg#{id}"));
    let end = html[start..].find("</svg>").unwrap() + start + 6;
    html[start..end].to_string()
}

type P = (i64, i64);

/// The subpaths of path data written as hromada writes it: `M x y`, then `l` with relative
/// steps, `a` arcs (dots), `z`. Each subpath as absolute points.
fn subpaths(d: &str) -> Vec<Vec<P>> {
    let mut out: Vec<Vec<P>> = Vec::new();
    let mut nums: Vec<f64> = Vec::new();
    let mut cmd = ' ';
    let flush = |cmd: char, nums: &mut Vec<f64>, out: &mut Vec<Vec<P>>| {
        match cmd {
            'M' => out.push(vec![(nums[0] as i64, nums[1] as i64)]),
            'l' => {
                let cur = out.last_mut().unwrap();
                for pair in nums.chunks(2) {
                    let last = *cur.last().unwrap();
                    cur.push((last.0 + pair[0] as i64, last.1 + pair[1] as i64));
                }
            }
            'a' => {
                let cur = out.last_mut().unwrap();
                for arc in nums.chunks(7) {
                    let last = *cur.last().unwrap();
                    cur.push((last.0 + arc[5] as i64, last.1 + arc[6] as i64));
                }
            }
            _ => {}
        }
        nums.clear();
    };
    let mut token = String::new();
    for c in d.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || c == '.' || (c == '-' && token.is_empty()) {
            token.push(c);
            continue;
        }
        if !token.is_empty() {
            nums.push(token.parse().unwrap());
            token.clear();
        }
        if c == '-' {
            token.push(c);
        } else if c.is_ascii_alphabetic() {
            flush(cmd, &mut nums, &mut out);
            cmd = c;
        }
    }
    flush(cmd, &mut nums, &mut out);
    out
}

fn segments(parts: &[Vec<P>], closed: bool) -> Vec<(P, P)> {
    let mut segs = Vec::new();
    for p in parts {
        for w in p.windows(2) {
            segs.push(if w[0] <= w[1] {
                (w[0], w[1])
            } else {
                (w[1], w[0])
            });
        }
        if closed && p.len() > 2 && p[0] != p[p.len() - 1] {
            let (a, b) = (p[p.len() - 1], p[0]);
            segs.push(if a <= b { (a, b) } else { (b, a) });
        }
    }
    segs
}

fn num(n: &roxmltree::Node, attr: &str) -> f64 {
    n.attribute(attr).unwrap().parse().unwrap()
}

#[test]
fn fixture_layers_become_a_map_with_linked_markers_and_shared_borders_once() {
    let site = map_site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The look-alike name and the feature without geometry are warnings naming the feature.
    assert_has(
        &run.stderr,
        &[
            "warning[W0807]",
            "data/geo/places.geojson:2:44",
            "«Сeлo» mixes Latin letters into Cyrillic",
            "the map shows it as «Село»",
            "warning[W0806]",
            "data/geo/places.geojson:4:1",
            "feature 2 «Хутір» has no geometry",
        ],
    );
    let out = site.path().join("public");
    let html = read(&out, "mapa/index.html");
    let svg = svg_of(&html, "map");
    assert!(
        svg.len() < 20_000,
        "the fixture map weighs {} bytes",
        svg.len()
    );
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let root = doc.root_element();
    let vb: Vec<f64> = root
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let (w, h) = (vb[2], vb[3]);
    assert_eq!((vb[0], vb[1], w), (0.0, 0.0, 1000.0));
    let inside = |x: f64, y: f64, what: &str| {
        assert!(
            (0.0..=w).contains(&x) && (0.0..=h).contains(&y),
            "{what} at {x},{y} is outside the viewBox {w}×{h}"
        );
    };

    // Every located venue is a linked marker with an accessible name; the one without a
    // location is in the list only.
    let markers: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("a") && n.attribute("class").is_some_and(|c| c.contains("mk")))
        .collect();
    let hrefs: Vec<&str> = markers
        .iter()
        .map(|m| m.attribute("href").unwrap())
        .collect();
    assert_eq!(hrefs, ["/mistsia/tsnap/", "/mistsia/biblioteka/"]);
    for m in &markers {
        assert!(m.attribute("aria-label").unwrap().contains(", вул. "));
        let u = m.children().find(|c| c.has_tag_name("use")).unwrap();
        inside(num(&u, "x"), num(&u, "y"), "a marker");
        let shape = u.attribute("href").unwrap().trim_start_matches('#');
        assert!(doc.descendants().any(|n| n.attribute("id") == Some(shape)));
    }
    // The two kinds have different shapes and different colours.
    let looks: Vec<(&str, &str)> = markers
        .iter()
        .map(|m| {
            let u = m.children().find(|c| c.has_tag_name("use")).unwrap();
            (u.attribute("href").unwrap(), m.attribute("class").unwrap())
        })
        .collect();
    assert_ne!(looks[0].0, looks[1].0);
    assert_ne!(looks[0].1, looks[1].1);
    assert!(
        html.contains("id=\"v-klub\""),
        "the venue without location is listed"
    );
    assert!(!svg.contains("klub"));

    // Every coordinate of every path is inside the viewBox.
    let paths: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path") && n.parent().is_some_and(|p| !p.has_tag_name("defs")))
        .collect();
    for p in &paths {
        for part in subpaths(p.attribute("d").unwrap()) {
            for (x, y) in part {
                inside(x as f64, y as f64, "a path point");
            }
        }
    }
    for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
        inside(num(&t, "x"), num(&t, "y"), "a label");
    }

    // Areas: a fill per feature (the hole and the second island are subpaths), borders once.
    let areas = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("map-area map-l0"))
        .unwrap();
    let fills: Vec<Vec<Vec<P>>> = areas
        .children()
        .filter(|n| n.has_tag_name("path") && n.attribute("class").is_none())
        .map(|n| subpaths(n.attribute("d").unwrap()))
        .collect();
    assert_eq!(fills.len(), 4);
    assert_eq!(
        fills[2].len(),
        2,
        "polygon with a hole: outer ring and hole"
    );
    assert_eq!(fills[3].len(), 2, "multipolygon: two parts");
    let edges = areas
        .children()
        .find(|n| n.attribute("class") == Some("map-edges"))
        .unwrap();
    let edge_segs = segments(&subpaths(edges.attribute("d").unwrap()), false);
    let mut count: HashMap<(P, P), usize> = HashMap::new();
    for s in &edge_segs {
        *count.entry(*s).or_default() += 1;
    }
    let twice: Vec<_> = count.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "borders drawn twice: {twice:?}");
    // The borders West/East, West/North and East/North are in two fills and once in the
    // edges.
    let in_fills: Vec<Vec<(P, P)>> = fills.iter().map(|f| segments(f, true)).collect();
    let mut shared: Vec<(P, P)> = Vec::new();
    for i in 0..in_fills.len() {
        for j in i + 1..in_fills.len() {
            shared.extend(in_fills[i].iter().filter(|s| in_fills[j].contains(s)));
        }
    }
    assert!(shared.len() >= 3, "{shared:?}");
    for s in &shared {
        assert_eq!(count.get(s), Some(&1), "shared border {s:?}");
    }

    // Lines are clipped to the view; places are dots with their (corrected) names.
    let lines = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("map-lines"))
        .unwrap();
    assert_eq!(subpaths(lines.attribute("d").unwrap()).len(), 3);
    let labels: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    for name in ["Село", "Місто", "Західна", "Східна", "© Мінрегіон"]
    {
        assert!(labels.contains(&name), "no label {name}: {labels:?}");
    }
    assert!(!svg.contains("Сeлo"));

    // The layer's stroke from site.toml reaches the stylesheet.
    let css = read(&out, &fingerprinted(&out, "style", "css"));
    assert!(
        css.contains(".map-l1,.map-l1 .map-edges{stroke:#a30}"),
        "layer colour"
    );

    // A venue page: a small map with its own marker (not a link) and the neighbour as one.
    let page = read(&out, "mistsia/biblioteka/index.html");
    let mini = svg_of(&page, "mini");
    let doc = roxmltree::Document::parse(&mini).unwrap();
    let here = doc
        .descendants()
        .find(|n| n.attribute("data-v") == Some("biblioteka"))
        .unwrap();
    assert!(here.has_tag_name("g"));
    assert_eq!(here.attribute("role"), Some("img"));
    assert!(
        doc.descendants()
            .any(|n| n.has_tag_name("a") && n.attribute("href") == Some("/mistsia/tsnap/"))
    );
    assert!(page.contains("href=\"/mapa/#v-biblioteka\""));

    // The map page is in the sitemap and, with the venue pages, in the offline store.
    assert!(read(&out, "sitemap.xml").contains("https://test.example/mapa/"));
    let sw = read(&out, "sw.js");
    for url in [
        "\"/mapa/\"",
        "\"/mistsia/biblioteka/\"",
        "\"/mistsia/klub/\"",
    ] {
        assert!(sw.contains(url), "sw.js does not precache {url}");
    }
}

#[test]
fn a_site_without_layers_or_located_venues_has_no_map() {
    let site = fixture();
    assert_eq!(build(site.path(), &[]).code, 0);
    assert!(!site.path().join("public/mapa").exists());
    // Venues alone make a map fitted to them.
    write(site.path(), "data/venues.yaml", VENUES);
    assert_eq!(build(site.path(), &[]).code, 0);
    let html = read(&site.path().join("public"), "mapa/index.html");
    assert_eq!(svg_of(&html, "map").matches("<a href=").count(), 2);
}

fn broken_map(edit: impl FnOnce(&Path)) -> String {
    broken_site(map_site(), edit)
}

#[test]
fn geojson_that_is_not_json_points_at_the_place() {
    let e = broken_map(edit_file(
        "data/geo/roads.geojson",
        "[32.45, 48.41], [32.5",
        "[32.45, 48.41] [32.5",
    ));
    assert_has(
        &e,
        &[
            "error[E0801]",
            "data/geo/roads.geojson:3:",
            "cannot be read",
        ],
    );
}

#[test]
fn feature_with_impossible_geometry_names_its_index() {
    let e = broken_map(edit_file(
        "data/geo/places.geojson",
        "\"coordinates\": [32.45, 48.5]",
        "\"coordinates\": [[32.45, 48.5]]",
    ));
    assert_has(
        &e,
        &[
            "error[E0802]",
            "data/geo/places.geojson:3:1",
            "feature 1 is not a valid GeoJSON Feature",
        ],
    );
}

#[test]
fn projected_crs_is_refused() {
    let e = broken_map(edit_file(
        "data/geo/areas.geojson",
        "{\"type\": \"FeatureCollection\",",
        "{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::3857\"}},",
    ));
    assert_has(
        &e,
        &[
            "error[E0803]",
            "data/geo/areas.geojson:1:31",
            "EPSG::3857",
            "EPSG:4326",
        ],
    );
}

#[test]
fn latitude_first_is_recognised() {
    let e = broken_map(edit_file(
        "data/geo/places.geojson",
        "[32.45, 48.5]",
        "[48.5, 32.45]",
    ));
    assert_has(
        &e,
        &[
            "error[E0804]",
            "data/geo/places.geojson:3:1",
            "latitude first",
            "[32.45, 48.5]",
        ],
    );
}

#[test]
fn missing_layer_file_and_bad_colour_name_the_setting() {
    let e = broken_map(edit_file(
        "site.toml",
        "file = \"data/geo/roads.geojson\"\nstyle = \"line\"\nstroke = \"#aa3300\"",
        "file = \"data/geo/dorohy.geojson\"\nstyle = \"line\"\nstroke = \"brick\"",
    ));
    assert_has(
        &e,
        &[
            "error[E0013]",
            "`data/geo/dorohy.geojson` is not a file of the site",
            "error[E0014]",
            "`brick` is not a colour",
        ],
    );
}

/// The gzip -9 size of some bytes.
fn gzipped(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut child = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("gzip");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap().stdout.len()
}

fn assets_of(html: &str) -> Vec<String> {
    html.split("/assets/")
        .skip(1)
        .map(|s| format!("assets/{}", &s[..s.find('"').unwrap()]))
        .collect()
}

/// 500 venues spread over Kirovohrad oblast, 10 kinds, in 49 settlements.
fn oblast_venues() -> String {
    let kinds = [
        "library",
        "smart-library",
        "access-centre",
        "cnap",
        "cnap-self-service",
        "diia-hub",
        "digital-club",
        "code-club",
        "school-lab",
        "youth-centre",
    ];
    let mut y = String::new();
    for i in 0..500u32 {
        // A deterministic scatter over the oblast's box (31.4–33.9 E, 47.7–49.2 N).
        let lon = 31.4 + f64::from((i * 7919) % 2500) / 1000.0;
        let lat = 47.7 + f64::from((i * 104_729) % 1500) / 1000.0;
        y.push_str(&format!(
            "- id: mistse-{i}\n  name: Місце {i}\n  kind: {}\n  address: вул. Центральна, {}\n  settlement: Громада {}\n  location: [{lon:.4}, {lat:.4}]\n  hours: \"Mo-Fr 09:00-18:00\"\n  services: [wifi, computers]\n  accessibility: [step-free]\n",
            kinds[i as usize % kinds.len()],
            i % 90 + 1,
            i % 49
        ));
    }
    y
}

#[test]
fn oblast_map_with_500_venues_stays_within_budget() {
    let site = fixture();
    let root = site.path();
    std::fs::create_dir_all(root.join("data/geo")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/geo/kirovohrad-oblast-hromadas.geojson"),
        root.join("data/geo/hromady.geojson"),
    )
    .unwrap();
    write(root, "data/venues.yaml", &oblast_venues());
    let toml = read(root, "site.toml");
    write(
        root,
        "site.toml",
        &format!(
            "{toml}\n[map]\nattribution = \"© Мінрегіон\"\n\n[[map.layers]]\nname = \"Громади\"\nfile = \"data/geo/hromady.geojson\"\nlabel = \"name\"\nfit = true\n"
        ),
    );
    let run = build(root, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // 48 names with Latin look-alikes: each a warning with the corrected spelling.
    assert_eq!(run.stderr.matches("warning[W0807]").count(), 48);
    assert!(run.stderr.contains("the map shows it as «Кропивницька»"));
    let out = root.join("public");
    let html = read(&out, "mapa/index.html");
    assert_eq!(svg_of(&html, "map").matches("<a href=").count(), 500);
    let mut total = gzipped(html.as_bytes());
    for a in assets_of(&html) {
        total += gzipped(&std::fs::read(out.join(&a)).unwrap());
    }
    println!("map page with 500 venues and 49 hromadas: {total} bytes compressed (HTML, CSS, JS)");
    assert!(total <= 150 * 1024, "{total} bytes compressed");
    // Labels are corrected: no Latin letter in any of the names placed between the markers.
    let svg = svg_of(&html, "map");
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let labels: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("map-area-label"))
        .filter_map(|n| n.text())
        .collect();
    println!("{} of 49 hromadas labelled: {labels:?}", labels.len());
    assert!(labels.len() >= 10);
    for l in labels {
        assert!(!l.chars().any(|c| c.is_ascii_alphabetic()), "{l}");
    }
}

#[test]
fn dense_oblasts_file_makes_a_small_overview() {
    let site = fixture();
    let root = site.path();
    std::fs::create_dir_all(root.join("data/geo")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/geo/ukraine-oblasts.geojson"),
        root.join("data/geo/oblasti.geojson"),
    )
    .unwrap();
    let toml = read(root, "site.toml");
    write(
        root,
        "site.toml",
        &format!(
            "{toml}\n[map]\nattribution = \"© Мінрегіон\"\n\n[[map.layers]]\nname = \"Області\"\nfile = \"data/geo/oblasti.geojson\"\nlabel = \"ADMIN_1\"\nfit = true\n"
        ),
    );
    let run = build(root, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(&root.join("public"), "mapa/index.html");
    let svg = svg_of(&html, "map");
    println!(
        "overview of 27 oblasts (82,090 points): {} bytes of SVG",
        svg.len()
    );
    assert!(svg.len() <= 60 * 1024, "{} bytes", svg.len());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let fills = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("path")
                && n.parent()
                    .is_some_and(|p| p.attribute("class") == Some("map-area map-l0"))
                && n.attribute("class").is_none()
        })
        .count();
    assert_eq!(fills, 27, "every oblast drawn");
}
