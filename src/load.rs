//! Load: read `site.toml`, walk the site's folders in a fixed order and read every file the
//! build needs, in parallel. Nothing here interprets content beyond reading it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diag::{Diagnostic, Diagnostics};
use crate::sandbox::Inside;

pub use crate::source::{AssetSource, SourceFile};

/// Everything read from disk for one build.
#[derive(Debug)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: Config,
    /// Markdown files under `content/`.
    pub content: Vec<SourceFile>,
    /// Other files under `content/` (images, PDFs next to the pages that use them).
    pub assets: Vec<PathBuf>,
    /// Files copied as they are: the theme's `static/`, then the site's `static/`
    /// (the site's file wins). Key: output path; value: source path.
    pub static_files: BTreeMap<String, PathBuf>,
    /// `data/services.yaml`, when the site has one (parsed by the registries).
    pub services_file: Option<SourceFile>,
    /// `data/venues.yaml`, when the site has one.
    pub venue_files: Vec<SourceFile>,
    /// `data/events.yaml` and `data/events/*.yaml`, in name order.
    pub event_files: Vec<SourceFile>,
    /// The map's GeoJSON layers, in the order of `[[map.layers]]`.
    pub map_files: Vec<SourceFile>,
    /// Template name → file (the site's `templates/` overrides the theme's).
    pub templates: BTreeMap<String, SourceFile>,
    /// The theme's interface strings in the site's language, over the English ones.
    pub strings: toml::Table,
    /// Every language the theme has strings for (`i18n/<lang>.toml`), each over English,
    /// with the site's own `i18n/<lang>.toml` over the theme's.
    pub strings_by_lang: BTreeMap<String, toml::Table>,
    /// The theme's `assets/` (CSS, JS, icons) with the site's `assets/` over them, read
    /// into memory: the asset pipeline bundles and fingerprints them.
    pub theme_assets: BTreeMap<String, AssetSource>,
    /// The theme's `posters/` (SVG templates, `fonts/`) with the site's `posters/` over them.
    pub poster_files: BTreeMap<String, AssetSource>,
    /// The file `logo` in `site.toml` names.
    pub logo: Option<AssetSource>,
}

/// Files below `dir` (relative to the site), sorted; see [`Inside::walk`].
fn walk(inside: &Inside, dir: &str, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let (files, problems) = inside.walk(dir);
    diags.extend(problems);
    files
}

/// A UTF-8 text file of the site; `Ok(None)` when there is none at `path`.
fn read_optional(inside: &Inside, path: &Path) -> Result<Option<SourceFile>, Diagnostic> {
    let Some(bytes) = inside.read(path)? else {
        return Ok(None);
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(
            "E0006",
            path,
            tr!(
                "this file is not UTF-8 text",
                "цей файл — не текст у кодуванні UTF-8"
            ),
        )
        .hint(tr!(
            "save it as UTF-8 in your editor (the first bad byte is at offset {})",
            "збережіть його в редакторі в кодуванні UTF-8 (перший хибний байт — на позиції {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(Some(SourceFile {
        path: path.to_path_buf(),
        text,
    }))
}

/// A UTF-8 text file of the site that must be there.
fn read_text(inside: &Inside, path: &Path) -> Result<SourceFile, Diagnostic> {
    read_optional(inside, path)?.ok_or_else(|| {
        Diagnostic::error(
            "E0005",
            path,
            tr!("this file does not exist", "цього файлу немає"),
        )
    })
}

fn to_slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The files under each of `dirs` (relative to `root`), later folders over earlier ones:
/// name relative to its folder → file.
fn overlay(
    inside: &Inside,
    dirs: &[String],
    diags: &mut Diagnostics,
) -> BTreeMap<String, AssetSource> {
    let mut files = BTreeMap::new();
    for dir in dirs {
        for p in walk(inside, dir, diags) {
            let name = to_slash(p.strip_prefix(dir).unwrap_or(&p));
            match inside.read(&p) {
                Ok(Some(bytes)) => {
                    files.insert(name, AssetSource { path: p, bytes });
                }
                Ok(None) => {}
                Err(d) => diags.push(d),
            }
        }
    }
    files
}

/// Reads the site under `root`. All problems are collected before returning.
pub fn load(root: &Path) -> Result<Loaded, Diagnostics> {
    let inside = match Inside::new(root) {
        Ok(i) => i,
        Err(e) => {
            let mut all = Diagnostics::new();
            all.push(config::unreadable(e));
            return Err(all);
        }
    };
    let config = config::load(&inside)?;
    let mut diags = Diagnostics::new();

    let content_files = walk(&inside, "content", &mut diags);
    let (md, assets): (Vec<PathBuf>, Vec<PathBuf>) = content_files
        .into_iter()
        .partition(|p| p.extension().is_some_and(|e| e == "md"));
    let read: Vec<Result<SourceFile, Diagnostic>> =
        md.par_iter().map(|p| read_text(&inside, p)).collect();
    let mut content = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(f) => content.push(f),
            Err(d) => diags.push(d),
        }
    }

    let theme_dir = format!("themes/{}", config.theme);
    let mut static_files = BTreeMap::new();
    for dir in [format!("{theme_dir}/static"), "static".to_string()] {
        for p in walk(&inside, &dir, &mut diags) {
            let rel = p.strip_prefix(&dir).unwrap_or(&p);
            static_files.insert(to_slash(rel), p.clone());
        }
    }

    let mut templates = BTreeMap::new();
    for dir in [format!("{theme_dir}/templates"), "templates".to_string()] {
        for p in walk(&inside, &dir, &mut diags) {
            let name = to_slash(p.strip_prefix(&dir).unwrap_or(&p));
            match read_text(&inside, &p) {
                Ok(f) => {
                    templates.insert(name, f);
                }
                Err(d) => diags.push(d),
            }
        }
    }

    let strings_by_lang = load_strings(&inside, &theme_dir, &config.language, &mut diags);
    let strings = strings_by_lang
        .get(&config.language)
        .cloned()
        .unwrap_or_default();

    let theme_assets = overlay(
        &inside,
        &[format!("{theme_dir}/assets"), "assets".into()],
        &mut diags,
    );
    let poster_files = overlay(
        &inside,
        &[format!("{theme_dir}/posters"), "posters".into()],
        &mut diags,
    );

    let logo = config.logo.as_ref().and_then(|p| match inside.read(p) {
        Ok(Some(bytes)) => Some(AssetSource {
            path: p.clone(),
            bytes,
        }),
        Ok(None) => None,
        Err(d) => {
            diags.push(d);
            None
        }
    });

    let services_file = read_optional(&inside, Path::new(crate::registry::SERVICES_FILE))
        .map_err(|d| diags.push(d))
        .ok()
        .flatten();

    let mut registry_paths = vec![PathBuf::from(crate::registry::VENUES_FILE)];
    let events_dir = walk(&inside, crate::registry::EVENTS_DIR, &mut diags);
    let event_paths: Vec<PathBuf> = std::iter::once(PathBuf::from(crate::registry::EVENTS_FILE))
        .chain(
            events_dir
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml")),
        )
        .collect();
    registry_paths.extend(event_paths.iter().cloned());
    let mut venue_files = Vec::new();
    let mut event_files = Vec::new();
    for p in &registry_paths {
        match read_optional(&inside, p) {
            Ok(Some(f)) if p == Path::new(crate::registry::VENUES_FILE) => venue_files.push(f),
            Ok(Some(f)) => event_files.push(f),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }

    let map_files: Vec<SourceFile> = config
        .map
        .layers
        .par_iter()
        .map(|l| read_text(&inside, &l.file))
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(|r| r.map_err(|d| diags.push(d)).ok())
        .collect();

    if diags.has_errors() {
        return Err(once_each(diags));
    }
    Ok(Loaded {
        map_files,
        root: root.to_path_buf(),
        config,
        content,
        assets,
        static_files,
        services_file,
        venue_files,
        event_files,
        templates,
        strings,
        strings_by_lang,
        theme_assets,
        poster_files,
        logo,
    })
}

/// The problems, each reported once (a link out of the site may be both walked and named).
fn once_each(diags: Diagnostics) -> Diagnostics {
    let mut seen = std::collections::HashSet::new();
    let mut out = Diagnostics::new();
    for d in diags {
        if seen.insert((d.code, d.file.clone(), d.message.clone())) {
            out.push(d);
        }
    }
    out
}

/// The theme's strings for every language it has (`i18n/*.toml`), each laid over the English
/// ones, with the site's own `i18n/<lang>.toml` (single strings a fork changes) over both.
fn load_strings(
    inside: &Inside,
    theme_dir: &str,
    language: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, toml::Table> {
    let mut tables: BTreeMap<String, toml::Table> = BTreeMap::new();
    for dir in [format!("{theme_dir}/i18n"), "i18n".to_string()] {
        for path in walk(inside, &dir, diags) {
            if path.parent() != Some(Path::new(&dir))
                || path.extension().is_none_or(|e| e != "toml")
            {
                continue;
            }
            let Some(lang) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            match read_text(inside, &path) {
                Ok(f) => {
                    match f.text.parse::<toml::Table>() {
                        Ok(t) => tables.entry(lang.to_string()).or_default().extend(t),
                        Err(e) => diags.push(
                            Diagnostic::error(
                                "E0101",
                                &path,
                                tr!(
                                    "this TOML cannot be read: {}",
                                    "цей TOML не читається: {}",
                                    e.message().trim()
                                ),
                            )
                            .at_opt(e.span().map(|s| {
                                crate::diag::Location::from_offsets(&f.text, s.start, s.end)
                            })),
                        ),
                    }
                }
                Err(d) => diags.push(d),
            }
        }
    }
    if !tables.contains_key(language) {
        diags.push(
            Diagnostic::error(
                "E0007",
                config::CONFIG_FILE,
                tr!(
                    "the theme has no strings for language `{language}`",
                    "у темі немає написів мовою `{language}`"
                ),
            )
            .hint(tr!(
                "add {theme_dir}/i18n/{language}.toml with the theme's strings in that language, or set language = \"uk\"",
                "додайте {theme_dir}/i18n/{language}.toml з написами теми цією мовою або напишіть language = \"uk\""
            )),
        );
    }
    let english = tables.get("en").cloned().unwrap_or_default();
    tables
        .into_iter()
        .map(|(lang, t)| {
            let mut all = english.clone();
            all.extend(t);
            (lang, all)
        })
        .collect()
}
