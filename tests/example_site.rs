//! Builds this repository's example site and reads every output back with real parsers.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn html_pages(out: &Path) -> Vec<String> {
    files_below(out)
        .into_iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.ends_with(".html"))
        .collect()
}

#[test]
fn example_site_builds_and_every_page_is_well_formed() {
    let site = example_site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("Built "), "{}", run.stderr);
    assert!(run.stderr.contains("0 warnings"), "{}", run.stderr);
    let out = site.path().join("public");

    let pages = html_pages(&out);
    let instructions: Vec<&String> = pages
        .iter()
        .filter(|p| p.starts_with("instruktsii/") && p.matches('/').count() == 2)
        .collect();
    assert!(instructions.len() >= 12, "{instructions:?}");

    for page in &pages {
        let text = read(&out, page);
        let doc = Html::parse_document(&text);
        // html5ever's parser reports every syntax error it recovers from.
        assert!(doc.errors.is_empty(), "{page}: {:?}", doc.errors);
        assert!(text.starts_with("<!doctype html>"), "{page}");
        let html = doc.select(&sel("html")).next().unwrap();
        assert_eq!(html.value().attr("lang"), Some("uk"), "{page}");
        if page.ends_with("index.html") && !is_alias(&text) || page == "404.html" {
            assert_eq!(doc.select(&sel("h1")).count(), 1, "{page}: one h1");
            assert_eq!(
                doc.select(&sel("main#main")).count(),
                1,
                "{page}: main landmark"
            );
            assert!(doc.select(&sel("header")).count() >= 1, "{page}");
            assert_eq!(doc.select(&sel("footer")).count(), 1, "{page}");
            let first_link = doc.select(&sel("a")).next().unwrap();
            assert_eq!(
                first_link.value().attr("href"),
                Some("#main"),
                "{page}: skip link first"
            );
            let desc = doc.select(&sel("meta[name=description]")).next().unwrap();
            assert!(
                !desc.value().attr("content").unwrap().is_empty(),
                "{page}: description"
            );
            let canonical = doc.select(&sel("link[rel=canonical]")).next().unwrap();
            assert!(
                canonical
                    .value()
                    .attr("href")
                    .unwrap()
                    .starts_with("https://tsyfrova-hromada.example/")
            );
            assert!(
                doc.select(&sel("meta[property='og:title']"))
                    .next()
                    .is_some(),
                "{page}"
            );
            // The hotline is on every page.
            assert!(text.contains("tel:0800000000"), "{page}: hotline");
            // Demo data is marked as such.
            assert!(text.contains("Демонстраційний сайт"), "{page}: demo notice");
        }
        // Nothing is loaded from another host.
        for el in doc.select(&sel("script[src], link[href], img[src]")) {
            let attr = el.value().attr("src").or(el.value().attr("href")).unwrap();
            let is_resource = el.value().name() != "link"
                || matches!(
                    el.value().attr("rel"),
                    Some("stylesheet" | "icon" | "preload")
                );
            if is_resource {
                assert!(attr.starts_with('/'), "{page}: external resource {attr}");
            }
        }
    }
}

/// The page's JSON-LD, parsed.
fn jsonld(doc: &Html) -> serde_json::Value {
    let script: String = doc
        .select(&sel("script[type='application/ld+json']"))
        .next()
        .expect("a JSON-LD script")
        .text()
        .collect();
    serde_json::from_str(&script).expect("valid JSON-LD")
}

fn is_alias(text: &str) -> bool {
    text.contains("http-equiv=\"refresh\"")
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let site = example_site();
    assert_eq!(build(site.path(), &[]).code, 0);
    let out = site.path().join("public");
    let pages = html_pages(&out);
    let mut checked = 0;
    for page in &pages {
        let doc = Html::parse_document(&read(&out, page));
        for a in doc.select(&sel("a[href], img[src], link[href]")) {
            let href = a.value().attr("href").or(a.value().attr("src")).unwrap();
            if !href.starts_with('/') {
                continue;
            }
            let (path, anchor) = href.split_once('#').unwrap_or((href, ""));
            let file = if path.ends_with('/') {
                format!("{}index.html", &path[1..])
            } else {
                path[1..].to_string()
            };
            assert!(
                out.join(&file).is_file(),
                "{page}: link to {href}: no {file}"
            );
            if !anchor.is_empty() {
                let target = Html::parse_document(&read(&out, &file));
                let sel_id = Selector::parse(&format!("[id='{anchor}']")).unwrap();
                assert!(
                    target.select(&sel_id).next().is_some(),
                    "{page}: {href}: no #{anchor}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} links checked");
}

#[test]
fn instructions_have_steps_help_review_date_and_howto() {
    let site = example_site();
    assert_eq!(build(site.path(), &[]).code, 0);
    let out = site.path().join("public");
    let text = read(&out, "instruktsii/diia-pidpys/index.html");
    let doc = Html::parse_document(&text);
    assert_eq!(
        doc.select(&sel("h1"))
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        "Як створити Дія.Підпис"
    );
    let time = doc.select(&sel("time")).next().unwrap();
    assert_eq!(time.value().attr("datetime"), Some("2026-11-02"));
    assert_eq!(time.text().collect::<String>(), "2 листопада 2026");
    let steps: Vec<_> = doc.select(&sel(".prose ol > li")).collect();
    assert_eq!(steps.len(), 5);
    assert_eq!(steps[0].value().attr("id"), Some("krok-1"));
    let help = doc
        .select(&sel("section.help"))
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert!(help.contains("0 800 000 000"));
    assert!(text.contains("Для кого") && text.contains("Середній"));
    // Internal .md links were rewritten to URLs.
    assert!(text.contains(r#"href="/instruktsii/diia-vstanovlennia/#kroky""#));

    let v = jsonld(&doc);
    assert_eq!(v["@type"], "HowTo");
    assert_eq!(v["step"].as_array().unwrap().len(), 5);
    assert_eq!(v["step"][1]["position"], 2);
    assert_eq!(v["totalTime"], "PT10M");
    assert_eq!(v["about"]["name"], "Дія.Підпис");

    let v = jsonld(&Html::parse_document(&read(&out, "index.html")));
    let types: Vec<&str> = v["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["@type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["WebSite", "GovernmentOrganization"]);
}

#[test]
fn sitemap_feed_and_robots_parse_and_list_the_pages() {
    let site = example_site();
    assert_eq!(build(site.path(), &[]).code, 0);
    let out = site.path().join("public");

    let sitemap = read(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    for page in html_pages(&out) {
        // Pages for hosts and the service worker, not for search engines.
        if page == "404.html" || page == "offline/index.html" || page == "poshuk/index.html" {
            continue;
        }
        let url = format!(
            "https://tsyfrova-hromada.example/{}",
            page.trim_end_matches("index.html")
        );
        assert!(locs.contains(&url), "sitemap lacks {url}");
    }

    let atom = read(&out, "atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 12);
    for e in &entries {
        for tag in ["title", "id", "updated", "summary"] {
            assert!(
                e.children().any(|c| c.has_tag_name(tag)),
                "entry lacks {tag}"
            );
        }
    }
    // Newest first; the feed's own date is the newest entry's.
    let updated = |n: &roxmltree::Node| {
        n.children()
            .find(|c| c.has_tag_name("updated"))
            .unwrap()
            .text()
            .unwrap()
            .to_string()
    };
    assert_eq!(updated(&root), updated(&entries[0]));
    assert_eq!(updated(&root), "2026-11-05T00:00:00Z");

    let robots = read(&out, "robots.txt");
    assert!(robots.contains("Sitemap: https://tsyfrova-hromada.example/sitemap.xml"));
}

#[test]
fn two_builds_are_byte_identical_and_unchanged_files_keep_their_inode() {
    let a = example_site();
    let b = example_site();
    assert_eq!(build(a.path(), &[]).code, 0);
    assert_eq!(build(b.path(), &[]).code, 0);
    let oa = a.path().join("public");
    let ob = b.path().join("public");
    let fa = files_below(&oa);
    assert_eq!(fa, files_below(&ob));
    for f in &fa {
        assert_eq!(
            std::fs::read(oa.join(f)).unwrap(),
            std::fs::read(ob.join(f)).unwrap(),
            "{}",
            f.display()
        );
    }

    // A rebuild with one change rewrites that page only.
    use std::os::unix::fs::MetadataExt;
    let ino = |p: &str| std::fs::metadata(oa.join(p)).unwrap().ino();
    let css = fingerprinted(&oa, "style", ".css");
    let before_css = ino(&css);
    let before_page = ino("pro-proiekt/index.html");
    let path = a.path().join("content/pro-proiekt.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Для всіх мешканців", "Для кожного мешканця"),
    )
    .unwrap();
    let run = build(a.path(), &[]);
    assert_eq!(run.code, 0);
    assert_eq!(ino(&css), before_css);
    assert_ne!(ino("pro-proiekt/index.html"), before_page);
    assert!(read(&oa, "pro-proiekt/index.html").contains("Для кожного мешканця"));
}

#[test]
fn check_writes_nothing() {
    let site = example_site();
    let snapshot = |dir: &std::path::Path| {
        files_below(dir)
            .into_iter()
            .map(|f| (std::fs::read(dir.join(&f)).unwrap(), f))
            .collect::<Vec<_>>()
    };
    let before = snapshot(site.path());
    let run = hromada(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("Checked "), "{}", run.stderr);
    // Not only no public/: nothing at all in the site's folder is new or changed.
    assert_eq!(
        snapshot(site.path()),
        before,
        "check changed the site's folder"
    );
}

#[test]
fn source_date_epoch_is_a_clock() {
    // With no --now, SOURCE_DATE_EPOCH decides what is stale: far in the future, all are.
    let site = example_site();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hromada"))
        .args(["check", "--root", site.path().to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1893456000") // 2030-01-01
        .env("NO_COLOR", "1")
        .env_remove("HROMADA_LANG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0));
    // In Ukrainian, the example site's language.
    assert!(stderr.contains("12 попереджень"), "{stderr}");
    assert!(stderr.contains("W0209"), "{stderr}");
}
