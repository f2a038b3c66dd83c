//! What templates see: the site (`site`, `t`) in the global context, and a page's values.

use serde::Serialize;
use tera::Context;

use crate::config::{Hotline, MenuItem};
use crate::model::{Page, PageKind, Site};

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    hromada: &'a str,
    demo: bool,
    hotline: HotlineCtx<'a>,
    menu: Vec<MenuItem>,
    footer_links: Vec<MenuItem>,
    feed_url: String,
    events_feed_url: String,
    home_url: String,
    extra: &'a toml::Table,
}

#[derive(Serialize)]
struct HotlineCtx<'a> {
    #[serde(flatten)]
    hotline: &'a Hotline,
    /// The number as a `tel:` link (digits and a leading +).
    tel: String,
}

pub fn tel_link(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

/// Menu and footer links: an address starting with `/` is a site path under the base path.
fn site_links(site: &Site, items: &[MenuItem]) -> Vec<MenuItem> {
    items
        .iter()
        .map(|m| MenuItem {
            name: m.name.clone(),
            url: if m.url.starts_with('/') {
                site.url(m.url.trim_start_matches('/'))
            } else {
                m.url.clone()
            },
        })
        .collect()
}

pub fn global(site: &Site, assets: &super::assets::Assets) -> Context {
    let c = &site.config;
    let menu = if c.menu.is_empty() {
        site.section_of("")
            .map(|root| {
                root.subsections
                    .iter()
                    .map(|&i| {
                        let p = &site.pages[site.sections[i].page];
                        MenuItem {
                            name: p.title.clone(),
                            url: site.url(&p.path),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
    } else {
        site_links(site, &c.menu)
    };
    let ctx = SiteCtx {
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        base_path: c.base_path(),
        language: &c.language,
        hromada: &c.hromada,
        demo: c.demo,
        hotline: HotlineCtx {
            hotline: &c.hotline,
            tel: tel_link(&c.hotline.phone),
        },
        menu,
        footer_links: site_links(site, &c.footer_links),
        feed_url: site.url("atom.xml"),
        events_feed_url: site.url(&crate::urls::events_feed(c)),
        home_url: site.url(""),
        extra: &c.extra,
    };
    let mut g = Context::new();
    g.insert("site", &ctx);
    g.insert("t", &site.theme.string_table);
    g.insert("lang", &c.language);
    // Fingerprinted asset URLs by their names in the theme: `assets["style.css"]`.
    g.insert("assets", &assets.urls);
    g.insert("csp", super::offline::CSP);
    g.insert("search_url", &site.url(&format!("{}/", c.paths.search)));
    g.insert("manifest_url", &site.url(super::offline::MANIFEST));
    g.insert(
        "service_worker_url",
        &site.url(super::assets::SERVICE_WORKER),
    );
    g.insert("theme_color", &c.colors.light.accent.hex());
    g
}

#[derive(Serialize, Clone)]
pub struct TermCtx {
    pub key: String,
    pub label: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct ServiceCtx<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub url: &'a str,
    pub operator: &'a str,
    pub description: &'a str,
}

#[derive(Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

/// A page as a list shows it.
#[derive(Serialize)]
pub struct PageSummary<'a> {
    pub title: &'a str,
    pub url: String,
    pub summary: &'a str,
    pub kind: PageKind,
    pub duration: Option<u32>,
    pub level: Option<TermCtx>,
    pub audience: Vec<TermCtx>,
    pub service: Option<&'a str>,
}

/// A page as its own template sees it.
#[derive(Serialize)]
pub struct PageCtx<'a> {
    pub title: std::borrow::Cow<'a, str>,
    pub summary: &'a str,
    pub kind: PageKind,
    pub path: std::borrow::Cow<'a, str>,
    pub url: String,
    pub permalink: String,
    pub content: &'a str,
    pub headings: &'a [crate::content::markdown::Heading],
    pub steps: &'a [String],
    pub word_count: usize,
    pub reviewed: Option<String>,
    pub reviewed_human: Option<String>,
    pub stale: bool,
    pub duration: Option<u32>,
    pub service: Option<ServiceCtx<'a>>,
    pub audience: Vec<TermCtx>,
    pub competence: Option<TermCtx>,
    pub level: Option<TermCtx>,
    pub breadcrumbs: Vec<Crumb>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    pub jsonld: String,
}

pub fn term(site: &Site, taxonomy: &str, key: &str) -> TermCtx {
    let label = site
        .config
        .taxonomy(taxonomy)
        .and_then(|t| t.terms.get(key))
        .cloned()
        .unwrap_or_else(|| key.to_string());
    TermCtx {
        key: key.to_string(),
        label,
        url: site.url(&site.taxonomy_path(taxonomy, Some(key))),
    }
}

pub fn summary<'a>(site: &'a Site, p: &'a Page) -> PageSummary<'a> {
    PageSummary {
        title: &p.title,
        url: site.url(&p.path),
        summary: &p.summary,
        kind: p.kind,
        duration: p.duration,
        level: p.level.as_ref().map(|l| term(site, "level", &l.key)),
        audience: p
            .audience
            .iter()
            .map(|a| term(site, "audience", &a.key))
            .collect(),
        service: p
            .service
            .as_deref()
            .and_then(|s| site.service(s))
            .map(|s| s.name.as_str()),
    }
}

fn breadcrumbs(site: &Site, p: &Page) -> Vec<Crumb> {
    let mut crumbs = Vec::new();
    if p.is_home() {
        return crumbs;
    }
    // The home page, then each enclosing section.
    let mut dirs = vec![String::new()];
    let mut acc = String::new();
    for part in p.section.split('/').filter(|s| !s.is_empty()) {
        if !acc.is_empty() {
            acc.push('/');
        }
        acc.push_str(part);
        dirs.push(acc.clone());
    }
    if p.kind == PageKind::Section {
        dirs.pop();
    }
    for d in dirs {
        if let Some(s) = site.section_of(&d) {
            let sp = &site.pages[s.page];
            crumbs.push(Crumb {
                title: sp.title.clone(),
                url: site.url(&sp.path),
            });
        }
    }
    crumbs
}

pub fn page<'a>(site: &'a Site, p: &'a Page) -> PageCtx<'a> {
    let months = Some(site.theme.strings.months_genitive.clone());
    PageCtx {
        title: p.title.as_str().into(),
        summary: &p.summary,
        kind: p.kind,
        path: p.path.as_str().into(),
        url: site.url(&p.path),
        permalink: site.permalink(&p.path),
        content: &p.html,
        headings: &p.headings,
        steps: &p.steps,
        word_count: p.word_count,
        reviewed: p.reviewed.map(|d| d.to_string()),
        reviewed_human: p
            .reviewed
            .map(|d| crate::dates::human(d, months.as_deref())),
        stale: p.stale,
        duration: p.duration,
        service: p
            .service
            .as_deref()
            .and_then(|s| site.service(s))
            .map(|s| ServiceCtx {
                key: &s.key,
                name: &s.name,
                url: &s.url,
                operator: &s.operator,
                description: &s.description,
            }),
        audience: p
            .audience
            .iter()
            .map(|a| term(site, "audience", &a.key))
            .collect(),
        competence: p
            .competence
            .as_ref()
            .map(|c| term(site, "competence", &c.key)),
        level: p.level.as_ref().map(|l| term(site, "level", &l.key)),
        breadcrumbs: breadcrumbs(site, p),
        extra: &p.extra,
        jsonld: super::jsonld::for_page(site, p),
    }
}
