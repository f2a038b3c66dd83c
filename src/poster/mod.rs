//! Posters: SVG templates of the theme (`posters/*.svg`, Tera) filled with an event, their
//! text laid out with the posters' own fonts, and rendered in-process — to PDF with real,
//! selectable text (svg2pdf) and to PNG (resvg). No browser, no network, no system fonts.

pub mod cache;
pub mod fonts;
pub mod layout;
mod pdf_order;
pub mod qr;

use std::cell::RefCell;
use std::sync::Arc;

use resvg::tiny_skia;
use resvg::usvg;
use tera::{Tera, Value};

pub use fonts::Fonts;

thread_local! {
    /// The texts of the poster being rendered on this thread that did not fit their box.
    static OVERFLOWS: RefCell<Vec<Overflow>> = const { RefCell::new(Vec::new()) };
}

/// A text that does not fit its box even at the smallest size the template allows.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Overflow {
    /// The template's name for the box (`title`).
    pub key: String,
    pub lines: usize,
    pub max_lines: usize,
    pub size: f64,
}

/// The poster templates, ready to fill.
pub struct Engine {
    tera: Tera,
    pub fonts: Fonts,
}

impl Engine {
    /// Compiles the templates (name → text). A template that does not compile is an error
    /// naming it and its line.
    pub fn new(templates: &[(String, String)], fonts: Fonts) -> Result<Engine, tera::Error> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".svg"]);
        let f = fonts.clone();
        // `fit(text=…, width=…, lines=…, size=…, min=…, bold=…, key=…)`: the text wrapped
        // and sized for its box, as `lines`, `size`, `leading`, `height`, `width`.
        tera.register_function(
            "fit",
            move |kw: tera::Kwargs, _: &tera::State| -> tera::TeraResult<Value> {
                let text: String = kw.get("text")?.unwrap_or_default();
                let width: f64 = kw.must_get("width")?;
                let size: f64 = kw.must_get("size")?;
                let min: f64 = kw.get("min")?.unwrap_or(size);
                let lines: usize = kw.get("lines")?.unwrap_or(1);
                let bold: bool = kw.get("bold")?.unwrap_or(false);
                let key: String = kw.get("key")?.unwrap_or_else(|| "text".to_string());
                let fit = layout::fit(&text, width, lines, size, min, &|t, s| f.width(t, s, bold));
                if !fit.fits {
                    OVERFLOWS.with(|o| {
                        o.borrow_mut().push(Overflow {
                            key,
                            lines: fit.lines.len(),
                            max_lines: lines,
                            size: fit.size,
                        })
                    });
                }
                Ok(Value::from_serializable(&fit))
            },
        );
        // Functions first: templates are checked against them as they are added.
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))?;
        Ok(Engine { tera, fonts })
    }

    pub fn has(&self, template: &str) -> bool {
        self.tera.get_template_names().any(|n| n == template)
    }

    /// The SVG of a poster, with the texts that overflowed their boxes.
    pub fn svg(
        &self,
        template: &str,
        ctx: &tera::Context,
    ) -> Result<(String, Vec<Overflow>), tera::Error> {
        OVERFLOWS.with(|o| o.borrow_mut().clear());
        let svg = self.tera.render(template, ctx)?;
        let overflows = OVERFLOWS.with(|o| std::mem::take(&mut *o.borrow_mut()));
        Ok((svg, overflows))
    }

    fn tree(&self, svg: &str) -> Result<usvg::Tree, String> {
        let mut opts = usvg::Options {
            fontdb: self.fonts.db.clone(),
            font_family: self.fonts.family.clone(),
            resources_dir: None,
            ..usvg::Options::default()
        };
        // Images only from data: URLs (the logo); never a file or another host.
        opts.image_href_resolver = usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        };
        usvg::Tree::from_str(svg, &opts).map_err(|e| e.to_string())
    }

    /// A PDF of the poster at the SVG's own size (its width and height in mm or pt),
    /// fonts embedded (subset), text kept as text.
    pub fn pdf(&self, svg: &str) -> Result<Vec<u8>, String> {
        let tree = self.tree(svg)?;
        svg2pdf::to_pdf(
            &tree,
            svg2pdf::ConversionOptions::default(),
            // usvg measures in CSS pixels, 96 to the inch.
            svg2pdf::PageOptions { dpi: 96.0 },
        )
        .map(pdf_order::canonical)
        .map_err(|e| e.to_string())
    }

    /// A PNG of the poster scaled to `width` × `height` pixels.
    pub fn png(&self, svg: &str, width: u32, height: u32) -> Result<Vec<u8>, String> {
        let tree = self.tree(svg)?;
        let mut pixmap =
            tiny_skia::Pixmap::new(width, height).ok_or("the image size is not possible")?;
        pixmap.fill(tiny_skia::Color::WHITE);
        let size = tree.size();
        let transform = tiny_skia::Transform::from_scale(
            width as f32 / size.width(),
            height as f32 / size.height(),
        );
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        encode_png(&pixmap)
    }
}

/// The image as an RGB PNG (the poster is opaque: no alpha channel), compressed hard —
/// it is drawn once and downloaded by every reader who shares it.
fn encode_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Best);
    enc.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
    let mut w = enc.write_header().map_err(|e| e.to_string())?;
    w.write_image_data(&rgb).map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// A hash of the fonts, for cache keys.
pub fn fonts_hash(files: &[(String, Vec<u8>)]) -> u64 {
    use std::hash::Hasher;
    let mut h = siphasher::sip::SipHasher13::new();
    for (name, bytes) in files {
        h.write(name.as_bytes());
        h.write(bytes);
    }
    h.finish()
}

/// Shared so the renderer can hand one engine to every thread.
pub type SharedEngine = Arc<Engine>;
