//! Lists people read are in Ukrainian alphabetical order (CLDR collation, `src/collate.rs`),
//! not in code-point order, which puts Є, І, Ї and Ґ after Я and «Андрушківська» before
//! «Андрушівська»: the list of places and its filters, the map's list, the report, and a
//! section's pages — each read back from the built site.

mod common;

use common::*;
use scraper::{Html, Selector};

/// Settlements in the order a Ukrainian reader expects them; the fixture writes them
/// shuffled.
const SETTLEMENTS: &[&str] = &[
    "Андрушівська",
    "Андрушківська",
    "Гайове",
    "Ґрунтове",
    "Ерделівка",
    "Єлизаветградка",
    "Знаменка",
    "Знамʼянка",
    "Ивангород",
    "Іванівка",
    "Їжаківка",
    "Яблунівка",
];

/// A site with a venue in each settlement (written in a shuffled order), and two more in the
/// first whose names differ by a number.
fn site() -> tempfile::TempDir {
    let site = fixture();
    let mut yaml = String::new();
    let shuffled = [7, 11, 2, 9, 0, 5, 3, 10, 1, 8, 4, 6];
    for (n, &i) in shuffled.iter().enumerate() {
        yaml.push_str(&format!(
            "- id: mistse-{n}\n  name: Бібліотека {n}\n  kind: library\n  address: вул. Шкільна, {n}\n  settlement: {}\n  location: [32.{n:02}, 48.5]\n  hours: \"Mo-Fr 09:00-18:00\"\n",
            SETTLEMENTS[i]
        ));
    }
    for (id, name) in [("filiia-12", "Філія № 12"), ("filiia-5", "Філія № 5")] {
        yaml.push_str(&format!(
            "- id: {id}\n  name: {name}\n  kind: cnap\n  address: вул. Центральна, 1\n  settlement: Андрушівська\n  location: [32.5, 48.5]\n  hours: \"Mo-Fr 09:00-18:00\"\n"
        ));
    }
    write(site.path(), "data/venues.yaml", &yaml);
    site
}

fn texts(html: &str, selector: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    doc.select(&Selector::parse(selector).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn places_are_listed_in_ukrainian_alphabetical_order() {
    let site = site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    let page = read(&out, "mistsia/index.html");
    // The list: a heading per settlement, in order.
    assert_eq!(texts(&page, "main section > h2[id^=g-]"), SETTLEMENTS);
    // In a settlement, numbers by their value: «№ 5» before «№ 12».
    let names = texts(&page, "main section .venue h3");
    let at = |n: &str| names.iter().position(|x| x == n).unwrap();
    assert!(at("Філія № 5") < at("Філія № 12"), "{names:?}");
    // The settlement filter says them in the same order (before «Усі місця»).
    let chips: Vec<String> = texts(&page, ".filters ul:last-of-type li a")
        .into_iter()
        .map(|c| c.split(" (").next().unwrap().to_string())
        .collect();
    assert_eq!(&chips[..SETTLEMENTS.len()], SETTLEMENTS);
    // The map's list below the map.
    let map = read(&out, "mapa/index.html");
    assert_eq!(
        texts(&map, ".map-settlement summary h3").len(),
        SETTLEMENTS.len()
    );
    let doc = Html::parse_document(&map);
    let on_map: Vec<&str> = doc
        .select(&Selector::parse(".map-settlement-list").unwrap())
        .map(|e| e.value().attr("data-name").unwrap())
        .collect();
    assert_eq!(on_map, SETTLEMENTS);
}

#[test]
fn the_report_counts_settlements_in_ukrainian_order() {
    let site = site();
    let root = site.path().to_str().unwrap();
    let run = hromada(&[
        "report",
        "--root",
        root,
        "--now",
        NOW,
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let labels: Vec<&str> = r["venues"]["by_settlement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, SETTLEMENTS);
    // Kinds by their labels: «Бібліотека» before «ЦНАП» (their keys would say the same,
    // so the Markdown shows it: the labels are what is read).
    let kinds: Vec<&str> = r["venues"]["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Бібліотека", "ЦНАП"]);
}

#[test]
fn a_sections_pages_without_weights_are_in_ukrainian_order() {
    let site = fixture();
    for (file, title) in [
        ("yabluko", "Як оплатити комуналку"),
        ("yedynyi", "Єдиний квиток онлайн"),
        ("internet", "Інтернет-банкінг без страху"),
        ("gudzyk", "Ґаджети для старших"),
        ("elektronni", "Електронні документи"),
    ] {
        write(
            site.path(),
            &format!("content/instruktsii/{file}.md"),
            &common::INSTRUCTION.replace("title: Як встановити Дію", &format!("title: {title}")),
        );
    }
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    let section = read(&out, "instruktsii/index.html");
    let titles = texts(&section, "main .cards h3 a, main .cards h2 a");
    assert_eq!(
        titles,
        [
            "Ґаджети для старших",
            "Електронні документи",
            "Єдиний квиток онлайн",
            "Інтернет-банкінг без страху",
            "Як встановити Дію",
            "Як оплатити комуналку"
        ]
    );
}
