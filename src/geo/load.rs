//! Reading one GeoJSON layer: the `geojson` crate parses each feature of a
//! FeatureCollection; every problem points at the feature's place in the file. Coordinates
//! must be WGS84 longitude/latitude (RFC 7946); a `crs` naming anything else, latitude
//! written first, or a coordinate off the globe are errors, a feature without geometry and
//! a name typed with Latin look-alike letters are warnings.

use std::path::Path;

use geojson::{Feature as GjFeature, GeometryValue, Position};

use super::scan::feature_spans;
use super::{Feature, Layer, Pt, Shape};
use crate::diag::{Diagnostic, LineIndex, Location};
use crate::i18n::Msg;
use crate::slug::fix_lookalikes;
use crate::values::{UKRAINE_LAT, UKRAINE_LON};

/// Names a `crs` member may give for WGS84 longitude/latitude.
const WGS84: [&str; 4] = [
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
];

/// The most points (positions) one layer may have. Every map view simplifies the layer's
/// borders anew, so a layer's cost is multiplied by the number of maps (the map page and
/// every venue page's small map): at this limit the example site's check (12 venues) takes
/// about 3 s more. Real data is far below: Ukraine's 27 oblasts at full resolution have
/// 82,090 points.
pub const MAX_POINTS: usize = 500_000;

/// `n` with its digits grouped by thin spaces (500 000), readable in both languages.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(d);
    }
    out
}

/// Reads a layer. `label` is the property that names features on the map. Returns the layer
/// (unless an error makes it unusable) and every problem found.
pub fn read(text: &str, file: &Path, label: Option<&str>) -> (Option<Layer>, Vec<Diagnostic>) {
    // A byte order mark (some Windows programs write one) is not JSON: it is left out, as
    // editors do, so positions count from the first character after it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut diags = Vec::new();
    // Positions of problems: the lines indexed once, on the first problem.
    let lines = std::cell::OnceCell::new();
    let locate = |start: usize, end: usize| {
        lines
            .get_or_init(|| LineIndex::new(text))
            .location(text, start, end)
    };
    if let Some(at) = super::scan::position_over(text, MAX_POINTS) {
        diags.push(
            Diagnostic::error(
                "E0805",
                file,
                tr!(
                    "this layer has more than {} points; the map draws at most that many per layer",
                    "у цьому шарі понад {} точок; карта малює щонайбільше стільки на шар",
                    grouped(MAX_POINTS)
                ),
            )
            .at(locate(at, at + 1))
            .hint(tr!(
                "simplify the layer before adding it: in QGIS, Vector → Geometry Tools → Simplify; or `mapshaper layer.geojson -simplify 10% -o out.geojson`; a map on a screen needs far fewer points than a survey",
                "спростіть шар, перш ніж додавати: у QGIS — Vector → Geometry Tools → Simplify, або `mapshaper layer.geojson -simplify 10% -o out.geojson`; карті на екрані потрібно набагато менше точок, ніж кадастровому знімку"
            )),
        );
        return (None, diags);
    }
    let mut root: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    "E0801",
                    file,
                    tr!("this GeoJSON cannot be read: {e}", "цей GeoJSON не читається: {e}"),
                )
                .at(Location::new(e.line(), e.column(), 1))
                .hint(tr!(
                    "check commas, brackets and quotes near this place; a GIS program can re-export the file",
                    "перевірте коми, дужки й лапки біля цього місця; ГІС-програма може експортувати файл наново"
                )),
            );
            return (None, diags);
        }
    };
    let whole = Location::new(1, 1, 1);
    let kind = root.get("type").and_then(|t| t.as_str()).unwrap_or("");
    if kind != "FeatureCollection" {
        diags.push(
            Diagnostic::error(
                "E0802",
                file,
                tr!(
                    "a map layer must be a GeoJSON FeatureCollection, this is `{kind}`",
                    "шар карти має бути GeoJSON FeatureCollection, а це `{kind}`"
                ),
            )
            .at(whole)
            .hint(tr!(
                "export the layer as GeoJSON with all its features in one FeatureCollection",
                "експортуйте шар як GeoJSON, де всі об'єкти в одній FeatureCollection"
            )),
        );
        return (None, diags);
    }
    if let Some(crs) = root.get("crs") {
        let name = crs
            .pointer("/properties/name")
            .and_then(|n| n.as_str())
            .unwrap_or("");
        if !WGS84.contains(&name) {
            let at = text.find("\"crs\"").map_or(whole, |i| locate(i, i + 5));
            diags.push(
                Diagnostic::error(
                    "E0803",
                    file,
                    tr!(
                        "the layer's coordinates are in `{}`, not WGS84 longitude/latitude",
                        "координати шару — у `{}`, а не в довготі/широті WGS84",
                        if name.is_empty() {
                            tr!("an unknown system", "невідомій системі")
                        } else {
                            Msg::verbatim(name)
                        }
                    ),
                )
                .at(at)
                .hint(tr!(
                    "re-export the layer as GeoJSON in EPSG:4326 (WGS 84); in QGIS: Export → Save Features As → CRS EPSG:4326",
                    "експортуйте шар наново як GeoJSON в EPSG:4326 (WGS 84); у QGIS: Export → Save Features As → CRS EPSG:4326"
                )),
            );
            return (None, diags);
        }
    }
    let spans = feature_spans(text);
    let values = match root.get_mut("features").map(serde_json::Value::take) {
        Some(serde_json::Value::Array(v)) => v,
        _ => {
            diags.push(
                Diagnostic::error(
                    "E0802",
                    file,
                    tr!(
                        "this FeatureCollection has no list of features",
                        "у цій FeatureCollection немає списку об'єктів"
                    ),
                )
                .at(whole)
                .hint(tr!(
                    "a FeatureCollection holds its features in \"features\": [ … ]",
                    "FeatureCollection тримає свої об'єкти в \"features\": [ … ]"
                )),
            );
            return (None, diags);
        }
    };
    let mut features = Vec::new();
    let mut label_seen = false;
    let mut properties_seen: Vec<String> = Vec::new();
    for (index, value) in values.into_iter().enumerate() {
        let span = spans.get(index).cloned();
        // Worked out only for a feature with a problem.
        let at = || span.clone().map_or(whole, |s| locate(s.start, s.start + 1));
        let feature: GjFeature = match serde_json::from_value(value) {
            Ok(f) => f,
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        "E0802",
                        file,
                        tr!(
                            "feature {index} is not a valid GeoJSON Feature: {e}",
                            "об'єкт {index} — не правильний GeoJSON Feature: {e}"
                        ),
                    )
                    .at(at())
                    .hint(tr!(
                        "each feature needs \"type\": \"Feature\", \"properties\" and a \"geometry\" whose coordinates match its type",
                        "кожному об'єктові потрібні \"type\": \"Feature\", \"properties\" і \"geometry\" з координатами, що відповідають її типу"
                    )),
                );
                continue;
            }
        };
        let name = label.and_then(|key| {
            let props = feature.properties.as_ref()?;
            if properties_seen.is_empty() {
                properties_seen = props.keys().cloned().collect();
            }
            let v = props.get(key)?;
            let s = match v {
                serde_json::Value::String(s) => s.trim().to_string(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => return None,
            };
            (!s.is_empty()).then_some(s)
        });
        label_seen |= name.is_some();
        let name = name.map(|n| match fix_lookalikes(&n) {
            Some(fixed) => {
                let place = span
                    .as_ref()
                    .and_then(|s| {
                        let quoted = serde_json::to_string(&n).ok()?;
                        text[s.clone()]
                            .find(&quoted)
                            .map(|i| locate(s.start + i, s.start + i + quoted.len()))
                    })
                    .unwrap_or_else(at);
                diags.push(
                    Diagnostic::warning(
                        "W0807",
                        file,
                        tr!(
                            "the name of feature {index} «{n}» mixes Latin letters into Cyrillic",
                            "у назві об'єкта {index} «{n}» серед кирилиці є латинські літери"
                        ),
                    )
                    .at(place)
                    .hint(tr!(
                        "the map shows it as «{fixed}»; write that in the file so that search and sorting find it too",
                        "карта покаже «{fixed}»; напишіть так і у файлі, щоб пошук і сортування теж її знаходили"
                    )),
                );
                fixed
            }
            None => n,
        });
        let Some(geometry) = feature.geometry else {
            diags.push(
                Diagnostic::warning(
                    "W0806",
                    file,
                    tr!(
                        "feature {index}{} has no geometry and is left off the map",
                        "в об'єкта {index}{} немає геометрії, тож на карті його не буде",
                        name.as_deref()
                            .map(|n| format!(" «{n}»"))
                            .unwrap_or_default()
                    ),
                )
                .at(at())
                .hint(tr!(
                    "draw its shape in a GIS program, or delete the feature",
                    "намалюйте його форму в ГІС-програмі або видаліть об'єкт"
                )),
            );
            continue;
        };
        let mut shape = Shape::default();
        add_geometry(&geometry.value, &mut shape);
        if let Some(problem) = check_coords(&shape) {
            diags.push(
                Diagnostic::error(
                    "E0804",
                    file,
                    tr!("feature {index}: {}", "об'єкт {index}: {}", problem.0),
                )
                .at(at())
                .hint(problem.1),
            );
            continue;
        }
        features.push(Feature {
            index,
            label: name,
            shape,
        });
    }
    if let Some(key) = label
        && !label_seen
        && !features.is_empty()
    {
        diags.push(
            Diagnostic::warning(
                "W0809",
                file,
                tr!(
                    "no feature has the property `{key}` the map labels them with",
                    "жоден об'єкт не має властивості `{key}`, якою карта їх підписує"
                ),
            )
            .at(whole)
            .hint(if properties_seen.is_empty() {
                tr!(
                    "the features have no properties; remove `label` from the layer in site.toml",
                    "в об'єктів немає властивостей; приберіть `label` із шару в site.toml"
                )
            } else {
                tr!(
                    "the features have: {}",
                    "властивості об'єктів: {}",
                    properties_seen.join(", ")
                )
            }),
        );
    }
    let ok = !diags.iter().any(|d| d.is_error());
    (ok.then_some(Layer { features }), diags)
}

fn pt(p: &Position) -> Pt {
    let s = p.as_slice();
    [
        s.first().copied().unwrap_or(f64::NAN),
        s.get(1).copied().unwrap_or(f64::NAN),
    ]
}

fn ring(r: &[Position]) -> Vec<Pt> {
    r.iter().map(pt).collect()
}

fn add_geometry(g: &GeometryValue, shape: &mut Shape) {
    match g {
        GeometryValue::Point { coordinates } => shape.points.push(pt(coordinates)),
        GeometryValue::MultiPoint { coordinates } => {
            shape.points.extend(coordinates.iter().map(pt))
        }
        GeometryValue::LineString { coordinates } => shape.lines.push(ring(coordinates)),
        GeometryValue::MultiLineString { coordinates } => {
            shape.lines.extend(coordinates.iter().map(|l| ring(l)))
        }
        GeometryValue::Polygon { coordinates } => shape
            .polygons
            .push(coordinates.iter().map(|r| ring(r)).collect()),
        GeometryValue::MultiPolygon { coordinates } => shape.polygons.extend(
            coordinates
                .iter()
                .map(|p| p.iter().map(|r| ring(r)).collect()),
        ),
        GeometryValue::GeometryCollection { geometries } => {
            for g in geometries {
                add_geometry(&g.value, shape);
            }
        }
    }
}

fn within(v: f64, (lo, hi): (f64, f64)) -> bool {
    v >= lo && v <= hi
}

/// The first coordinate that cannot be longitude/latitude, or a layer written latitude
/// first (every coordinate outside Ukraine, and inside it once swapped).
fn check_coords(shape: &Shape) -> Option<(Msg, Msg)> {
    for &[lon, lat] in shape.coords() {
        if !lon.is_finite() || !lat.is_finite() || lon.abs() > 180.0 || lat.abs() > 90.0 {
            return Some((
                tr!(
                    "[{lon}, {lat}] is not a longitude and latitude in degrees",
                    "[{lon}, {lat}] — не довгота й широта в градусах"
                ),
                tr!(
                    "the layer may be in metres of a projected system; re-export it in EPSG:4326 (WGS 84)",
                    "шар, мабуть, у метрах проєкційної системи; експортуйте його наново в EPSG:4326 (WGS 84)"
                ),
            ));
        }
    }
    let mut coords = shape.coords().peekable();
    coords.peek()?;
    let swapped = shape.coords().all(|&[lon, lat]| {
        !(within(lon, UKRAINE_LON) && within(lat, UKRAINE_LAT))
            && within(lat, UKRAINE_LON)
            && within(lon, UKRAINE_LAT)
    });
    if swapped {
        let [a, b] = *shape.coords().next()?;
        return Some((
            tr!(
                "the coordinates are written latitude first ([{a}, {b}])",
                "координати записано широтою вперед ([{a}, {b}])"
            ),
            tr!(
                "GeoJSON order is longitude first: [{b}, {a}]; re-export the layer or swap the axes in your GIS program",
                "у GeoJSON першою йде довгота: [{b}, {a}]; експортуйте шар наново або поміняйте осі в ГІС-програмі"
            ),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fc(features: &str) -> String {
        format!("{{\"type\": \"FeatureCollection\", \"features\": [\n{features}\n]}}")
    }

    #[test]
    fn reads_shapes_and_labels() {
        let text = fc(
            r#"{"type": "Feature", "properties": {"name": "Кpoпивницькa"}, "geometry": {"type": "Polygon", "coordinates": [[[32.1, 48.5], [32.2, 48.5], [32.2, 48.6], [32.1, 48.5]]]}},
{"type": "Feature", "properties": {"name": "Нове"}, "geometry": null},
{"type": "Feature", "properties": {"name": "Лелеківка"}, "geometry": {"type": "Point", "coordinates": [32.3, 48.53]}}"#,
        );
        let (layer, diags) = read(&text, Path::new("data/geo/x.geojson"), Some("name"));
        let layer = layer.unwrap();
        assert_eq!(layer.features.len(), 2);
        assert_eq!(layer.features[0].label.as_deref(), Some("Кропивницька"));
        assert_eq!(layer.features[1].index, 2);
        let codes: Vec<_> = diags
            .iter()
            .map(|d| (d.code, d.location.unwrap().line))
            .collect();
        assert_eq!(codes, [("W0807", 2), ("W0806", 3)]);
        assert_eq!(diags[0].location.unwrap().col, 44);
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let text = format!(
            "\u{feff}{}",
            fc(
                r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [32.3, 48.53]}}"#
            )
        );
        let (layer, diags) = read(&text, Path::new("x"), None);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(layer.unwrap().features.len(), 1);
    }

    #[test]
    fn too_many_points_are_refused_before_parsing() {
        let head = r#"{"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": ["#;
        let text = fc(&format!("{head}{}[1,2]]}}}}", "[1,2],".repeat(MAX_POINTS)));
        let (layer, diags) = read(&text, Path::new("x"), None);
        assert!(layer.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "E0805");
        let loc = diags[0].location.unwrap();
        assert_eq!((loc.line, loc.col), (2, head.len() + 6 * MAX_POINTS + 1));
    }

    #[test]
    fn rejects_swapped_projected_and_crs() {
        let swapped = fc(
            r#"{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[48.5, 32.1], [48.6, 32.2]]}}"#,
        );
        let (layer, diags) = read(&swapped, Path::new("x"), None);
        assert!(layer.is_none());
        assert_eq!(diags[0].code, "E0804");
        assert!(diags[0].hint.as_ref().unwrap().contains("[32.1, 48.5]"));
        let metres = fc(
            r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [3600000.5, 6200000.1]}}"#,
        );
        assert_eq!(read(&metres, Path::new("x"), None).1[0].code, "E0804");
        let crs = r#"{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}, "features": []}"#;
        let (_, diags) = read(crs, Path::new("x"), None);
        assert_eq!(diags[0].code, "E0803");
        assert!(diags[0].message.contains("3857"));
        let broken = fc(
            r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [1, 2]}}"#,
        );
        let (_, diags) = read(&broken, Path::new("x"), None);
        assert_eq!(
            (diags[0].code, diags[0].location.unwrap().line),
            ("E0802", 2)
        );
        let (_, diags) = read(
            "{\"type\": \"FeatureCollection\",\n \"features\": [,]}",
            Path::new("x"),
            None,
        );
        assert_eq!(
            (diags[0].code, diags[0].location.unwrap().line),
            ("E0801", 2)
        );
    }
}
