//! The posters' fonts: the theme's `posters/fonts/*.ttf|otf` (the site's own over them),
//! loaded into a font database for the SVG renderer and measured for text layout. Nothing
//! comes from the system, so a poster looks the same on every machine that builds it.

use std::sync::Arc;

use resvg::usvg::fontdb;

/// One face: its bytes, whether it is bold, and the advance widths (in em) of the letters
/// posters use, looked up once at load (text layout measures thousands of candidate lines).
#[derive(Debug)]
struct Face {
    data: Arc<Vec<u8>>,
    index: u32,
    bold: bool,
    advances: std::collections::HashMap<char, f64>,
}

/// Latin, Cyrillic, general punctuation, currency and letterlike symbols.
const COMMON: [std::ops::Range<u32>; 5] = [
    0x20..0x250,
    0x400..0x530,
    0x2000..0x2070,
    0x20A0..0x20C0,
    0x2100..0x2130,
];

fn advances(face: &ttf_parser::Face) -> std::collections::HashMap<char, f64> {
    let em = f64::from(face.units_per_em());
    COMMON
        .iter()
        .flat_map(|r| r.clone())
        .filter_map(char::from_u32)
        .filter_map(|c| {
            let g = face.glyph_index(c)?;
            Some((c, f64::from(face.glyph_hor_advance(g)?) / em))
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct Fonts {
    pub db: Arc<fontdb::Database>,
    faces: Arc<Vec<Face>>,
    /// The family of the first face: the posters' default.
    pub family: String,
}

impl Fonts {
    /// Loads font files (name, bytes). Files that are not fonts are returned as problems.
    pub fn load(files: &[(String, Vec<u8>)]) -> (Fonts, Vec<String>) {
        let mut db = fontdb::Database::new();
        let mut faces = Vec::new();
        let mut problems = Vec::new();
        let mut family = String::new();
        for (name, bytes) in files {
            let data = Arc::new(bytes.clone());
            let count = ttf_parser::fonts_in_collection(bytes).unwrap_or(1);
            let mut ok = false;
            for index in 0..count {
                let Ok(face) = ttf_parser::Face::parse(bytes, index) else {
                    continue;
                };
                ok = true;
                if family.is_empty() {
                    family = face
                        .names()
                        .into_iter()
                        .find(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
                        .and_then(|n| n.to_string())
                        .unwrap_or_default();
                }
                faces.push(Face {
                    data: data.clone(),
                    index,
                    bold: face.is_bold() || face.weight().to_number() >= 600,
                    advances: advances(&face),
                });
            }
            if ok {
                db.load_font_source(fontdb::Source::Binary(Arc::new(bytes.clone())));
            } else {
                problems.push(name.clone());
            }
        }
        (
            Fonts {
                db: Arc::new(db),
                faces: Arc::new(faces),
                family,
            },
            problems,
        )
    }

    pub fn is_empty(&self) -> bool {
        self.faces.is_empty()
    }

    /// Width of `text` at `size` in the regular or bold face (advance widths; a character
    /// the face lacks counts as a wide one, so layout errs on the side of room).
    pub fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let face = self
            .faces
            .iter()
            .find(|f| f.bold == bold)
            .or_else(|| self.faces.first());
        let Some(face) = face else {
            return text.chars().count() as f64 * size * 0.6;
        };
        let mut parsed: Option<Option<ttf_parser::Face>> = None;
        let ems: f64 = text
            .chars()
            .map(|c| match face.advances.get(&c) {
                Some(a) => *a,
                None => {
                    // A rarer character: ask the font itself.
                    let f = parsed.get_or_insert_with(|| {
                        ttf_parser::Face::parse(&face.data, face.index).ok()
                    });
                    f.as_ref()
                        .and_then(|f| {
                            let g = f.glyph_index(c)?;
                            Some(f64::from(f.glyph_hor_advance(g)?) / f64::from(f.units_per_em()))
                        })
                        .unwrap_or(0.7)
                }
            })
            .sum();
        ems * size
    }
}
