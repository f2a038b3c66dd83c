//! Load: read `site.toml`, walk the site's folders in a fixed order and read every file the
//! build needs, in parallel. Nothing here interprets content beyond reading it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::sandbox::Inside;

pub use crate::source::{AssetSource, SourceFile};

/// Everything read from disk for one build.
#[derive(Debug)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: Config,
    /// Markdown files under `content/`.
    pub content: Vec<SourceFile>,
    /// `site.toml` as read (its settings are in `config`).
    pub config_file: SourceFile,
    /// Other files under `content/` (images, PDFs next to the pages that use them).
    pub assets: Vec<PathBuf>,
    /// Files copied as they are: the theme's `static/`, then the site's `static/`
    /// (the site's file wins). Key: output path; value: source path.
    pub static_files: BTreeMap<String, PathBuf>,
    /// `data/services.yaml`, when the site has one (parsed by the registries).
    pub services_file: Option<SourceFile>,
    /// `data/synonyms.yaml`, when the site has one (residents' words for the search).
    pub synonyms_file: Option<SourceFile>,
    /// `data/plan.yaml`, when the site has a plan of measures.
    pub plan_file: Option<SourceFile>,
    /// `data/venues.yaml`, when the site has one.
    pub venue_files: Vec<SourceFile>,
    /// `data/events.yaml` and `data/events/*.yaml`, in name order.
    pub event_files: Vec<SourceFile>,
    /// The map's GeoJSON layers, in the order of `[[map.layers]]`.
    pub map_files: Vec<SourceFile>,
    /// Template name → file (the site's `templates/` overrides the theme's).
    pub templates: BTreeMap<String, SourceFile>,
    /// The theme's interface strings in the site's language, over the English ones: the
    /// whole table (for templates) and the strings the code writes.
    pub string_table: toml::Table,
    pub strings: crate::model::Strings,
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

/// One text file of the site read again, under the same rules as a whole load (the
/// preview re-reads the file an edit changed); `Ok(None)` when it is gone.
pub fn reread(root: &Path, path: &Path) -> Result<Option<SourceFile>, Diagnostic> {
    let inside = Inside::new(root).map_err(config::unreadable)?;
    read_optional(&inside, path)
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

/// The theme the binary carries, when the site's theme is `default`: the bottom layer, under
/// the site's own `themes/default/` (file by file) and the site's overrides. Its files are
/// named by the path they would have on disk, `themes/default/…`.
fn embedded_theme(theme: &str) -> bool {
    theme == crate::embedded::DEFAULT_THEME
}

/// The embedded theme's files under `sub` (`assets`, `templates` …) when the theme is
/// `default`: name relative to `sub`, the path to show, the bytes.
fn embedded(theme: &str, sub: &str) -> Vec<(&'static str, PathBuf, &'static [u8])> {
    if !embedded_theme(theme) {
        return Vec::new();
    }
    crate::embedded::theme_files(sub)
        .map(|(name, bytes)| {
            let path = format!("{}/{sub}/{name}", crate::embedded::THEME_DIR);
            (name, PathBuf::from(path), bytes)
        })
        .collect()
}

/// The files under each of `dirs` (relative to `root`), later folders over earlier ones, over
/// the embedded theme's `sub` folder when the theme is `default`: name relative to its
/// folder → file.
fn overlay(
    inside: &Inside,
    theme: &str,
    sub: &str,
    dirs: &[String],
    diags: &mut Diagnostics,
) -> BTreeMap<String, AssetSource> {
    let mut files = BTreeMap::new();
    for (name, path, bytes) in embedded(theme, sub) {
        files.insert(
            name.to_string(),
            AssetSource {
                path,
                bytes: bytes.to_vec(),
            },
        );
    }
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
    let (config, config_file) = config::load(&inside)?;
    let mut diags = Diagnostics::new();
    let d = &mut diags;
    let theme_dir = format!("themes/{}", config.theme);
    let (content, assets) = content(&inside, d);
    let static_files = static_files(&inside, &theme_dir, d);
    let templates = templates(&inside, &config.theme, &theme_dir, d);
    let (strings_by_lang, string_files) =
        load_strings(&inside, &config.theme, &theme_dir, &config.language, d);
    let string_table = strings_by_lang
        .get(&config.language)
        .cloned()
        .unwrap_or_else(crate::model::strings::default_english);
    let strings = typed_strings(
        &string_table,
        &string_files,
        &theme_dir,
        &config.language,
        d,
    );
    let theme_assets = overlay(
        &inside,
        &config.theme,
        "assets",
        &[format!("{theme_dir}/assets"), "assets".into()],
        d,
    );
    let poster_files = overlay(
        &inside,
        &config.theme,
        "posters",
        &[format!("{theme_dir}/posters"), "posters".into()],
        d,
    );
    let logo = logo(&inside, &config, d);
    let services_file = optional(&inside, crate::registry::SERVICES_FILE, d);
    let synonyms_file = optional(&inside, crate::synonyms::SYNONYMS_FILE, d);
    let plan_file = optional(&inside, crate::plan::PLAN_FILE, d);
    let (venue_files, event_files) = registries(&inside, d);
    let map_files = map_files(&inside, &config, d);

    if diags.has_errors() {
        return Err(once_each(diags));
    }
    Ok(Loaded {
        map_files,
        root: root.to_path_buf(),
        config,
        config_file,
        content,
        assets,
        static_files,
        services_file,
        synonyms_file,
        plan_file,
        venue_files,
        event_files,
        templates,
        string_table,
        strings,
        strings_by_lang,
        theme_assets,
        poster_files,
        logo,
    })
}

/// The Markdown files under `content/` (read in parallel), and the other files beside them.
fn content(inside: &Inside, diags: &mut Diagnostics) -> (Vec<SourceFile>, Vec<PathBuf>) {
    let (md, assets): (Vec<PathBuf>, Vec<PathBuf>) = walk(inside, "content", diags)
        .into_iter()
        .partition(|p| p.extension().is_some_and(|e| e == "md"));
    let read: Vec<Result<SourceFile, Diagnostic>> =
        md.par_iter().map(|p| read_text(inside, p)).collect();
    let mut content = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(f) => content.push(f),
            Err(d) => diags.push(d),
        }
    }
    (content, assets)
}

/// Files copied as they are: output path → source, the site's `static/` over the theme's.
fn static_files(
    inside: &Inside,
    theme_dir: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, PathBuf> {
    let mut files = BTreeMap::new();
    for dir in [format!("{theme_dir}/static"), "static".to_string()] {
        for p in walk(inside, &dir, diags) {
            let rel = p.strip_prefix(&dir).unwrap_or(&p);
            files.insert(to_slash(rel), p.clone());
        }
    }
    files
}

/// Template name → file, the site's `templates/` over the theme's (over the embedded
/// theme's, when the theme is `default`).
fn templates(
    inside: &Inside,
    theme: &str,
    theme_dir: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, SourceFile> {
    let mut templates = BTreeMap::new();
    for (name, path, bytes) in embedded(theme, "templates") {
        let text = String::from_utf8_lossy(bytes).into_owned();
        templates.insert(name.to_string(), SourceFile { path, text });
    }
    for dir in [format!("{theme_dir}/templates"), "templates".to_string()] {
        for p in walk(inside, &dir, diags) {
            let name = to_slash(p.strip_prefix(&dir).unwrap_or(&p));
            match read_text(inside, &p) {
                Ok(f) => {
                    templates.insert(name, f);
                }
                Err(d) => diags.push(d),
            }
        }
    }
    templates
}

/// The file `logo` in `site.toml` names, when it is there.
fn logo(inside: &Inside, config: &Config, diags: &mut Diagnostics) -> Option<AssetSource> {
    let path = config.logo.as_ref()?;
    match inside.read(path) {
        Ok(Some(bytes)) => Some(AssetSource {
            path: path.clone(),
            bytes,
        }),
        Ok(None) => None,
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// A text file the site may have.
fn optional(inside: &Inside, path: &str, diags: &mut Diagnostics) -> Option<SourceFile> {
    read_optional(inside, Path::new(path))
        .map_err(|d| diags.push(d))
        .ok()
        .flatten()
}

/// `data/venues.yaml`, and `data/events.yaml` with `data/events/*.yaml` in name order.
fn registries(inside: &Inside, diags: &mut Diagnostics) -> (Vec<SourceFile>, Vec<SourceFile>) {
    let monthly: Vec<PathBuf> = walk(inside, crate::registry::EVENTS_DIR, diags)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    let venue_files = optional(inside, crate::registry::VENUES_FILE, diags)
        .into_iter()
        .collect();
    let mut event_files: Vec<SourceFile> = optional(inside, crate::registry::EVENTS_FILE, diags)
        .into_iter()
        .collect();
    for p in &monthly {
        match read_optional(inside, p) {
            Ok(Some(f)) => event_files.push(f),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    (venue_files, event_files)
}

/// The map's GeoJSON layers, in the order of `[[map.layers]]`.
fn map_files(inside: &Inside, config: &Config, diags: &mut Diagnostics) -> Vec<SourceFile> {
    config
        .map
        .layers
        .par_iter()
        .map(|l| read_text(inside, &l.file))
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(|r| r.map_err(|d| diags.push(d)).ok())
        .collect()
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

/// The strings the code writes, from the table of the site's language; when a string has the
/// wrong form, E0021 at the line that sets it (in `files`, the language's files in the order
/// they were laid over each other) and the default English strings.
fn typed_strings(
    table: &toml::Table,
    files: &[SourceFile],
    theme_dir: &str,
    language: &str,
    diags: &mut Diagnostics,
) -> crate::model::Strings {
    use crate::model::Strings;
    Strings::from_table(table).unwrap_or_else(|(key, e)| {
        let set_at = |f: &SourceFile| {
            f.text.lines().position(|l| {
                l.strip_prefix(key.as_str())
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })
        };
        let (file, at) = files
            .iter()
            .rev()
            .find_map(|f| Some((f.path.clone(), set_at(f)?)))
            .map(|(file, line)| (file, Some(Location::new(line + 1, 1, key.len()))))
            .unwrap_or_else(|| (format!("{theme_dir}/i18n/{language}.toml").into(), None));
        diags.push(
            Diagnostic::error(
                "E0021",
                file,
                tr!(
                    "this interface string cannot be used: {e}",
                    "цей напис інтерфейсу не підходить: {e}"
                ),
            )
            .at_opt(at)
            .hint(tr!(
                "every string has the form the site needs in the default theme's i18n/{language}.toml: `hromada theme eject` writes that theme into themes/default/",
                "кожен напис має потрібний сайтові вигляд у i18n/{language}.toml типової теми: `hromada theme eject` запише цю тему в themes/default/"
            )),
        );
        Strings::default()
    })
}

/// The theme's strings for every language it has (`i18n/*.toml`), each laid over the English
/// ones, with the site's own `i18n/<lang>.toml` (single strings a fork changes) over both.
/// When the theme is `default`, the embedded theme's strings lie under the theme's on disk.
fn load_strings(
    inside: &Inside,
    theme: &str,
    theme_dir: &str,
    language: &str,
    diags: &mut Diagnostics,
) -> (BTreeMap<String, toml::Table>, Vec<SourceFile>) {
    let mut tables: BTreeMap<String, toml::Table> = BTreeMap::new();
    let mut files = Vec::new();
    let mut add =
        |lang: &str, f: SourceFile, diags: &mut Diagnostics| match f.text.parse::<toml::Table>() {
            Ok(t) => {
                tables.entry(lang.to_string()).or_default().extend(t);
                if lang == language {
                    files.push(f);
                }
            }
            Err(e) => diags.push(
                Diagnostic::error(
                    "E0101",
                    &f.path,
                    tr!(
                        "this TOML cannot be read: {}",
                        "цей TOML не читається: {}",
                        e.message().trim()
                    ),
                )
                .at_opt(
                    e.span()
                        .map(|s| crate::diag::Location::from_offsets(&f.text, s.start, s.end)),
                ),
            ),
        };
    for (name, path, bytes) in embedded(theme, "i18n") {
        let Some(lang) = name.strip_suffix(".toml").filter(|l| !l.contains('/')) else {
            continue;
        };
        let text = String::from_utf8_lossy(bytes).into_owned();
        add(lang, SourceFile { path, text }, diags);
    }
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
                Ok(f) => add(lang, f, diags),
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
    let mut english = crate::model::strings::default_english();
    english.extend(tables.get("en").cloned().unwrap_or_default());
    let tables = tables
        .into_iter()
        .map(|(lang, t)| {
            let mut all = english.clone();
            all.extend(t);
            (lang, all)
        })
        .collect();
    (tables, files)
}
