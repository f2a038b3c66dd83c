//! Posters: SVG templates of the theme (`posters/*.svg`, Tera) filled with an event, their
//! text laid out with the posters' own fonts, and rendered in-process — to PDF with real,
//! selectable text (svg2pdf) and to PNG (resvg). No browser, no network, no system fonts.

pub mod cache;
pub mod fonts;
pub mod layout;
mod pdf_order;
pub mod pdf_tags;
pub mod qr;

use std::cell::RefCell;
use std::sync::Arc;

use resvg::tiny_skia;
use resvg::usvg;
use tera::{Tera, Value};

pub use fonts::Fonts;
pub use pdf_tags::Meta;

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
    /// fonts embedded (subset), text kept as text, tagged: its title and language, and its
    /// texts as a heading and paragraphs in order for screen readers (`pdf_tags`).
    pub fn pdf(&self, svg: &str, meta: Meta) -> Result<Vec<u8>, String> {
        let tree = self.tree(svg)?;
        let pdf = svg2pdf::to_pdf(
            &tree,
            // Streams are compressed once, after tagging rewrote them (`pdf_tags`).
            svg2pdf::ConversionOptions {
                compress: false,
                ..svg2pdf::ConversionOptions::default()
            },
            // usvg measures in CSS pixels, 96 to the inch.
            svg2pdf::PageOptions { dpi: 96.0 },
        )
        .map_err(|e| e.to_string())?;
        // A file laid out otherwise than svg2pdf writes it stays as drawn, untagged and
        // uncompressed (the poster tests read the tags back).
        let tagged = pdf_tags::tag(&pdf, &pdf_tags::text_nodes(&tree), meta).unwrap_or(pdf);
        Ok(pdf_order::canonical(tagged))
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

/// How hard the PNG data is compressed (miniz levels 0–10). A poster has a few flat colours
/// and their anti-aliased edges: level 4 takes an eighth of the time of level 9 for 10% more
/// bytes (BENCHMARKS.md, «Posters»).
const PNG_LEVEL: u8 = 4;

/// The image as a PNG, losslessly. A poster (opaque: no alpha channel) uses a few dozen
/// colours: their palette and one byte a pixel, unfiltered (filters do not help indices),
/// a third of the data of RGB. An image of more than 256 colours (a photograph for a logo)
/// is RGB.
fn encode_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    enc.set_depth(png::BitDepth::Eight);
    match indexed(pixmap.data(), pixmap.width() as usize) {
        Some((palette, rows)) => {
            enc.set_color(png::ColorType::Indexed);
            enc.set_palette(palette);
            let mut w = enc.write_header().map_err(|e| e.to_string())?;
            let data = miniz_oxide::deflate::compress_to_vec_zlib(&rows, PNG_LEVEL);
            w.write_chunk(png::chunk::IDAT, &data)
                .map_err(|e| e.to_string())?;
            w.finish().map_err(|e| e.to_string())?;
        }
        None => {
            let rgb: Vec<u8> = pixmap
                .data()
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect();
            enc.set_color(png::ColorType::Rgb);
            enc.set_compression(png::Compression::Default);
            enc.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
            let mut w = enc.write_header().map_err(|e| e.to_string())?;
            w.write_image_data(&rgb).map_err(|e| e.to_string())?;
            w.finish().map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

/// The palette (RGB triples, in the order the colours first appear) and the PNG rows of
/// an opaque RGBA image — each row its filter byte (none) and one index a pixel —, or
/// `None` when it has more than 256 colours.
fn indexed(rgba: &[u8], width: usize) -> Option<(Vec<u8>, Vec<u8>)> {
    // An open-addressed table of the colours seen, four times the most there may be.
    const SLOTS: usize = 1024;
    let mut keys = [u32::MAX; SLOTS];
    let mut values = [0u8; SLOTS];
    let mut palette: Vec<u8> = Vec::with_capacity(256 * 3);
    let width = width.max(1);
    let height = rgba.len() / (4 * width);
    let mut rows = vec![0u8; height * (width + 1)];
    // Most pixels repeat their left neighbour's colour.
    let (mut last_key, mut last_index) = (u32::MAX, 0u8);
    for (row, out) in rgba
        .chunks_exact(width * 4)
        .zip(rows.chunks_exact_mut(width + 1))
    {
        // out[0] is the row's filter: none.
        for (p, index) in row.chunks_exact(4).zip(&mut out[1..]) {
            let key = u32::from_le_bytes([p[0], p[1], p[2], 0]);
            if key != last_key {
                let mut slot = (key.wrapping_mul(0x9E37_79B1) >> 22) as usize;
                while keys[slot] != key && keys[slot] != u32::MAX {
                    slot = (slot + 1) % SLOTS;
                }
                if keys[slot] == u32::MAX {
                    keys[slot] = key;
                    values[slot] = u8::try_from(palette.len() / 3).ok()?;
                    palette.extend_from_slice(&p[..3]);
                }
                (last_key, last_index) = (key, values[slot]);
            }
            *index = last_index;
        }
    }
    Some((palette, rows))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An opaque image whose pixel (x, y) has the colour `colour(x, y)`.
    fn image(width: u32, height: u32, colour: impl Fn(u32, u32) -> [u8; 3]) -> tiny_skia::Pixmap {
        let mut pixmap = tiny_skia::Pixmap::new(width, height).unwrap();
        for (i, p) in pixmap.data_mut().chunks_exact_mut(4).enumerate() {
            let [r, g, b] = colour(i as u32 % width, i as u32 / width);
            p.copy_from_slice(&[r, g, b, 255]);
        }
        pixmap
    }

    /// The PNG's colour type and its pixels as RGB.
    fn decode(bytes: &[u8]) -> (png::ColorType, Vec<u8>) {
        let mut decoder = png::Decoder::new(bytes);
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let stored = reader.info().color_type;
        let mut rgb = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut rgb).unwrap();
        rgb.truncate(frame.buffer_size());
        (stored, rgb)
    }

    fn rgb(pixmap: &tiny_skia::Pixmap) -> Vec<u8> {
        pixmap
            .data()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect()
    }

    #[test]
    fn pngs_keep_every_pixel_with_a_palette_up_to_256_colours_and_rgb_beyond() {
        // 256 colours: a palette.
        let few = image(70, 50, |x, y| [(x % 16 * 16) as u8, (y % 16 * 16) as u8, 7]);
        let (kind, pixels) = decode(&encode_png(&few).unwrap());
        assert_eq!((kind, pixels), (png::ColorType::Indexed, rgb(&few)));
        // 257 colours: RGB.
        let many = image(257, 3, |x, _| [(x % 256) as u8, (x / 256) as u8, 9]);
        let (kind, pixels) = decode(&encode_png(&many).unwrap());
        assert_eq!((kind, pixels), (png::ColorType::Rgb, rgb(&many)));
        // The same image, the same bytes.
        assert_eq!(encode_png(&few).unwrap(), encode_png(&few).unwrap());
    }
}
