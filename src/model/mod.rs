//! Model: one immutable `Site` built from what was loaded — pages, sections, taxonomies,
//! services — with every cross-reference resolved and every problem collected.

mod build;
mod links;
mod page;
pub mod patch;
mod sections;
pub mod strings;
mod validate;

use std::path::PathBuf;

use jiff::civil::Date;

pub use build::{BuildOptions, build, build_with_index};
pub use links::LinkIndex;
pub use strings::Strings;

use crate::config::Config;
use crate::content::markdown::Heading;
use crate::registry::Service;
use crate::source::SourceFile;
use crate::term::Term;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// A uniform electronic instruction for an e-service.
    Instruction,
    /// Any other page (about, hotline …).
    Page,
    /// A section's own page, from `_index.md` (or made up for a folder without one).
    Section,
}

#[derive(Debug, Clone)]
pub struct Page {
    /// Source file, relative to the site root (`content/instruktsii/diia.md`).
    pub source: PathBuf,
    pub kind: PageKind,
    /// The content folder this page belongs to (`instruktsii`; empty for the top level).
    pub section: String,
    /// Output path, relative to the site's root URL: `instruktsii/diia/` (empty for home).
    pub path: String,
    pub title: String,
    /// For meta description and lists: the front matter's summary, else the first paragraph.
    pub summary: String,
    pub weight: Option<i64>,
    pub draft: bool,
    pub html: String,
    pub headings: Vec<Heading>,
    pub steps: Vec<String>,
    pub word_count: usize,
    pub reviewed: Option<Date>,
    /// Not checked against the real service within `reviewed_max_age`.
    pub stale: bool,
    pub service: Option<String>,
    pub audience: Vec<Term>,
    pub competence: Option<Term>,
    pub level: Option<Term>,
    pub duration: Option<u32>,
    /// Output paths that redirect here.
    pub aliases: Vec<String>,
    pub template: Option<String>,
    /// The page's own language, when its front matter sets one other than the site's.
    pub lang: Option<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Page {
    pub fn is_home(&self) -> bool {
        self.kind == PageKind::Section && self.path.is_empty()
    }

    /// The taxonomy terms of this page for a taxonomy key.
    pub fn terms(&self, taxonomy: &str) -> Vec<&str> {
        match taxonomy {
            "audience" => Term::keys(&self.audience),
            "competence" => self.competence.iter().map(|t| t.key.as_str()).collect(),
            "level" => self.level.iter().map(|t| t.key.as_str()).collect(),
            _ => Vec::new(),
        }
    }
}

/// A content folder: its own page and what it holds, both in display order.
#[derive(Debug, Clone)]
pub struct Section {
    /// Content folder relative to `content/` (empty for the top level).
    pub dir: String,
    /// Index into `Site::pages` of the section's own page.
    pub page: usize,
    /// Indexes into `Site::pages`, sorted by weight then title.
    pub pages: Vec<usize>,
    /// Indexes into `Site::sections`, sorted like pages.
    pub subsections: Vec<usize>,
}

/// One taxonomy's terms with the pages that carry them.
#[derive(Debug, Clone)]
pub struct TaxonomyIndex {
    pub key: String,
    /// (term key, label, page indexes in display order) for terms that have pages.
    pub terms: Vec<(String, String, Vec<usize>)>,
}

/// A file under `content/` that is not Markdown, copied next to the pages.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    pub output: String,
}

/// The site as its readers know it: settings, pages and their sections and taxonomies,
/// e-services, venues and events, the map — every key resolved. What the theme brings and
/// where the site's own files lie are apart ([`Theme`], [`Sources`]).
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub now: Date,
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub taxonomies: Vec<TaxonomyIndex>,
    pub services: Vec<Service>,
    /// Residents' words for the search: the built-in groups and `data/synonyms.yaml`'s.
    pub synonyms: crate::synonyms::Synonyms,
    /// The plan of measures (`data/plan.yaml`), when the site has one.
    pub plan: Option<crate::plan::Plan>,
    /// Venues and events.
    pub registries: crate::registry::Registries,
    /// The map of where to learn (layers and venues), when there is anything to draw.
    pub map: Option<crate::geo::Map>,
    pub theme: Theme,
    pub sources: Sources,
}

/// What the theme brings, with the site's own overrides (`templates/`, `assets/`,
/// `posters/`, `i18n/`) laid over it.
#[derive(Debug)]
pub struct Theme {
    /// Template name → file.
    pub templates: std::collections::BTreeMap<String, SourceFile>,
    /// The interface strings in the site's language, over the English ones, as templates
    /// read them (`t.key`).
    pub string_table: toml::Table,
    /// The strings the code writes, typed.
    pub strings: Strings,
    /// The strings in every language the theme has, each over English.
    pub strings_by_lang: std::collections::BTreeMap<String, toml::Table>,
    /// `assets/` (CSS, JS, icons), for the asset pipeline.
    pub assets: std::collections::BTreeMap<String, crate::source::AssetSource>,
    /// The poster templates and fonts.
    pub poster_files: std::collections::BTreeMap<String, crate::source::AssetSource>,
    /// The hromada's logo (from `site.toml`'s `logo`).
    pub logo: Option<crate::source::AssetSource>,
}

/// Where the site's own files lie: the folder, and the files copied as they are.
#[derive(Debug)]
pub struct Sources {
    pub root: PathBuf,
    /// Output path → source path (relative to `root`): the theme's and the site's `static/`.
    pub static_files: std::collections::BTreeMap<String, PathBuf>,
    /// Files beside the pages under `content/`.
    pub assets: Vec<Asset>,
    /// The text of every content page and of `site.toml`, by path: for a problem found in
    /// the output, to point at the line that made it.
    pub texts: std::collections::BTreeMap<PathBuf, String>,
}

impl Sources {
    /// The text of a file that was read (a content page, `site.toml`).
    pub fn text(&self, path: &std::path::Path) -> Option<&str> {
        self.texts.get(path).map(String::as_str)
    }
}

impl Site {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.config.base_path(), path)
    }

    pub fn permalink(&self, path: &str) -> String {
        self.config.absolute(path)
    }

    pub fn home(&self) -> Option<&Page> {
        self.pages.iter().find(|p| p.is_home())
    }

    pub fn section_of(&self, dir: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.dir == dir)
    }

    pub fn service(&self, key: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.key == key)
    }

    pub fn instructions(&self) -> impl Iterator<Item = &Page> {
        self.pages
            .iter()
            .filter(|p| p.kind == PageKind::Instruction)
    }

    /// The URL path of a taxonomy's list page, and of one of its terms.
    pub fn taxonomy_path(&self, key: &str, term: Option<&str>) -> String {
        crate::urls::taxonomy(&self.config, key, term)
    }
}
