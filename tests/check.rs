//! `hromada check`: the editors' lint. One fixture per rule, each problem at its exact place.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;

use common::*;

/// `check --format json` of `root`: (exit code, problems).
fn check(root: &Path, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--root",
        root.to_str().unwrap(),
        "--now",
        NOW,
    ];
    args.extend_from_slice(extra);
    let run = hromada(&args);
    let items: Vec<serde_json::Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    (run.code, items)
}

/// The one problem with `code`, as (file, line, column, end column, message).
fn only(items: &[serde_json::Value], code: &str) -> (String, u64, u64, u64, String) {
    let found: Vec<&serde_json::Value> = items.iter().filter(|i| i["code"] == code).collect();
    assert_eq!(found.len(), 1, "{code}: {items:#?}");
    let i = found[0];
    (
        i["file"].as_str().unwrap().to_string(),
        i["line"].as_u64().unwrap_or(0),
        i["column"].as_u64().unwrap_or(0),
        i["end_column"].as_u64().unwrap_or(0),
        i["message"].as_str().unwrap().to_string(),
    )
}

#[test]
fn a_clean_site_passes() {
    let site = fixture();
    let (code, items) = check(site.path(), &[]);
    assert_eq!(code, 0, "{items:#?}");
    assert!(items.is_empty(), "{items:#?}");
}

#[test]
fn broken_internal_links_in_output_pages_point_at_their_source() {
    let site = fixture();
    let root = site.path();
    // A menu entry to a page the site does not have: every page has it, one problem.
    write(
        root,
        "site.toml",
        &format!("{SITE_TOML}\n[[menu]]\nname = \"Інструкції\"\nurl = \"/instrukcii/\"\n"),
    );
    // Raw HTML in Markdown is not checked when the page is read, only in the output.
    write(
        root,
        "content/instruktsii/diia.md",
        &format!(
            "{INSTRUCTION}\nДив. <a href=\"/instruktsii/diia/#krok-7\">сьомий крок</a> і <a href=\"/nemaie/\">сторінку</a>.\n"
        ),
    );
    let (code, items) = check(root, &[]);
    assert_eq!(code, 1);
    let (file, line, col, end, message) = only(&items, "E0231");
    assert_eq!(
        (file.as_str(), line, col, end),
        ("content/instruktsii/diia.md", 16, 15, 40)
    );
    assert!(message.contains("has no `#krok-7`"), "{message}");
    let e0230: Vec<_> = items.iter().filter(|i| i["code"] == "E0230").collect();
    assert_eq!(e0230.len(), 2, "{items:#?}");
    let menu = e0230.iter().find(|i| i["file"] == "site.toml").unwrap();
    assert_eq!(
        (menu["line"].as_u64(), menu["column"].as_u64()),
        (Some(10), Some(8))
    );
    let m = menu["message"].as_str().unwrap();
    assert!(
        m.contains("/instrukcii/") && m.contains("pages, the first /"),
        "{m}"
    );
    let raw = e0230.iter().find(|i| i["file"] != "site.toml").unwrap();
    assert_eq!(
        (raw["line"].as_u64(), raw["column"].as_u64()),
        (Some(16), Some(69))
    );
    // The build itself does not run these checks.
    assert_eq!(build(root, &[]).code, 0);
}

#[test]
fn images_without_alt_text() {
    let site = fixture();
    let root = site.path();
    std::fs::copy(
        repo().join("content/instruktsii/dii-vkhid.svg"),
        root.join("content/instruktsii/ekran.svg"),
    )
    .unwrap();
    write(
        root,
        "content/instruktsii/diia.md",
        &format!(
            "{INSTRUCTION}\n<img src=\"../ekran.svg\">\n\n<img src=\"../ekran.svg\" alt=\"\">\n"
        ),
    );
    let (code, items) = check(root, &[]);
    assert_eq!(code, 1);
    let (file, line, col, _, message) = only(&items, "E0232");
    assert_eq!(
        (file.as_str(), line, col),
        ("content/instruktsii/diia.md", 16, 11)
    );
    assert!(message.contains("without alt text"), "{message}");
    // In Markdown, the same is found when the page is read (E0221).
    write(
        root,
        "content/instruktsii/diia.md",
        &format!("{INSTRUCTION}\n![](ekran.svg)\n"),
    );
    let (_, items) = check(root, &[]);
    let (_, line, col, _, _) = only(&items, "E0221");
    assert_eq!((line, col), (16, 1));
}

#[test]
fn skipped_heading_levels_and_vague_link_texts() {
    let site = fixture();
    let root = site.path();
    write(
        root,
        "content/instruktsii/diia.md",
        &format!(
            "{INSTRUCTION}\n#### Якщо не виходить\n\nІнструкцію з підпису дивіться [тут](diia.md).\n\n[Click here.](https://diia.gov.ua/)\n"
        ),
    );
    let (code, items) = check(root, &[]);
    assert_eq!(code, 0, "warnings only: {items:#?}");
    let (file, line, col, end, message) = only(&items, "W0224");
    assert_eq!(
        (file.as_str(), line, col, end),
        ("content/instruktsii/diia.md", 16, 1, 22)
    );
    assert!(message.contains("level 4 right after level 2"), "{message}");
    let vague: Vec<_> = items.iter().filter(|i| i["code"] == "W0225").collect();
    assert_eq!(vague.len(), 2, "{items:#?}");
    assert_eq!(
        (vague[0]["line"].as_u64(), vague[0]["column"].as_u64()),
        (Some(18), Some(31))
    );
    assert!(vague[0]["message"].as_str().unwrap().contains("«тут»"));
    assert_eq!(
        (vague[1]["line"].as_u64(), vague[1]["column"].as_u64()),
        (Some(20), Some(1))
    );
    assert!(
        vague[1]["message"]
            .as_str()
            .unwrap()
            .contains("«Click here.»")
    );
}

/// W0224 reads the built pages too: a heading level that a template skips (here a site's
/// own taxonomy page going from <h1> to <h3>) is reported once, at the template's tag, with
/// the pages that show it. The example site's pages skip none.
#[test]
fn skipped_heading_levels_in_a_templates_output() {
    let site = fixture();
    let root = site.path();
    let theirs = read(&repo(), "themes/default/templates/taxonomy_term.html");
    let from = "<h2>{{ t.term_pages }}</h2>";
    assert!(theirs.contains(from), "{theirs}");
    let ours = theirs.replace(from, "<h3 class=\"lead\">{{ t.term_pages }}</h3>");
    write(root, "templates/taxonomy_term.html", &ours);
    let (code, items) = check(root, &[]);
    assert_eq!(code, 0, "warnings only: {items:#?}");
    let (file, line, col, end, message) = only(&items, "W0224");
    let at = ours.find("<h3 class").unwrap();
    let line_at = ours[..at].matches('\n').count() as u64 + 1;
    let col_at = (at - ours[..at].rfind('\n').map_or(0, |i| i + 1)) as u64 + 1;
    assert_eq!(
        (file.as_str(), line, col),
        ("templates/taxonomy_term.html", line_at, col_at)
    );
    assert!(end > col, "{end}");
    assert!(
        message.contains("«Інструкції» is <h3> right after <h1>")
            && message.contains("/dlia-koho/seniors/"),
        "{message}"
    );

    let example = example_site();
    let (code, items) = check(example.path(), &[]);
    assert_eq!(code, 0, "{items:#?}");
    let skipped: Vec<_> = items.iter().filter(|i| i["code"] == "W0224").collect();
    assert!(skipped.is_empty(), "{skipped:#?}");
}

#[test]
fn instructions_not_reviewed_within_the_max_age() {
    let site = fixture();
    let root = site.path();
    write(
        root,
        "content/instruktsii/diia.md",
        &INSTRUCTION.replace("reviewed: 2026-11-01", "reviewed: 2025-06-01"),
    );
    let (code, items) = check(root, &[]);
    assert_eq!(code, 0);
    let (file, line, col, _, message) = only(&items, "W0209");
    assert_eq!(
        (file.as_str(), line, col),
        ("content/instruktsii/diia.md", 9, 11)
    );
    assert!(
        message.contains("539 days ago (the site allows 365)"),
        "{message}"
    );
}

const VENUES: &str = "- id: biblioteka
  name: Бібліотека
  kind: library
  address: вул. Шевченка, 1
  settlement: Село
  location: [32.26, 48.51]

- id: klub
  name: Цифровий клуб
  kind: digital-club
  address: вул. Шевченка, 2
  settlement: Село
  location: [32.27, 48.52]
  hours: \"Mo-Fr 10:00-17:00\"
";

const EVENTS: &str = "- id: mynula
  title: Минулий тренінг
  kind: training
  start: \"2026-10-01 10:00\"
  end: \"12:00\"
  venue: klub

- id: bez-zapysu
  title: Тренінг з Дії
  kind: training
  start: \"2026-12-01 10:00\"
  end: \"12:00\"
  venue: klub

- id: z-zapysom
  title: Консультації
  kind: consultation
  start: \"2026-12-02 10:00\"
  end: \"12:00\"
  venue: klub
  registration:
    note: Не потрібна — просто приходьте
";

#[test]
fn upcoming_events_without_registration_and_venues_without_hours() {
    let site = fixture();
    let root = site.path();
    write(root, "data/venues.yaml", VENUES);
    write(root, "data/events.yaml", EVENTS);
    let (code, items) = check(root, &[]);
    assert_eq!(code, 0, "{items:#?}");
    let (file, line, col, _, message) = only(&items, "W0628");
    assert_eq!((file.as_str(), line, col), ("data/venues.yaml", 1, 3));
    assert!(
        message.contains("`biblioteka` has no opening hours"),
        "{message}"
    );
    // The past event is history; the one with a note is fine.
    let (file, line, col, _, message) = only(&items, "W0627");
    assert_eq!((file.as_str(), line, col), ("data/events.yaml", 8, 3));
    assert!(message.contains("`bez-zapysu`"), "{message}");
}

/// A web server on a free loopback port: `/ok` answers 200, anything else 404. Counts the
/// requests it answered.
fn tiny_web(requests: std::sync::Arc<std::sync::atomic::AtomicUsize>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let mut buf = [0u8; 2048];
            let n = s.read(&mut buf).unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]);
            let status = if head.split(' ').nth(1) == Some("/ok") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            requests.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    port
}

#[test]
fn external_links_only_when_asked_with_a_cache() {
    let site = fixture();
    let root = site.path();
    let requests = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let port = tiny_web(requests.clone());
    // No address outside this machine: the e-service's own link is local too.
    write(
        root,
        "data/services.yaml",
        &SERVICES.replace(
            "https://diia.gov.ua/",
            &format!("http://127.0.0.1:{port}/ok"),
        ),
    );
    let gone = format!("http://127.0.0.1:{port}/gone");
    let line = format!("Див. [правила](http://127.0.0.1:{port}/ok) і [старі правила]({gone}).");
    let gone_col = line[..line.find(&gone).unwrap()].chars().count() as u64 + 1;
    write(
        root,
        "content/instruktsii/diia.md",
        &format!("{INSTRUCTION}\n{line}\n"),
    );
    // Not asked: nothing is fetched.
    let (code, items) = check(root, &[]);
    assert_eq!((code, items.len()), (0, 0), "{items:#?}");
    assert_eq!(requests.load(std::sync::atomic::Ordering::SeqCst), 0);

    let (code, items) = check(root, &["--external", "--timeout", "5"]);
    assert_eq!(code, 0, "broken external links are warnings: {items:#?}");
    let (file, line, col, _, message) = only(&items, "W0233");
    assert_eq!(
        (file.as_str(), line, col),
        ("content/instruktsii/diia.md", 16, gone_col)
    );
    assert!(message.contains("/gone answers 404"), "{message}");
    let cache: serde_json::Value = serde_json::from_str(&read(root, ".cache/links.json")).unwrap();
    assert_eq!(cache[format!("http://127.0.0.1:{port}/ok")]["status"], 200);
    assert_eq!(cache[format!("http://127.0.0.1:{port}/ok")]["checked"], NOW);

    // Again: the working link comes from the cache, the broken one is asked again.
    let before = requests.load(std::sync::atomic::Ordering::SeqCst);
    let (_, items) = check(root, &["--external"]);
    assert_eq!(only(&items, "W0233").1, 16);
    let asked = requests.load(std::sync::atomic::Ordering::SeqCst) - before;
    assert_eq!(asked, 2, "HEAD and GET of /gone only");
}
