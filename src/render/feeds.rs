//! Files for machines: `sitemap.xml`, `robots.txt` and an Atom feed of instructions.
//! They are templates of the theme too, so a fork can change them.

use serde::Serialize;
use tera::Context;

use super::{Content, Output, Renderer, Scope, Templates};
use crate::diag::Diagnostics;
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
        let mut instructions: Vec<_> = site
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Instruction)
            .collect();
        instructions.sort_by(|a, b| b.reviewed.cmp(&a.reviewed).then(a.path.cmp(&b.path)));
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
