//! `site.toml`: the site's settings, typed. Unknown keys are errors that name the closest
//! valid key; taxonomies come with Ukrainian defaults a hromada can extend. The sections with
//! rules of their own live beside it: `[map]` (map.rs), `[posters]` (posters.rs), `[colors]`
//! (palette.rs), `[admin]` (admin.rs), the logo (logo.rs), the addresses put on every page
//! (links.rs), and what a `\` from Windows means in a path or an address (slashes.rs).

pub mod admin;
pub mod links;
mod logo;
pub mod map;
pub mod palette;
pub mod posters;
pub mod slashes;
pub mod vocabulary;

use vocabulary::{RawTaxonomy, taxonomies};
pub use vocabulary::{Taxonomy, Vocabularies};

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::source::SourceFile;
use crate::yaml::serde_message_to_diagnostic;

pub const CONFIG_FILE: &str = "site.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: Spanned<String>,
    #[serde(default = "default_language")]
    language: String,
    hromada: String,
    #[serde(default)]
    demo: bool,
    hotline: Hotline,
    #[serde(default = "default_theme")]
    theme: Spanned<String>,
    #[serde(default)]
    paths: Paths,
    #[serde(default)]
    taxonomies: BTreeMap<String, RawTaxonomy>,
    #[serde(default = "default_reviewed_max_age")]
    reviewed_max_age: Spanned<i64>,
    #[serde(default = "default_per_page")]
    per_page: Spanned<i64>,
    #[serde(default)]
    menu: Vec<MenuItem>,
    #[serde(default)]
    footer_links: Vec<MenuItem>,
    #[serde(default)]
    extra: toml::Table,
    #[serde(default)]
    venue_kinds: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    venue_services: BTreeMap<String, String>,
    #[serde(default)]
    accessibility: BTreeMap<String, String>,
    #[serde(default)]
    event_kinds: BTreeMap<String, String>,
    /// The hromada's logo or coat of arms: a file of the site (an SVG or PNG), shown in the
    /// header beside the title.
    #[serde(default)]
    logo: Option<Spanned<String>>,
    #[serde(default)]
    colors: crate::config::palette::RawColors,
    #[serde(default)]
    map: crate::config::map::RawMap,
    #[serde(default)]
    posters: crate::config::posters::RawPosters,
    #[serde(default)]
    admin: crate::config::admin::RawAdmin,
}

fn default_language() -> String {
    "uk".into()
}
fn default_theme() -> Spanned<String> {
    Spanned::new(0..0, "default".into())
}
fn default_reviewed_max_age() -> Spanned<i64> {
    Spanned::new(0..0, 365)
}

/// How many items a page of a list shows: 40 event cards are ≈ 25 KB of HTML, a phone's
/// screenful times a dozen.
fn default_per_page() -> Spanned<i64> {
    Spanned::new(0..0, 40)
}

/// The hromada's help line, shown on every page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Hotline {
    pub phone: String,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub messengers: Vec<MenuItem>,
    #[serde(default)]
    pub email: Option<String>,
    /// Whether a call costs the caller nothing («Дзвінок безкоштовний» on the site). Unset: true
    /// for a 0 800 number, which is free from any phone in Ukraine, and unsaid for others.
    #[serde(default)]
    pub free: Option<bool>,
}

impl Hotline {
    /// The settings as written, with `free` decided.
    fn resolved(mut self) -> Hotline {
        let free = self.free.unwrap_or_else(|| links::toll_free(&self.phone));
        self.free = Some(free);
        self
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub name: String,
    pub url: String,
}

/// URL prefixes and the folders they come from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Paths {
    /// The content section whose pages are instructions (validated as such).
    pub instructions: String,
    /// URL prefix of the venues' pages.
    pub venues: String,
    /// URL prefix of the events' pages and calendars.
    pub events: String,
    /// URL prefix of the e-services' pages.
    pub services: String,
    /// URL prefix of the open data files.
    pub open_data: String,
    /// The search page and its index.
    pub search: String,
    /// The map of where to learn.
    pub map: String,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            instructions: "instruktsii".into(),
            venues: "mistsia".into(),
            events: "podii".into(),
            services: "posluhy".into(),
            open_data: "vidkryti-dani".into(),
            search: "poshuk".into(),
            map: "mapa".into(),
        }
    }
}

/// The site's settings after defaults are applied and values checked.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Always ends in `/`.
    pub base_url: String,
    pub language: String,
    pub hromada: String,
    /// Marks the site's made-up data as demo data on every page.
    pub demo: bool,
    pub hotline: Hotline,
    pub theme: String,
    pub paths: Paths,
    pub taxonomies: Vec<Taxonomy>,
    pub reviewed_max_age_days: i64,
    /// How many items a page of a long list shows (events, venues, pages); the rest go on
    /// the list's next pages.
    pub per_page: usize,
    pub menu: Vec<MenuItem>,
    pub footer_links: Vec<MenuItem>,
    pub extra: toml::Table,
    pub vocabularies: Vocabularies,
    /// The logo's file, relative to the site root.
    pub logo: Option<std::path::PathBuf>,
    /// The colour schemes, checked for contrast.
    pub colors: crate::config::palette::Colors,
    /// The map's layers and sizes.
    pub map: crate::config::map::MapConfig,
    /// Which posters the events get.
    pub posters: crate::config::posters::PosterConfig,
    pub admin: Option<crate::config::admin::AdminConfig>,
    /// Problems with the settings that do not stop the build.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

impl Config {
    /// Replaces `base_url` (from `build --base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        let url = url.trim();
        if !(url.starts_with("https://") || url.starts_with("http://"))
            || url.contains(char::is_whitespace)
        {
            return Err(Diagnostic::error(
                "E0002",
                "--base-url",
                tr!(
                    "`{url}` is not a full web address",
                    "`{url}` — не повна вебадреса"
                ),
            )
            .hint(tr!(
                "write it like https://hromada.example.ua/ or http://127.0.0.1:8000/",
                "напишіть так: https://hromada.example.ua/ або http://127.0.0.1:8000/"
            )));
        }
        self.base_url = format!("{}/", url.trim_end_matches('/'));
        Ok(())
    }

    pub fn taxonomy(&self, key: &str) -> Option<&Taxonomy> {
        self.taxonomies.iter().find(|t| t.key == key)
    }

    /// The absolute URL of a site path (`/instruktsii/` → `https://…/instruktsii/`).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }

    /// The path part of base_url (`/` for a domain root, `/landing/` for a project page).
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |x| x.1);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}

fn span_location(text: &str, span: std::ops::Range<usize>) -> Option<Location> {
    (span.end > 0).then(|| Location::from_offsets(text, span.start, span.end))
}

/// E0001: the site's settings cannot be read (`why` says what the system said).
pub fn unreadable(why: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        "E0001",
        CONFIG_FILE,
        tr!(
            "cannot read the site settings: {why}",
            "не вдається прочитати налаштування сайту: {why}"
        ),
    )
    .hint(tr!(
        "run hromada in the site's folder, or pass --root with the folder that holds {CONFIG_FILE}",
        "запускайте hromada в теці сайту або вкажіть --root з текою, де лежить {CONFIG_FILE}"
    ))
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::new();
    all.push(d);
    all
}

/// Reads and checks the `site.toml` of the site `inside`; its text is kept for later
/// diagnostics.
pub fn load(inside: &crate::sandbox::Inside) -> Result<(Config, SourceFile), Diagnostics> {
    let file = Path::new(CONFIG_FILE);
    let text = match inside.read(file) {
        Ok(Some(bytes)) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => return Err(one(unreadable(e))),
        },
        Ok(None) => {
            return Err(one(unreadable(tr!(
                "there is no such file",
                "такого файлу немає"
            ))));
        }
        Err(d) => return Err(one(d)),
    };
    let config = parse_text(&text, inside.real())?;
    Ok((
        config,
        SourceFile {
            path: file.to_path_buf(),
            text,
        },
    ))
}

/// Checks the text of `site.toml`. `root` is the site's folder: the theme, the logo and the
/// map's layers are looked up there (nothing is written). [`load`] reads the file and calls this.
/// Every section is checked and every problem collected before the result is decided.
pub fn parse_text(text: &str, root: &Path) -> Result<Config, Diagnostics> {
    let file = Path::new(CONFIG_FILE);
    let mut raw = read_raw(text)?;
    let mut diags = Diagnostics::new();
    let base_url = base_url(&raw, text, &mut diags);
    let theme = theme(&raw, root, text, &mut diags);
    let max_age = max_age(&raw, text, &mut diags);
    let per_page = per_page(&raw, text, &mut diags);
    let vocabularies = Vocabularies::new(&mut raw, text, &mut diags);
    let taxonomies = taxonomies(std::mem::take(&mut raw.taxonomies), text, &mut diags);
    check_paths(&raw.paths, text, &mut diags);
    let colors = colors(&raw, text, &mut diags);
    let logo = logo::resolve(raw.logo.as_ref(), root, text, &mut diags);
    let mut map_problems = Vec::new();
    let map = crate::config::map::resolve(
        std::mem::take(&mut raw.map),
        root,
        file,
        text,
        &mut map_problems,
    );
    let posters = crate::config::posters::resolve(
        std::mem::take(&mut raw.posters),
        file,
        text,
        &mut map_problems,
    );
    let raw_admin = std::mem::take(&mut raw.admin);
    let admin = admin::resolve(raw_admin, root, text, &mut map_problems);
    diags.extend(map_problems);
    let links: Vec<&MenuItem> = raw
        .menu
        .iter()
        .chain(&raw.footer_links)
        .chain(&raw.hotline.messengers)
        .collect();
    crate::config::links::check(file, text, &links, &raw.hotline, &mut diags);

    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Config {
        map,
        posters,
        admin,
        warnings: diags.into_iter().collect(),
        logo,
        colors,
        title: raw.title,
        description: raw.description,
        base_url,
        language: raw.language,
        hromada: raw.hromada,
        demo: raw.demo,
        hotline: raw.hotline.resolved(),
        theme,
        paths: raw.paths,
        taxonomies,
        reviewed_max_age_days: max_age,
        per_page,
        menu: raw.menu,
        footer_links: raw.footer_links,
        extra: raw.extra,
        vocabularies,
    })
}

/// The settings as written, or the one problem that keeps them from being read.
fn read_raw(text: &str) -> Result<RawConfig, Diagnostics> {
    let file = Path::new(CONFIG_FILE);
    let mut diags = Diagnostics::new();
    match toml::from_str(text) {
        Ok(r) => Ok(r),
        Err(e) => {
            let mut d = serde_message_to_diagnostic(e.message().trim(), file);
            if d.code == "E0101" {
                d.message = tr!(
                    "this TOML cannot be read: {}",
                    "цей TOML не читається: {}",
                    e.message().trim()
                )
                .into_string();
                d.hint = Some(
                    tr!(
                        "check quotes around text, `key = value` lines and [section] headers",
                        "перевірте лапки навколо тексту, рядки `ключ = значення` і заголовки [розділів]"
                    )
                    .into_string(),
                );
                slashes::explain_escape(&mut d, text, e.span());
            }
            diags.push(d.at_opt(e.span().and_then(|s| span_location(text, s))));
            Err(diags)
        }
    }
}

/// `base_url`, ending in `/`; E0002 when it is not a full web address.
fn base_url(raw: &RawConfig, text: &str, diags: &mut Diagnostics) -> String {
    let file = Path::new(CONFIG_FILE);
    let mut base_url = raw.base_url.get_ref().trim().to_string();
    if !(base_url.starts_with("https://") || base_url.starts_with("http://"))
        || base_url.contains(char::is_whitespace)
    {
        diags.push(
            Diagnostic::error(
                "E0002",
                file,
                tr!(
                    "base_url must be a full web address",
                    "base_url має бути повною вебадресою"
                ),
            )
            .at_opt(span_location(text, raw.base_url.span()))
            .hint(tr!(
                "write it like \"https://hromada.example.ua/\" — the address the site is published at",
                "напишіть так: \"https://hromada.example.ua/\" — адресу, за якою сайт опубліковано"
            )),
        );
    }
    if !base_url.ends_with('/') {
        base_url.push('/');
    }

    base_url
}

/// The theme's name; E0003 when it is not a folder under `themes/` (`default` is also
/// carried by the binary).
fn theme(raw: &RawConfig, root: &Path, text: &str, diags: &mut Diagnostics) -> String {
    let file = Path::new(CONFIG_FILE);
    let theme = raw.theme.get_ref().clone();
    let theme_dir = root.join("themes").join(&theme);
    if theme.is_empty()
        || theme.starts_with('.')
        || theme.contains(['/', '\\'])
        || (!theme_dir.is_dir() && theme != crate::embedded::DEFAULT_THEME)
    {
        diags.push(
            Diagnostic::error(
                "E0003",
                file,
                tr!("theme `{theme}` not found", "тему `{theme}` не знайдено"),
            )
            .at_opt(span_location(text, raw.theme.span()))
            .hint(tr!(
                "the theme must be a folder under themes/ (for example themes/default); {} does not exist",
                "тема має бути текою в themes/ (наприклад themes/default); {} немає",
                    theme_dir.strip_prefix(root).unwrap_or(&theme_dir).display()
                )),
        );
    }

    theme
}

/// `reviewed_max_age` in days; E0004 when it is not positive.
fn max_age(raw: &RawConfig, text: &str, diags: &mut Diagnostics) -> i64 {
    let file = Path::new(CONFIG_FILE);
    let max_age = *raw.reviewed_max_age.get_ref();
    if max_age <= 0 {
        diags.push(
            Diagnostic::error(
                "E0004",
                file,
                tr!(
                    "reviewed_max_age must be a positive number of days",
                    "reviewed_max_age має бути додатним числом днів"
                ),
            )
            .at_opt(span_location(text, raw.reviewed_max_age.span()))
            .hint(tr!(
                "for example reviewed_max_age = 365",
                "наприклад reviewed_max_age = 365"
            )),
        );
    }

    max_age
}

/// `per_page`; E0024 outside 5–500 (a list of fewer is all buttons, of more is the long page
/// pagination is for).
fn per_page(raw: &RawConfig, text: &str, diags: &mut Diagnostics) -> usize {
    let n = *raw.per_page.get_ref();
    if !(5..=500).contains(&n) {
        diags.push(
            Diagnostic::error(
                "E0024",
                CONFIG_FILE,
                tr!(
                    "per_page must be between 5 and 500 items, it is {n}",
                    "per_page має бути від 5 до 500 записів, а тут {n}"
                ),
            )
            .at_opt(span_location(text, raw.per_page.span()))
            .hint(tr!(
                "per_page = 40 (the default) keeps a page of events near 25 KB",
                "per_page = 40 (так і без цього рядка) — сторінка подій близько 25 КБ"
            )),
        );
    }
    n.clamp(5, 500) as usize
}

/// E0009 for a URL prefix in `[paths]` that is not one word of an address.
fn check_paths(paths: &Paths, text: &str, diags: &mut Diagnostics) {
    let file = Path::new(CONFIG_FILE);
    for (name, prefix) in [
        ("venues", &paths.venues),
        ("events", &paths.events),
        ("services", &paths.services),
        ("open_data", &paths.open_data),
        ("search", &paths.search),
        ("map", &paths.map),
    ] {
        if !crate::slug::is_slug(prefix) {
            let needle = format!("{name} =");
            let location = text
                .find(&needle)
                .map(|i| Location::from_offsets(text, i, i + name.len()));
            diags.push(
                Diagnostic::error(
                    "E0009",
                    file,
                    tr!(
                        "paths.{name} must be one word of the address",
                        "paths.{name} має бути одним словом адреси"
                    ),
                )
                .at_opt(location)
                .hint(tr!(
                    "small Latin letters, digits and hyphens, for example \"{}\"",
                    "малі латинські літери, цифри й дефіси, наприклад \"{}\"",
                    crate::slug::slugify(prefix)
                )),
            );
        }
    }
}

/// The palette; E0010 for a colour that does not read or fails WCAG AA, W0011 below AAA.
fn colors(raw: &RawConfig, text: &str, diags: &mut Diagnostics) -> crate::config::palette::Colors {
    let file = Path::new(CONFIG_FILE);
    let (colors, problems) = crate::config::palette::resolve(&raw.colors);
    for p in problems {
        let d = if p.error {
            Diagnostic::error("E0010", file, p.message)
        } else {
            Diagnostic::warning("W0011", file, p.message)
        };
        diags.push(d.at_opt(span_location(text, p.span)).hint(p.hint));
    }

    colors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(toml: &str) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("themes/default")).unwrap();
        std::fs::write(d.path().join(CONFIG_FILE), toml).unwrap();
        d
    }

    const OK: &str = "title = \"T\"\nbase_url = \"https://x.ua\"\nhromada = \"Х\"\n[hotline]\nphone = \"+380000000000\"\n";

    #[test]
    fn defaults_apply() {
        let d = site(OK);
        let c = load(&crate::sandbox::Inside::new(d.path()).unwrap())
            .unwrap()
            .0;
        assert_eq!(c.base_url, "https://x.ua/");
        assert_eq!(c.language, "uk");
        assert_eq!(c.taxonomy("level").unwrap().terms["basic"], "Базовий");
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn misspelt_key_names_the_closest() {
        let d = site(&OK.replace("title", "titel"));
        let e = load(&crate::sandbox::Inside::new(d.path()).unwrap()).unwrap_err();
        let e = e.sorted()[0].clone();
        assert_eq!(e.code, "E0102");
        assert_eq!(e.location.map(|l| (l.line, l.col)), Some((1, 1)));
        assert!(e.hint.unwrap().contains("можливо, `title`?"));
    }

    #[test]
    fn taxonomies_extend_defaults() {
        let d = site(&format!(
            "{OK}[taxonomies.audience.terms]\nfarmers = \"Фермери\"\n"
        ));
        let c = load(&crate::sandbox::Inside::new(d.path()).unwrap())
            .unwrap()
            .0;
        let a = c.taxonomy("audience").unwrap();
        assert_eq!(a.terms["farmers"], "Фермери");
        assert_eq!(a.terms["seniors"], "Люди старшого віку");
        let d = site(&format!("{OK}[taxonomies.topic]\nname = \"Теми\"\n"));
        let e = load(&crate::sandbox::Inside::new(d.path()).unwrap()).unwrap_err();
        assert_eq!(e.sorted()[0].code, "E0008");
        assert_eq!(e.sorted()[0].location.map(|l| l.line), Some(6));
    }
}
