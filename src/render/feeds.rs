//! Files for machines: `sitemap.xml`, `robots.txt`, an Atom feed of instructions and one of
//! upcoming events (for channels that post what the feed brings). They are templates of the
//! theme too, so a fork can change them.

use serde::Serialize;
use tera::Context;

use super::{Content, Output, Renderer, Scope, Templates};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{PageKind, Site};

pub struct Feeds;

#[derive(Serialize)]
struct SitemapEntry {
    permalink: String,
    lastmod: Option<String>,
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    summary: &'a str,
    permalink: String,
    updated: String,
    service: Option<&'a str>,
}

#[derive(Serialize)]
struct EventEntry {
    title: String,
    /// When and where, in words: «5 грудня 2026, субота, 10:00–12:00 · Бібліотека, …».
    summary: String,
    permalink: String,
    kind: String,
}

/// The most events the feed of upcoming events lists: the nearest ones. A channel that
/// reads it every day meets each event long before it starts.
const EVENTS_FEED_MAX: usize = 100;

/// The most addresses one sitemap file may list (sitemaps.org): past it, `sitemap.xml` becomes
/// an index of `sitemap-1.xml`, `sitemap-2.xml` ….
const SITEMAP_MAX: usize = 50_000;

enum Sitemap<'a> {
    Urls(&'a [SitemapEntry]),
    Index(String),
}

/// The sitemap files for `entries`: one `sitemap.xml`, or an index and parts of `max` each.
fn sitemap_files<'a>(
    permalink: impl Fn(&str) -> String,
    entries: &'a [SitemapEntry],
    max: usize,
) -> Vec<(String, Sitemap<'a>)> {
    if entries.len() <= max {
        return vec![("sitemap.xml".into(), Sitemap::Urls(entries))];
    }
    let parts: Vec<(String, Sitemap)> = entries
        .chunks(max)
        .enumerate()
        .map(|(i, c)| (format!("sitemap-{}.xml", i + 1), Sitemap::Urls(c)))
        .collect();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (name, _) in &parts {
        index.push_str(&format!(
            "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>\n",
            permalink(name)
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        ));
    }
    index.push_str("</sitemapindex>\n");
    let mut files = vec![("sitemap.xml".to_string(), Sitemap::Index(index))];
    files.extend(parts);
    files
}

/// An Atom date from a calendar date: midnight UTC, so it is the same wherever it is built.
fn atom_date(d: jiff::civil::Date) -> String {
    format!("{d}T00:00:00Z")
}

/// Every address of the site that a search engine may list, in order.
fn sitemap_entries(site: &Site) -> Vec<SitemapEntry> {
    let mut entries: Vec<SitemapEntry> = site
        .pages
        .iter()
        .map(|p| SitemapEntry {
            permalink: site.permalink(&p.path),
            lastmod: p.reviewed.map(|d| d.to_string()),
        })
        .collect();
    for t in &site.taxonomies {
        if t.terms.is_empty() {
            continue;
        }
        entries.push(SitemapEntry {
            permalink: site.permalink(&site.taxonomy_path(&t.key, None)),
            lastmod: None,
        });
        for (key, _, pages) in &t.terms {
            let first = site.taxonomy_path(&t.key, Some(key));
            for n in 1..=super::paging::count(pages.len(), site.config.per_page) {
                entries.push(SitemapEntry {
                    permalink: site.permalink(&crate::urls::list_page(&first, n)),
                    lastmod: None,
                });
            }
        }
    }
    // A section's further pages of its list.
    for p in site
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::Section && !p.is_home())
    {
        let len = site.section_of(&p.section).map_or(0, |s| s.pages.len());
        for n in 2..=super::paging::count(len, site.config.per_page) {
            entries.push(SitemapEntry {
                permalink: site.permalink(&crate::urls::list_page(&p.path, n)),
                lastmod: None,
            });
        }
    }
    if site.map.is_some() {
        entries.push(SitemapEntry {
            permalink: site.permalink(&super::map_page::path(site)),
            lastmod: None,
        });
    }
    for path in super::registry_pages::plan(site)
        .into_iter()
        .map(|(path, _)| path)
        .chain(super::nearby::paths(site))
    {
        entries.push(SitemapEntry {
            permalink: site.permalink(&path),
            lastmod: None,
        });
    }
    entries.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    entries
}

/// Where an event happens, in words: the venue with its address, or «Онлайн».
pub(super) fn event_place(site: &Site, e: &crate::registry::Event) -> String {
    match e.venue.map(|i| &site.registries.venues[i]) {
        Some(v) => format!("{}, {}, {}", v.name, v.address, v.settlement),
        None => site.theme.strings.online.clone(),
    }
}

/// The instructions, newest checked first (the feed's order, and the lists' that other
/// sites, screens and posts show).
pub(super) fn newest_instructions(site: &Site) -> Vec<&crate::model::Page> {
    let mut pages: Vec<_> = site.instructions().collect();
    pages.sort_by(|a, b| b.reviewed.cmp(&a.reviewed).then(a.path.cmp(&b.path)));
    pages
}

/// The feed of upcoming events (`podii/atom.xml`), nearest first, each at its next
/// occurrence. An entry's id is the event's address, so a channel posts each event once;
/// the dates are the build's, the only date the site knows an event's listing by.
fn events_feed(site: &Site, templates: &Templates, out: &mut Output) -> Result<(), Diagnostic> {
    // A theme made before this feed has no template for it: such a site has no feed.
    if !templates.has(EVENTS_TEMPLATE) {
        return Ok(());
    }
    let words = super::records::DateWords::new(site);
    let entries: Vec<EventEntry> = super::records::upcoming(site)
        .into_iter()
        .take(EVENTS_FEED_MAX)
        .map(|(e, o)| EventEntry {
            title: e.title.clone(),
            summary: format!("{} · {}", words.when(o.start, o.end), event_place(site, e)),
            permalink: site.permalink(&e.path),
            kind: e.kind.label.clone(),
        })
        .collect();
    let path = crate::urls::events_feed(&site.config);
    let mut ctx = Context::new();
    ctx.insert("entries", &entries);
    ctx.insert("updated", &atom_date(site.now));
    ctx.insert("feed_permalink", &site.permalink(&path));
    ctx.insert(
        "events_permalink",
        &site.permalink(&format!("{}/", site.config.paths.events)),
    );
    let text = templates.render(EVENTS_TEMPLATE, &ctx, None)?;
    out.insert(path, Content::Bytes(text.into_bytes()), "events feed")
}

/// The theme's template of the feed of upcoming events.
const EVENTS_TEMPLATE: &str = "events_atom.xml";

impl Renderer for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }
    fn memo(&self) -> super::Memo {
        super::Memo::SiteButPageTexts
    }

    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        _scope: &Scope,
        out: &mut Output,
    ) -> Diagnostics {
        let mut diags = Diagnostics::new();

        let entries = sitemap_entries(site);
        for (name, part) in sitemap_files(|p| site.permalink(p), &entries, SITEMAP_MAX) {
            let r = match part {
                Sitemap::Urls(entries) => {
                    let mut ctx = Context::new();
                    ctx.insert("entries", entries);
                    templates.render("sitemap.xml", &ctx, None)
                }
                Sitemap::Index(text) => Ok(text),
            }
            .and_then(|x| out.insert(name, Content::Bytes(x.into_bytes()), "sitemap"));
            if let Err(d) = r {
                diags.push(d);
            }
        }

        let mut ctx = Context::new();
        ctx.insert("sitemap_url", &site.permalink("sitemap.xml"));
        let r = templates.render("robots.txt", &ctx, None).and_then(|x| {
            out.insert(
                "robots.txt".into(),
                Content::Bytes(x.into_bytes()),
                "robots",
            )
        });
        if let Err(d) = r {
            diags.push(d);
        }

        // Newest reviewed first; the feed's date is the newest entry's, not the clock's.
        let instructions = newest_instructions(site);
        let feed: Vec<FeedEntry> = instructions
            .iter()
            .map(|p| FeedEntry {
                title: &p.title,
                summary: &p.summary,
                permalink: site.permalink(&p.path),
                updated: atom_date(p.reviewed.unwrap_or(site.now)),
                service: p
                    .service
                    .as_deref()
                    .and_then(|k| site.service(k))
                    .map(|s| s.name.as_str()),
            })
            .collect();
        let updated = instructions
            .iter()
            .filter_map(|p| p.reviewed)
            .max()
            .unwrap_or(site.now);
        let mut ctx = Context::new();
        ctx.insert("entries", &feed);
        ctx.insert("updated", &atom_date(updated));
        ctx.insert("feed_permalink", &site.permalink("atom.xml"));
        let r = templates.render("atom.xml", &ctx, None).and_then(|x| {
            out.insert(
                "atom.xml".into(),
                Content::Bytes(x.into_bytes()),
                "atom feed",
            )
        });
        if let Err(d) = r {
            diags.push(d);
        }
        if let Err(d) = events_feed(site, templates, out) {
            diags.push(d);
        }
        diags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_limit_the_sitemap_is_an_index_of_parts() {
        let entries: Vec<SitemapEntry> = (0..7)
            .map(|i| SitemapEntry {
                permalink: format!("https://x.ua/{i}/"),
                lastmod: None,
            })
            .collect();
        let permalink = |p: &str| format!("https://x.ua/?a=1&b={p}");
        let one = sitemap_files(permalink, &entries, 7);
        assert_eq!(one.len(), 1);
        assert!(matches!(&one[0], (n, Sitemap::Urls(e)) if n == "sitemap.xml" && e.len() == 7));
        let split = sitemap_files(permalink, &entries, 3);
        let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let Sitemap::Index(index) = &split[0].1 else {
            panic!("sitemap.xml is the index")
        };
        assert!(index.contains("<sitemapindex"));
        // The index is written without a template: its addresses are escaped here.
        assert!(index.contains("<loc>https://x.ua/?a=1&amp;b=sitemap-3.xml</loc>"));
        let sizes: Vec<usize> = split[1..]
            .iter()
            .map(|(_, s)| match s {
                Sitemap::Urls(e) => e.len(),
                Sitemap::Index(_) => 0,
            })
            .collect();
        assert_eq!(sizes, [3, 3, 1]);
    }
}
