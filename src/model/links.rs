//! Internal links: relative paths to `.md` files and to files beside them, and site paths
//! starting with `/`, are checked against what the site has and rewritten to URLs.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::content::markdown::{Heading, LinkResolver, Resolved};
use crate::i18n::Msg;
use crate::suggest;

/// What every link may point at.
pub struct LinkIndex {
    /// Markdown source (relative to `content/`, `/` separators) → (output path, anchors).
    pub pages: HashMap<String, (String, Vec<String>)>,
    /// Output path of every page (`instruktsii/diia/`) → its source.
    pub page_paths: HashMap<String, String>,
    /// Copied files: content assets (by their path under `content/`) and static files
    /// (by their output path) → output path.
    pub files: HashMap<String, String>,
    /// Sources of drafts left out of this build, so a link to one gets a clear message.
    pub drafts: HashSet<String>,
    /// The base path every URL starts with (`/` or `/project/`).
    pub base_path: String,
}

/// Schemes that run code or smuggle content; never allowed in a link.
const UNSAFE_SCHEMES: &[&str] = &["javascript", "vbscript", "data", "file"];

fn scheme(dest: &str) -> Option<&str> {
    let colon = dest.find(':')?;
    let head = &dest[..colon];
    let valid = !head.is_empty()
        && head.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(head)
}

/// Joins `rel` to the folder `dir` (both relative to `content/`), resolving `.` and `..`.
/// `None` when the path climbs out of `content/`.
fn join_normal(dir: &Path, rel: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let start = if rel.starts_with('/') {
        PathBuf::new()
    } else {
        dir.to_path_buf()
    };
    for c in start.join(rel.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            _ => {}
        }
    }
    Some(parts.join("/"))
}

/// A path copied from Windows (`img\foto.png`): refused on every system, so a page that
/// previews on Windows (where `\` would be a separator) is not broken on Linux, and no address
/// with `\` reaches a page. The hint is the same path with `/`.
fn windows_path(dest: &str, what: &Msg) -> Option<Resolved> {
    if !dest.contains('\\') {
        return None;
    }
    let fixed = dest.replace('\\', "/");
    Some(Resolved::Problem(
        tr!(
            "the {what} `{dest}` has `\\` (as Windows writes paths); addresses use `/`",
            "{what} `{dest}` має знак `\\` (так шляхи пише Windows); в адресах пишуть `/`"
        ),
        tr!("write `{fixed}`", "напишіть `{fixed}`"),
    ))
}

/// Resolves the links of one page.
pub struct PageLinks<'a> {
    pub index: &'a LinkIndex,
    /// The page's source relative to `content/`.
    pub source: &'a str,
}

impl PageLinks<'_> {
    fn check_anchor(&self, anchor: &str, anchors: &[String], target: &str) -> Result<(), Resolved> {
        if anchor.is_empty() || anchors.iter().any(|a| a == anchor) {
            return Ok(());
        }
        let hint = match suggest::closest(anchor, anchors.iter().map(String::as_str)) {
            Some(best) => tr!(
                "did you mean `#{best}`? Anchors are made from the headings' text",
                "можливо, `#{best}`? Якорі утворюються з тексту заголовків"
            ),
            None if anchors.is_empty() => tr!(
                "{target} has no headings to link to",
                "у {target} немає заголовків, на які можна послатися"
            ),
            None => tr!(
                "headings in {target}: #{}",
                "заголовки в {target}: #{}",
                anchors.join(", #")
            ),
        };
        Err(Resolved::Problem(
            tr!(
                "{target} has no heading with the anchor `#{anchor}`",
                "у {target} немає заголовка з якорем `#{anchor}`"
            ),
            hint,
        ))
    }

    fn page_url(&self, path: &str, anchor: &str) -> String {
        if anchor.is_empty() {
            format!("{}{path}", self.index.base_path)
        } else {
            format!("{}{path}#{anchor}", self.index.base_path)
        }
    }

    fn resolve_md(&self, target: &str, anchor: &str) -> Resolved {
        match self.index.pages.get(target) {
            Some((path, anchors)) => match self.check_anchor(anchor, anchors, target) {
                Ok(()) => Resolved::Url(self.page_url(path, anchor)),
                Err(p) => p,
            },
            None if self.index.drafts.contains(target) => Resolved::Problem(
                tr!(
                    "the link points to content/{target}, which is a draft",
                    "посилання веде на content/{target}, а це чернетка"
                ),
                tr!(
                    "publish that page (remove `draft: true`) or remove the link; drafts are left out of the site",
                    "опублікуйте ту сторінку (приберіть `draft: true`) або приберіть посилання; чернеток на сайті немає"
                ),
            ),
            None => {
                let hint =
                    match suggest::closest(target, self.index.pages.keys().map(String::as_str)) {
                        Some(best) => tr!(
                            "did you mean {best}? Paths are relative to this file's folder",
                            "можливо, {best}? Шляхи відлічуються від теки цього файлу"
                        ),
                        None => tr!(
                            "check the file name; paths are relative to this file's folder",
                            "перевірте назву файлу; шляхи відлічуються від теки цього файлу"
                        ),
                    };
                Resolved::Problem(
                    tr!(
                        "the linked page content/{target} does not exist",
                        "сторінки content/{target}, на яку веде посилання, немає"
                    ),
                    hint,
                )
            }
        }
    }
}

impl LinkResolver for PageLinks<'_> {
    fn resolve(&self, dest: &str, is_image: bool, own_anchors: &[Heading]) -> Resolved {
        let what = if is_image {
            tr!("image", "зображення")
        } else {
            tr!("link", "посилання")
        };
        if dest.trim().is_empty() {
            return Resolved::Problem(
                tr!("this {what} has no address", "у цього {what} немає адреси"),
                tr!(
                    "write the address in the brackets: [text](address)",
                    "напишіть адресу в дужках: [текст](адреса)"
                ),
            );
        }
        if let Some(problem) = windows_path(dest, &what) {
            return problem;
        }
        if let Some(s) = scheme(dest) {
            if UNSAFE_SCHEMES.contains(&s.to_ascii_lowercase().as_str()) {
                return Resolved::Problem(
                    tr!(
                        "`{s}:` addresses are not allowed in a {what}",
                        "адреси `{s}:` не дозволені (тут {what})"
                    ),
                    tr!(
                        "link to a web page (https://…) or to a page of this site",
                        "посилайтеся на вебсторінку (https://…) або на сторінку цього сайту"
                    ),
                );
            }
            return Resolved::Url(dest.to_string());
        }
        if dest.starts_with("//") {
            return Resolved::Url(dest.to_string());
        }
        let (path_query, anchor) = dest.split_once('#').unwrap_or((dest, ""));
        let path = path_query.split('?').next().unwrap_or("");
        let path = crate::url::percent_decode(path).unwrap_or_else(|| path.to_string());
        if path.is_empty() {
            let anchors: Vec<String> = own_anchors.iter().map(|h| h.id.clone()).collect();
            return match self.check_anchor(
                anchor,
                &anchors,
                tr!("this page", "цій сторінці").as_str(),
            ) {
                Ok(()) => Resolved::Url(dest.to_string()),
                Err(p) => p,
            };
        }
        let dir = Path::new(self.source).parent().unwrap_or(Path::new(""));
        let Some(target) = join_normal(dir, &path) else {
            return Resolved::Problem(
                tr!(
                    "the {what} `{dest}` points outside the content folder",
                    "{what} `{dest}` веде за межі теки content"
                ),
                tr!(
                    "remove extra `../` from the path",
                    "приберіть зайві `../` зі шляху"
                ),
            );
        };
        if path.ends_with(".md") {
            return self.resolve_md(&target, anchor);
        }
        if path.starts_with('/') {
            // A site path: a page's URL or a copied file.
            let as_page = format!("{}/", target.trim_end_matches('/'));
            let as_page = if target.is_empty() {
                String::new()
            } else {
                as_page
            };
            if let Some(src) = self.index.page_paths.get(&as_page) {
                let anchors = &self.index.pages[src].1;
                return match self.check_anchor(anchor, anchors, &format!("content/{src}")) {
                    Ok(()) => Resolved::Url(self.page_url(&as_page, anchor)),
                    Err(p) => p,
                };
            }
            if let Some(out) = self.index.files.get(&target) {
                return Resolved::Url(format!("{}{out}", self.index.base_path));
            }
            return Resolved::Problem(
                tr!(
                    "the site has no page or file at `{path}`",
                    "на сайті немає сторінки чи файлу за адресою `{path}`"
                ),
                tr!(
                    "link to the page's Markdown file (for example ../pro-nas.md) so the address is checked and kept up to date",
                    "посилайтеся на Markdown-файл сторінки (наприклад ../pro-nas.md) — тоді адресу перевірено й вона не застаріє"
                ),
            );
        }
        // A relative path to a file beside the page.
        if let Some(out) = self.index.files.get(&target) {
            return Resolved::Url(format!("{}{out}", self.index.base_path));
        }
        Resolved::Problem(
            tr!(
                "the {what} `{dest}` points to content/{target}, which does not exist",
                "{what} `{dest}` веде на content/{target}, а такого файлу немає"
            ),
            if is_image {
                tr!(
                    "put the image in the content folder next to the page, or fix the file name",
                    "покладіть зображення в теку content поруч зі сторінкою або виправте назву файлу"
                )
            } else {
                tr!(
                    "link to a Markdown file (name.md) or to a file that exists next to the page",
                    "посилайтеся на Markdown-файл (назва.md) або на файл, що лежить поруч зі сторінкою"
                )
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> LinkIndex {
        let mut pages = HashMap::new();
        pages.insert(
            "instruktsii/diia.md".to_string(),
            ("instruktsii/diia/".to_string(), vec!["kroky".to_string()]),
        );
        pages.insert("pro-nas.md".to_string(), ("pro-nas/".to_string(), vec![]));
        let page_paths = pages
            .iter()
            .map(|(k, v)| (v.0.clone(), k.clone()))
            .collect();
        LinkIndex {
            pages,
            page_paths,
            files: ["instruktsii/skrin.png", "docs/a.pdf"]
                .into_iter()
                .map(|f| (f.to_string(), f.to_string()))
                .collect(),
            drafts: ["chernetka.md".to_string()].into_iter().collect(),
            base_path: "/site/".into(),
        }
    }

    fn url(r: Resolved) -> String {
        match r {
            Resolved::Url(u) => u,
            Resolved::Problem(m, h) => panic!("{m} ({h})"),
        }
    }

    fn problem(r: Resolved) -> (String, String) {
        match r {
            Resolved::Url(u) => panic!("resolved to {u}"),
            Resolved::Problem(m, h) => (m.into_string(), h.into_string()),
        }
    }

    #[test]
    fn rewrites_relative_markdown_links() {
        let idx = index();
        let l = PageLinks {
            index: &idx,
            source: "instruktsii/pidpys.md",
        };
        assert_eq!(
            url(l.resolve("diia.md", false, &[])),
            "/site/instruktsii/diia/"
        );
        assert_eq!(
            url(l.resolve("./diia.md#kroky", false, &[])),
            "/site/instruktsii/diia/#kroky"
        );
        assert_eq!(
            url(l.resolve("../pro-nas.md", false, &[])),
            "/site/pro-nas/"
        );
        assert_eq!(url(l.resolve("/pro-nas.md", false, &[])), "/site/pro-nas/");
        assert_eq!(
            url(l.resolve("skrin.png", true, &[])),
            "/site/instruktsii/skrin.png"
        );
        assert_eq!(
            url(l.resolve("/instruktsii/diia/", false, &[])),
            "/site/instruktsii/diia/"
        );
        assert_eq!(
            url(l.resolve("/docs/a.pdf", false, &[])),
            "/site/docs/a.pdf"
        );
        assert_eq!(
            url(l.resolve("https://diia.gov.ua/", false, &[])),
            "https://diia.gov.ua/"
        );
        assert_eq!(
            url(l.resolve("tel:+380000000000", false, &[])),
            "tel:+380000000000"
        );
    }

    #[test]
    fn reports_broken_links() {
        let idx = index();
        let l = PageLinks {
            index: &idx,
            source: "instruktsii/pidpys.md",
        };
        let (m, h) = problem(l.resolve("dia.md", false, &[]));
        // Unit tests read the messages in Ukrainian, the default language.
        assert!(
            m.contains("сторінки content/instruktsii/dia.md, на яку веде посилання, немає"),
            "{m}"
        );
        assert!(h.contains("можливо, instruktsii/diia.md?"), "{h}");
        let (m, h) = problem(l.resolve("diia.md#krok", false, &[]));
        assert!(m.contains("немає заголовка з якорем `#krok`"), "{m}");
        assert!(h.contains("#kroky"), "{h}");
        let (m, _) = problem(l.resolve("../../x.md", false, &[]));
        assert!(m.contains("за межі теки content"), "{m}");
        let (m, _) = problem(l.resolve("javascript:alert(1)", false, &[]));
        assert!(m.contains("не дозволені"), "{m}");
        let (m, _) = problem(l.resolve("../chernetka.md", false, &[]));
        assert!(m.contains("чернетка"), "{m}");
        let (m, _) = problem(l.resolve("#nema", false, &[]));
        assert!(m.contains("у цій сторінці немає заголовка"), "{m}");
        let (m, _) = problem(l.resolve("/nemaie/", false, &[]));
        assert!(m.contains("немає сторінки чи файлу"), "{m}");
    }
}
