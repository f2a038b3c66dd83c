//! The site beyond its own pages: the feed of upcoming events that channels post from.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

const VENUES: &str = "- id: biblioteka
  name: Бібліотека «Книги & люди»
  kind: library
  address: вул. Шевченка, 1
  settlement: Знам'янка
  location: [32.66, 48.72]
";

/// Past, today's, a weekly class and an online webinar, around `NOW` (2026-11-22).
const EVENTS: &str = "- id: mynula
  title: Минула подія
  kind: training
  start: \"2026-11-01 10:00\"
  end: \"12:00\"
  venue: biblioteka
- id: vebinar
  title: Вебінар <Дія> & підпис
  kind: webinar
  start: \"2026-12-10 18:00\"
  end: \"19:00\"
  online: https://meet.example/diia
- id: sohodni
  title: Консультації сьогодні
  kind: consultation
  start: \"2026-11-22 10:00\"
  end: \"13:00\"
  venue: biblioteka
- id: kurs
  title: Курс для старших
  kind: course
  start: \"2026-11-04 10:00\"
  end: \"12:00\"
  repeat: { until: 2026-12-30 }
  venue: biblioteka
";

fn site_with_events() -> tempfile::TempDir {
    let site = fixture();
    write(site.path(), "data/venues.yaml", VENUES);
    write(site.path(), "data/events.yaml", EVENTS);
    site
}

/// feedparser's reading of the feeds at `paths`, as JSON.
fn read_feeds(paths: &[&Path]) -> serde_json::Value {
    let python = python_tools();
    let feedparser = Command::new(&python)
        .args(["-c", "import feedparser"])
        .output()
        .unwrap();
    assert!(
        feedparser.status.success(),
        "{} cannot import feedparser: run ./scripts/test, which installs it",
        python.display()
    );
    let out = Command::new(&python)
        .arg(repo().join("tests/tools/read_feed.py"))
        .args(paths)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn upcoming_events_feed_is_atom_that_feedparser_reads() {
    let site = site_with_events();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    let feeds = read_feeds(&[&out.join("podii/atom.xml")]);
    let feed = &feeds[0];
    assert_eq!(feed["bozo"], false, "{}", feed["bozo_exception"]);
    assert_eq!(feed["version"], "atom10");
    assert_eq!(feed["title"], "Тест — Найближчі події");
    assert_eq!(feed["language"], "uk");
    assert_eq!(feed["updated"], "2026-11-22T00:00:00Z");
    let links = feed["links"].as_array().unwrap();
    assert!(links.contains(&serde_json::json!([
        "self",
        "https://test.example/podii/atom.xml"
    ])));
    assert!(links.contains(&serde_json::json!([
        "alternate",
        "https://test.example/podii/"
    ])));
    // Nearest first, each at its next occurrence; the past event is not in it, today's is.
    let entries = feed["entries"].as_array().unwrap();
    let titles: Vec<&str> = entries
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Консультації сьогодні",
            "Курс для старших",
            "Вебінар <Дія> & підпис"
        ]
    );
    let kurs = &entries[1];
    assert_eq!(kurs["id"], "https://test.example/podii/kurs/");
    assert_eq!(kurs["link"], "https://test.example/podii/kurs/");
    assert_eq!(
        kurs["summary"],
        "25 листопада 2026, середа, 10:00–12:00 · Бібліотека «Книги & люди», вул. Шевченка, 1, Знам'янка"
    );
    assert_eq!(kurs["category"], serde_json::json!(["Курс"]));
    assert_eq!(
        entries[2]["summary"],
        "10 грудня 2026, четвер, 18:00–19:00 · Онлайн"
    );

    // The list of upcoming events names it for the tools that look for a page's feed; the
    // archive does not.
    let list = read(&out, "podii/index.html");
    assert!(
        list.contains(r#"<link rel="alternate" type="application/atom+xml" title="Найближчі події" href="/podii/atom.xml">"#),
        "{list}"
    );
    assert!(!read(&out, "podii/arkhiv/index.html").contains("podii/atom.xml"));

    // The same input gives the same bytes.
    let first = std::fs::read(out.join("podii/atom.xml")).unwrap();
    let again = build(site.path(), &["--no-cache"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(std::fs::read(out.join("podii/atom.xml")).unwrap(), first);
}
