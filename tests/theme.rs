//! The theme's outputs read back: fingerprinted and bundled assets, the palette from
//! site.toml, a fork's overrides, per-page language, the manifest, the service worker's
//! precache list and version, and the security headers.

mod common;

use std::collections::BTreeSet;

use common::*;

fn attr<'a>(html: &'a str, needle: &str) -> &'a str {
    let start = html.find(needle).unwrap_or_else(|| panic!("no {needle}")) + needle.len();
    let end = html[start..].find('"').unwrap();
    &html[start..start + end]
}

#[test]
fn css_is_bundled_minified_fingerprinted_and_carries_the_palette() {
    let site = fixture();
    assert_eq!(build(site.path(), &[]).code, 0);
    let out = site.path().join("public");
    let css_path = fingerprinted(&out, "style", ".css");
    let css = read(&out, &css_path);
    // Bundled: rules of every partial, no @import left; minified: no comments, one line.
    assert!(!css.contains("@import"), "{css}");
    assert!(!css.contains("/*"));
    assert!(!css.contains('\n'));
    for rule in [".skip-link", ".chips", "html.reader-large", "@media print"] {
        assert!(css.contains(rule), "{rule} missing");
    }
    // The palette from Rust's defaults, light and dark.
    assert!(css.contains("--accent:#0a4f8f"), "{css}");
    assert!(css.contains("@media (prefers-color-scheme:dark){:root{--text:#f2f2f2"));
    // The page links the fingerprinted name; the hash is of the bytes.
    let page = read(&out, "index.html");
    assert_eq!(
        attr(&page, "<link rel=\"stylesheet\" href=\""),
        format!("/{css_path}")
    );
    let hash = css_path
        .trim_start_matches("assets/style.")
        .trim_end_matches(".css");
    assert_eq!(hash, hromada::render::content_hash(css.as_bytes()));
    // The theme's JS and icon are fingerprinted too, and nothing is at the old address.
    fingerprinted(&out, "site", ".js");
    fingerprinted(&out, "icon", ".svg");
    assert!(!out.join("style.css").exists());
}

#[test]
fn a_fork_sets_colours_logo_strings_and_overrides_one_partial() {
    let site = fixture();
    let toml = read(site.path(), "site.toml")
        .replace("hromada =", "logo = \"static/gerb.svg\"\nhromada =")
        + "[colors]\naccent = \"#6b2c91\"\n[colors.dark]\naccent = \"#e2b8ff\"\n";
    write(site.path(), "site.toml", &toml);
    write(
        site.path(),
        "static/gerb.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 12"><path d="M0 0h10v7l-5 5-5-5z" fill="#1f5fbf"/></svg>"##,
    );
    // One string changed without copying the theme's file.
    write(
        site.path(),
        "i18n/uk.toml",
        "reader_title = \"Налаштування\"\n",
    );
    // One partial replaced; the rest of the theme stays.
    write(
        site.path(),
        "templates/partials/help.html",
        "<aside class=\"help\" id=\"our-help\"><h2>{{ t.help_title }}</h2><p>ЦНАП Нової громади</p></aside>\n",
    );
    // One CSS file of the theme replaced by the fork's own.
    let print = read(site.path(), "themes/default/assets/css/print.css");
    write(
        site.path(),
        "assets/css/print.css",
        &format!("{print}\n@media print {{ .fork-only {{ display: none }} }}\n"),
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");

    let css = read(&out, &fingerprinted(&out, "style", ".css"));
    assert!(css.contains("--accent:#6b2c91"), "{css}");
    assert!(css.contains("--accent:#e2b8ff"));
    assert!(css.contains(".fork-only"));
    let logo = fingerprinted(&out, "logo", ".svg");
    assert_eq!(
        read(&out, &logo),
        read(site.path(), "static/gerb.svg"),
        "the logo is copied as it is"
    );
    let page = read(&out, "instruktsii/diia/index.html");
    assert!(page.contains(&format!(
        "<img class=\"brand-logo\" src=\"/{logo}\" alt=\"\""
    )));
    assert!(page.contains("<legend>Налаштування</legend>"));
    assert!(page.contains("id=\"our-help\""));
    // The theme's other strings are still there.
    assert!(page.contains("Перейти до змісту"));
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&out, "manifest.webmanifest")).unwrap();
    assert_eq!(manifest["theme_color"], "#6b2c91");
}

#[test]
fn a_page_in_english_gets_its_lang_and_the_english_strings() {
    let site = fixture();
    write(
        site.path(),
        "content/in-english.md",
        "---\ntitle: Digital skills in our hromada\nlang: en\n---\nFree help with e-services.\n",
    );
    assert_eq!(build(site.path(), &[]).code, 0);
    let out = site.path().join("public");
    let en = read(&out, "in-english/index.html");
    assert!(
        en.starts_with("<!doctype html>\n<html lang=\"en\">"),
        "{en}"
    );
    assert!(en.contains(">Skip to content</a>"));
    assert!(en.contains("content=\"en_GB\"") || en.contains("content=\"en_US\""));
    // Other pages stay Ukrainian.
    let uk = read(&out, "index.html");
    assert!(uk.contains("<html lang=\"uk\">"));
    assert!(uk.contains(">Перейти до змісту</a>"));
}

#[test]
fn csp_headers_manifest_and_service_worker_agree_with_the_output() {
    let site = example_site();
    assert_eq!(build(site.path(), &[]).code, 0);
    let out = site.path().join("public");
    let files: BTreeSet<String> = files_below(&out)
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();

    // Every page carries the same policy as <meta>; _headers adds frame-ancestors.
    let headers = read(&out, "_headers");
    let header_csp = headers
        .lines()
        .find_map(|l| l.trim().strip_prefix("Content-Security-Policy: "))
        .unwrap();
    assert!(header_csp.contains("default-src 'self'"));
    assert!(header_csp.ends_with("; frame-ancestors 'none'"));
    let meta_csp = header_csp.trim_end_matches("; frame-ancestors 'none'");
    assert!(!meta_csp.contains("unsafe-inline"));
    for f in files.iter().filter(|f| f.ends_with(".html")) {
        let html = read(&out, f);
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse("meta[http-equiv=Content-Security-Policy]").unwrap();
        let meta: Vec<_> = doc.select(&sel).collect();
        assert_eq!(meta.len(), 1, "{f}");
        assert_eq!(meta[0].value().attr("content"), Some(meta_csp), "{f}");
        // No inline script, no inline style.
        let scripts = scraper::Selector::parse(
            "script:not([src]):not([type='application/ld+json']), [style], style",
        )
        .unwrap();
        assert_eq!(doc.select(&scripts).count(), 0, "{f}");
    }
    assert!(headers.contains("/assets/*\n  Cache-Control: public, max-age=31536000, immutable"));

    // The manifest's icons and start page exist.
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&out, "manifest.webmanifest")).unwrap();
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["lang"], "uk");
    for icon in manifest["icons"].as_array().unwrap() {
        let src = icon["src"].as_str().unwrap().trim_start_matches('/');
        assert!(files.contains(src), "{src}");
    }

    // Every precached address is a file of the output; the offline page is among them.
    let sw = read(&out, "sw.js");
    let list = sw
        .lines()
        .find_map(|l| l.strip_prefix("const PRECACHE = "))
        .unwrap()
        .trim_end_matches(';');
    let precache: Vec<String> = serde_json::from_str(list).unwrap();
    assert!(precache.contains(&"/offline/".to_string()));
    assert!(precache.iter().any(|u| u.starts_with("/assets/style.")));
    for url in &precache {
        let file = url.trim_start_matches('/');
        let file = if file.is_empty() || file.ends_with('/') {
            format!("{file}index.html")
        } else {
            file.to_string()
        };
        assert!(
            files.contains(&file),
            "precached {url} is not in the output"
        );
    }
    let offline = read(&out, "offline/index.html");
    assert!(offline.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!read(&out, "sitemap.xml").contains("/offline/"));

    // The version is the output's: the same build gives the same, one changed page another.
    let version = |sw: &str| {
        sw.lines()
            .find_map(|l| l.strip_prefix("const VERSION = "))
            .unwrap()
            .to_string()
    };
    let first = version(&sw);
    assert_eq!(build(site.path(), &[]).code, 0);
    assert_eq!(version(&read(&out, "sw.js")), first);
    let about = site.path().join("content/pro-proiekt.md");
    let text = std::fs::read_to_string(&about).unwrap();
    std::fs::write(&about, text.replace("Для всіх мешканців", "Для кожного")).unwrap();
    assert_eq!(build(site.path(), &[]).code, 0);
    assert_ne!(version(&read(&out, "sw.js")), first);
}

#[test]
fn a_font_in_the_css_is_fingerprinted_and_its_address_rewritten() {
    let site = fixture();
    let font: &[u8] = b"wOF2\x00\x01fake font bytes";
    let dir = site.path().join("assets/fonts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("e-ukraine.woff2"), font).unwrap();
    let tokens = read(site.path(), "themes/default/assets/css/tokens.css");
    write(
        site.path(),
        "assets/css/tokens.css",
        &format!(
            "@font-face {{ font-family: \"e-Ukraine\"; src: url(\"../fonts/e-ukraine.woff2\") format(\"woff2\"); font-display: swap; }}\n{tokens}"
        ),
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    let names: Vec<String> = std::fs::read_dir(out.join("assets/fonts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1);
    let file = format!("assets/fonts/{}", names[0]);
    assert_eq!(std::fs::read(out.join(&file)).unwrap(), font);
    let css = read(&out, &fingerprinted(&out, "style", ".css"));
    assert!(css.contains(&format!("url(\"/{file}\")")), "{css}");
    assert!(css.contains("font-display:swap"));
}

#[test]
fn a_fork_whose_strings_predate_a_new_one_gets_english_and_a_wrong_form_is_named() {
    // A fork copied the theme long ago, under its own name: its uk.toml lacks a string the
    // code now writes.
    let site = fixture();
    std::fs::rename(
        site.path().join("themes/default"),
        site.path().join("themes/stary"),
    )
    .unwrap();
    let toml = read(site.path(), "site.toml");
    write(
        site.path(),
        "site.toml",
        &format!("theme = \"stary\"\n{toml}"),
    );
    let uk = read(site.path(), "themes/stary/i18n/uk.toml");
    let old: String = uk
        .lines()
        .filter(|l| !l.starts_with("not_found_title") && !l.starts_with("offline_title"))
        .map(|l| format!("{l}\n"))
        .collect();
    write(site.path(), "themes/stary/i18n/uk.toml", &old);
    let en = read(site.path(), "themes/stary/i18n/en.toml");
    let old_en: String = en
        .lines()
        .filter(|l| !l.starts_with("not_found_title"))
        .map(|l| format!("{l}\n"))
        .collect();
    write(site.path(), "themes/stary/i18n/en.toml", &old_en);
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    // The fork's English has the offline title; the default theme's English has the 404's.
    assert!(read(&out, "404.html").contains("<title>Page not found"));
    assert!(read(&out, "offline/index.html").contains("<title>No internet connection"));

    // The same files as the site's themes/default/: the strings the binary carries for that
    // theme lie under them, so the missing ones are in Ukrainian.
    std::fs::rename(
        site.path().join("themes/stary"),
        site.path().join("themes/default"),
    )
    .unwrap();
    write(site.path(), "site.toml", &toml);
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let uk_404 = uk
        .lines()
        .find_map(|l| l.strip_prefix("not_found_title = \""))
        .and_then(|l| l.strip_suffix('"'))
        .unwrap();
    assert!(
        read(&out, "404.html").contains(&format!("<title>{uk_404}")),
        "{uk_404}"
    );

    // A list where the code needs seven weekdays is named, with the file to look at.
    let stderr = broken_site(fixture(), |root| {
        let uk = read(root, "themes/default/i18n/uk.toml")
            .replace("weekdays = [\"понеділок\", ", "weekdays = [");
        write(root, "themes/default/i18n/uk.toml", &uk);
    });
    assert_has(
        &stderr,
        &[
            "error[E0021]: this interface string cannot be used: `weekdays` must list 7 days from Monday, it lists 6",
            "themes/default/i18n/uk.toml:",
            "weekdays = [",
            "every string has the form the site needs in the default theme's i18n/uk.toml: `hromada theme eject` writes",
        ],
    );
}
