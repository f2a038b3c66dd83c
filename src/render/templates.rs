//! The theme's Tera templates (with the site's overrides) and the errors they can raise,
//! mapped back to the template file, line and column.

use std::path::PathBuf;

use tera::{Context, ErrorKind, Tera};

use super::context;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::Site;

pub struct Templates {
    tera: Tera,
    /// Template name → file it came from.
    files: std::collections::BTreeMap<String, PathBuf>,
}

/// The templates every theme must have.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "section.html",
    "page.html",
    "instruction.html",
    "taxonomy_list.html",
    "taxonomy_term.html",
    "venue.html",
    "venue_list.html",
    "event.html",
    "event_list.html",
    "service.html",
    "service_list.html",
    "open_data.html",
    "404.html",
    "offline.html",
    "search.html",
    "map.html",
    "posters.html",
    "alias.html",
    "sitemap.xml",
    "atom.xml",
    "robots.txt",
];

impl Templates {
    pub fn new(site: &Site, assets: &super::assets::Assets) -> Result<Self, Diagnostics> {
        let mut tera = Tera::new();
        let files: std::collections::BTreeMap<String, PathBuf> = site
            .theme
            .templates
            .iter()
            .map(|(name, f)| (name.clone(), f.path.clone()))
            .collect();
        let mut diags = Diagnostics::new();
        let theme_dir = format!("themes/{}/templates", site.config.theme);
        for name in REQUIRED {
            if !files.contains_key(*name) {
                diags.push(
                    Diagnostic::error(
                        "E0501",
                        &theme_dir,
                        tr!(
                            "the theme has no template `{name}`",
                            "у темі немає шаблону `{name}`"
                        ),
                    )
                    .hint(tr!(
                        "add {theme_dir}/{name}, or copy it from the default theme",
                        "додайте {theme_dir}/{name} або скопіюйте його з типової теми"
                    )),
                );
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let templates = site
            .theme
            .templates
            .iter()
            .map(|(name, f)| (name.as_str(), f.text.as_str()));
        // `qr(text=…)`: a printed page's way back to itself. Functions come before
        // templates: templates are checked against them as they are added.
        tera.register_function(
            "qr",
            |kw: tera::Kwargs, _: &tera::State| -> tera::TeraResult<tera::Value> {
                let text: String = kw.must_get("text")?;
                Ok(tera::Value::from_serializable(&qr_strokes(&text)))
            },
        );
        if let Err(e) = tera.add_raw_templates(templates) {
            diags.push(error(&files, &e, None));
            return Err(diags);
        }
        *tera.global_context() = context::global(site, assets);
        Ok(Templates { tera, files })
    }

    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Renders `name`; `source` names the content file being rendered, for the message.
    pub fn render(
        &self,
        name: &str,
        ctx: &Context,
        source: Option<&std::path::Path>,
    ) -> Result<String, Diagnostic> {
        let mut html = self
            .tera
            .render(name, ctx)
            .map_err(|e| error(&self.files, &e, source))?;
        // Tera starts each page in a buffer of twice its templates' source, rounded up to a
        // power of two (32 KB for an event page and the base). Pages are kept until written:
        // at an oblast's 14,000 pages the slack was 150 MB of the peak.
        html.shrink_to_fit();
        Ok(html)
    }
}

/// The QR code of `text` (error correction M, as the posters' codes) for a page's HTML:
/// `size` modules a side, and `path`, its dark modules as strokes one unit wide along each
/// row (`M3 0.5h7m2 0h1` …) — a third of the bytes of a square per module, for a code that
/// every page carries and only paper shows.
fn qr_strokes(text: &str) -> Option<serde_json::Value> {
    let (size, dark) = qr_modules(text)?;
    let mut path = String::new();
    for y in 0..size {
        let row = &dark[y * size..(y + 1) * size];
        let mut x = 0;
        let mut pen: Option<usize> = None;
        while x < size {
            if row[x] != qrcode::Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && row[x] == qrcode::Color::Dark {
                x += 1;
            }
            match pen {
                None => path.push_str(&format!("M{start} {y}.5h{}", x - start)),
                Some(end) => path.push_str(&format!("m{} 0h{}", start - end, x - start)),
            }
            pen = Some(x);
        }
    }
    Some(serde_json::json!({ "size": size, "path": path }))
}

/// The modules of `text`'s QR code, a side's count and each colour row by row. The mask is
/// fixed (any of the eight is valid; a reader tries them all) instead of the one scoring
/// best of eight: choosing it was 1.5 ms of every page's 2, for a code only paper shows.
fn qr_modules(text: &str) -> Option<(usize, Vec<qrcode::Color>)> {
    let ec = qrcode::EcLevel::M;
    let bits = qrcode::bits::encode_auto(text.as_bytes(), ec).ok()?;
    let version = bits.version();
    let data = bits.into_bytes();
    let (encoded, correction) = qrcode::ec::construct_codewords(&data, version, ec).ok()?;
    let mut canvas = qrcode::canvas::Canvas::new(version, ec);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &correction);
    canvas.apply_mask(qrcode::canvas::MaskPattern::Checkerboard);
    Some((version.width() as usize, canvas.into_colors()))
}

/// A Tera error as a diagnostic at the template file's line and column; `files` maps
/// template names to the files they came from.
fn error(
    files: &std::collections::BTreeMap<String, PathBuf>,
    e: &tera::Error,
    source: Option<&std::path::Path>,
) -> Diagnostic {
    let while_rendering = source
        .map(|s| {
            tr!(
                " (while rendering {})",
                " (під час побудови {})",
                s.display()
            )
            .into_string()
        })
        .unwrap_or_default();
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let file = files
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(r.filename()));
            let span = r.span();
            let len = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            let kind = if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                tr!("template syntax error", "синтаксична помилка в шаблоні")
            } else {
                tr!("template error", "помилка в шаблоні")
            };
            Diagnostic::error(
                "E0502",
                file,
                tr!(
                    "{kind}: {}{while_rendering}",
                    "{kind}: {}{while_rendering}",
                    r.message()
                ),
            )
            .at(Location::new(span.start_line, span.start_col + 1, len))
            .hint(tr!(
                "check the template at this position; the Tera documentation describes its syntax",
                "перевірте шаблон у цьому місці; синтаксис описано в документації Tera"
            ))
        }
        ErrorKind::MissingParent { current, parent } => {
            let file = files
                .get(current)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(current));
            Diagnostic::error(
                "E0503",
                file,
                tr!(
                    "the template extends `{parent}`, which does not exist",
                    "шаблон розширює `{parent}`, а такого немає"
                ),
            )
            .hint(tr!(
                "check the name in {{% extends \"…\" %}}",
                "перевірте назву в {{% extends \"…\" %}}"
            ))
        }
        _ => {
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(s) = src {
                msg.push_str(&format!(": {s}"));
                src = s.source();
            }
            Diagnostic::error(
                "E0504",
                "templates",
                tr!(
                    "template error: {msg}{while_rendering}",
                    "помилка в шаблоні: {msg}{while_rendering}"
                ),
            )
        }
    }
}
