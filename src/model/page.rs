//! One content file's page: its draft (front matter read, kind and address decided, the
//! anchors its headings will have) and the page built from it (body rendered, front matter
//! and body checked). What needs all pages at once (unique addresses, the link index,
//! sections) is `build.rs`'s.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;

use super::links::{LinkIndex, PageLinks};
use super::validate::{self, Checked};
use super::{Page, PageKind};
use crate::content::frontmatter::{self, FrontMatter, Split};
use crate::content::markdown::{self, Heading, Problem, Rendered};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::registry::Service;
use crate::slug::slugify;
use crate::source::SourceFile;
use crate::term::Term;

/// A page after its front matter is read, before its body is rendered.
pub(super) struct Draft<'a> {
    pub(super) source: &'a Path,
    /// Source relative to `content/`, `/` separators.
    pub(super) rel: String,
    pub(super) split: Split<'a>,
    pub(super) kind: PageKind,
    pub(super) section: String,
    pub(super) path: String,
    pub(super) anchors: Vec<String>,
}

/// A path relative to `content/`, with `/` separators.
pub(super) fn content_rel(source: &Path) -> String {
    let rel = source.strip_prefix("content").unwrap_or(source);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn is_in(dir: &str, section: &str) -> bool {
    dir == section || dir.starts_with(&format!("{section}/"))
}

/// One content file read: the problem with its front matter, if any, and its draft (from
/// what could be read despite the problem; none when nothing could).
pub(super) fn draft<'a>(
    f: &'a SourceFile,
    instructions_dir: &str,
) -> (Option<Diagnostic>, Option<Draft<'a>>) {
    let (problem, split) = match frontmatter::split(&f.text, &f.path) {
        Ok(s) => (None, s),
        Err((d, Some(fallback))) => (Some(d), fallback),
        Err((d, None)) => return (Some(d), None),
    };
    let rel = content_rel(&f.path);
    let (dir, file_name) = match rel.rsplit_once('/') {
        Some((d, n)) => (d.to_string(), n.to_string()),
        None => (String::new(), rel.clone()),
    };
    let kind = page_kind(&dir, &file_name, instructions_dir);
    let path = page_path(&dir, &file_name, &split.front);
    let anchors = markdown::headings(split.body)
        .into_iter()
        .map(|h| h.id)
        .collect();
    let draft = Draft {
        source: &f.path,
        rel,
        split,
        kind,
        section: dir,
        path,
        anchors,
    };
    (problem, Some(draft))
}

/// A folder's `_index.md` is its section's page; a page under the instructions folder is an
/// instruction.
fn page_kind(dir: &str, file_name: &str, instructions_dir: &str) -> PageKind {
    if file_name == "_index.md" {
        PageKind::Section
    } else if !instructions_dir.is_empty() && is_in(dir, instructions_dir) {
        PageKind::Instruction
    } else {
        PageKind::Page
    }
}

/// The page's address: its folder's for `_index.md`, else the folder's and the slug (from
/// the front matter, or from the file name).
fn page_path(dir: &str, file_name: &str, front: &FrontMatter) -> String {
    if file_name == "_index.md" {
        return crate::urls::content_dir(dir);
    }
    let stem = file_name.trim_end_matches(".md");
    let slug = match &front.slug {
        Some(s) => s.clone(),
        None => slugify(stem),
    };
    format!("{}{}/", crate::urls::content_dir(dir), slug)
}

/// What a page is built against besides the link index: the settings, the theme's
/// languages, the e-services and the build's date. Read from `Loaded` for a whole build,
/// from the kept `Site` when the preview re-models one page (`patch.rs`).
pub(super) struct PageContext<'a> {
    pub(super) config: &'a crate::config::Config,
    pub(super) strings_by_lang: &'a BTreeMap<String, toml::Table>,
    pub(super) services: &'a [Service],
    pub(super) now: Date,
}

/// The page of a draft: its body rendered, and every problem with its front matter and body.
pub(super) fn page_from_draft(
    d: &Draft,
    index: &LinkIndex,
    cx: &PageContext,
) -> (Page, Diagnostics) {
    let mut diags = Diagnostics::new();
    let checked = check_front_matter(d, cx.config, cx.services, cx.now, &mut diags);
    let links = PageLinks {
        index,
        source: &d.rel,
    };
    let mut r = markdown::render(d.split.body, d.split.body_line_offset, &links);
    for p in r.problems.drain(..) {
        diags.push(body_problem(p, d.source));
    }
    check_headings(d, &r.headings, &mut diags);
    if d.kind == PageKind::Instruction && r.steps.is_empty() {
        diags.push(no_steps(d));
    }
    let lang = page_lang(d, cx, &mut diags);
    let page = page(d, r, checked, lang, cx.config);
    (page, diags)
}

/// The checks of every page's front matter, and an instruction's (whose checked values the
/// page keeps).
fn check_front_matter(
    d: &Draft,
    config: &crate::config::Config,
    services: &[Service],
    now: Date,
    diags: &mut Diagnostics,
) -> Option<Checked> {
    validate::common(&d.split, d.source, diags);
    (d.kind == PageKind::Instruction)
        .then(|| validate::instruction(&d.split, d.source, config, services, now, diags))
}

/// A problem the Markdown renderer found in the body, as a diagnostic.
fn body_problem(p: Problem, file: &Path) -> Diagnostic {
    match p {
    Problem::Link {
        location,
        message,
        hint,
    } => Diagnostic::error("E0220", file, message).at(location).hint(hint),
    Problem::ImageWithoutAlt { location } => Diagnostic::error(
        "E0221",
        file,
        tr!(
            "this image has no text alternative",
            "у цього зображення немає текстового опису"
        ),
    )
    .at(location)
    .hint(tr!(
        "describe what the image shows between the square brackets: ![Екран входу в Дію](dii-vkhid.png)",
        "опишіть у квадратних дужках, що на зображенні: ![Екран входу в Дію](dii-vkhid.png)"
    )),
    Problem::VagueLinkText { location, text } => vague_link(file, &text).at(location),
    Problem::HtmlTooDeep { location } => html_too_deep(file).at(location),
    }
}

/// Heading levels go down one at a time (W0224), and the title is the only level 1 heading
/// (W0223): a screen reader's outline has no gaps.
fn check_headings(d: &Draft, headings: &[Heading], diags: &mut Diagnostics) {
    // The body's lines indexed once (on the first heading to report), not scanned per heading.
    let lines = std::cell::OnceCell::new();
    let heading_at = |h: &Heading| {
        let body = d.split.body;
        let end = body
            .get(h.offset..)
            .and_then(|rest| rest.find('\n'))
            .map_or(body.len(), |i| h.offset + i);
        lines
            .get_or_init(|| crate::diag::LineIndex::new(body))
            .location(body, h.offset, end)
            .shifted(d.split.body_line_offset)
    };
    let mut level = 1;
    for h in headings {
        if h.level > level + 1 {
            diags.push(skipped_level(d.source, h, level, heading_at(h)));
        }
        level = h.level;
    }
    for h in headings.iter().filter(|h| h.level == 1) {
        diags.push(top_level_heading(d.source, h, heading_at(h)));
    }
}

/// W0224: the heading `h` comes right after one of level `level`, more than one level up.
fn skipped_level(file: &Path, h: &Heading, level: u8, at: Location) -> Diagnostic {
    Diagnostic::warning(
        "W0224",
        file,
        tr!(
            "the heading «{}» is level {} right after level {level}",
            "заголовок «{}» має рівень {} одразу після рівня {level}",
            h.text,
            h.level
        ),
    )
    .at(at)
    .hint(tr!(
        "use {} here: a level is skipped, and screen reader users navigate by levels",
        "напишіть тут {}: рівень пропущено, а користувачі програм екранного читання переходять за рівнями",
        "#".repeat(usize::from(level) + 1)
    ))
}

/// W0223: a level 1 heading in the body, beside the title.
fn top_level_heading(file: &Path, h: &Heading, at: Location) -> Diagnostic {
    Diagnostic::warning(
        "W0223",
        file,
        tr!(
            "the heading «{}» is a top-level heading",
            "заголовок «{}» — першого рівня",
            h.text
        ),
    )
    .at(at)
    .hint(tr!(
        "the page's title is its only top-level heading; start headings in the text with ##",
        "єдиний заголовок першого рівня — назва сторінки; заголовки в тексті починайте з ##"
    ))
}

/// E0222: an instruction without numbered steps.
fn no_steps(d: &Draft) -> Diagnostic {
    Diagnostic::error(
        "E0222",
        d.source,
        tr!(
            "the instruction has no numbered steps",
            "в інструкції немає нумерованих кроків"
        ),
    )
    .at(Location::new(d.split.body_line_offset + 1, 1, 1))
    .hint(tr!(
        "write the steps as a numbered list: `1. Відкрийте застосунок.` on its own line, then `2. …`",
        "запишіть кроки нумерованим списком: `1. Відкрийте застосунок.` окремим рядком, далі `2. …`"
    ))
}

/// The page's language when it is not the site's; one the theme has no strings for is
/// reported (E0213).
fn page_lang<'d>(d: &'d Draft, cx: &PageContext, diags: &mut Diagnostics) -> Option<&'d str> {
    let lang = d
        .split
        .front
        .lang
        .as_deref()
        .filter(|l| *l != cx.config.language);
    if let Some(l) = lang
        && !cx.strings_by_lang.contains_key(l)
    {
        let known: Vec<&str> = cx.strings_by_lang.keys().map(String::as_str).collect();
        diags.push(
            Diagnostic::error(
                "E0213",
                d.source,
                tr!(
                    "the theme has no strings for the page's language `{l}`",
                    "у темі немає написів мовою сторінки `{l}`"
                ),
            )
            .at_opt(d.split.positions.value("lang"))
            .hint(tr!(
                "write one of {} (the theme's i18n/*.toml files), or add i18n/{l}.toml",
                "напишіть одну з мов: {} (файли i18n/*.toml теми) або додайте i18n/{l}.toml",
                known.join(", ")
            )),
        );
    }
    lang
}

/// The page: the draft's front matter with its keys resolved, and the rendered body.
fn page(
    d: &Draft,
    r: Rendered,
    checked: Option<Checked>,
    lang: Option<&str>,
    config: &crate::config::Config,
) -> Page {
    let fm = &d.split.front;
    let title = fm
        .title
        .clone()
        .unwrap_or_else(|| humanize(d.rel.rsplit('/').next().unwrap_or("")));
    let summary = fm
        .summary
        .clone()
        .unwrap_or_else(|| truncate_words(&r.first_paragraph, validate::SUMMARY_MAX));
    Page {
        source: d.source.to_path_buf(),
        kind: d.kind,
        section: d.section.clone(),
        path: d.path.clone(),
        title,
        summary,
        weight: fm.weight,
        draft: fm.draft,
        html: r.html,
        headings: r.headings,
        steps: r.steps,
        word_count: r.word_count,
        reviewed: checked
            .as_ref()
            .and_then(|c| c.reviewed)
            .or_else(|| fm.reviewed.as_deref().and_then(crate::dates::parse)),
        stale: checked.as_ref().is_some_and(|c| c.stale),
        service: fm.service.clone(),
        audience: Term::all(&fm.audience, &taxonomy_terms(config, "audience")),
        competence: fm
            .competence
            .as_deref()
            .map(|c| Term::resolve(c, &taxonomy_terms(config, "competence"))),
        level: fm
            .level
            .as_deref()
            .map(|l| Term::resolve(l, &taxonomy_terms(config, "level"))),
        duration: fm.duration,
        aliases: fm.aliases.iter().map(|a| alias_path(a)).collect(),
        template: fm.template.clone(),
        lang: lang.map(str::to_string),
        extra: fm.extra.clone(),
    }
}

/// An alias as an output path: `/old/page/` → `old/page/` (the root's is empty).
fn alias_path(alias: &str) -> String {
    let a = alias.trim_matches('/');
    if a.is_empty() {
        String::new()
    } else {
        format!("{a}/")
    }
}

/// The terms of a taxonomy, key → label (none for a taxonomy the site does not have).
fn taxonomy_terms(config: &crate::config::Config, key: &str) -> BTreeMap<String, String> {
    config
        .taxonomy(key)
        .map(|t| t.terms.clone())
        .unwrap_or_default()
}

/// A title from a file or folder name: «pro-nas» → «Pro nas».
pub(super) fn humanize(name: &str) -> String {
    let name = name.trim_end_matches(".md").replace(['-', '_'], " ");
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// At most `max` characters, cut at a word boundary with an ellipsis.
fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 2 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// Raw HTML nested too deep to sanitise in reasonable time (E0226).
fn html_too_deep(file: &Path) -> Diagnostic {
    let max = markdown::MAX_HTML_DEPTH;
    Diagnostic::error(
        "E0226",
        file,
        tr!(
            "the HTML here nests elements more than {max} levels deep",
            "HTML тут вкладає елементи глибше ніж на {max} рівнів"
        ),
    )
    .hint(tr!(
        "close every tag you open (<div> … </div>) and nest at most {max} levels: deeper HTML takes too long to check for safety",
        "закривайте кожен відкритий тег (<div> … </div>) і вкладайте не глибше ніж на {max} рівнів: глибший HTML надто довго перевіряти на безпечність"
    ))
}

/// A link whose text says nothing out of context (W0225).
fn vague_link(file: &Path, text: &str) -> Diagnostic {
    Diagnostic::warning(
        "W0225",
        file,
        tr!(
            "the link text «{text}» does not say where the link leads",
            "текст посилання «{text}» не каже, куди воно веде"
        ),
    )
    .hint(tr!(
        "name the destination in the link: [інструкція, як отримати Дія.Підпис](diia-pidpys.md) instead of [тут](diia-pidpys.md)",
        "назвіть у посиланні, куди воно веде: [інструкція, як отримати Дія.Підпис](diia-pidpys.md) замість [тут](diia-pidpys.md)"
    ))
}
