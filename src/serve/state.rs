//! What the preview serves: the last good output (with the open pages of a first pass laid
//! over it), the errors of the last build, and the browsers listening for changes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use super::{http, watch};
use crate::diag::{self, Diagnostics};
use crate::model::BuildOptions;
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

/// Builds the site again after `changed` (all of it at start) and serves the result; on
/// errors the last good site stays served and the browsers show the errors.
pub fn rebuild(
    shared: &Shared,
    root: &Path,
    opts: &BuildOptions,
    changed: Option<&BTreeSet<PathBuf>>,
) {
    let started = Instant::now();
    let (site, mut warnings) = match crate::model(root, opts) {
        Ok(x) => x,
        Err(diags) => return shared.fail(&diags),
    };
    let content_only = changed.is_some_and(|c| c.iter().all(|p| watch::is_content(p)));
    let open = shared.open_pages();
    if content_only && shared.errors().is_none() && !shared.is_empty() && !open.is_empty() {
        match render::render_scope(&site, &Scope::Pages(open), &shared.caches) {
            Ok((part, _)) => {
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
            Err(mut diags) => {
                diags.extend(warnings);
                return shared.fail(&diags);
            }
        }
    }
    match render::render(&site, &shared.caches) {
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
        Err(mut diags) => {
            diags.extend(warnings);
            shared.fail(&diags);
        }
    }
}
