//! The checks `hromada check` runs on the built site, beyond what `build` validates: every
//! output page's internal links and the anchors they point at, images without a text
//! alternative and headings that skip a level — whatever made the page (Markdown, a YAML
//! description, a template, a menu entry in site.toml). With `--external`, links to other
//! sites too (see [`external`]).

pub mod external;
mod headings;
mod html;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::Site;
use crate::render::{Content, Output};

/// Where a reference out of a page leads.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A file of this site (output path), and the fragment after `#`.
    Internal { key: String, fragment: String },
    /// Another site (http or https).
    External(String),
    /// Under this site's host but outside its base path.
    Outside(String),
    /// `mailto:`, `tel:`, `data:` …: nothing to check.
    Skip,
}

/// `/a/b/../c/` → `/a/c/`.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            "" if i != 0 && i != segments.len() - 1 => {}
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

/// Resolves `url`, found on the page at output path `page` (`a/b/index.html`).
fn resolve(base_url: &str, base_path: &str, page: &str, url: &str) -> Target {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if url.is_empty()
        || [
            "mailto:",
            "tel:",
            "sms:",
            "data:",
            "javascript:",
            "geo:",
            "blob:",
        ]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return Target::Skip;
    }
    let path = if let Some(rest) = url.strip_prefix(base_url) {
        format!("{base_path}{rest}")
    } else if lower.starts_with("http://") || lower.starts_with("https://") {
        let host = |u: &str| u.split('/').nth(2).map(str::to_ascii_lowercase);
        if host(url) == host(base_url) {
            return Target::Outside(url.to_string());
        }
        return Target::External(url.to_string());
    } else if lower.starts_with("//") || lower.contains("://") {
        return Target::Skip;
    } else if url.starts_with('#') {
        let page_url = if page.ends_with("index.html") {
            format!(
                "{base_path}{}",
                page.strip_suffix("index.html").unwrap_or(page)
            )
        } else {
            format!("{base_path}{page}")
        };
        format!("{page_url}{url}")
    } else if url.starts_with('/') {
        url.to_string()
    } else {
        let dir = page
            .rsplit_once('/')
            .map_or(String::new(), |x| format!("{}/", x.0));
        format!("{base_path}{dir}{url}")
    };
    let (path, fragment) = path.split_once('#').unwrap_or((&path, ""));
    let path = path.split('?').next().unwrap_or_default();
    let path = normalise(path);
    let Some(rel) = path
        .strip_prefix(base_path)
        .or_else(|| (format!("{path}/") == base_path).then_some(""))
    else {
        return Target::Outside(url.to_string());
    };
    let rel = crate::url::percent_decode(rel).unwrap_or_else(|| rel.to_string());
    let key = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel
    };
    Target::Internal {
        key,
        fragment: crate::url::percent_decode(fragment).unwrap_or_else(|| fragment.to_string()),
    }
}

/// Where in the site's sources a problem about `url` can be fixed: the file that made the
/// page, then site.toml (menus), then the templates — the first that has the address
/// written in it, with its position.
pub(crate) fn locate(site: &Site, origin: &Path, url: &str) -> (PathBuf, Option<Location>) {
    let config = Path::new(crate::config::CONFIG_FILE);
    let read = [origin, config]
        .into_iter()
        .filter_map(|p| Some((p, site.sources.text(p)?)));
    let templates = site
        .theme
        .templates
        .values()
        .map(|t| (t.path.as_path(), t.text.as_str()));
    for (path, text) in read.chain(templates) {
        if let Some(at) = text.find(url) {
            return (
                path.to_path_buf(),
                Some(Location::from_offsets(text, at, at + url.len())),
            );
        }
    }
    (origin.to_path_buf(), None)
}

/// Where a problem is fixed: its code, the address, the file and the line and column.
type Place = (&'static str, String, PathBuf, Option<(usize, usize)>);

/// A problem found on one or more pages, reported once.
struct Finding {
    code: &'static str,
    url: String,
    origin: PathBuf,
    /// Output URL paths of the pages with the problem.
    pages: Vec<String>,
    /// Set for a missing anchor: the target page's ids, for a suggestion.
    ids: Vec<String>,
}

fn page_url(base_path: &str, key: &str) -> String {
    format!(
        "{base_path}{}",
        key.strip_suffix("index.html").unwrap_or(key)
    )
}

/// Links to other sites: address → (page URL path, the file that made the page).
pub type ExternalLinks = BTreeMap<String, BTreeSet<(String, PathBuf)>>;

/// The internal links, anchors, images and headings of every HTML page of `out`. Returns the problems
/// and the external links, for `--external`.
pub fn output(site: &Site, out: &Output) -> (Diagnostics, ExternalLinks) {
    let base_url = site.config.base_url.clone();
    let base_path = site.config.base_path().to_string();
    let pages: Vec<(&String, &PathBuf, &Vec<u8>)> = out
        .files()
        .iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .filter_map(|(k, f)| match &f.content {
            Content::Bytes(b) => Some((k, &f.origin, b)),
            Content::Copy(_) => None,
        })
        .collect();
    let scanned: BTreeMap<&str, (&PathBuf, html::Scanned)> = pages
        .par_iter()
        .map(|(k, origin, bytes)| {
            (
                k.as_str(),
                (*origin, html::scan(&String::from_utf8_lossy(bytes))),
            )
        })
        .collect();
    let ids: BTreeMap<&str, BTreeSet<&str>> = scanned
        .iter()
        .map(|(k, (_, s))| (*k, s.ids.iter().map(String::as_str).collect()))
        .collect();
    let mut findings: BTreeMap<(&'static str, String, PathBuf), Finding> = BTreeMap::new();
    let mut external = ExternalLinks::new();
    let mut add = |code, url: &str, origin: &Path, page: &str, target_ids: Vec<String>| {
        let f = findings
            .entry((code, url.to_string(), origin.to_path_buf()))
            .or_insert_with(|| Finding {
                code,
                url: url.to_string(),
                origin: origin.to_path_buf(),
                pages: Vec::new(),
                ids: target_ids,
            });
        f.pages.push(page_url(&base_path, page));
    };
    for (page, (origin, s)) in &scanned {
        for r in &s.references {
            match resolve(&base_url, &base_path, page, &r.url) {
                Target::Internal { key, fragment } => {
                    let (exists, key) = if out.get(&key).is_some() {
                        (true, key)
                    } else {
                        let dir = format!("{key}/index.html");
                        (out.get(&dir).is_some(), dir)
                    };
                    if !exists {
                        add("E0230", &r.url, origin, page, Vec::new());
                    } else if !fragment.is_empty()
                        && !fragment.starts_with(":~:")
                        && let Some(target) = ids.get(key.as_str())
                        && !target.contains(fragment.as_str())
                    {
                        let known = target.iter().map(|s| s.to_string()).collect();
                        add("E0231", &r.url, origin, page, known);
                    }
                }
                Target::Outside(u) => add("E0230", &u, origin, page, Vec::new()),
                Target::External(u) => {
                    external
                        .entry(u)
                        .or_default()
                        .insert((page_url(&base_path, page), (*origin).clone()));
                }
                Target::Skip => {}
            }
        }
        for img in &s.images_without_alt {
            add("E0232", &img.url, origin, page, Vec::new());
        }
    }
    // Many pages share a menu or a template: one problem per place to fix it.
    let mut merged: BTreeMap<Place, Finding> = BTreeMap::new();
    let mut places = BTreeMap::new();
    for f in findings.into_values() {
        let (file, at) = locate(site, &f.origin, &f.url);
        let key = (
            f.code,
            f.url.clone(),
            file.clone(),
            at.map(|l| (l.line, l.col)),
        );
        places.insert(key.clone(), (file, at));
        match merged.get_mut(&key) {
            Some(m) => m.pages.extend(f.pages),
            None => {
                merged.insert(key, f);
            }
        }
    }
    let mut diags = Diagnostics::new();
    for d in headings::check(site, &scanned, |page| page_url(&base_path, page)) {
        diags.push(d);
    }
    for (key, mut f) in merged {
        f.pages.sort();
        let (file, at) = places.remove(&key).unwrap_or_default();
        diags.push(finding_diagnostic(f, file, at));
    }
    (diags, external)
}

pub(crate) fn on_pages(pages: &[String]) -> String {
    match pages {
        [one] => one.clone(),
        [first, ..] => tr!(
            "{}, the first {first}",
            "{}, перша — {first}",
            crate::i18n::count(
                pages.len(),
                ["page", "pages"],
                ["сторінці", "сторінках", "сторінках"]
            )
        )
        .into_string(),
        [] => String::new(),
    }
}

fn finding_diagnostic(f: Finding, file: PathBuf, at: Option<Location>) -> Diagnostic {
    let pages = on_pages(&f.pages);
    let d = match f.code {
        "E0230" => Diagnostic::error(
            "E0230",
            file,
            tr!(
                "a link to {}, which this site does not have (on {pages})",
                "посилання на {}, а такої адреси на сайті немає (на {pages})",
                f.url
            ),
        )
        .hint(tr!(
            "check the address: the site's addresses end in `/`; a page's address is shown in the browser when you open it with `hromada serve`",
            "перевірте адресу: адреси сторінок сайту закінчуються на `/`; адресу сторінки видно в браузері, коли відкриваєте її через `hromada serve`"
        )),
        "E0231" => {
            let anchor = f.url.split_once('#').map_or("", |x| x.1);
            let hint = match crate::suggest::closest(anchor, f.ids.iter().map(String::as_str)) {
                Some(c) => tr!(
                    "did you mean `#{c}`? Headings get their anchors from their text",
                    "можливо, `#{c}`? Заголовки отримують якорі зі свого тексту"
                ),
                None => tr!(
                    "the part after `#` must be a heading's anchor on that page; headings get their anchors from their text",
                    "частина після `#` має бути якорем заголовка на тій сторінці; заголовки отримують якорі зі свого тексту"
                ),
            };
            Diagnostic::error(
                "E0231",
                file,
                tr!(
                    "a link to {}, but that page has no `#{anchor}` (on {pages})",
                    "посилання на {}, але на тій сторінці немає `#{anchor}` (на {pages})",
                    f.url
                ),
            )
            .hint(hint)
        }
        _ => Diagnostic::error(
            "E0232",
            file,
            tr!(
                "an image ({}) without alt text (on {pages})",
                "зображення ({}) без опису alt (на {pages})",
                f.url
            ),
        )
        .hint(tr!(
            "add alt=\"…\" that says what the image shows, or alt=\"\" when it is only decoration",
            "додайте alt=\"…\" зі словами про те, що на зображенні, або alt=\"\", якщо воно лише для краси"
        )),
    };
    d.at_opt(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(key: &str, fragment: &str) -> Target {
        Target::Internal {
            key: key.into(),
            fragment: fragment.into(),
        }
    }

    #[test]
    fn addresses_resolve_against_the_page_and_the_base_path() {
        let (u, p) = ("https://h.example/landing/", "/landing/");
        let page = "instruktsii/diia/index.html";
        assert_eq!(
            resolve(u, p, page, "/landing/mistsia/"),
            internal("mistsia/index.html", "")
        );
        assert_eq!(resolve(u, p, page, "#krok-2"), internal(page, "krok-2"));
        assert_eq!(
            resolve(u, p, page, "../e-dokumenty/#a"),
            internal("instruktsii/e-dokumenty/index.html", "a")
        );
        assert_eq!(
            resolve(u, p, page, "ekran.png"),
            internal("instruktsii/diia/ekran.png", "")
        );
        assert_eq!(
            resolve(u, p, page, "https://h.example/landing/podii/?x=1"),
            internal("podii/index.html", "")
        );
        assert_eq!(resolve(u, p, page, "/landing"), internal("index.html", ""));
        assert_eq!(
            resolve(u, p, page, "/other/"),
            Target::Outside("/other/".into())
        );
        assert_eq!(
            resolve(u, p, page, "https://diia.gov.ua/"),
            Target::External("https://diia.gov.ua/".into())
        );
        assert_eq!(resolve(u, p, page, "mailto:a@b.c"), Target::Skip);
        assert_eq!(
            resolve(u, p, page, "/landing/%D0%B0/"),
            internal("а/index.html", "")
        );
    }
}
