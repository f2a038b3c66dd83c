//! Registration that closes: `registration.until`, `places` and `full` are read and checked
//! at their places, and what the site says — cards, the event page, JSON-LD offers — is
//! judged at the build's date (`--now`), like upcoming and past. A deadline written only in
//! the note of an upcoming event is a warning that proposes the `until` to add.

mod common;

use std::path::Path;

use common::*;
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The text of an element, whitespace collapsed.
fn text_of(e: scraper::ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The JSON-LD `Event` of a page, read with an HTML parser and a JSON parser.
fn event_ld(html: &str) -> serde_json::Value {
    let doc = Html::parse_document(html);
    doc.select(&sel("script[type=\"application/ld+json\"]"))
        .map(|s| serde_json::from_str::<serde_json::Value>(&s.text().collect::<String>()).unwrap())
        .find(|v| v["@type"] == "Event")
        .expect("an Event in JSON-LD")
}

/// The registration fact of an event page («Реєстрація» and what follows it).
fn registration_fact(html: &str) -> Option<(String, Vec<String>)> {
    let doc = Html::parse_document(html);
    doc.select(&sel("dl.facts > div"))
        .find(|d| {
            d.select(&sel("dt"))
                .next()
                .is_some_and(|dt| text_of(dt) == "Реєстрація")
        })
        .map(|d| {
            let dd = d.select(&sel("dd")).next().unwrap();
            let links = dd
                .select(&sel("a"))
                .filter_map(|a| a.value().attr("href").map(str::to_string))
                .collect();
            (text_of(dd), links)
        })
}

/// The card of event `id` in a page's event lists, as text.
fn card(html: &str, id: &str) -> String {
    let doc = Html::parse_document(html);
    let href = format!("/podii/{id}/");
    doc.select(&sel("li.card.event"))
        .find(|li| {
            li.select(&sel("h3 a"))
                .next()
                .is_some_and(|a| a.value().attr("href") == Some(href.as_str()))
        })
        .map(text_of)
        .unwrap_or_else(|| panic!("no card of {id}"))
}

fn build_at(root: &Path, now: &str) -> std::path::PathBuf {
    let out = root.join(format!("public-{now}"));
    let run = hromada(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--now",
        now,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

#[test]
fn a_course_whose_registration_ended_says_so_on_its_card_page_and_in_json_ld() {
    let site = example_site();
    // The example's first course closes registration on 20 November at 18:00.
    let out = build_at(site.path(), NOW);
    let id = "kurs-smartfon-dlia-starshykh";
    let home = read(&out, "index.html");
    let home_card = card(&home, id);
    assert!(home_card.contains("Запис закрито"), "{home_card}");
    let list_card = card(&read(&out, "podii/index.html"), id);
    assert!(list_card.contains("Запис закрито"), "{list_card}");

    let page = read(&out, &format!("podii/{id}/index.html"));
    let (fact, links) = registration_fact(&page).unwrap();
    assert!(fact.starts_with("Запис закрито"), "{fact}");
    // No phone to call nor form to fill: it no longer invites.
    assert!(links.is_empty(), "{links:?}");
    let ld = event_ld(&page);
    assert_eq!(
        ld["offers"]["availability"],
        "https://schema.org/OutOfStock"
    );
    assert_eq!(ld["offers"]["validThrough"], "2026-11-20T18:00:00+02:00");
    assert_eq!(ld["maximumAttendeeCapacity"], 10);

    // Full: «Місць немає», and sold out.
    let id = "trening-diia-pidpys-nove";
    let page = read(&out, &format!("podii/{id}/index.html"));
    let (fact, links) = registration_fact(&page).unwrap();
    assert!(fact.starts_with("Місць немає"), "{fact}");
    assert!(links.is_empty(), "{links:?}");
    assert!(card(&read(&out, "podii/index.html"), id).contains("Місць немає"));
    let ld = event_ld(&page);
    assert_eq!(ld["offers"]["availability"], "https://schema.org/SoldOut");
    assert_eq!(ld["remainingAttendeeCapacity"], 0);

    // Open with a deadline: it says until when, and invites.
    let id = "kurs-poghlyblenyi";
    let page = read(&out, &format!("podii/{id}/index.html"));
    let (fact, links) = registration_fact(&page).unwrap();
    assert!(fact.starts_with("Запис до 12 січня 2027"), "{fact}");
    assert_eq!(links, ["tel:+380522000600"]);
    let ld = event_ld(&page);
    assert_eq!(ld["offers"]["availability"], "https://schema.org/InStock");
    assert_eq!(ld["offers"]["validThrough"], "2027-01-12");

    // A past event's offer is not in stock, and its page invites no one.
    let page = read(&out, "podii/diia-pidpys-zhovten/index.html");
    assert_eq!(
        event_ld(&page)["offers"]["availability"],
        "https://schema.org/Discontinued"
    );
    assert!(registration_fact(&page).is_none());
    // Every offer of an event that is open is in stock, and only those.
    for entry in std::fs::read_dir(out.join("podii")).unwrap() {
        let page = entry.unwrap().path().join("index.html");
        let Ok(html) = std::fs::read_to_string(&page) else {
            continue;
        };
        if !html.contains("\"@type\":\"Event\"") {
            continue;
        }
        let ld = event_ld(&html);
        let open = registration_fact(&html)
            .is_some_and(|(f, _)| !f.starts_with("Запис закрито") && !f.starts_with("Місць немає"));
        let in_stock = ld["offers"]["availability"] == "https://schema.org/InStock";
        assert!(
            !in_stock || open,
            "{}: in stock but not open",
            page.display()
        );
    }
}

#[test]
fn closed_is_judged_at_the_builds_date() {
    let site = example_site();
    let id = "kurs-smartfon-dlia-starshykh";
    // On the deadline's day registration is still open: the build does not know the hour.
    let out = build_at(site.path(), "2026-11-20");
    let page = read(&out, &format!("podii/{id}/index.html"));
    let (fact, links) = registration_fact(&page).unwrap();
    assert!(
        fact.starts_with("Запис до 20 листопада 2026, 18:00"),
        "{fact}"
    );
    assert_eq!(links, ["tel:+380522000400"]);
    assert_eq!(
        event_ld(&page)["offers"]["availability"],
        "https://schema.org/InStock"
    );
    assert!(!card(&read(&out, "index.html"), id).contains("Запис закрито"));
    // The next day it is closed.
    let out = build_at(site.path(), "2026-11-21");
    let page = read(&out, &format!("podii/{id}/index.html"));
    assert!(
        registration_fact(&page)
            .unwrap()
            .0
            .starts_with("Запис закрито")
    );
}

/// Each event's DESCRIPTION in the calendar at `rel` under `out`, by UID's id, read by
/// Python's icalendar (folding and escapes undone by an independent reader).
fn ics_descriptions(out: &Path, rel: &str) -> std::collections::BTreeMap<String, String> {
    const READ: &str = "import icalendar, json, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
print(json.dumps({str(e['UID']).split('@')[0]: str(e.get('DESCRIPTION', '')) for e in cal.walk('VEVENT')}))";
    let run = std::process::Command::new(python_tools())
        .args(["-c", READ])
        .arg(out.join(rel))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).unwrap()
}

/// A calendar is read long after it was added: once registration has closed or every place
/// is taken, it says so and gives no phone or form to sign up with.
#[test]
fn a_calendar_does_not_invite_to_register_once_registration_closed_or_is_full() {
    let site = example_site();
    let out = build_at(site.path(), NOW);
    let closed = "kurs-smartfon-dlia-starshykh";
    let own = ics_descriptions(&out, &format!("podii/{closed}/calendar.ics"));
    let all = ics_descriptions(&out, "podii/calendar.ics");
    for d in [&own[closed], &all[closed]] {
        assert!(d.contains("Реєстрація: Запис закрито"), "{d}");
        assert!(!d.contains("+380 522 00 04 00"), "{d}");
    }
    let full = &all["trening-diia-pidpys-nove"];
    assert!(full.contains("Реєстрація: Місць немає"), "{full}");
    assert!(!full.contains("+380 522 00 00 01"), "{full}");
    // Open: the phone to sign up by, with the note.
    let open = &all["kurs-poghlyblenyi"];
    assert!(
        open.contains("Реєстрація: +380 522 00 06 00: Оплата на місці"),
        "{open}"
    );
    // A past event invites no one either.
    let past = &all["kurs-bazovi-navychky-osin"];
    assert!(
        !past.contains("Реєстрація") && !past.contains("+380"),
        "{past}"
    );
    // Before the deadline the same course's calendar gives its phone.
    let out = build_at(site.path(), "2026-11-20");
    let own = ics_descriptions(&out, &format!("podii/{closed}/calendar.ics"));
    assert!(
        own[closed].contains("Реєстрація: +380 522 00 04 00"),
        "{}",
        own[closed]
    );
}

/// `check --format json` of `root`: (exit code, problems).
fn check(root: &Path) -> (i32, Vec<serde_json::Value>) {
    let run = hromada(&[
        "check",
        "--format",
        "json",
        "--root",
        root.to_str().unwrap(),
        "--now",
        NOW,
    ]);
    let items = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    (run.code, items)
}

fn with_code<'a>(items: &'a [serde_json::Value], code: &str) -> Vec<&'a serde_json::Value> {
    items.iter().filter(|i| i["code"] == code).collect()
}

/// (line, column) of a problem.
fn at(item: &serde_json::Value) -> (u64, u64) {
    (
        item["line"].as_u64().unwrap(),
        item["column"].as_u64().unwrap(),
    )
}

const NOTES: &str = "- id: kurs
  title: Курс
  kind: course
  start: \"2026-12-01 10:00\"
  end: \"12:00\"
  online: https://meet.example/kurs
  registration:
    phone: \"+380 522 00 04 00\"
    note: Група до 10 людей, запис до 27 листопада

- id: z-datoiu
  title: Вебінар
  kind: webinar
  start: \"2027-01-10 10:00\"
  end: \"12:00\"
  online: https://meet.example/web
  registration:
    note: Запишіться до 28.12

- id: z-until
  title: Тренінг
  kind: training
  start: \"2026-12-05 10:00\"
  end: \"12:00\"
  online: https://meet.example/tr
  registration:
    note: запис до 3 грудня
    until: 2026-12-03

- id: mynulyi
  title: Минулий курс
  kind: course
  start: \"2026-10-01 10:00\"
  end: \"12:00\"
  online: https://meet.example/old
  registration:
    note: запис до 27.09

- id: bez-daty
  title: Консультації
  kind: consultation
  start: \"2026-12-02 10:00\"
  end: \"12:00\"
  online: https://meet.example/c
  registration:
    note: Приходьте з 10.00 до 12.30, тел. +380 522 00 00 01
";

#[test]
fn a_deadline_only_in_the_note_of_an_upcoming_event_is_a_warning_with_the_until_to_add() {
    let site = fixture();
    write(site.path(), "data/events.yaml", NOTES);
    let (code, items) = check(site.path());
    assert_eq!(code, 0, "{items:#?}");
    let found = with_code(&items, "W0631");
    // Not the one with `until`, not the past one, not times and phone numbers.
    assert_eq!(found.len(), 2, "{items:#?}");
    assert_eq!(found[0]["file"], "data/events.yaml");
    assert_eq!(at(found[0]), (9, 11), "{:#}", found[0]);
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("event `kurs` names a date («27 листопада»)"),
        "{message}"
    );
    let hint = found[0]["hint"].as_str().unwrap();
    assert!(hint.contains("until: 2026-11-27"), "{hint}");
    // A day and month without a year: the last such day before the event.
    assert_eq!(at(found[1]), (18, 11));
    let hint = found[1]["hint"].as_str().unwrap();
    assert!(hint.contains("until: 2026-12-28"), "{hint}");
}

fn event(registration: &str) -> String {
    format!(
        "- id: kurs
  title: Курс
  kind: course
  start: \"2026-12-01 10:00\"
  end: \"12:00\"
  online: https://meet.example/kurs
  registration:
{registration}"
    )
}

/// The problems of a site whose only event has this registration.
fn problems(registration: &str) -> Vec<serde_json::Value> {
    let site = fixture();
    write(site.path(), "data/events.yaml", &event(registration));
    let (code, items) = check(site.path());
    assert_eq!(code, 1, "{items:#?}");
    items
}

#[test]
fn registration_fields_are_checked_where_they_are_written() {
    // Not a date.
    let items = problems("    phone: \"+380 522 00 04 00\"\n    until: 27 листопада\n");
    let e = with_code(&items, "E0629");
    assert_eq!(e.len(), 1, "{items:#?}");
    assert_eq!(at(e[0]), (9, 12));
    assert!(
        e[0]["message"]
            .as_str()
            .unwrap()
            .contains("«27 листопада» is not a date")
    );
    assert!(
        e[0]["hint"]
            .as_str()
            .unwrap()
            .contains("\"2026-11-27 18:00\"")
    );

    // After the event starts (a time on its day, or a later day).
    for (until, shown) in [
        ("\"2026-12-01 11:00\"", "2026-12-01 11:00"),
        ("2026-12-27", "2026-12-27"),
    ] {
        let items = problems(&format!(
            "    phone: \"+380 522 00 04 00\"\n    until: {until}\n"
        ));
        let e = with_code(&items, "E0629");
        assert_eq!(e.len(), 1, "{items:#?}");
        assert_eq!(at(e[0]), (9, 12));
        let message = e[0]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!(
                "registration closes ({shown}) after the event starts (2026-12-01 10:00)"
            )),
            "{message}"
        );
    }

    // Places are people.
    let items = problems("    phone: \"+380 522 00 04 00\"\n    places: -3\n");
    let e = with_code(&items, "E0630");
    assert_eq!(e.len(), 1, "{items:#?}");
    assert_eq!(at(e[0]), (9, 13));
    assert!(e[0]["message"].as_str().unwrap().contains("-3 places"));
    let items = problems("    phone: \"+380 522 00 04 00\"\n    places: 0\n");
    let e = with_code(&items, "E0630");
    assert!(
        e[0]["hint"].as_str().unwrap().contains("full: true"),
        "{:#}",
        e[0]
    );

    // A deadline alone does not say how to sign up.
    let items = problems("    until: 2026-11-27\n    places: 10\n");
    let e = with_code(&items, "E0623");
    assert_eq!(e.len(), 1, "{items:#?}");
    assert!(
        e[0]["message"]
            .as_str()
            .unwrap()
            .contains("does not say how to sign up")
    );
}

#[test]
fn a_deadline_on_the_events_day_and_a_weekly_events_later_deadline_are_fine() {
    let site = fixture();
    let weekly = "- id: klub
  title: Клуб
  kind: club
  start: \"2026-12-01 10:00\"
  end: \"12:00\"
  repeat: {until: 2026-12-22}
  online: https://meet.example/klub
  registration:
    phone: \"+380 522 00 04 00\"
    until: \"2026-12-15 09:00\"
";
    write(
        site.path(),
        "data/events.yaml",
        &format!(
            "{}\n{weekly}",
            event("    phone: \"+380 522 00 04 00\"\n    until: 2026-12-01\n")
        ),
    );
    let (code, items) = check(site.path());
    assert_eq!(code, 0, "{items:#?}");
    assert!(items.is_empty(), "{items:#?}");
}
