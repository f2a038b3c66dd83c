//! Builds the `Site` from what was loaded: front matter, URLs, sections, links, taxonomies.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;

use super::links::{LinkIndex, PageLinks};
use super::validate;
use super::{Asset, Page, PageKind, Section, Site, TaxonomyIndex};
use crate::content::frontmatter::{self, FrontMatter, Split};
use crate::content::markdown::{self, Problem};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::load::Loaded;
use crate::registry::Service;
use crate::slug::slugify;
use crate::term::Term;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub now: Date,
    pub drafts: bool,
    /// Publish at this address instead of site.toml's `base_url` (a preview, a local check).
    pub base_url: Option<String>,
}

/// A page after its front matter is read, before its body is rendered.
struct Draft<'a> {
    source: &'a Path,
    /// Source relative to `content/`, `/` separators.
    rel: String,
    split: Split<'a>,
    kind: PageKind,
    section: String,
    path: String,
    anchors: Vec<String>,
}

fn content_rel(source: &Path) -> String {
    let rel = source.strip_prefix("content").unwrap_or(source);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn is_in(dir: &str, section: &str) -> bool {
    dir == section || dir.starts_with(&format!("{section}/"))
}

pub fn build(mut loaded: Loaded, opts: &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    if let Some(url) = &opts.base_url
        && let Err(d) = loaded.config.set_base_url(url)
    {
        diags.push(d);
        return Err(diags);
    }
    diags.extend(loaded.config.warnings.iter().cloned());
    let (services, service_problems) =
        crate::registry::services::parse(loaded.services_file.as_ref());
    diags.extend(service_problems);
    let config = &loaded.config;
    let instructions_dir = config.paths.instructions.trim_matches('/').to_string();

    // 1. Front matter of every file, and the headings each body will have. A file whose
    // front matter cannot be read is still known to links (as `broken`), so that one mistake
    // is reported once, not again at every link to it.
    let parsed: Vec<(Option<Diagnostic>, Option<Draft>)> = loaded
        .content
        .par_iter()
        .map(|f| {
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
            let is_index = file_name == "_index.md";
            let kind = if is_index {
                PageKind::Section
            } else if !instructions_dir.is_empty() && is_in(&dir, &instructions_dir) {
                PageKind::Instruction
            } else {
                PageKind::Page
            };
            let path = if is_index {
                crate::urls::content_dir(&dir)
            } else {
                let stem = file_name.trim_end_matches(".md");
                let slug = match &split.front.slug {
                    Some(s) => s.clone(),
                    None => slugify(stem),
                };
                format!("{}{}/", crate::urls::content_dir(&dir), slug)
            };
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
        })
        .collect();
    let mut drafts_all = Vec::with_capacity(parsed.len());
    let mut broken = Vec::new();
    for (problem, draft) in parsed {
        match (problem, draft) {
            (None, Some(d)) => drafts_all.push(d),
            (Some(e), d) => {
                diags.push(e);
                broken.extend(d);
            }
            (None, None) => {}
        }
    }

    // Drafts stay out unless asked for.
    let (drafts, left_out): (Vec<Draft>, Vec<Draft>) = drafts_all
        .into_iter()
        .partition(|d| opts.drafts || !d.split.front.draft);

    // 2. URLs: one page per URL.
    let mut by_path: BTreeMap<&str, &Draft> = BTreeMap::new();
    for d in &drafts {
        if d.path.is_empty() && d.kind != PageKind::Section {
            continue;
        }
        if let Some(other) = by_path.insert(&d.path, d) {
            let (first, second) = if other.source < d.source {
                (other, d)
            } else {
                (d, other)
            };
            diags.push(
                Diagnostic::error(
                    "E0211",
                    second.source,
                    tr!(
                        "two pages would be published at /{}",
                        "дві сторінки вийшли б за однією адресою /{}",
                        second.path
                    ),
                )
                .at_opt(
                    second
                        .split
                        .positions
                        .value("slug")
                        .or(Some(Location::new(1, 1, 1))),
                )
                .related(
                    first.source,
                    None,
                    tr!(
                        "the other page with this address",
                        "друга сторінка з цією адресою"
                    ),
                )
                .hint(tr!(
                    "give one of them another file name or a different `slug` in its front matter",
                    "дайте одній із них іншу назву файлу або інший `slug` у налаштуваннях сторінки"
                )),
            );
        }
    }

    // 3. Everything a link may point at.
    let base_path = config.base_path().to_string();
    let mut assets = Vec::new();
    let mut files: HashMap<String, String> = loaded
        .static_files
        .keys()
        .map(|k| (k.clone(), k.clone()))
        .collect();
    for a in &loaded.assets {
        let rel = content_rel(a);
        let output = match rel.rsplit_once('/') {
            Some((dir, name)) => format!("{}{name}", crate::urls::content_dir(dir)),
            None => rel.clone(),
        };
        files.insert(rel, output.clone());
        assets.push(Asset {
            source: a.clone(),
            output,
        });
    }
    let index = LinkIndex {
        pages: drafts
            .iter()
            .chain(&broken)
            .map(|d| (d.rel.clone(), (d.path.clone(), d.anchors.clone())))
            .collect(),
        page_paths: drafts
            .iter()
            .map(|d| (d.path.clone(), d.rel.clone()))
            .collect(),
        files,
        drafts: left_out.iter().map(|d| d.rel.clone()).collect(),
        base_path,
    };
    // 4. Bodies, links and front matter checks, in parallel.
    let results: Vec<(Page, Diagnostics)> = drafts
        .par_iter()
        .map(|d| page_from_draft(d, &index, &loaded, &services, opts))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    for (p, ds) in results {
        diags.extend(ds);
        pages.push(p);
    }
    check_aliases(&pages, &mut diags);

    let (registries, registry_diags) = crate::registry::build(
        &loaded.venue_files,
        &loaded.event_files,
        &loaded.config,
        &services,
    );
    diags.extend(registry_diags);
    registration_warnings(&registries, opts.now, &mut diags);

    let t = crate::timing::Timer::start();
    let map = build_map(&loaded, &registries, &mut diags);
    t.lap("  map layers");

    if diags.has_errors() {
        return Err(diags);
    }

    // 5. Sections, in display order.
    let sections = build_sections(&mut pages, &loaded.config);
    let taxonomies = build_taxonomies(&pages, &loaded.config);

    let site = Site {
        config: loaded.config,
        now: opts.now,
        pages,
        sections,
        taxonomies,
        services,
        registries,
        map,
        assets,
        static_files: loaded.static_files,
        templates: loaded.templates,
        strings: loaded.strings,
        strings_by_lang: loaded.strings_by_lang,
        theme_assets: loaded.theme_assets,
        poster_files: loaded.poster_files,
        logo: loaded.logo,
        root: loaded.root,
    };
    Ok((site, diags))
}

/// The map's layers read and prepared; `None` when there is nothing to draw.
fn build_map(
    loaded: &Loaded,
    registries: &crate::registry::Registries,
    diags: &mut Diagnostics,
) -> Option<crate::geo::Map> {
    let layers_config = &loaded.config.map.layers;
    let read: Vec<_> = loaded
        .map_files
        .par_iter()
        .zip(layers_config.par_iter())
        .map(|(f, l)| crate::geo::load::read(&f.text, &f.path, l.label.as_deref()))
        .collect();
    let mut layers = Vec::with_capacity(read.len());
    for (layer, ds) in read {
        diags.extend(ds);
        layers.push(layer);
    }
    let venues: Vec<[f64; 2]> = registries
        .venues
        .iter()
        .filter_map(|v| v.location.map(|(lon, lat)| [lon, lat]))
        .collect();
    crate::geo::prepare(layers_config, layers, &venues)
}

/// The terms of a taxonomy, key → label (none for a taxonomy the site does not have).
fn taxonomy_terms(config: &crate::config::Config, key: &str) -> BTreeMap<String, String> {
    config
        .taxonomy(key)
        .map(|t| t.terms.clone())
        .unwrap_or_default()
}

fn page_from_draft(
    d: &Draft,
    index: &LinkIndex,
    loaded: &Loaded,
    services: &[Service],
    opts: &BuildOptions,
) -> (Page, Diagnostics) {
    let mut diags = Diagnostics::new();
    let file = d.source;
    validate::common(&d.split, file, &mut diags);
    let checked = if d.kind == PageKind::Instruction {
        Some(validate::instruction(
            &d.split,
            file,
            &loaded.config,
            services,
            opts.now,
            &mut diags,
        ))
    } else {
        None
    };

    let links = PageLinks {
        index,
        source: &d.rel,
    };
    let mut r = markdown::render(d.split.body, d.split.body_line_offset, &links);
    for p in r.problems.drain(..) {
        diags.push(match p {
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
        });
    }
    // Heading levels go down one at a time (the title is the level 1 heading): a screen
    // reader's outline has no gaps.
    // The body's lines indexed once (on the first heading to report), not scanned per heading.
    let lines = std::cell::OnceCell::new();
    let heading_at = |h: &markdown::Heading| {
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
    for h in &r.headings {
        if h.level > level + 1 {
            diags.push(
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
                .at(heading_at(h))
                .hint(tr!(
                    "use {} here: a level is skipped, and screen reader users navigate by levels",
                    "напишіть тут {}: рівень пропущено, а користувачі програм екранного читання переходять за рівнями",
                    "#".repeat(usize::from(level) + 1)
                )),
            );
        }
        level = h.level;
    }
    for h in r.headings.iter().filter(|h| h.level == 1) {
        diags.push(
            Diagnostic::warning(
                "W0223",
                file,
                tr!(
                    "the heading «{}» is a top-level heading",
                    "заголовок «{}» — першого рівня",
                    h.text
                ),
            )
            .at(heading_at(h))
            .hint(tr!(
                "the page's title is its only top-level heading; start headings in the text with ##",
                "єдиний заголовок першого рівня — назва сторінки; заголовки в тексті починайте з ##"
            )),
        );
    }
    if d.kind == PageKind::Instruction && r.steps.is_empty() {
        diags.push(
            Diagnostic::error(
                "E0222",
                file,
                tr!(
                    "the instruction has no numbered steps",
                    "в інструкції немає нумерованих кроків"
                ),
            )
            .at(Location::new(d.split.body_line_offset + 1, 1, 1))
            .hint(tr!(
                "write the steps as a numbered list: `1. Відкрийте застосунок.` on its own line, then `2. …`",
                "запишіть кроки нумерованим списком: `1. Відкрийте застосунок.` окремим рядком, далі `2. …`"
            )),
        );
    }

    let fm: &FrontMatter = &d.split.front;
    let lang = fm.lang.as_deref().filter(|l| *l != loaded.config.language);
    if let Some(l) = lang
        && !loaded.strings_by_lang.contains_key(l)
    {
        let known: Vec<&str> = loaded.strings_by_lang.keys().map(String::as_str).collect();
        diags.push(
            Diagnostic::error(
                "E0213",
                file,
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
    let title = fm
        .title
        .clone()
        .unwrap_or_else(|| humanize(d.rel.rsplit('/').next().unwrap_or("")));
    let summary = fm
        .summary
        .clone()
        .unwrap_or_else(|| truncate_words(&r.first_paragraph, validate::SUMMARY_MAX));
    let page = Page {
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
        audience: Term::all(&fm.audience, &taxonomy_terms(&loaded.config, "audience")),
        competence: fm
            .competence
            .as_deref()
            .map(|c| Term::resolve(c, &taxonomy_terms(&loaded.config, "competence"))),
        level: fm
            .level
            .as_deref()
            .map(|l| Term::resolve(l, &taxonomy_terms(&loaded.config, "level"))),
        duration: fm.duration,
        aliases: fm
            .aliases
            .iter()
            .map(|a| {
                let a = a.trim_matches('/');
                if a.is_empty() {
                    String::new()
                } else {
                    format!("{a}/")
                }
            })
            .collect(),
        template: fm.template.clone(),
        lang: lang.map(str::to_string),
        extra: fm.extra.clone(),
    };
    (page, diags)
}

fn check_aliases(pages: &[Page], diags: &mut Diagnostics) {
    let paths: HashMap<&str, &Page> = pages.iter().map(|p| (p.path.as_str(), p)).collect();
    let mut aliases: HashMap<&str, &Page> = HashMap::new();
    for p in pages {
        for a in &p.aliases {
            if let Some(other) = paths.get(a.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "E0212",
                        &p.source,
                        tr!(
                            "alias /{a} is the address of another page",
                            "стара адреса /{a} — це адреса іншої сторінки"
                        ),
                    )
                    .related(
                        &other.source,
                        None,
                        tr!("the page at that address", "сторінка з цією адресою"),
                    )
                    .hint(tr!(
                        "remove the alias; an alias is only for an old address that no page uses now",
                        "приберіть її: стара адреса (alias) — лише для адреси, якою тепер не користується жодна сторінка"
                    )),
                );
            } else if let Some(other) = aliases.insert(a, p)
                && other.source != p.source
            {
                diags.push(
                    Diagnostic::error(
                        "E0212",
                        &p.source,
                        tr!(
                            "alias /{a} is also an alias of another page",
                            "стара адреса /{a} є й в іншої сторінки"
                        ),
                    )
                    .related(
                        &other.source,
                        None,
                        tr!(
                            "the other page with this alias",
                            "друга сторінка з цією старою адресою"
                        ),
                    )
                    .hint(tr!(
                        "an old address can redirect to one page only; remove one alias",
                        "стара адреса може вести лише на одну сторінку; приберіть одну з них"
                    )),
                );
            }
        }
    }
}

/// A title from a file or folder name: «pro-nas» → «Pro nas».
fn humanize(name: &str) -> String {
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

fn sort_key(p: &Page) -> (bool, i64, String, String) {
    (
        p.weight.is_none(),
        p.weight.unwrap_or(0),
        p.title.to_lowercase(),
        p.path.clone(),
    )
}

/// Groups pages into sections (creating a page for folders without `_index.md`) and sorts
/// pages and sections by weight, then title.
fn build_sections(pages: &mut Vec<Page>, config: &crate::config::Config) -> Vec<Section> {
    // Every folder that holds a page, and its parents, is a section.
    let mut dirs: Vec<String> = vec![String::new()];
    for p in pages.iter() {
        let dir = if p.kind == PageKind::Section {
            p.source.parent().map(content_rel).unwrap_or_default()
        } else {
            p.section.clone()
        };
        let mut acc = String::new();
        for part in dir.split('/').filter(|s| !s.is_empty()) {
            if !acc.is_empty() {
                acc.push('/');
            }
            acc.push_str(part);
            dirs.push(acc.clone());
        }
    }
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        let exists = pages
            .iter()
            .any(|p| p.kind == PageKind::Section && p.path == crate::urls::content_dir(dir));
        if !exists {
            let name = dir.rsplit('/').next().unwrap_or("");
            let title = if dir.is_empty() {
                config.title.clone()
            } else {
                humanize(name)
            };
            pages.push(Page {
                source: PathBuf::from("content").join(dir).join("_index.md"),
                kind: PageKind::Section,
                section: dir.clone(),
                path: crate::urls::content_dir(dir),
                title,
                summary: String::new(),
                weight: None,
                draft: false,
                html: String::new(),
                headings: Vec::new(),
                steps: Vec::new(),
                word_count: 0,
                reviewed: None,
                stale: false,
                service: None,
                audience: Vec::new(),
                competence: None,
                level: None,
                duration: None,
                aliases: Vec::new(),
                template: None,
                lang: None,
                extra: Default::default(),
            });
        }
    }
    // Pages in a fixed order, so that every index below is stable.
    pages.sort_by(|a, b| a.source.cmp(&b.source));
    for p in pages.iter_mut() {
        if p.kind == PageKind::Section {
            p.section = p.source.parent().map(content_rel).unwrap_or_default();
        }
    }
    let mut sections: Vec<Section> = dirs
        .iter()
        .map(|dir| Section {
            dir: dir.clone(),
            page: pages
                .iter()
                .position(|p| p.kind == PageKind::Section && &p.section == dir)
                .unwrap_or(0),
            pages: Vec::new(),
            subsections: Vec::new(),
        })
        .collect();
    let section_index: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), i))
        .collect();
    for (i, p) in pages.iter().enumerate() {
        if p.kind != PageKind::Section
            && let Some(&s) = section_index.get(&p.section)
        {
            sections[s].pages.push(i);
        }
    }
    for (i, dir) in dirs.iter().enumerate() {
        if dir.is_empty() {
            continue;
        }
        let parent = dir.rsplit_once('/').map_or("", |x| x.0);
        if let Some(&pi) = section_index.get(parent) {
            sections[pi].subsections.push(i);
        }
    }
    // Sort keys computed once per page, not once per comparison.
    let keys: Vec<_> = pages.iter().map(sort_key).collect();
    for s in sections.iter_mut() {
        s.pages.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    }
    let section_pages: Vec<usize> = sections.iter().map(|s| s.page).collect();
    for s in sections.iter_mut() {
        s.subsections
            .sort_by(|&a, &b| keys[section_pages[a]].cmp(&keys[section_pages[b]]));
    }
    sections
}

fn build_taxonomies(pages: &[Page], config: &crate::config::Config) -> Vec<TaxonomyIndex> {
    let keys: Vec<_> = pages.iter().map(sort_key).collect();
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    config
        .taxonomies
        .iter()
        .map(|t| TaxonomyIndex {
            key: t.key.clone(),
            terms: t
                .terms
                .iter()
                .map(|(term, label)| {
                    let with: Vec<usize> = order
                        .iter()
                        .copied()
                        .filter(|&i| pages[i].terms(&t.key).contains(&term.as_str()))
                        .collect();
                    (term.clone(), label.clone(), with)
                })
                .filter(|(_, _, with)| !with.is_empty())
                .collect(),
        })
        .collect()
}

/// Raw HTML nested too deep to sanitise in reasonable time (E0226).
pub(crate) fn html_too_deep(file: &Path) -> Diagnostic {
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
pub(crate) fn vague_link(file: &Path, text: &str) -> Diagnostic {
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

/// An upcoming event that says nothing about registration (W0627): residents ask that first.
/// Past events are left alone, they are history.
fn registration_warnings(
    registries: &crate::registry::Registries,
    now: Date,
    diags: &mut Diagnostics,
) {
    for e in &registries.events {
        if e.registration.is_none() && !e.is_past(now) {
            diags.push(
                Diagnostic::warning(
                    "W0627",
                    &e.source.file,
                    tr!(
                        "event `{}` says nothing about registration",
                        "у події `{}` нічого не сказано про реєстрацію",
                        e.id
                    ),
                )
                .at_opt(e.record_at)
                .hint(tr!(
                    "residents ask first whether to sign up: add registration: with phone, url or note; when anyone can just come, write registration: {{note: \"Не потрібна — просто приходьте\"}}",
                    "мешканці насамперед питають, чи треба записуватися: додайте registration: з phone, url або note; якщо можна просто прийти, напишіть registration: {{note: \"Не потрібна — просто приходьте\"}}"
                )),
            );
        }
    }
}
