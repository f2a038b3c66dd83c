//! The plan of measures (`data/plan.yaml`): every kind of indicator computed on a small
//! site whose values were worked out by hand, the boundaries of the build's date, the
//! report in every format (the office document read back through LibreOffice), and the
//! plan's mistakes reported at their place.

mod common;

use std::path::Path;
use std::process::Command;

use common::{fixture, hromada, require_tools, write};

const VENUES: &str = r#"
- id: lib-old
  name: Бібліотека стара
  kind: library
  address: вул. Перша, 1
  settlement: Тестове
  location: [32.26, 48.51]
  hours: "Mo-Fr 09:00-18:00"
- id: smart-new
  name: Смарт-бібліотека
  kind: smart-library
  opened: "2026-03-01"
  address: вул. Друга, 2
  settlement: Тестове
  location: [32.27, 48.51]
  hours: "Mo-Fr 09:00-18:00"
- id: hub-h2
  name: Хаб
  kind: diia-hub
  opened: "2026-09-15"
  address: вул. Третя, 3
  settlement: Тестове
  location: [32.28, 48.51]
  hours: "Mo-Fr 09:00-18:00"
- id: self-future
  name: Пункт самообслуговування
  kind: cnap-self-service
  opened: "2026-12-01"
  address: вул. Четверта, 4
  settlement: Тестове
  location: [32.29, 48.51]
  hours: "Mo-Fr 09:00-18:00"
"#;

// The build's date is 2026-11-22 (common::NOW).
const EVENTS: &str = r#"
- id: e-course
  title: Курс щовівторка
  kind: course
  start: "2026-10-27 10:00"
  end: "12:00"
  repeat: { until: 2026-11-24 }
  venue: lib-old
  audience: [seniors]
  topics: [diia]
  free: true
  participants: { total: 10, by_audience: { seniors: 10 } }
- id: e-today
  title: Тренінг у день збирання
  kind: training
  start: "2026-11-22 10:00"
  end: "11:30"
  venue: smart-new
  audience: [adults]
  topics: [safety]
  free: true
  participants: { total: 7 }
- id: e-web
  title: Вебінар серпня
  kind: webinar
  start: "2026-08-05 18:00"
  end: "19:00"
  online: https://meet.example/a
  audience: [adults, seniors]
  topics: [safety]
  free: true
  participants: { total: 30, by_audience: { adults: 20, seniors: 10 } }
- id: e-h1
  title: Тренінг березня
  kind: training
  start: "2026-03-10 10:00"
  end: "13:00"
  venue: lib-old
  audience: [seniors]
  topics: [diia]
  free: true
  participants: { total: 5 }
"#;

const PLAN: &str = r#"
title: Тестовий план
from: "2026-01-01"
to: "2027-12-31"
measures:
  - number: "1"
    title: Навчання
    content: Курси й тренінги
    responsible: Бібліотеки
    term: 2026–2027
    indicators:
      - { name: sessions-all, count: sessions }
      - { name: sessions-course, count: sessions, kinds: [course] }
      - { name: sessions-adults, count: sessions, audience: [adults] }
      - { name: events-three-kinds, count: events, kinds: [course, webinar, training] }
      - { name: hours-all, count: hours }
      - { name: hours-safety, count: hours, topics: [safety] }
      - { name: participants-all, count: participants }
      - { name: participants-seniors, count: participants, audience: [seniors], target: 40 }
      - { name: participants-adults, count: participants, audience: [adults], target: 10 }
  - number: "2"
    title: Місця
    term: 2026
    indicators:
      - { name: venues-all, count: venues }
      - { name: venues-new-hubs, count: venues, kinds: [smart-library, diia-hub], since: "2026-06-01" }
      - { name: venues-self, count: venues, kinds: [cnap-self-service], target: 1 }
  - number: "3"
    title: Інструкції
    term: щопівроку
    indicators:
      - { name: instructions-all, count: instructions }
      - { name: instructions-pidpys, count: instructions, services: [diia-pidpys] }
  - number: "4"
    title: Цифрограм
    term: 2026–2027
    indicators:
      - name: entered
        count: entered
        target: 30
        values: { "2026-H1": 5, "2026-H2": 12 }
      - { name: entered-none, count: entered }
"#;

const PIDPYS: &str = "---
title: Як отримати Дія.Підпис
summary: Дія.Підпис на смартфоні.
service: diia-pidpys
audience: [adults]
competence: safety
level: basic
duration: 10
reviewed: 2026-12-01
---
## Кроки

1. Відкрийте Дію.
2. Створіть підпис.
";

fn site() -> tempfile::TempDir {
    let dir = fixture();
    let root = dir.path();
    write(root, "data/venues.yaml", VENUES);
    write(root, "data/events.yaml", EVENTS);
    write(root, "data/plan.yaml", PLAN);
    write(
        root,
        "data/services.yaml",
        &format!(
            "{}- key: diia-pidpys\n  name: Дія.Підпис\n  url: https://diia.gov.ua/\n  operator: Мінцифри\n",
            common::SERVICES
        ),
    );
    write(root, "content/instruktsii/pidpys.md", PIDPYS);
    dir
}

fn report(root: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "report",
        "--root",
        root.to_str().unwrap(),
        "--now",
        common::NOW,
    ];
    args.extend_from_slice(extra);
    let run = hromada(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// name → (shown value, status) of every indicator of the JSON report.
fn values(root: &Path, period: &[&str]) -> Vec<(String, String, String)> {
    let mut args = vec!["--plan", "--format", "json"];
    args.extend_from_slice(period);
    let v: serde_json::Value = serde_json::from_str(&report(root, &args)).unwrap();
    v["measures"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["indicators"].as_array().unwrap().iter())
        .map(|i| {
            (
                i["name"].as_str().unwrap().to_string(),
                i["shown"].as_str().unwrap().to_string(),
                i["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn shown(all: &[(String, String, String)], name: &str) -> String {
    all.iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("no indicator {name}"))
        .1
        .clone()
}

#[test]
fn every_kind_of_indicator_has_the_value_worked_out_by_hand() {
    let site = site();
    let h2 = values(site.path(), &["--period", "2026-H2"]);
    // Held = ended before the build's date: the course's 24 November session and the
    // training on the build's date itself are still upcoming.
    for (name, want) in [
        ("sessions-all", "5"),          // course 27.10, 3.11, 10.11, 17.11 + webinar
        ("sessions-course", "4"),       // the course's four held sessions
        ("sessions-adults", "1"),       // the webinar; e-today is not held yet
        ("events-three-kinds", "2"),    // course, webinar
        ("hours-all", "9.0"),           // 4 × 2 h + 1 h
        ("hours-safety", "1.0"),        // the webinar
        ("participants-all", "40"),     // 10 + 30; e-today's 7 not held
        ("participants-seniors", "20"), // 10 (course) + 10 (webinar by audience)
        ("participants-adults", "20"),  // the webinar's adults
        ("venues-all", "3"),            // the old library, smart-new, hub-h2; not the future one
        ("venues-new-hubs", "1"),       // hub-h2 (smart-new opened before 1 June)
        ("venues-self", "0"),           // opens 1 December, after the build's date
        ("instructions-all", "2"),
        ("instructions-pidpys", "1"),
        ("entered", "12"),
        ("entered-none", "—"),
    ] {
        assert_eq!(shown(&h2, name), want, "{name} in 2026-H2");
    }
    let status = |name: &str| h2.iter().find(|(n, _, _)| n == name).unwrap().2.clone();
    assert_eq!(status("participants-adults"), "done");
    assert_eq!(status("participants-seniors"), "in-progress");
    assert_eq!(status("venues-self"), "not-started");
    assert_eq!(status("entered-none"), "not-entered");

    let h1 = values(site.path(), &["--period", "2026-H1"]);
    for (name, want) in [
        ("sessions-all", "1"),
        ("hours-all", "3.0"),
        ("participants-seniors", "5"), // no breakdown, but every audience of it is seniors
        ("participants-adults", "0"),
        ("venues-all", "2"), // hub-h2 opened after 30 June
        ("entered", "5"),
    ] {
        assert_eq!(shown(&h1, name), want, "{name} in 2026-H1");
    }
    // A span of days sums the half-years wholly inside it.
    let year = values(site.path(), &["--from", "2026-01-01", "--to", "2026-12-31"]);
    assert_eq!(shown(&year, "entered"), "17");
    assert_eq!(shown(&year, "sessions-all"), "6");
}

#[test]
fn the_indicator_report_agrees_with_the_site_on_the_build_date() {
    let site = site();
    let r: serde_json::Value = serde_json::from_str(&report(
        site.path(),
        &[
            "--from",
            "2026-11-01",
            "--to",
            "2026-12-31",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    // The session on the build's date is listed as upcoming, so it is not held yet.
    assert_eq!(r["events"]["sessions_held"], 3, "{r}");
    assert_eq!(r["events"]["sessions_planned"], 2, "{r}");
    // Reviewed 1 November counts; «reviewed» 1 December is in the future and does not.
    assert_eq!(r["instructions"]["reviewed_in_period"], 1, "{r}");
    assert_eq!(r["instructions"]["published"], 2, "{r}");
    let built = common::build(site.path(), &[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = common::read(&site.path().join("public"), "podii/e-today/index.html");
    assert!(
        !page.contains("Ця подія вже відбулася."),
        "listed as upcoming"
    );
}

#[test]
fn the_plan_report_is_the_same_table_in_markdown_csv_and_json() {
    let site = site();
    let md = report(site.path(), &["--plan", "--period", "2026-H2"]);
    assert!(md.contains("| № | Захід | Зміст заходу | Відповідальні | Термін | Індикатор | Ціль | Значення за період | Стан виконання |"), "{md}");
    assert!(md.contains("| 1 | Навчання | Курси й тренінги | Бібліотеки | 2026–2027 | sessions-all | — | 5 | Виконується: 5 |"), "{md}");
    assert!(
        md.contains("| participants-seniors | 40 | 20 | Виконується: 20 з 40 (50 %) |"),
        "{md}"
    );
    assert!(
        md.contains("| entered-none | — | — | Дані не внесено |"),
        "{md}"
    );
    let csv_text = report(
        site.path(),
        &["--plan", "--period", "2026-H2", "--format", "csv"],
    );
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(&rdr.headers().unwrap()[8], "Стан виконання");
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 16);
    let row = rows.iter().find(|r| &r[5] == "hours-all").unwrap();
    assert_eq!((&row[0], &row[7], &row[9]), ("1", "9.0", "2026-H2"));
}

#[test]
fn the_office_document_reads_back_through_libreoffice_with_the_markdown_numbers() {
    require_tools("plan docx", &["soffice", "pdftotext"]);
    let site = site();
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("plan.docx");
    report(
        site.path(),
        &[
            "--plan",
            "--period",
            "2026-H2",
            "--format",
            "docx",
            "--output",
            docx.to_str().unwrap(),
        ],
    );
    let again = dir.path().join("again.docx");
    report(
        site.path(),
        &[
            "--plan",
            "--period",
            "2026-H2",
            "--format",
            "docx",
            "--output",
            again.to_str().unwrap(),
        ],
    );
    assert_eq!(
        std::fs::read(&docx).unwrap(),
        std::fs::read(&again).unwrap(),
        "deterministic"
    );
    let profile = dir.path().join("profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.path().join("plan.pdf");
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    // A4 landscape: 842 × 595 points.
    assert!(
        info.contains("841.89 x 595.3") && info.contains("(A4)"),
        "{info}"
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Стан виконання плану заходів: Тестовий план"),
        "{flat}"
    );
    // Every row's numbers of the Markdown report are in the document, in the same cells.
    let md = report(site.path(), &["--plan", "--period", "2026-H2"]);
    let mut rows = 0;
    for line in md.lines().skip_while(|l| !l.starts_with("|---")).skip(1) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        let (name, target, value, status) = (cells[5], cells[6], cells[7], cells[8]);
        let status = status.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(name), "{name} not in the document");
        assert!(
            flat.contains(&status),
            "«{status}» ({name}) not in the document: {flat}"
        );
        assert!(flat.contains(target) && flat.contains(value), "{name}");
        rows += 1;
    }
    assert_eq!(rows, 16);
}

#[test]
fn mistakes_in_the_plan_are_reported_at_their_place() {
    let site = site();
    let root = site.path();
    write(
        root,
        "data/plan.yaml",
        r#"title: План
from: "2026-01-01"
to: "2027-13-01"
measures:
  - number: "1"
    title: Захід
    term: 2026
    indicators:
      - { name: a, count: sessions, kinds: [cours] }
      - { name: b, count: venues, services: [diia] }
      - { name: c, count: entered, values: { "2026-H3": 4 } }
      - { name: d, count: hours, target: 0 }
  - number: "1"
    title: Ще
    term: 2026
"#,
    );
    write(
        root,
        "data/events.yaml",
        &EVENTS
            .replace(
                "{ total: 30, by_audience: { adults: 20, seniors: 10 } }",
                "{ total: 3, by_audience: { adults: 20 } }",
            )
            .replace("{ total: 5 }", "{ total: -5 }"),
    );
    write(
        root,
        "data/venues.yaml",
        &VENUES.replace("\"2026-09-15\"", "\"15.09.2026\""),
    );
    let run = common::build(root, &[]);
    assert_ne!(run.code, 0);
    common::assert_has(
        &run.stderr,
        &[
            "E1002",
            "data/plan.yaml:3:",
            "E1001",
            "data/plan.yaml:10:",
            "`course`",
            "E1004",
            "`services`",
            "E1003",
            "2026-H3",
            "E1005",
            "E1006",
            "E0640",
            "data/events.yaml",
            "E0641",
            "15.09.2026",
        ],
    );
}

#[test]
fn the_plan_schema_is_current_and_accepts_the_example_plan() {
    let dir = tempfile::tempdir().unwrap();
    let run = hromada(&["schemas", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fresh = common::read(dir.path(), "plan.schema.json");
    assert_eq!(
        common::read(&common::repo().join("schemas"), "plan.schema.json"),
        fresh,
        "schemas/plan.schema.json is out of date: run `hromada schemas`"
    );
    let out = Command::new(common::python_tools())
        .arg(common::repo().join("tests/tools/validate_schemas.py"))
        .arg(common::repo().join("schemas/plan.schema.json"))
        .arg(common::repo().join("data/plan.yaml"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success() && said.starts_with("ok "), "{said}");
}
