//! Render: every output is a function of `&Site` that puts files into one in-memory `Output`.
//! A new output is a new `Renderer`; the core never changes for it.

/// The editors' page `/admin/` (opt-in).
pub mod admin;
mod assets;
/// iCalendar text: escaping and line folding (public for the property tests).
pub mod calendar;
mod context;
mod feeds;
mod files;
mod fingerprint;
mod jsonld;
mod map_page;
mod map_svg;
/// The build cache: renderers' files from an earlier build.
pub mod memo;
mod nearby;
mod offline;
mod open_data;
mod pages;
pub(crate) mod paging;
pub mod posters;
mod records;
mod registry_pages;
mod search;
mod templates;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;

pub use assets::{SERVICE_WORKER, content_hash};
pub use fingerprint::Memo;
pub use templates::Templates;

/// What a file of the output holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Bytes(Vec<u8>),
    /// A file copied as it is, read when written.
    Copy(PathBuf),
}

#[derive(Debug, Clone)]
pub struct OutFile {
    pub content: Content,
    /// What made it (a source file, or a renderer's name), for clash messages.
    pub origin: PathBuf,
}

/// The whole site as files: output path (relative, `/` separators) → content.
#[derive(Debug, Default, Clone)]
pub struct Output {
    files: BTreeMap<String, OutFile>,
}

impl Output {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file; two sources for one output path is an error naming both.
    pub fn insert(
        &mut self,
        path: String,
        content: Content,
        origin: impl Into<PathBuf>,
    ) -> Result<(), Diagnostic> {
        let origin = origin.into();
        if let Some(existing) = self.files.get(&path) {
            return Err(Diagnostic::error(
                "E0401",
                &origin,
                tr!(
                    "two sources would write the same file /{path}",
                    "два джерела записали б той самий файл /{path}"
                ),
            )
            .related(
                &existing.origin,
                None,
                tr!("the other source of that file", "друге джерело цього файлу"),
            )
            .hint(tr!(
                "rename or move one of them",
                "перейменуйте або перенесіть одне з них"
            )));
        }
        self.files.insert(path, OutFile { content, origin });
        Ok(())
    }

    pub fn files(&self) -> &BTreeMap<String, OutFile> {
        &self.files
    }

    pub fn get(&self, path: &str) -> Option<&OutFile> {
        self.files.get(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// What to render: the whole site, or only some pages (by output path, `instruktsii/diia/`)
/// — the preview server's first pass, which renders the pages open in a browser before the
/// rest. Renderers of whole-site files (`Kind::WholeSite`) are not run for a page scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Pages(BTreeSet<String>),
}

impl Scope {
    pub fn is_all(&self) -> bool {
        matches!(self, Scope::All)
    }

    /// Whether the page at this output path is to be rendered.
    pub fn wants(&self, path: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Pages(paths) => paths.contains(path),
        }
    }
}

/// What a renderer makes, which decides when the core runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Pages, each at its own path: run for a page scope too, rendering only the pages the
    /// scope [`wants`](Scope::wants).
    Pages,
    /// Files of the whole site (feeds, calendars, open data, search, posters, copied files):
    /// run only when the whole site is rendered.
    WholeSite,
}

/// One kind of output (pages, feeds, copied files …).
pub trait Renderer: Sync + Send {
    fn name(&self) -> &'static str;
    /// Whether it renders pages or whole-site files (the default).
    fn kind(&self) -> Kind {
        Kind::WholeSite
    }
    /// What of the site its files are a function of, for the build cache: by default they
    /// are made again every build. A renderer that says it does not read the pages' texts
    /// must not read a page's `html`, `headings`, `steps` or `word_count`.
    fn memo(&self) -> Memo {
        Memo::Never
    }
    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        scope: &Scope,
        out: &mut Output,
    ) -> Diagnostics;
}

/// What a command hands to the render: the caches it may use (render reaches for no disk).
pub struct Caches {
    pub posters: crate::poster::cache::PosterCache,
    pub build: memo::BuildCache,
}

impl Caches {
    /// Caches used as `posters` and `build` allow.
    pub fn new(posters: crate::poster::cache::Use, build: memo::Use) -> Self {
        Caches {
            posters: crate::poster::cache::PosterCache::new(posters),
            build: memo::BuildCache::new(build),
        }
    }
}

/// Every renderer, in the order they run.
pub fn renderers(caches: &Caches) -> Vec<Box<dyn Renderer + '_>> {
    vec![
        Box::new(pages::Pages),
        Box::new(registry_pages::RegistryPages),
        Box::new(nearby::Nearby),
        Box::new(feeds::Feeds),
        Box::new(calendar::Calendars),
        Box::new(open_data::OpenData),
        Box::new(search::Search),
        Box::new(map_page::MapPage),
        Box::new(posters::Posters {
            cache: &caches.posters,
        }),
        Box::new(files::Files),
        Box::new(admin::Admin),
    ]
}

/// Renders the whole site: the renderers run in parallel, each into its own `Output`, and
/// are merged in a fixed order (so clashes and bytes do not depend on timing). All problems
/// of all renderers are reported together; on success, with the renderers' warnings (a
/// poster title that does not fit).
pub fn render(site: &Site, caches: &Caches) -> Result<(Output, Diagnostics), Diagnostics> {
    render_scope(site, &Scope::All, caches)
}

/// A renderer whose files are each a page's (`Memo::SiteAndEachPageText`): the files kept
/// for the rest of the site, with the pages whose text changed made again and laid over
/// them; everything when nothing is kept.
fn by_page(
    r: &dyn Renderer,
    site: &Site,
    templates: &Templates,
    caches: &Caches,
    cache_dir: &std::path::Path,
    key: u128,
    f: &fingerprint::Fingerprint,
) -> (Output, Diagnostics) {
    let kept = caches.build.get_with_texts(cache_dir, r.name(), key);
    let (out, diags) = match kept {
        Some((mut out, texts)) => {
            let changed: BTreeSet<String> = f
                .page_text
                .iter()
                .filter(|(page, hash)| texts.get(*page) != Some(*hash))
                .map(|(page, _)| page.clone())
                .collect();
            if changed.is_empty() {
                return (out, Diagnostics::new());
            }
            let mut part = Output::new();
            let diags = r.render(site, templates, &Scope::Pages(changed), &mut part);
            for (path, file) in part.files {
                out.files.insert(path, file);
            }
            (out, diags)
        }
        None => {
            let mut out = Output::new();
            let diags = r.render(site, templates, &Scope::All, &mut out);
            (out, diags)
        }
    };
    // Files made with warnings are not kept: a cached build would lose them.
    if diags.is_empty() {
        caches
            .build
            .put_with_texts(cache_dir, r.name(), key, &out, &f.page_text);
    }
    (out, diags)
}

/// Renders what `scope` asks for. For a page scope the result holds only those pages (no
/// assets, no service worker): the caller lays them over a whole output rendered before,
/// with the same theme.
pub fn render_scope(
    site: &Site,
    scope: &Scope,
    caches: &Caches,
) -> Result<(Output, Diagnostics), Diagnostics> {
    let t = crate::timing::Timer::start();
    let assets = assets::build(site)?;
    t.lap("  assets");
    let templates = Templates::new(site, &assets)?;
    // Only whole builds are kept: a page scope's files are a part of a renderer's.
    let fingerprint = (scope.is_all() && !caches.build.is_off()).then(|| {
        let f = fingerprint::Fingerprint::of(site);
        t.lap("  fingerprint");
        f
    });
    let cache_dir = site.sources.root.join(memo::DIR);
    let parts: Vec<(Output, Diagnostics)> = renderers(caches)
        .into_iter()
        .filter(|r| scope.is_all() || r.kind() == Kind::Pages)
        .collect::<Vec<_>>()
        .par_iter()
        .map(|r| {
            let t = crate::timing::Timer::start();
            let key = fingerprint.as_ref().and_then(|f| f.key(r.name(), r.memo()));
            if let (Some(key), Some(f)) = (key, &fingerprint)
                && r.memo() == Memo::SiteAndEachPageText
            {
                let made = by_page(r.as_ref(), site, &templates, caches, &cache_dir, key, f);
                t.lap(&format!("  {}", r.name()));
                return made;
            }
            if let Some(key) = key
                && let Some(out) = caches.build.get(&cache_dir, r.name(), key)
            {
                t.lap(&format!("  {} (cached)", r.name()));
                return (out, Diagnostics::new());
            }
            let mut out = Output::new();
            let diags = r.render(site, &templates, scope, &mut out);
            // Files made with warnings are not kept: a cached build would lose them.
            if let Some(key) = key
                && diags.is_empty()
            {
                caches.build.put(&cache_dir, r.name(), key, &out);
            }
            t.lap(&format!("  {}", r.name()));
            (out, diags)
        })
        .collect();
    let mut out = Output::new();
    let mut diags = Diagnostics::new();
    for (part, d) in parts {
        diags.extend(d);
        for (path, file) in part.files {
            if let Err(d) = out.insert(path, file.content, file.origin) {
                diags.push(d);
            }
        }
    }
    // Last: the assets, the manifest and the service worker, whose version is the hash of
    // everything else.
    if scope.is_all() {
        let t = crate::timing::Timer::start();
        diags.extend(offline::finish(site, &assets, &mut out));
        t.lap("  offline");
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((out, diags))
}
