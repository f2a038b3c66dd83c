//! W0224 on the built pages: heading levels that jump (an `<h1>` followed by an `<h3>`)
//! wherever they come from. The model already warns about a page's Markdown at its line;
//! here the rest is found — the theme's templates and a site's own overrides — and reported
//! once per place in a template, with the pages that show it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::html::{OutputHeading, Scanned};
use crate::diag::{Diagnostic, Location};
use crate::model::Site;

/// A jump found on a page: the heading, and the level of the one before it.
struct Jump<'a> {
    heading: &'a OutputHeading,
    after: u8,
}

/// The jumps on one page, in order. The page's title counts as the level before its first
/// heading, as in the Markdown check.
fn jumps(headings: &[OutputHeading]) -> Vec<Jump<'_>> {
    let mut level = 1;
    let mut found = Vec::new();
    for h in headings {
        if h.level > level + 1 {
            found.push(Jump {
                heading: h,
                after: level,
            });
        }
        level = h.level;
    }
    found
}

/// The place in the templates that writes `<hN` for heading `h`: an opening tag of its
/// level whose class is the heading's and whose text names it (written there, or as a
/// `t.key` whose string it is) is the best; otherwise the first tag of that level.
fn locate(site: &Site, h: &OutputHeading) -> Option<(PathBuf, Location)> {
    let open = format!("<h{}", h.level);
    let close = format!("</h{}>", h.level);
    let keys: Vec<String> = site
        .theme
        .string_table
        .iter()
        .filter(|(_, v)| v.as_str() == Some(h.text.as_str()))
        .map(|(k, _)| format!("t.{k}"))
        .collect();
    let mut best: Option<(u8, PathBuf, Location)> = None;
    for t in site.theme.templates.values() {
        let text = t.text.as_str();
        for (at, _) in text.match_indices(&open) {
            let rest = &text[at..];
            let next = rest.as_bytes().get(open.len());
            if !matches!(next, Some(b'>' | b' ' | b'\n')) {
                continue;
            }
            let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
            let inner = &rest[tag.len()..rest.find(&close).unwrap_or(tag.len())];
            let class = h
                .class
                .as_ref()
                .is_some_and(|c| tag.contains(&format!("class=\"{c}\"")));
            let named = (!h.text.is_empty() && inner.contains(&h.text))
                || keys.iter().any(|k| inner.contains(k.as_str()));
            let score = 1 + u8::from(class) + 2 * u8::from(named);
            if best.as_ref().is_none_or(|b| score > b.0) {
                let loc = Location::from_offsets(text, at, at + tag.len() + 1);
                best = Some((score, t.path.clone(), loc));
            }
        }
    }
    best.map(|(_, path, loc)| (path, loc))
}

/// One W0224 per place to fix: where, the heading, the level before it, the pages.
type Found =
    BTreeMap<(PathBuf, Option<(usize, usize)>, u8, u8), (Option<Location>, String, Vec<String>)>;

/// W0224 for every heading of the built pages that jumps a level, except the Markdown's own
/// (the model reports those at their line). `scanned`: output path → (origin, page).
pub fn check(
    site: &Site,
    scanned: &BTreeMap<&str, (&PathBuf, Scanned)>,
    page_url: impl Fn(&str) -> String,
) -> Vec<Diagnostic> {
    let markdown: BTreeMap<&Path, BTreeSet<(u8, &str)>> = site
        .pages
        .iter()
        .map(|p| {
            let hs = p.headings.iter().map(|h| (h.level, h.text.as_str()));
            (p.source.as_path(), hs.collect())
        })
        .collect();
    let mut found = Found::new();
    for (page, (origin, s)) in scanned {
        let own = markdown.get(origin.as_path());
        for j in jumps(&s.headings) {
            let h = j.heading;
            if own.is_some_and(|m| m.contains(&(h.level, h.text.as_str()))) {
                continue;
            }
            let (file, at) =
                locate(site, h).map_or(((*origin).clone(), None), |(f, l)| (f, Some(l)));
            let key = (file, at.map(|l| (l.line, l.col)), h.level, j.after);
            let entry = found
                .entry(key)
                .or_insert_with(|| (at, h.text.clone(), Vec::new()));
            entry.2.push(page_url(page));
        }
    }
    found
        .into_iter()
        .map(|((file, _, level, after), (at, text, mut pages))| {
            pages.sort();
            jump_diagnostic(file, at, &text, level, after, &pages)
        })
        .collect()
}

fn jump_diagnostic(
    file: PathBuf,
    at: Option<Location>,
    text: &str,
    level: u8,
    after: u8,
    pages: &[String],
) -> Diagnostic {
    let pages = super::on_pages(pages);
    Diagnostic::warning(
        "W0224",
        file,
        tr!(
            "the heading «{text}» is <h{level}> right after <h{after}> (on {pages})",
            "заголовок «{text}» — <h{level}> одразу після <h{after}> (на {pages})"
        ),
    )
    .at_opt(at)
    .hint(tr!(
        "make it <h{}> here: a level is skipped, and screen reader users navigate by levels",
        "зробіть тут <h{}>: рівень пропущено, а користувачі програм екранного читання переходять за рівнями",
        after + 1
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, text: &str) -> OutputHeading {
        OutputHeading {
            level,
            text: text.into(),
            class: None,
        }
    }

    #[test]
    fn a_jump_is_a_heading_more_than_one_level_below_the_one_before() {
        let hs = [
            h(1, "A"),
            h(3, "B"),
            h(2, "C"),
            h(3, "D"),
            h(2, "E"),
            h(4, "F"),
        ];
        let found: Vec<(&str, u8)> = jumps(&hs)
            .iter()
            .map(|j| (j.heading.text.as_str(), j.after))
            .collect();
        assert_eq!(found, [("B", 1), ("F", 2)]);
        // Going back up any number of levels is fine; the title counts before the first.
        assert!(jumps(&[h(1, "A"), h(2, "B"), h(3, "C"), h(1, "D")]).is_empty());
        assert_eq!(jumps(&[h(3, "A")]).len(), 1);
    }
}
