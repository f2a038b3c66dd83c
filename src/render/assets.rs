//! The theme's assets (`themes/<theme>/assets/`, with the site's `assets/` over them) and the
//! site's logo, made ready to serve: every CSS file at the top of `assets/` is an entry point
//! that lightningcss bundles (following `@import`), compiles for the browsers of the last five
//! years and minifies; the site's colour palette is added to `style.css`; every other file is
//! copied. Each gets a name with a hash of its bytes (`style.3f2a9c1b7e.css`), so hosts can
//! let browsers cache them for a year. CSS in subfolders is only reached through `@import`.
//! The PNG icons home screens ask for are drawn from `icon.svg` (resvg) unless the theme has
//! its own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lightningcss::bundler::{Bundler, ResolveResult, SourceProvider};
use lightningcss::dependencies::{Dependency, DependencyOptions};
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions};
use lightningcss::targets::{Browsers, Targets};
use resvg::{tiny_skia, usvg};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::Site;

/// Where assets go in the output.
pub const DIR: &str = "assets";
/// The theme's service worker: not fingerprinted (its address must never change) and
/// completed with the precache list by the offline renderer.
pub const SERVICE_WORKER: &str = "sw.js";
/// The stylesheet that gets the site's palette.
pub const MAIN_CSS: &str = "style.css";
/// The logical name of the site's logo.
pub const LOGO: &str = "logo";
/// The theme's icon, the source of the PNG icons.
pub const ICON: &str = "icon.svg";
/// The PNG icons home screens ask for: 192 and 512 pixels for the manifest (Android), and
/// the 180 pixels of iOS's `apple-touch-icon`, opaque (iOS shows transparency as black).
const PNG_ICONS: [(&str, u32); 3] = [
    ("icon-192.png", 192),
    ("icon-512.png", 512),
    ("apple-touch-icon.png", 180),
];
const APPLE_TOUCH_ICON: &str = "apple-touch-icon.png";

/// The assets as output files, and the address of each by its name in the theme.
#[derive(Debug, Default)]
pub struct Assets {
    /// Name in the theme (`style.css`, `site.js`, `icon.svg`, `logo`) → URL path.
    pub urls: BTreeMap<String, String>,
    /// Output path → (bytes, source).
    pub files: BTreeMap<String, (Vec<u8>, PathBuf)>,
    /// The theme's service worker script.
    pub service_worker: Option<(String, PathBuf)>,
}

/// The browsers CSS is compiled for: the releases of about the last five years (late 2021).
fn targets() -> Targets {
    let v = |major: u32, minor: u32| Some((major << 16) | (minor << 8));
    Targets::from(Browsers {
        android: v(96, 0),
        chrome: v(96, 0),
        edge: v(96, 0),
        firefox: v(94, 0),
        ie: None,
        ios_saf: v(15, 2),
        opera: v(82, 0),
        safari: v(15, 2),
        samsung: v(16, 0),
    })
}

/// The first 10 hex digits of SipHash-1-3 (128 bit, fixed keys) of `bytes`: stable across
/// builds, platforms and compiler versions.
pub fn content_hash(bytes: &[u8]) -> String {
    let h = siphasher::sip128::SipHasher13::new().hash(bytes).as_u128();
    format!("{h:032x}")[..10].to_string()
}

/// `fonts/a.woff2` + hash → `assets/fonts/a.<hash>.woff2`.
fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    let hash = content_hash(bytes);
    let (dir, file) = match name.rsplit_once('/') {
        Some((d, f)) => (format!("{d}/"), f),
        None => (String::new(), name),
    };
    match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{DIR}/{dir}{stem}.{hash}.{ext}"),
        _ => format!("{DIR}/{dir}{file}.{hash}"),
    }
}

pub fn build(site: &Site) -> Result<Assets, Diagnostics> {
    let mut assets = Assets::default();
    let mut diags = Diagnostics::new();
    let mut css: BTreeMap<String, String> = BTreeMap::new();
    for (name, src) in &site.theme.assets {
        let is_text = name.ends_with(".css") || name == SERVICE_WORKER;
        if is_text {
            match String::from_utf8(src.bytes.clone()) {
                Ok(text) if name == SERVICE_WORKER => {
                    assets.service_worker = Some((text, src.path.clone()))
                }
                Ok(text) => {
                    css.insert(name.clone(), text);
                }
                Err(_) => diags.push(
                    Diagnostic::error(
                        "E0006",
                        &src.path,
                        tr!(
                            "this file is not UTF-8 text",
                            "цей файл — не текст у кодуванні UTF-8"
                        ),
                    )
                    .hint(tr!(
                        "save it as UTF-8 in your editor",
                        "збережіть його в редакторі в кодуванні UTF-8"
                    )),
                ),
            }
            continue;
        }
        let out = fingerprinted(name, &src.bytes);
        assets.urls.insert(name.clone(), site.url(&out));
        assets
            .files
            .insert(out, (src.bytes.clone(), src.path.clone()));
    }
    if let Err(d) = png_icons(site, &mut assets) {
        diags.push(d);
    }
    if let Some(logo) = &site.theme.logo {
        let ext = logo
            .path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("img")
            .to_ascii_lowercase();
        let out = fingerprinted(&format!("logo.{ext}"), &logo.bytes);
        assets.urls.insert(LOGO.into(), site.url(&out));
        assets
            .files
            .insert(out, (logo.bytes.clone(), logo.path.clone()));
    }

    let sources: BTreeMap<String, PathBuf> = site
        .theme
        .assets
        .iter()
        .map(|(n, s)| (n.clone(), s.path.clone()))
        .collect();
    // The main stylesheet is bundled from a made-up entry that imports it and adds the
    // palette after it, so the site's colours win over anything the theme sets.
    let palette_entry = format!(
        "@import \"{MAIN_CSS}\";\n{}\n{}\n",
        site.config.colors.css(),
        site.config.map.css()
    );
    let entries: Vec<&String> = css.keys().filter(|n| !n.contains('/')).collect();
    for name in entries {
        let (entry, provider) = if name == MAIN_CSS {
            let mut files = css.clone();
            files.insert(PALETTE_ENTRY.into(), palette_entry.clone());
            (PALETTE_ENTRY, Provider { files })
        } else {
            (name.as_str(), Provider { files: css.clone() })
        };
        match bundle(&provider, entry, &sources, &assets.urls, site) {
            Ok(code) => {
                let out = fingerprinted(name, code.as_bytes());
                assets.urls.insert(name.clone(), site.url(&out));
                let origin = sources.get(name).cloned().unwrap_or_else(|| name.into());
                assets.files.insert(out, (code.into_bytes(), origin));
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(assets)
}

const PALETTE_ENTRY: &str = "[site palette].css";

/// The PNG icons the theme does not have, drawn from its `icon.svg`, fingerprinted like
/// every asset.
fn png_icons(site: &Site, assets: &mut Assets) -> Result<(), Diagnostic> {
    let Some(svg) = site.theme.assets.get(ICON) else {
        return Ok(());
    };
    let missing: Vec<(&str, u32)> = PNG_ICONS
        .into_iter()
        .filter(|(name, _)| !site.theme.assets.contains_key(*name))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let problem = |why: String| {
        Diagnostic::error(
            "E0512",
            &svg.path,
            tr!(
                "the theme's icon cannot be drawn as a PNG: {why}",
                "значок теми не вдається намалювати як PNG: {why}"
            ),
        )
        .hint(tr!(
            "save icon.svg as plain SVG (shapes, no text, no linked images), or put icon-192.png, icon-512.png and apple-touch-icon.png beside it",
            "збережіть icon.svg як звичайний SVG (фігури, без тексту й посилань на зображення) або покладіть поруч icon-192.png, icon-512.png і apple-touch-icon.png"
        ))
    };
    // Nothing the icon links to is read: no file, no other host.
    let options = usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_data(&svg.bytes, &options).map_err(|e| problem(e.to_string()))?;
    for (name, size) in missing {
        let png = draw_icon(&tree, size, name == APPLE_TOUCH_ICON).map_err(problem)?;
        let out = fingerprinted(name, &png);
        assets.urls.insert(name.to_string(), site.url(&out));
        assets.files.insert(out, (png, svg.path.clone()));
    }
    Ok(())
}

/// The icon drawn `size` pixels square, as a PNG. `opaque`: on the colour at the top middle
/// of the icon (its own background), so that rounded corners do not turn black.
fn draw_icon(tree: &usvg::Tree, size: u32, opaque: bool) -> Result<Vec<u8>, String> {
    let mut pixmap = tiny_skia::Pixmap::new(size, size).ok_or("no room for the image")?;
    let drawn = tree.size();
    let scale = (size as f32 / drawn.width()).min(size as f32 / drawn.height());
    resvg::render(
        tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    if opaque {
        let under = pixmap
            .pixel(size / 2, size / 8)
            .map(|p| p.demultiply())
            .filter(|p| p.alpha() > 0)
            .map_or(tiny_skia::Color::WHITE, |p| {
                tiny_skia::Color::from_rgba8(p.red(), p.green(), p.blue(), 255)
            });
        let mut back = tiny_skia::Pixmap::new(size, size).ok_or("no room for the image")?;
        back.fill(under);
        back.draw_pixmap(
            0,
            0,
            pixmap.as_ref(),
            &tiny_skia::PixmapPaint::default(),
            tiny_skia::Transform::identity(),
            None,
        );
        pixmap = back;
    }
    let rgba: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, size, size);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut w = enc.write_header().map_err(|e| e.to_string())?;
    w.write_image_data(&rgba).map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The theme's CSS files, by name, as lightningcss's bundler reads them.
struct Provider {
    files: BTreeMap<String, String>,
}

#[derive(Debug)]
struct NotFound(String);

impl std::fmt::Display for NotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotFound {}

/// `dir/a.css` + `../b.css` → `b.css`; `None` when it climbs out of `assets/`.
fn join(from: &str, specifier: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for p in specifier.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn is_external(url: &str) -> bool {
    url.starts_with("//") || url.contains("://")
}

impl SourceProvider for Provider {
    type Error = NotFound;

    fn read<'a>(&'a self, file: &Path) -> Result<&'a str, Self::Error> {
        let name = file.to_string_lossy();
        self.files
            .get(name.as_ref())
            .map(String::as_str)
            .ok_or_else(|| NotFound(format!("there is no {name} in the theme's assets")))
    }

    fn resolve(&self, specifier: &str, from: &Path) -> Result<ResolveResult, Self::Error> {
        if is_external(specifier) {
            return Err(NotFound(format!(
                "`{specifier}` is on another host; the site loads nothing from other hosts"
            )));
        }
        let from = from.to_string_lossy();
        let name = join(&from, specifier).ok_or_else(|| {
            NotFound(format!(
                "`{specifier}` is outside the theme's assets folder"
            ))
        })?;
        if !self.files.contains_key(&name) {
            return Err(NotFound(format!(
                "`{specifier}` is not a CSS file of the theme's assets"
            )));
        }
        Ok(ResolveResult::File(PathBuf::from(name)))
    }
}

fn bundle(
    provider: &Provider,
    entry: &str,
    sources: &BTreeMap<String, PathBuf>,
    urls: &BTreeMap<String, String>,
    site: &Site,
) -> Result<String, Diagnostic> {
    let source_of = |name: &str| {
        sources
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("themes/{}/assets/{name}", site.config.theme)))
    };
    let mut bundler = Bundler::new(provider, None, ParserOptions::default());
    let mut sheet = bundler.bundle(Path::new(entry)).map_err(|e| {
        let (file, location) = match &e.loc {
            Some(l) => (
                source_of(&l.filename),
                Some(Location::new(l.line as usize + 1, l.column as usize, 1)),
            ),
            None => (source_of(entry), None),
        };
        Diagnostic::error(
            "E0510",
            file,
            tr!(
                "the theme's CSS cannot be bundled: {}",
                "CSS теми не вдається зібрати: {}",
                e.kind
            ),
        )
        .at_opt(location)
        .hint(tr!(
            "check the CSS at this position; @import names a file of the theme's assets/ folder",
            "перевірте CSS у цьому місці; @import має називати файл із теки assets/ теми"
        ))
    })?;
    sheet
        .minify(MinifyOptions {
            targets: targets(),
            ..MinifyOptions::default()
        })
        .map_err(|e| {
            Diagnostic::error(
                "E0510",
                source_of(entry),
                tr!(
                    "the theme's CSS cannot be minified: {e}",
                    "CSS теми не вдається стиснути: {e}"
                ),
            )
        })?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            targets: targets(),
            analyze_dependencies: Some(DependencyOptions {
                remove_imports: true,
            }),
            ..PrinterOptions::default()
        })
        .map_err(|e| {
            Diagnostic::error(
                "E0510",
                source_of(entry),
                tr!(
                    "the theme's CSS cannot be written: {e}",
                    "CSS теми не вдається записати: {e}"
                ),
            )
        })?;
    let mut code = printed.code;
    for dep in printed.dependencies.unwrap_or_default() {
        let Dependency::Url(u) = dep else { continue };
        let target = if u.url.starts_with("data:") {
            u.url.clone()
        } else {
            let clean = u.url.split(['?', '#']).next().unwrap_or("");
            let resolved = (!is_external(&u.url))
                .then(|| join(&u.loc.file_path, clean))
                .flatten();
            match resolved.and_then(|n| urls.get(&n)) {
                Some(url) => url.clone(),
                None => {
                    let message = if is_external(&u.url) {
                        tr!(
                            "the CSS refers to `{}`, which is on another host; the site loads nothing from other hosts",
                            "CSS посилається на `{}`, а це інший сервер; сайт нічого не завантажує з інших серверів",
                            u.url
                        )
                    } else {
                        tr!(
                            "the CSS refers to `{}`, which is not a file of the theme's assets folder",
                            "CSS посилається на `{}`, а це не файл із теки assets теми",
                            u.url
                        )
                    };
                    return Err(Diagnostic::error(
                        "E0511",
                        source_of(&u.loc.file_path),
                        message,
                    )
                    .at(Location::new(
                        u.loc.start.line as usize,
                        u.loc.start.column as usize,
                        u.url.chars().count().max(1),
                    ))
                    .hint(tr!(
                        "put the file (a font, an image) in the theme's assets/ folder and refer to it by its path from the CSS file",
                        "покладіть файл (шрифт, зображення) у теку assets/ теми й посилайтеся на нього шляхом від файлу CSS"
                    )));
                }
            }
        };
        code = code.replace(&u.placeholder, &target);
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_paths_inside_assets() {
        assert_eq!(
            join("style.css", "css/base.css").as_deref(),
            Some("css/base.css")
        );
        assert_eq!(
            join("css/base.css", "../fonts/a.woff2").as_deref(),
            Some("fonts/a.woff2")
        );
        assert_eq!(join("css/base.css", "../../x.css"), None);
    }

    #[test]
    fn fingerprints_keep_folder_and_extension() {
        let f = fingerprinted("fonts/a.woff2", b"x");
        assert!(
            f.starts_with("assets/fonts/a.") && f.ends_with(".woff2"),
            "{f}"
        );
        assert_eq!(f.len(), "assets/fonts/a..woff2".len() + 10);
        assert_ne!(fingerprinted("a.css", b"x"), fingerprinted("a.css", b"y"));
        assert_eq!(content_hash(b"hromada"), content_hash(b"hromada"));
    }
}
