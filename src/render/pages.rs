//! HTML pages: content pages, sections, the home page, taxonomy pages, 404 and redirects
//! for aliases. Rendered in parallel; each page is `…/index.html` under its path.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::context::{self, PageSummary, TermCtx};
use super::nearby::ShortLists;
use super::records;
use super::{Content, Output, Renderer, Scope, Templates};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Page, PageKind, Site};

pub struct Pages;

/// A rendered page: output path, HTML, and the page it came from.
/// A content page's files (a section's list may take several) and the page.
type Rendered<'a> = (Vec<(String, Vec<u8>)>, &'a Page);

/// How many instructions the home page features.
const FEATURED: usize = 6;

#[derive(Serialize)]
struct SectionLink<'a> {
    title: &'a str,
    url: String,
    summary: &'a str,
    count: usize,
}

fn template_for(p: &Page) -> String {
    if let Some(t) = &p.template {
        return t.clone();
    }
    match p.kind {
        _ if p.is_home() => "index.html",
        PageKind::Instruction => "instruction.html",
        PageKind::Page => "page.html",
        PageKind::Section => "section.html",
    }
    .to_string()
}

fn section_links<'a>(site: &'a Site, subsections: &[usize]) -> Vec<SectionLink<'a>> {
    subsections
        .iter()
        .map(|&i| {
            let s = &site.sections[i];
            let p = &site.pages[s.page];
            SectionLink {
                title: &p.title,
                url: site.url(&p.path),
                summary: &p.summary,
                count: s.pages.len(),
            }
        })
        .collect()
}

/// How many upcoming events the home page shows.
const NEXT_EVENTS: usize = 4;

/// The template data of page `p`; a section's page `n` (from 1) of its pages' list.
fn page_context(site: &Site, p: &Page, n: usize, short_lists: &ShortLists) -> Context {
    let mut ctx = Context::new();
    let mut page = context::page(site, p);
    let mut paging = None;
    if p.kind == PageKind::Section
        && !p.is_home()
        && let Some(s) = site.section_of(&p.section)
    {
        let total = super::paging::count(s.pages.len(), site.config.per_page);
        let pg = super::paging::Paging::new(site, &p.path, n, total);
        if n > 1 {
            page.path = crate::urls::list_page(&p.path, n).into();
            page.url = site.url(&crate::urls::list_page(&p.path, n));
            page.permalink = site.permalink(&crate::urls::list_page(&p.path, n));
            page.title = pg.title(site, &p.title).into();
            // The section's own text is on its first page.
            page.content = "";
        }
        paging = Some(pg);
    }
    ctx.insert("page", &page);
    // A page in another language than the site's: its `lang` and the theme's strings in it.
    let mut own_lang = false;
    if let Some((lang, strings)) = p
        .lang
        .as_deref()
        .and_then(|l| site.theme.strings_by_lang.get_key_value(l))
    {
        ctx.insert("lang", lang);
        ctx.insert("t", strings);
        own_lang = true;
    }
    // «Де з цим допоможуть»: places whose consultants help with the instruction's
    // e-service (partials/nearby.html, made once per e-service in the site's language);
    // the help block names none of its own.
    let service = p
        .service
        .as_deref()
        .filter(|_| p.kind == PageKind::Instruction);
    let made = service
        .and_then(|s| short_lists.html(s))
        .filter(|_| !own_lang);
    ctx.insert("nearby_html", &made);
    let nearby = service
        .filter(|_| made.is_none())
        .and_then(|s| super::nearby::short_list(site, s));
    ctx.insert("nearby", &nearby);
    ctx.insert("help_venues", &Vec::<records::VenueBrief>::new());
    ctx.insert("help_service_url", &None::<String>);
    if p.kind == PageKind::Section
        && let Some(s) = site.section_of(&p.section)
    {
        let pages: Vec<PageSummary> = super::paging::slice(&s.pages, n, site.config.per_page)
            .iter()
            .map(|&i| context::summary(site, &site.pages[i]))
            .collect();
        ctx.insert("pages", &pages);
        let subsections = if n == 1 { &s.subsections[..] } else { &[] };
        ctx.insert("subsections", &section_links(site, subsections));
    }
    ctx.insert("paging", &paging);
    if p.is_home() {
        let mut instructions: Vec<&Page> = site.instructions().collect();
        instructions.sort_by_cached_key(|p| {
            (
                p.weight.is_none(),
                p.weight.unwrap_or(0),
                crate::collate::key(&p.title),
            )
        });
        let featured: Vec<PageSummary> = instructions
            .iter()
            .take(FEATURED)
            .map(|p| context::summary(site, p))
            .collect();
        ctx.insert("featured", &featured);
        let w = records::DateWords::new(site);
        let next: Vec<records::EventBrief> = records::upcoming(site)
            .into_iter()
            .take(NEXT_EVENTS)
            .map(|(e, o)| records::event_brief(site, &w, e, Some(o)))
            .collect();
        ctx.insert("next_events", &next);
        ctx.insert(
            "events_url",
            &site.url(&format!("{}/", site.config.paths.events)),
        );
        ctx.insert("instruction_count", &instructions.len());
        ctx.insert("taxonomies", &taxonomy_overview(site));
    }
    ctx
}

#[derive(Serialize)]
struct TaxonomyCtx {
    key: String,
    name: String,
    url: String,
    terms: Vec<TermCount>,
}

#[derive(Serialize)]
struct TermCount {
    #[serde(flatten)]
    term: TermCtx,
    count: usize,
}

fn taxonomy_overview(site: &Site) -> Vec<TaxonomyCtx> {
    site.taxonomies
        .iter()
        .filter(|t| !t.terms.is_empty())
        .map(|t| {
            let cfg = site.config.taxonomy(&t.key);
            TaxonomyCtx {
                key: t.key.clone(),
                name: cfg.map_or(t.key.clone(), |c| c.name.clone()),
                url: site.url(&site.taxonomy_path(&t.key, None)),
                terms: t
                    .terms
                    .iter()
                    .map(|(key, _, pages)| TermCount {
                        term: context::term(site, &t.key, key),
                        count: pages.len(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A page that no Markdown file backs (taxonomy lists, 404): a title and a URL path.
#[derive(Serialize)]
pub(super) struct VirtualPage {
    pub title: String,
    pub summary: String,
    pub url: String,
    pub permalink: String,
    pub path: String,
    pub breadcrumbs: Vec<context::Crumb>,
    pub jsonld: String,
}

/// Renders a page of its own template that no Markdown file backs (404, offline, search)
/// into `file`; `ctx` holds what else the template needs.
pub(super) fn render_standalone(
    templates: &Templates,
    out: &mut Output,
    template: &str,
    page: &VirtualPage,
    mut ctx: Context,
    file: String,
) -> Result<(), Diagnostic> {
    ctx.insert("page", page);
    let html = templates.render(template, &ctx, None)?;
    out.insert(file, Content::Bytes(html.into_bytes()), template)
}

pub(super) fn virtual_page(site: &Site, title: &str, summary: &str, path: &str) -> VirtualPage {
    let home = site.home();
    VirtualPage {
        title: title.to_string(),
        summary: summary.to_string(),
        url: site.url(path),
        permalink: site.permalink(path),
        path: path.to_string(),
        breadcrumbs: home
            .map(|h| {
                vec![context::Crumb {
                    title: h.title.clone(),
                    url: site.url(""),
                }]
            })
            .unwrap_or_default(),
        jsonld: String::new(),
    }
}

impl Renderer for Pages {
    fn name(&self) -> &'static str {
        "pages"
    }
    fn memo(&self) -> super::Memo {
        super::Memo::SiteAndEachPageText
    }

    fn kind(&self) -> super::Kind {
        super::Kind::Pages
    }

    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        scope: &Scope,
        out: &mut Output,
    ) -> Diagnostics {
        let mut diags = Diagnostics::new();
        content_pages(site, templates, scope, out, &mut diags);
        taxonomy_pages(site, templates, scope, out, &mut diags);
        if scope.is_all() {
            standalone_pages(site, templates, out, &mut diags);
        }
        diags
    }
}

/// A page per Markdown file (with a redirect page for each of its aliases).
fn content_pages(
    site: &Site,
    templates: &Templates,
    scope: &Scope,
    out: &mut Output,
    diags: &mut Diagnostics,
) {
    let short_lists = ShortLists::new(site, templates);
    let rendered: Vec<Result<Rendered, Diagnostic>> = site
        .pages
        .par_iter()
        .filter(|p| scope.wants(&p.path))
        .map(|p| {
            let name = template_for(p);
            if !templates.has(&name) {
                return Err(Diagnostic::error(
                    "E0505",
                    &p.source,
                    tr!(
                        "the page asks for template `{name}`, which the theme does not have",
                        "сторінка просить шаблон `{name}`, а в темі його немає"
                    ),
                )
                .hint(tr!(
                    "check `template` in the front matter, or add the template under templates/",
                    "перевірте `template` у налаштуваннях сторінки або додайте шаблон у templates/"
                )));
            }
            // A section with more pages than fit on one lists them on further pages.
            let count = match site.section_of(&p.section) {
                Some(s) if p.kind == PageKind::Section && !p.is_home() => {
                    super::paging::count(s.pages.len(), site.config.per_page)
                }
                _ => 1,
            };
            let mut files = Vec::with_capacity(count);
            for n in 1..=count {
                let ctx = page_context(site, p, n, &short_lists);
                let html = templates.render(&name, &ctx, Some(&p.source))?;
                let path = crate::urls::list_page(&p.path, n);
                files.push((format!("{path}index.html"), html.into_bytes()));
            }
            Ok((files, p))
        })
        .collect();
    for r in rendered {
        match r {
            Ok((files, p)) => {
                for (path, bytes) in files {
                    if let Err(d) = out.insert(path, Content::Bytes(bytes), &p.source) {
                        diags.push(d);
                    }
                }
                alias_pages(site, templates, scope, p, out, diags);
            }
            Err(d) => diags.push(d),
        }
    }
}

/// A redirect page at each old address of `p`.
fn alias_pages(
    site: &Site,
    templates: &Templates,
    scope: &Scope,
    p: &Page,
    out: &mut Output,
    diags: &mut Diagnostics,
) {
    for alias in p.aliases.iter().filter(|a| scope.wants(a)) {
        let mut ctx = Context::new();
        ctx.insert("target", &site.url(&p.path));
        ctx.insert("target_permalink", &site.permalink(&p.path));
        ctx.insert("title", &p.title);
        let result = templates
            .render("alias.html", &ctx, Some(&p.source))
            .and_then(|html| {
                out.insert(
                    format!("{alias}index.html"),
                    Content::Bytes(html.into_bytes()),
                    &p.source,
                )
            });
        if let Err(d) = result {
            diags.push(d);
        }
    }
}

/// Taxonomies: a list of terms, and a page per term, rendered in parallel.
fn taxonomy_pages(
    site: &Site,
    templates: &Templates,
    scope: &Scope,
    out: &mut Output,
    diags: &mut Diagnostics,
) {
    let overview = taxonomy_overview(site);
    // (taxonomy, term and the page of its list): the overview, then each term's pages.
    let per_page = site.config.per_page;
    let mut jobs: Vec<(&str, Option<(usize, usize)>)> = Vec::new();
    for t in site.taxonomies.iter().filter(|t| !t.terms.is_empty()) {
        jobs.push((&t.key, None));
        for (i, (_, _, pages)) in t.terms.iter().enumerate() {
            let count = super::paging::count(pages.len(), per_page);
            jobs.extend((1..=count).map(|n| (t.key.as_str(), Some((i, n)))));
        }
    }
    let rendered: Vec<Result<(String, String, String), Diagnostic>> = jobs
        .par_iter()
        .filter(|&&(key, term)| {
            let path = site.taxonomy_path(
                key,
                term.map(|(i, _)| {
                    let t = site.taxonomies.iter().find(|t| t.key == key);
                    t.map(|t| t.terms[i].0.as_str()).unwrap_or_default()
                }),
            );
            scope.wants(&path)
        })
        .filter_map(|&(key, term)| {
            let t = site.taxonomies.iter().find(|t| t.key == key)?;
            let cfg = site.config.taxonomy(key)?;
            let list_path = site.taxonomy_path(key, None);
            let mut ctx = Context::new();
            let (path, template, origin) = match term {
                None => {
                    let summary = format!("{}: {}", site.config.title, cfg.name);
                    ctx.insert("page", &virtual_page(site, &cfg.name, &summary, &list_path));
                    if let Some(o) = overview.iter().find(|o| o.key == key) {
                        ctx.insert("taxonomy", o);
                    }
                    (
                        list_path.clone(),
                        "taxonomy_list.html",
                        format!("taxonomy {key}"),
                    )
                }
                Some((i, n)) => {
                    let (term_key, label, pages) = &t.terms[i];
                    let first = site.taxonomy_path(key, Some(term_key));
                    let total = super::paging::count(pages.len(), per_page);
                    let paging = super::paging::Paging::new(site, &first, n, total);
                    let path = crate::urls::list_page(&first, n);
                    let summary = format!("{} — {label}", cfg.name);
                    let mut page = virtual_page(site, &paging.title(site, label), &summary, &path);
                    page.breadcrumbs.push(context::Crumb {
                        title: cfg.name.clone(),
                        url: site.url(&list_path),
                    });
                    let summaries: Vec<PageSummary> = super::paging::slice(pages, n, per_page)
                        .iter()
                        .map(|&i| context::summary(site, &site.pages[i]))
                        .collect();
                    ctx.insert("page", &page);
                    ctx.insert("taxonomy_name", &cfg.name);
                    ctx.insert("pages", &summaries);
                    ctx.insert("paging", &paging);
                    (
                        path,
                        "taxonomy_term.html",
                        format!("taxonomy {key} term {term_key}"),
                    )
                }
            };
            Some(
                templates
                    .render(template, &ctx, None)
                    .map(|html| (format!("{path}index.html"), html, origin)),
            )
        })
        .collect();
    for r in rendered {
        let inserted = r.and_then(|(path, html, origin)| {
            out.insert(path, Content::Bytes(html.into_bytes()), origin)
        });
        if let Err(d) = inserted {
            diags.push(d);
        }
    }
}

/// The page hosts show for an address that does not exist, and the page the service worker
/// shows for a page never visited, with no network.
fn standalone_pages(site: &Site, templates: &Templates, out: &mut Output, diags: &mut Diagnostics) {
    let standalone = [
        (
            "404.html",
            &site.theme.strings.not_found_title,
            "404.html",
            "404.html".to_string(),
        ),
        (
            "offline.html",
            &site.theme.strings.offline_title,
            super::offline::OFFLINE_PAGE,
            format!("{}index.html", super::offline::OFFLINE_PAGE),
        ),
    ];
    for (template, title, path, file) in standalone {
        let page = virtual_page(site, title, &site.config.description, path);
        if let Err(d) = render_standalone(templates, out, template, &page, Context::new(), file) {
            diags.push(d);
        }
    }
}
