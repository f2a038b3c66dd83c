//! Reading one GeoJSON layer: the `geojson` crate parses each feature of a
//! FeatureCollection; every problem points at the feature's place in the file. Coordinates
//! must be WGS84 longitude/latitude (RFC 7946); a `crs` naming anything else, latitude
//! written first, or a coordinate off the globe are errors, a feature without geometry and
//! a name typed with Latin look-alike letters are warnings.

use std::cell::OnceCell;
use std::ops::Range;
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
    let mut reading = Reading {
        text,
        file,
        lines: OnceCell::new(),
        diags: Vec::new(),
    };
    let values = match reading.feature_values() {
        Ok(values) => values,
        Err(d) => return (None, vec![d]),
    };
    let spans = feature_spans(text);
    let mut names = LabelProperty {
        key: label,
        seen: false,
        properties: Vec::new(),
    };
    let mut features = Vec::new();
    for (index, value) in values.into_iter().enumerate() {
        let span = spans.get(index).cloned();
        features.extend(reading.feature(index, value, span, &mut names));
    }
    if !features.is_empty() {
        reading.diags.extend(names.never_seen(file));
    }
    let diags = reading.diags;
    let ok = !diags.iter().any(|d| d.is_error());
    (ok.then_some(Layer { features }), diags)
}

/// The place of the whole file, for problems that have no better one.
const WHOLE: Location = Location {
    line: 1,
    col: 1,
    len: 1,
};

/// One layer's text being read, and the problems found so far.
struct Reading<'a> {
    text: &'a str,
    file: &'a Path,
    /// The lines, indexed once, on the first problem that needs a position.
    lines: OnceCell<LineIndex>,
    diags: Vec<Diagnostic>,
}

impl Reading<'_> {
    /// The position of the byte range `start..end` of the text.
    fn locate(&self, start: usize, end: usize) -> Location {
        self.lines
            .get_or_init(|| LineIndex::new(self.text))
            .location(self.text, start, end)
    }

    /// The position of a feature (its first character), or the whole file's.
    fn feature_at(&self, span: &Option<Range<usize>>) -> Location {
        span.as_ref()
            .map_or(WHOLE, |s| self.locate(s.start, s.start + 1))
    }

    /// The elements of the `features` array, or the one problem that makes the whole layer
    /// unusable: too many points, not JSON, not a FeatureCollection, coordinates in
    /// another system, no list of features.
    fn feature_values(&self) -> Result<Vec<serde_json::Value>, Diagnostic> {
        let file = self.file;
        if let Some(at) = super::scan::position_over(self.text, MAX_POINTS) {
            return Err(too_many_points(file).at(self.locate(at, at + 1)));
        }
        let mut root: serde_json::Value =
            serde_json::from_str(self.text).map_err(|e| not_json(&e, file))?;
        let kind = root.get("type").and_then(|t| t.as_str()).unwrap_or("");
        if kind != "FeatureCollection" {
            return Err(not_a_collection(kind, file));
        }
        self.check_crs(&root)?;
        match root.get_mut("features").map(serde_json::Value::take) {
            Some(serde_json::Value::Array(v)) => Ok(v),
            _ => Err(no_features(file)),
        }
    }

    /// A `crs` member, if there is one, must name WGS84 longitude/latitude.
    fn check_crs(&self, root: &serde_json::Value) -> Result<(), Diagnostic> {
        let Some(crs) = root.get("crs") else {
            return Ok(());
        };
        let name = crs
            .pointer("/properties/name")
            .and_then(|n| n.as_str())
            .unwrap_or("");
        if WGS84.contains(&name) {
            return Ok(());
        }
        let at = self
            .text
            .find("\"crs\"")
            .map_or(WHOLE, |i| self.locate(i, i + 5));
        Err(other_crs(name, self.file).at(at))
    }

    /// Feature `index` of the file, `span` its place in the text: the feature, or `None`
    /// when it cannot be drawn (the problem is recorded).
    fn feature(
        &mut self,
        index: usize,
        value: serde_json::Value,
        span: Option<Range<usize>>,
        names: &mut LabelProperty,
    ) -> Option<Feature> {
        let feature: GjFeature = match serde_json::from_value(value) {
            Ok(f) => f,
            Err(e) => {
                let d = invalid_feature(index, &e, self.file).at(self.feature_at(&span));
                self.diags.push(d);
                return None;
            }
        };
        let name = names
            .of(&feature)
            .map(|n| self.without_lookalikes(index, n, &span));
        let Some(geometry) = feature.geometry else {
            let d = no_geometry(index, name.as_deref(), self.file).at(self.feature_at(&span));
            self.diags.push(d);
            return None;
        };
        let mut shape = Shape::default();
        add_geometry(&geometry.value, &mut shape);
        if let Some((problem, hint)) = check_coords(&shape) {
            let d = Diagnostic::error(
                "E0804",
                self.file,
                tr!("feature {index}: {}", "об'єкт {index}: {}", problem),
            )
            .at(self.feature_at(&span))
            .hint(hint);
            self.diags.push(d);
            return None;
        }
        Some(Feature {
            index,
            label: name,
            shape,
        })
    }

    /// The name of feature `index` with Latin look-alike letters made Cyrillic; a name that
    /// had any is reported where it is written in the feature.
    fn without_lookalikes(
        &mut self,
        index: usize,
        n: String,
        span: &Option<Range<usize>>,
    ) -> String {
        let Some(fixed) = fix_lookalikes(&n) else {
            return n;
        };
        let place = span
            .as_ref()
            .and_then(|s| {
                let quoted = serde_json::to_string(&n).ok()?;
                self.text[s.clone()]
                    .find(&quoted)
                    .map(|i| self.locate(s.start + i, s.start + i + quoted.len()))
            })
            .unwrap_or_else(|| self.feature_at(span));
        let d = Diagnostic::warning(
            "W0807",
            self.file,
            tr!(
                "the name of feature {index} «{n}» mixes Latin letters into Cyrillic",
                "у назві об'єкта {index} «{n}» серед кирилиці є латинські літери"
            ),
        )
        .at(place)
        .hint(tr!(
            "the map shows it as «{fixed}»; write that in the file so that search and sorting find it too",
            "карта покаже «{fixed}»; напишіть так і у файлі, щоб пошук і сортування теж її знаходили"
        ));
        self.diags.push(d);
        fixed
    }
}

/// The property that names features on the map, and what the features had: for the
/// warning when none of them has it.
struct LabelProperty<'a> {
    key: Option<&'a str>,
    /// Whether any feature had a name.
    seen: bool,
    /// The properties of the first feature that has any.
    properties: Vec<String>,
}

impl LabelProperty<'_> {
    /// The feature's name: text trimmed, a number as written; `None` when it has none.
    fn of(&mut self, feature: &GjFeature) -> Option<String> {
        let key = self.key?;
        let props = feature.properties.as_ref()?;
        if self.properties.is_empty() {
            self.properties = props.keys().cloned().collect();
        }
        let s = match props.get(key)? {
            serde_json::Value::String(s) => s.trim().to_string(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => return None,
        };
        let name = (!s.is_empty()).then_some(s);
        self.seen |= name.is_some();
        name
    }

    /// The warning when features are named by a property none of them has.
    fn never_seen(&self, file: &Path) -> Option<Diagnostic> {
        let key = self.key.filter(|_| !self.seen)?;
        let hint = if self.properties.is_empty() {
            tr!(
                "the features have no properties; remove `label` from the layer in site.toml",
                "в об'єктів немає властивостей; приберіть `label` із шару в site.toml"
            )
        } else {
            tr!(
                "the features have: {}",
                "властивості об'єктів: {}",
                self.properties.join(", ")
            )
        };
        let d = Diagnostic::warning(
            "W0809",
            file,
            tr!(
                "no feature has the property `{key}` the map labels them with",
                "жоден об'єкт не має властивості `{key}`, якою карта їх підписує"
            ),
        );
        Some(d.at(WHOLE).hint(hint))
    }
}

fn too_many_points(file: &Path) -> Diagnostic {
    Diagnostic::error(
        "E0805",
        file,
        tr!(
            "this layer has more than {} points; the map draws at most that many per layer",
            "у цьому шарі понад {} точок; карта малює щонайбільше стільки на шар",
            grouped(MAX_POINTS)
        ),
    )
    .hint(tr!(
        "simplify the layer before adding it: in QGIS, Vector → Geometry Tools → Simplify; or `mapshaper layer.geojson -simplify 10% -o out.geojson`; a map on a screen needs far fewer points than a survey",
        "спростіть шар, перш ніж додавати: у QGIS — Vector → Geometry Tools → Simplify, або `mapshaper layer.geojson -simplify 10% -o out.geojson`; карті на екрані потрібно набагато менше точок, ніж кадастровому знімку"
    ))
}

fn not_json(e: &serde_json::Error, file: &Path) -> Diagnostic {
    Diagnostic::error(
        "E0801",
        file,
        tr!(
            "this GeoJSON cannot be read: {e}",
            "цей GeoJSON не читається: {e}"
        ),
    )
    .at(Location::new(e.line(), e.column(), 1))
    .hint(tr!(
        "check commas, brackets and quotes near this place; a GIS program can re-export the file",
        "перевірте коми, дужки й лапки біля цього місця; ГІС-програма може експортувати файл наново"
    ))
}

fn not_a_collection(kind: &str, file: &Path) -> Diagnostic {
    Diagnostic::error(
        "E0802",
        file,
        tr!(
            "a map layer must be a GeoJSON FeatureCollection, this is `{kind}`",
            "шар карти має бути GeoJSON FeatureCollection, а це `{kind}`"
        ),
    )
    .at(WHOLE)
    .hint(tr!(
        "export the layer as GeoJSON with all its features in one FeatureCollection",
        "експортуйте шар як GeoJSON, де всі об'єкти в одній FeatureCollection"
    ))
}

fn other_crs(name: &str, file: &Path) -> Diagnostic {
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
    .hint(tr!(
        "re-export the layer as GeoJSON in EPSG:4326 (WGS 84); in QGIS: Export → Save Features As → CRS EPSG:4326",
        "експортуйте шар наново як GeoJSON в EPSG:4326 (WGS 84); у QGIS: Export → Save Features As → CRS EPSG:4326"
    ))
}

fn no_features(file: &Path) -> Diagnostic {
    Diagnostic::error(
        "E0802",
        file,
        tr!(
            "this FeatureCollection has no list of features",
            "у цій FeatureCollection немає списку об'єктів"
        ),
    )
    .at(WHOLE)
    .hint(tr!(
        "a FeatureCollection holds its features in \"features\": [ … ]",
        "FeatureCollection тримає свої об'єкти в \"features\": [ … ]"
    ))
}

fn invalid_feature(index: usize, e: &serde_json::Error, file: &Path) -> Diagnostic {
    Diagnostic::error(
        "E0802",
        file,
        tr!(
            "feature {index} is not a valid GeoJSON Feature: {e}",
            "об'єкт {index} — не правильний GeoJSON Feature: {e}"
        ),
    )
    .hint(tr!(
        "each feature needs \"type\": \"Feature\", \"properties\" and a \"geometry\" whose coordinates match its type",
        "кожному об'єктові потрібні \"type\": \"Feature\", \"properties\" і \"geometry\" з координатами, що відповідають її типу"
    ))
}

fn no_geometry(index: usize, name: Option<&str>, file: &Path) -> Diagnostic {
    Diagnostic::warning(
        "W0806",
        file,
        tr!(
            "feature {index}{} has no geometry and is left off the map",
            "в об'єкта {index}{} немає геометрії, тож на карті його не буде",
            name.map(|n| format!(" «{n}»")).unwrap_or_default()
        ),
    )
    .hint(tr!(
        "draw its shape in a GIS program, or delete the feature",
        "намалюйте його форму в ГІС-програмі або видаліть об'єкт"
    ))
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
