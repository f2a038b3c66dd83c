//! `[map]` and `[[map.layers]]` in `site.toml`: which GeoJSON files the map draws, how, and
//! which of them the map is fitted to.
//!
//! ```toml
//! [map]
//! attribution = "© Мінрегіон"
//! source = "Межі громад: Мінрегіон, відкриті дані (CC BY-SA), minregion.gov.ua"
//!
//! [[map.layers]]
//! name = "Межа громади"
//! file = "data/geo/kropyvnytska-hromada.geojson"
//! style = "boundary"   # area | boundary | line | point
//! label = "name"       # the property that names features on the map
//! fit = true           # the map shows this layer whole
//! fill = "#eef3ea"     # optional colours over the theme's
//! stroke = "#5a6b52"
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::config::palette::Rgb;
use crate::diag::{Diagnostic, Location};

/// How a layer is drawn; the theme styles each (`.map-area`, `.map-boundary` …).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LayerStyle {
    /// Filled areas with their borders (districts, neighbouring hromadas).
    #[default]
    Area,
    /// Outlines only, drawn strong (the hromada's own boundary).
    Boundary,
    /// Roads, rivers.
    Line,
    /// Places as dots (settlements).
    Point,
}

impl LayerStyle {
    pub fn class(self) -> &'static str {
        match self {
            LayerStyle::Area => "map-area",
            LayerStyle::Boundary => "map-boundary",
            LayerStyle::Line => "map-line",
            LayerStyle::Point => "map-point",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMap {
    width: Option<Spanned<u32>>,
    attribution: Option<String>,
    source: Option<String>,
    nearby_km: Option<Spanned<f64>>,
    #[serde(default)]
    layers: Vec<RawLayer>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayer {
    name: String,
    file: Spanned<String>,
    #[serde(default)]
    style: LayerStyle,
    label: Option<String>,
    #[serde(default)]
    fit: bool,
    fill: Option<Spanned<String>>,
    stroke: Option<Spanned<String>>,
}

/// One layer of the map.
#[derive(Debug, Clone, Serialize)]
pub struct MapLayer {
    pub name: String,
    /// Relative to the site root.
    pub file: PathBuf,
    pub style: LayerStyle,
    pub label: Option<String>,
    pub fit: bool,
    pub fill: Option<String>,
    pub stroke: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MapConfig {
    /// viewBox width of the map page's SVG, in units (coordinates are whole units).
    pub width: u32,
    /// Shown in the map's corner (the data's licence asks for it).
    pub attribution: String,
    /// Where the layers come from and under what licence, said under the map (and printed).
    pub source: String,
    /// Width of a venue page's small map, in kilometres.
    pub nearby_km: f64,
    pub layers: Vec<MapLayer>,
}

impl MapConfig {
    /// CSS for the colours the layers set over the theme's (`.map-l0 …`).
    pub fn css(&self) -> String {
        let mut css = String::new();
        for (i, l) in self.layers.iter().enumerate() {
            if let Some(f) = &l.fill {
                css.push_str(&format!(".map-l{i}{{fill:{f}}}"));
            }
            if let Some(s) = &l.stroke {
                css.push_str(&format!(".map-l{i},.map-l{i} .map-edges{{stroke:{s}}}"));
            }
        }
        css
    }
}

fn location(text: &str, span: std::ops::Range<usize>) -> Option<Location> {
    (span.end > 0).then(|| Location::from_offsets(text, span.start, span.end))
}

/// Checks `[map]`: sizes in range, layer files inside the site and present, colours in hex.
pub fn resolve(
    raw: RawMap,
    root: &Path,
    file: &Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> MapConfig {
    let width = raw.width.as_ref().map_or(1000, |w| *w.get_ref());
    if let Some(w) = &raw.width
        && !(300..=4000).contains(w.get_ref())
    {
        diags.push(
            Diagnostic::error(
                "E0012",
                file,
                tr!(
                    "map.width must be between 300 and 4000 units",
                    "map.width має бути від 300 до 4000 одиниць"
                ),
            )
            .at_opt(location(text, w.span()))
            .hint(tr!(
                "1000 suits most maps; coordinates are rounded to whole units of it",
                "більшості карт пасує 1000; координати округлюються до цілих одиниць"
            )),
        );
    }
    let nearby_km = raw.nearby_km.as_ref().map_or(3.0, |k| *k.get_ref());
    if let Some(k) = &raw.nearby_km
        && !(0.2..=100.0).contains(k.get_ref())
    {
        diags.push(
            Diagnostic::error(
                "E0012",
                file,
                tr!(
                    "map.nearby_km must be between 0.2 and 100",
                    "map.nearby_km має бути від 0.2 до 100"
                ),
            )
            .at_opt(location(text, k.span()))
            .hint(tr!(
                "the width of a venue page's small map in kilometres, for example 3",
                "ширина малої карти на сторінці місця в кілометрах, наприклад 3"
            )),
        );
    }
    let mut layers = Vec::new();
    for l in raw.layers {
        let (path, warning) = crate::config::slashes::file_path(&l.file, "file", file, text);
        diags.extend(warning);
        let path = PathBuf::from(path.trim_start_matches('/'));
        let inside = !path
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir));
        if !inside || !root.join(&path).is_file() {
            diags.push(
                Diagnostic::error(
                    "E0013",
                    file,
                    tr!(
                        "the map layer file `{}` is not a file of the site",
                        "файл шару карти `{}` — не файл сайту",
                        l.file.get_ref()
                    ),
                )
                .at_opt(location(text, l.file.span()))
                .hint(tr!(
                    "put the GeoJSON under data/geo/ and write its path, like file = \"data/geo/hromada.geojson\"",
                    "покладіть GeoJSON у data/geo/ і напишіть шлях до нього, наприклад file = \"data/geo/hromada.geojson\""
                )),
            );
        }
        let mut colour = |c: &Option<Spanned<String>>| -> Option<String> {
            let c = c.as_ref()?;
            match Rgb::parse(c.get_ref()) {
                Some(rgb) => Some(rgb.hex()),
                None => {
                    diags.push(
                        Diagnostic::error(
                            "E0014",
                            file,
                            tr!("`{}` is not a colour", "`{}` — не колір", c.get_ref()),
                        )
                        .at_opt(location(text, c.span()))
                        .hint(tr!(
                            "write a colour in hex, like \"#5a6b52\"",
                            "запишіть колір у шістнадцятковому вигляді, наприклад \"#5a6b52\""
                        )),
                    );
                    None
                }
            }
        };
        let fill = colour(&l.fill);
        let stroke = colour(&l.stroke);
        layers.push(MapLayer {
            name: l.name,
            file: path,
            style: l.style,
            label: l.label,
            fit: l.fit,
            fill,
            stroke,
        });
    }
    MapConfig {
        width,
        attribution: raw.attribution.unwrap_or_default(),
        source: raw.source.unwrap_or_default(),
        nearby_km,
        layers,
    }
}
