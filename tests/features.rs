//! Site features seen through built fixture sites: drafts, aliases, overrides, static files,
//! project-page base paths, ordering.

mod common;

use common::*;

#[test]
fn drafts_only_with_the_flag() {
    let site = fixture();
    write(
        site.path(),
        "content/chernetka.md",
        "---\ntitle: Чернетка\ndraft: true\n---\nТекст.\n",
    );
    assert_eq!(build(site.path(), &[]).code, 0);
    assert!(!site.path().join("public/chernetka/index.html").exists());
    assert!(!read(site.path(), "public/sitemap.xml").contains("chernetka"));
    assert_eq!(build(site.path(), &["--drafts"]).code, 0);
    assert!(site.path().join("public/chernetka/index.html").is_file());
}

#[test]
fn link_to_a_draft_is_explained() {
    let site = fixture();
    write(
        site.path(),
        "content/chernetka.md",
        "---\ntitle: Чернетка\ndraft: true\n---\nТекст.\n",
    );
    write(
        site.path(),
        "content/a.md",
        "---\ntitle: А\n---\n[чернетка](chernetka.md)\n",
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("content/a.md:4:1"), "{}", run.stderr);
    assert!(run.stderr.contains("which is a draft"), "{}", run.stderr);
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = fixture();
    let text = read(site.path(), "content/instruktsii/diia.md");
    write(
        site.path(),
        "content/instruktsii/diia.md",
        &text.replacen("title:", "aliases: [/stare/diia/]\ntitle:", 1),
    );
    assert_eq!(build(site.path(), &[]).code, 0,);
    let alias = read(site.path(), "public/stare/diia/index.html");
    assert!(
        alias.contains(r#"<meta http-equiv="refresh" content="0; url=/instruktsii/diia/">"#),
        "{alias}"
    );
    assert!(
        alias.contains(r#"<link rel="canonical" href="https://test.example/instruktsii/diia/">"#)
    );
}

#[test]
fn site_templates_override_the_theme() {
    let site = fixture();
    let theme = read(site.path(), "themes/default/templates/instruction.html");
    write(
        site.path(),
        "templates/instruction.html",
        &theme.replace(
            "<article class=\"instruction\">",
            "<article class=\"instruction ours\">",
        ),
    );
    assert_eq!(build(site.path(), &[]).code, 0);
    assert!(read(site.path(), "public/instruktsii/diia/index.html").contains("instruction ours"));
    // The theme's own file is untouched and other templates still come from it.
    assert!(!read(site.path(), "themes/default/templates/instruction.html").contains("ours"));
    assert!(read(site.path(), "public/index.html").contains("skip-link"));
}

#[test]
fn static_files_are_copied_and_site_wins_over_theme() {
    let site = fixture();
    write(site.path(), "static/docs/zaiava.txt", "бланк");
    write(site.path(), "themes/default/static/humans.txt", "theme");
    write(site.path(), "themes/default/static/only-theme.txt", "theme");
    write(site.path(), "static/humans.txt", "site");
    assert_eq!(build(site.path(), &[]).code, 0);
    assert_eq!(read(site.path(), "public/docs/zaiava.txt"), "бланк");
    assert_eq!(read(site.path(), "public/humans.txt"), "site");
    assert_eq!(read(site.path(), "public/only-theme.txt"), "theme");
}

#[test]
fn project_page_base_path_prefixes_every_internal_url() {
    let site = fixture();
    let toml = read(site.path(), "site.toml")
        .replace("https://test.example/", "https://user.github.io/landing");
    write(site.path(), "site.toml", &toml);
    write(
        site.path(),
        "content/a.md",
        "---\ntitle: А\n---\n[Дія](instruktsii/diia.md)\n",
    );
    assert_eq!(build(site.path(), &[]).code, 0);
    let page = read(site.path(), "public/a/index.html");
    assert!(
        page.contains(r#"href="/landing/instruktsii/diia/""#),
        "{page}"
    );
    assert!(page.contains(r#"href="/landing/assets/style."#), "{page}");
    assert!(page.contains(r#"data-sw="/landing/sw.js""#));
    let sw = read(site.path(), "public/sw.js");
    assert!(
        sw.contains(r#"const OFFLINE_URL = "/landing/offline/";"#),
        "{sw}"
    );
    assert!(sw.contains(r#""/landing/","#), "{sw}");
    let manifest: serde_json::Value =
        serde_json::from_str(&read(site.path(), "public/manifest.webmanifest")).unwrap();
    assert_eq!(manifest["start_url"], "/landing/");
    assert!(read(site.path(), "public/_headers").starts_with("/landing/*\n"));
    assert!(page.contains(r#"<link rel="canonical" href="https://user.github.io/landing/a/">"#));
}

#[test]
fn pages_are_ordered_by_weight_then_title_and_slugs_are_romanised() {
    let site = fixture();
    write(
        site.path(),
        "content/rozdil/_index.md",
        "---\ntitle: Розділ\n---\n",
    );
    write(
        site.path(),
        "content/rozdil/Яблуко.md",
        "---\ntitle: Яблуко\n---\n",
    );
    write(
        site.path(),
        "content/rozdil/b.md",
        "---\ntitle: Абрикос\n---\n",
    );
    write(
        site.path(),
        "content/rozdil/c.md",
        "---\ntitle: Зграя\nweight: 1\n---\n",
    );
    assert_eq!(build(site.path(), &[]).code, 0);
    let list = read(site.path(), "public/rozdil/index.html");
    let pos = |s: &str| list.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(pos("Зграя") < pos("Абрикос") && pos("Абрикос") < pos("Яблуко"));
    // A file name in Cyrillic becomes a romanised address, word-initial «Я» → Ya.
    assert!(
        site.path()
            .join("public/rozdil/yabluko/index.html")
            .is_file()
    );
}
