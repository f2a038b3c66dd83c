//! What the preview serves: the last good output (with the open pages of a first pass laid
//! over it), the errors of the last build, and the browsers listening for changes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use super::{http, watch};
use crate::diag::{self, Diagnostics};
use crate::model::patch::{self, RegistryFiles};
use crate::model::{BuildOptions, LinkIndex, Site};
use crate::render::{self, Content, Output, Scope};

/// A browser tab listening on `/__hromada/events`.
pub struct Client {
    /// The page it shows, as an output page path (`instruktsii/diia/`, `` for home).
    pub page: String,
    pub tx: Sender<String>,
}

#[derive(Default)]
struct Served {
    base: Arc<Output>,
    /// Pages of a first pass, newer than `base`.
    overlay: Arc<BTreeMap<String, Content>>,
    /// The error panel's data when the last build failed.
    errors: Option<Arc<String>>,
}

pub struct Shared {
    pub root: PathBuf,
    /// Answer requests whatever their `Host` (`--lan`); else only this computer's names.
    pub any_host: bool,
    /// Posters drawn while serving stay in memory: the preview writes nothing to disk.
    caches: render::Caches,
    served: RwLock<Served>,
    clients: Mutex<Vec<Client>>,
    /// The last warnings printed, so that a rebuild repeats them only when they change.
    last_warnings: Mutex<Vec<u8>>,
}

/// The output pages (as URL paths) a build changed, or `all` when a whole-site file
/// (a stylesheet, a script) changed.
#[derive(Debug, Default)]
pub struct Changed {
    pub pages: BTreeSet<String>,
    pub all: bool,
}

impl Changed {
    fn is_empty(&self) -> bool {
        self.pages.is_empty() && !self.all
    }

    fn event(&self) -> String {
        let data = serde_json::json!({ "pages": self.pages, "all": self.all });
        http::event("reload", &data.to_string())
    }
}

/// The URL path of an output file: `a/b/index.html` → `/a/b/`.
fn url_path(file: &str) -> String {
    format!("/{}", file.strip_suffix("index.html").unwrap_or(file))
}

/// Whether a page may show this file as it is (a stylesheet, a script, an image): when it
/// changes, every open page reloads. Data files (the search index, feeds, calendars) and
/// the service worker change with content and are not shown.
fn shown_on_pages(file: &str) -> bool {
    let ext = file.rsplit_once('.').map_or("", |x| x.1);
    file != crate::render::SERVICE_WORKER
        && matches!(
            ext,
            "css" | "js" | "svg" | "png" | "jpg" | "jpeg" | "webp" | "gif" | "avif" | "woff2"
        )
}

impl Shared {
    pub fn new(root: PathBuf) -> Self {
        Self {
            root,
            any_host: false,
            caches: render::Caches::new(
                crate::poster::cache::Use::ReadKeepInMemory,
                render::memo::Use::ReadKeepInMemory,
            ),
            served: RwLock::default(),
            clients: Mutex::default(),
            last_warnings: Mutex::default(),
        }
    }

    /// The content served at an output path.
    pub fn lookup(&self, file: &str) -> Option<Content> {
        let s = self.served.read().ok()?;
        s.overlay
            .get(file)
            .cloned()
            .or_else(|| s.base.get(file).map(|f| f.content.clone()))
    }

    /// Whether anything has been built yet.
    pub fn is_empty(&self) -> bool {
        self.served
            .read()
            .map(|s| s.base.is_empty())
            .unwrap_or(true)
    }

    pub fn errors(&self) -> Option<Arc<String>> {
        self.served.read().ok()?.errors.clone()
    }

    pub fn add_client(&self, client: Client) {
        if let Ok(mut c) = self.clients.lock() {
            c.push(client);
        }
    }

    /// The pages open in a browser now.
    fn open_pages(&self) -> BTreeSet<String> {
        self.clients
            .lock()
            .map(|c| c.iter().map(|c| c.page.clone()).collect())
            .unwrap_or_default()
    }

    /// Sends `message` to every listening browser, forgetting the ones that have gone.
    fn broadcast(&self, message: &str) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.tx.send(message.to_string()).is_ok());
        }
    }

    /// Whether `new` differs from what is served at `file`.
    fn differs(served: &Served, file: &str, new: &Content) -> bool {
        let old = served
            .overlay
            .get(file)
            .or_else(|| served.base.get(file).map(|f| &f.content));
        old != Some(new)
    }

    /// Lays a first pass's pages over the served site; returns those that changed.
    fn lay_over(&self, part: Output) -> Changed {
        let mut changed = Changed::default();
        let Ok(mut s) = self.served.write() else {
            return changed;
        };
        let mut overlay = (*s.overlay).clone();
        for (file, f) in part.files() {
            if Self::differs(&s, file, &f.content) {
                changed.pages.insert(url_path(file));
                overlay.insert(file.clone(), f.content.clone());
            }
        }
        s.overlay = Arc::new(overlay);
        changed
    }

    /// Serves a whole new output; returns what changed and whether errors were cleared.
    fn publish(&self, out: Output) -> (Changed, bool) {
        let mut changed = Changed::default();
        let Ok(mut s) = self.served.write() else {
            return (changed, false);
        };
        for (file, f) in out.files() {
            if Self::differs(&s, file, &f.content) {
                if file.ends_with(".html") {
                    changed.pages.insert(url_path(file));
                } else if shown_on_pages(file) {
                    changed.all = true;
                }
            }
        }
        for file in s.base.files().keys().chain(s.overlay.keys()) {
            if out.get(file).is_none() && file.ends_with(".html") {
                changed.pages.insert(url_path(file));
            }
        }
        s.base = Arc::new(out);
        s.overlay = Arc::default();
        let cleared = s.errors.take().is_some();
        (changed, cleared)
    }

    fn fail(&self, diags: &Diagnostics) {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            &diag::render(diags, &self.root, diag::color_choice()),
        );
        eprintln!(
            "{}",
            tr!(
                "The site has {}; the last good version stays served.",
                "У сайті {}; далі показую останню справну версію.",
                crate::i18n::count(
                    diags.error_count(),
                    ["error", "errors"],
                    ["помилка", "помилки", "помилок"]
                )
            )
        );
        let panel = diag::panel(diags, &self.root).to_string();
        if let Ok(mut s) = self.served.write() {
            s.errors = Some(Arc::new(panel.clone()));
        }
        self.broadcast(&http::event("errors", &panel));
    }

    fn warn(&self, warnings: &Diagnostics) {
        let text = diag::render(warnings, &self.root, diag::color_choice());
        if let Ok(mut last) = self.last_warnings.lock()
            && *last != text
        {
            let _ = std::io::Write::write_all(&mut std::io::stderr(), &text);
            *last = text;
        }
    }
}

/// What the preview keeps between edits: the last good model and the link index its pages
/// were built against, so that an edit to one page's text re-models that page alone
/// (`model::patch`), and the model's warnings, so that the page's own replace its old ones.
pub struct Kept {
    site: Site,
    index: LinkIndex,
    files: RegistryFiles,
    warnings: Diagnostics,
}

impl Kept {
    /// Loads and models the whole site.
    fn model(root: &Path, opts: &BuildOptions) -> Result<Self, Diagnostics> {
        let loaded = crate::load::load(root)?;
        let files = RegistryFiles::of(&loaded);
        let (site, index, warnings) = crate::model::build_with_index(loaded, opts)?;
        Ok(Kept {
            site,
            index,
            files,
            warnings,
        })
    }

    /// Lays the edited pages' new texts over the kept model when that is all the edit
    /// changed; `false` when the whole site must be modelled again (the kept model may then
    /// hold some of the pages patched, and is replaced).
    fn patch(&mut self, root: &Path, opts: &BuildOptions, changed: &BTreeSet<PathBuf>) -> bool {
        let mut registries = false;
        for path in changed {
            let Ok(Some(file)) = crate::load::reread(root, path) else {
                return false;
            };
            if watch::is_page(path) {
                let Some(diags) = patch::page_text(&mut self.site, &self.index, &file, opts) else {
                    return false;
                };
                self.warnings.retain(|d| d.file != file.path);
                self.warnings.extend(diags);
            } else if self.files.replace(file) {
                registries = true;
            } else {
                return false;
            }
        }
        if registries {
            let Some((diags, about)) = patch::registries(&mut self.site, &self.files, opts) else {
                return false;
            };
            self.warnings.retain(|d| !about.contains(&d.file));
            self.warnings.extend(diags);
        }
        true
    }
}

/// Builds the site again after `changed` (all of it at start) and serves the result; on
/// errors the last good site stays served and the browsers show the errors. `kept` is the
/// last good model, patched in place when an edit changed only pages' texts.
pub fn rebuild(
    shared: &Shared,
    root: &Path,
    opts: &BuildOptions,
    changed: Option<&BTreeSet<PathBuf>>,
    kept: &mut Option<Kept>,
) {
    let started = Instant::now();
    let t = crate::timing::Timer::start();
    let last_good = shared.errors().is_none() && !shared.is_empty();
    let patched =
        last_good && changed.is_some_and(|c| kept.as_mut().is_some_and(|k| k.patch(root, opts, c)));
    if patched {
        t.lap("model: only what the edit changed");
    } else {
        *kept = None;
        match Kept::model(root, opts) {
            Ok(k) => *kept = Some(k),
            Err(diags) => return shared.fail(&diags),
        }
        t.lap("model: the whole site");
    }
    let Some(k) = kept.as_ref() else { return };
    let content_only = changed.is_some_and(|c| c.iter().all(|p| watch::is_content(p)));
    if content_only && last_good {
        first_pass(shared, &k.site, started);
        t.lap("open pages");
    }
    let mut warnings = k.warnings.clone();
    match render::render(&k.site, &shared.caches) {
        Ok((out, render_warnings)) => {
            warnings.extend(render_warnings);
            shared.warn(&warnings);
            let (changed, cleared) = shared.publish(out);
            if cleared {
                shared.broadcast(&http::event("ok", "{}"));
            }
            if !changed.is_empty() {
                shared.broadcast(&changed.event());
            }
            report_built(&changed, started);
        }
        Err(mut diags) => {
            *kept = None;
            diags.extend(warnings);
            shared.fail(&diags);
        }
    }
}

/// Renders only the pages open in a browser and sends them the reload first, before the
/// whole site is rendered. Errors are left to the whole render, which finds them too.
fn first_pass(shared: &Shared, site: &Site, started: Instant) {
    let open = shared.open_pages();
    if open.is_empty() {
        return;
    }
    let Ok((part, _)) = render::render_scope(site, &Scope::Pages(open), &shared.caches) else {
        return;
    };
    let changed = shared.lay_over(part);
    if !changed.is_empty() {
        shared.broadcast(&changed.event());
        eprintln!(
            "{}",
            tr!(
                "Open pages rebuilt in {} ms: {}",
                "Відкриті сторінки зібрано за {} мс: {}",
                started.elapsed().as_millis(),
                changed.pages.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        );
    }
}

fn report_built(changed: &Changed, started: Instant) {
    let what = if changed.all {
        tr!("every page", "усі сторінки").into_string()
    } else {
        tr!(
            "{} changed",
            "змінено: {}",
            crate::i18n::count(
                changed.pages.len(),
                ["page", "pages"],
                ["сторінка", "сторінки", "сторінок"]
            )
        )
        .into_string()
    };
    eprintln!(
        "{}",
        tr!(
            "Built in {} ms: {what}.",
            "Зібрано за {} мс: {what}.",
            started.elapsed().as_millis()
        )
    );
}
