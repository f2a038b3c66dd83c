//! Messages that know what the site knows: each slip a librarian makes when writing a record
//! by hand, as `check` says it in Ukrainian — the exact message, hint and position. A venue's
//! name for its id, a kind's label for its key, hours with Ukrainian days, a Cyrillic letter
//! in a Latin key, coordinates pasted from a map, a time with a dot, an open quote, a colon in
//! a title.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

const VENUE: &str = "- id: tsentralna-biblioteka
  name: Центральна бібліотека Новоукраїнки
  kind: library
  address: вул. Миру, 1
  settlement: Новоукраїнка
  location: [31.5206, 48.3185]
  hours: \"Tu-Sa 10:00-17:00\"
";

const EVENT: &str = "- id: kurs
  title: Курс
  kind: course
  start: 2026-12-05 10:00
  end: \"12:00\"
  venue: tsentralna-biblioteka
  registration:
    note: Не потрібна — просто приходьте
";

/// What `check` said about one problem.
#[derive(Debug, PartialEq)]
struct Said {
    code: String,
    at: String,
    message: String,
    hint: String,
}

fn said(code: &str, at: &str, message: &str, hint: &str) -> Said {
    Said {
        code: code.into(),
        at: at.into(),
        message: message.into(),
        hint: hint.into(),
    }
}

/// `hromada check` on the site in Ukrainian (the default), read from its JSON output: the
/// exit code and every diagnostic.
fn check(root: &Path) -> (i32, Vec<Said>) {
    let out = Command::new(env!("CARGO_BIN_EXE_hromada"))
        .args(["check", "--root", root.to_str().unwrap(), "--now", NOW])
        .args(["--format", "json"])
        .env("NO_COLOR", "1")
        .env_remove("HROMADA_LANG")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let items: Vec<serde_json::Value> =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let said = items
        .iter()
        .map(|d| Said {
            code: text(&d["code"]),
            at: format!("{}:{}:{}", text(&d["file"]), d["line"], d["column"]),
            message: text(&d["message"]),
            hint: text(&d["hint"]),
        })
        .collect();
    (out.status.code().unwrap_or(-1), said)
}

/// The fixture site with `venues` and `events` as its registries.
fn site(venues: &str, events: &str) -> tempfile::TempDir {
    let site = fixture();
    write(site.path(), "data/venues.yaml", venues);
    write(site.path(), "data/events.yaml", events);
    site
}

/// The one diagnostic `check` gives for the site at `root`, which must fail.
fn the_only_error(root: &Path) -> Said {
    let (code, mut said) = check(root);
    assert_eq!(code, 1, "{said:#?}");
    assert_eq!(said.len(), 1, "{said:#?}");
    said.remove(0)
}

/// The one diagnostic `check` gives for the fixture site with these registries.
fn the_error(venues: &str, events: &str) -> Said {
    the_only_error(site(venues, events).path())
}

#[test]
fn the_fixture_is_clean() {
    let site = site(VENUE, EVENT);
    assert_eq!(check(site.path()), (0, vec![]));
}

#[test]
fn an_open_quote_is_shown_on_the_line_where_it_opened() {
    // Line 9 opens a quote; the parser reads on to the next quote and stops on line 12.
    let first = EVENT.replace(
        "  registration:\n    note: Не потрібна — просто приходьте\n",
        "  free: true\n",
    );
    let events = format!(
        "{first}- id: klub\n  title: \"Курс\n  kind: club\n  start: 2026-12-06 10:00\n  end: \"12:00\"\n  venue: tsentralna-biblioteka\n"
    );
    assert_eq!(events.lines().nth(8), Some("  title: \"Курс"));
    assert_eq!(
        the_error(VENUE, &events),
        said(
            "E0101",
            "data/events.yaml:9:10",
            "лапки, відкриті в рядку 9, не закрито",
            "закрийте значення такими самими лапками: title: \"Курс\""
        )
    );
    // In a page's front matter, the line counts from the file's first line.
    let site = site(VENUE, EVENT);
    write(
        site.path(),
        "content/instruktsii/diia.md",
        &INSTRUCTION.replace("summary: Встановіть Дію.", "summary: \"Встановіть Дію."),
    );
    let (code, said_) = check(site.path());
    assert_eq!(code, 1);
    assert_eq!(
        said_,
        [said(
            "E0101",
            "content/instruktsii/diia.md:3:10",
            "лапки, відкриті в рядку 3, не закрито",
            "закрийте значення такими самими лапками: summary: \"Встановіть Дію.\""
        )]
    );
}

#[test]
fn a_colon_in_a_title_asks_for_quotes() {
    assert_eq!(
        the_error(VENUE, &EVENT.replace("title: Курс", "title: Курс: основи")),
        said(
            "E0101",
            "data/events.yaml:2:10",
            "у заголовку є двокрапка — візьміть його в лапки",
            "напишіть title: \"Курс: основи\""
        )
    );
}

#[test]
fn a_venues_name_is_answered_with_its_id() {
    let expected = |line| {
        said(
            "E0613",
            &format!("data/events.yaml:{line}:10"),
            "це назва місця — напишіть його id: `tsentralna-biblioteka`",
            "у `venue` пишуть id місця з data/venues.yaml, а назву мешканцям сайт покаже сам",
        )
    };
    let by_name = EVENT.replace(
        "venue: tsentralna-biblioteka",
        "venue: Центральна бібліотека Новоукраїнки",
    );
    assert_eq!(the_error(VENUE, &by_name), expected(6));
    // A near name too: another case, a letter missed.
    let near = EVENT.replace(
        "venue: tsentralna-biblioteka",
        "venue: центральна бібліотека Новоукраінки",
    );
    assert_eq!(the_error(VENUE, &near), expected(6));
}

#[test]
fn a_label_is_answered_with_its_key() {
    assert_eq!(
        the_error(&VENUE.replace("kind: library", "kind: бібліотека"), EVENT),
        said(
            "E0603",
            "data/venues.yaml:3:9",
            "“бібліотека” — це підпис виду `library`; напишіть `library`",
            "у файлах даних пишуть ключі латиницею, а мешканці побачать на сайті підпис «Бібліотека»"
        )
    );
    let services = format!("{VENUE}  services: [Безкоштовний Wi-Fi]\n");
    assert_eq!(
        the_error(&services, EVENT),
        said(
            "E0604",
            "data/venues.yaml:8:14",
            "“Безкоштовний Wi-Fi” — це підпис послуги `wifi`; напишіть `wifi`",
            "у файлах даних пишуть ключі латиницею, а мешканці побачать на сайті підпис «Безкоштовний Wi-Fi»"
        )
    );
    let topics = EVENT.replace("  venue:", "  topics: [Дія]\n  venue:");
    assert_eq!(
        the_error(VENUE, &topics),
        said(
            "E0621",
            "data/events.yaml:6:12",
            "“Дія” — це підпис теми `diia`; напишіть `diia`",
            "у файлах даних пишуть ключі латиницею, а мешканці побачать на сайті підпис «Дія»"
        )
    );
    let audience = EVENT.replace("  venue:", "  audience: [люди старшого віку]\n  venue:");
    assert_eq!(
        the_error(VENUE, &audience),
        said(
            "E0620",
            "data/events.yaml:6:14",
            "“люди старшого віку” — це підпис аудиторії `seniors`; напишіть `seniors`",
            "у файлах даних пишуть ключі латиницею, а мешканці побачать на сайті підпис «Люди старшого віку»"
        )
    );
}

#[test]
fn hours_with_ukrainian_days_are_translated() {
    let venues = VENUE.replace("\"Tu-Sa 10:00-17:00\"", "\"вт-сб 10:00-17:00\"");
    assert_eq!(
        the_error(&venues, EVENT),
        said(
            "E0610",
            "data/venues.yaml:7:10",
            "дні тут пишуть у синтаксисі opening_hours, англійськими скороченнями",
            "напишіть hours: \"Tu-Sa 10:00-17:00\""
        )
    );
    let venues = VENUE.replace(
        "\"Tu-Sa 10:00-17:00\"",
        "пн-пт 9.00-18.00, сб 10:00-15:00, нд вихідний",
    );
    assert_eq!(
        the_error(&venues, EVENT).hint,
        "напишіть hours: \"Mo-Fr 09:00-18:00; Sa 10:00-15:00; Su off\""
    );
}

#[test]
fn a_cyrillic_letter_in_a_latin_key_or_id_is_named() {
    let key = format!("{VENUE}  serv\u{456}ces: [wifi]\n");
    assert_eq!(
        the_error(&key, EVENT),
        said(
            "E0102",
            "data/venues.yaml:8:3",
            "невідомий ключ `serv\u{456}ces`",
            "5-та літера — кирилична «\u{456}», а має бути латинська i; перемкніть розкладку"
        )
    );
    let id = EVENT.replace(
        "venue: tsentralna-biblioteka",
        "venue: tsentralna-bibl\u{456}oteka",
    );
    assert_eq!(
        the_error(VENUE, &id),
        said(
            "E0613",
            "data/events.yaml:6:10",
            "місця `tsentralna-bibl\u{456}oteka` немає",
            "16-та літера — кирилична «\u{456}», а має бути латинська i; перемкніть розкладку"
        )
    );
    let kind = VENUE.replace("kind: library", "kind: l\u{456}br\u{430}ry");
    assert_eq!(
        the_error(&kind, EVENT).hint,
        "2-га літера — кирилична «\u{456}», а має бути латинська i; 5-та літера — кирилична «\u{430}», а має бути латинська a; перемкніть розкладку"
    );
    let record_id = VENUE.replace("id: tsentralna-biblioteka", "id: tsentr\u{430}lna");
    let (_, all) = check(site(&record_id, "").path());
    let e = all.iter().find(|s| s.code == "E0602").unwrap();
    assert_eq!(
        e.hint,
        "7-ма літера — кирилична «\u{430}», а має бути латинська a; перемкніть розкладку"
    );
}

#[test]
fn coordinates_pasted_from_a_map_are_read_with_a_warning() {
    let stored = "[31.5206, 48.3185]";
    for (written, message, col) in [
        (
            "48.3185, 31.5206",
            "координати «48.3185, 31.5206» записано текстом, широтою вперед; прочитано як [31.5206, 48.3185]",
            13,
        ),
        (
            "\"31.5206 48.3185\"",
            "координати «31.5206 48.3185» записано текстом; прочитано як [31.5206, 48.3185]",
            13,
        ),
        (
            "[48.3185, 31.5206]",
            "координати записано широтою вперед; прочитано як [31.5206, 48.3185]",
            13,
        ),
    ] {
        let site = site(&VENUE.replace(stored, written), EVENT);
        let (code, said_) = check(site.path());
        assert_eq!(code, 0, "{said_:#?}");
        assert_eq!(
            said_,
            [said(
                "W0632",
                &format!("data/venues.yaml:6:{col}"),
                message,
                "напишіть location: [31.5206, 48.3185] — спершу довгота, потім широта, як у файлах карт"
            )]
        );
        // The venue is on the map where it is.
        let run = build(site.path(), &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let geojson: serde_json::Value = serde_json::from_str(&read(
            &site.path().join("public"),
            "vidkryti-dani/venues.geojson",
        ))
        .unwrap();
        assert_eq!(
            geojson["features"][0]["geometry"]["coordinates"],
            serde_json::json!([31.5206, 48.3185]),
            "{written}"
        );
    }
    // Text that is not a pair of numbers is still refused.
    let e = the_error(&VENUE.replace(stored, "біля ринку"), EVENT);
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("E0606", "«біля ринку» — не пара координат")
    );
}

#[test]
fn a_time_with_a_dot_is_answered_as_a_time() {
    assert_eq!(
        the_error(VENUE, &EVENT.replace("end: \"12:00\"", "end: 12.00")),
        said(
            "E0103",
            "data/events.yaml:5:8",
            "це схоже на час — напишіть \"12:00\"",
            "години й хвилини розділяють двокрапкою; якщо це не час, візьміть значення в лапки"
        )
    );
    assert_eq!(
        the_error(VENUE, &EVENT.replace("end: \"12:00\"", "end: 9.30")).message,
        "це схоже на час — напишіть \"09:30\""
    );
}

/// The one diagnostic `check` gives for the fixture site with its instruction's front
/// matter line `from` written as `to`.
fn the_page_error(from: &str, to: &str) -> Said {
    let site = site(VENUE, EVENT);
    assert!(INSTRUCTION.contains(from), "{from}");
    write(
        site.path(),
        "content/instruktsii/diia.md",
        &INSTRUCTION.replace(from, to),
    );
    the_only_error(site.path())
}

#[test]
fn a_label_in_a_pages_front_matter_is_answered_with_its_key() {
    assert_eq!(
        the_page_error("audience: [seniors]", "audience: [люди старшого віку]"),
        said(
            "E0203",
            "content/instruktsii/diia.md:5:12",
            "“люди старшого віку” — це підпис аудиторії `seniors`; напишіть `seniors`",
            "у налаштуваннях сторінки пишуть ключі латиницею, а мешканці побачать на сайті підпис «Люди старшого віку»"
        )
    );
    assert_eq!(
        the_page_error("level: basic", "level: Базовий"),
        said(
            "E0203",
            "content/instruktsii/diia.md:7:8",
            "“Базовий” — це підпис рівня `basic`; напишіть `basic`",
            "у налаштуваннях сторінки пишуть ключі латиницею, а мешканці побачать на сайті підпис «Базовий»"
        )
    );
    assert_eq!(
        the_page_error("competence: safety", "competence: безпека в iнтернетi"),
        said(
            "E0203",
            "content/instruktsii/diia.md:6:13",
            "“безпека в iнтернетi” — це підпис галузі компетентності `safety`; напишіть `safety`",
            "у налаштуваннях сторінки пишуть ключі латиницею, а мешканці побачать на сайті підпис «Безпека в інтернеті»"
        )
    );
    // An e-service: its name as residents know it.
    assert_eq!(
        the_page_error("service: diia", "service: Дія"),
        said(
            "E0204",
            "content/instruktsii/diia.md:4:10",
            "“Дія” — це назва послуги `diia`; напишіть `diia`",
            "у налаштуваннях сторінки пишуть ключ послуги з data/services.yaml, а мешканці побачать на сайті назву «Дія»"
        )
    );
    // A Cyrillic letter in a Latin key, where the two words look the same.
    assert_eq!(
        the_page_error("audience: [seniors]", "audience: [seni\u{43e}rs]"),
        said(
            "E0203",
            "content/instruktsii/diia.md:5:12",
            "невідоме значення `seni\u{43e}rs` у audience",
            "5-та літера — кирилична «\u{43e}», а має бути латинська o; перемкніть розкладку"
        )
    );
    assert_eq!(
        the_page_error("service: diia", "service: d\u{456}ia").hint,
        "2-га літера — кирилична «\u{456}», а має бути латинська i; перемкніть розкладку"
    );
}
