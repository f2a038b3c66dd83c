//! Venues and events end to end: real YAML in, pages, calendars, open data and the indicator
//! report out, each read back by an independent parser; every kind of bad record reported at
//! its line and column.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

const VENUES: &str = r#"- id: biblioteka
  name: Бібліотека
  kind: library
  address: вул. Шкільна, 1
  settlement: Село
  location: [32.26, 48.51]
  hours: "Mo-Fr 09:00-18:00; Sa 10:00-14:00"
  phone: "+380 52 222 33 44"
  services: [wifi, computers]
  accessibility: [step-free]
  helps_with: [diia]
- id: tsnap
  name: ЦНАП
  kind: cnap
  address: вул. Центральна, 5
  settlement: Місто
  location: [32.30, 48.50]
  hours: "Mo-Fr 08:00-17:00"
"#;

const EVENTS: &str = r#"- id: kurs
  title: Курс
  kind: course
  start: "2026-03-03 10:00"
  end: "11:30"
  repeat:
    until: 2026-03-31
    except: [2026-03-17]
  venue: biblioteka
  audience: [seniors, adults]
  free: true
- id: vebinar
  title: Вебінар
  kind: webinar
  start: "2026-03-29 18:00"
  end: "19:00"
  online: https://meet.example.ua/a
  audience: [adults]
  free: true
- id: forum
  title: Форум
  kind: forum
  start: "2026-06-30 10:00"
  end: "2026-06-30 16:00"
  venue: tsnap
  online: https://meet.example.ua/f
  audience: [seniors]
  free: false
  price: 50
- id: trening
  title: Тренінг
  kind: training
  start: "2026-07-01 10:00"
  end: "12:00"
  venue: tsnap
  audience: [youth]
  free: true
- id: maibutnie
  title: Майбутнє
  kind: training
  start: "2026-12-01 10:00"
  end: "12:00"
  venue: biblioteka
  audience: [adults]
"#;

/// The small fixture with two venues and five events.
fn registry_fixture() -> tempfile::TempDir {
    let site = fixture();
    write(site.path(), "data/venues.yaml", VENUES);
    write(site.path(), "data/events.yaml", EVENTS);
    site
}

/// `hromada report` of `root` for a period, in a format (`md`, `csv`, `json`).
fn run_report(root: &Path, from: &str, to: &str, format: &str) -> Run {
    let root = root.to_str().unwrap();
    let args = [
        "report", "--root", root, "--now", NOW, "--from", from, "--to", to, "--format", format,
    ];
    let run = hromada(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

fn report_json(root: &Path, from: &str, to: &str) -> serde_json::Value {
    serde_json::from_str(&run_report(root, from, to, "json").stdout).unwrap()
}

fn counts(v: &serde_json::Value) -> BTreeMap<String, u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap().to_string(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn map(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// The answers below are worked out by hand from VENUES and EVENTS.
#[test]
fn report_counts_match_the_hand_worked_answers() {
    let site = registry_fixture();
    // First half of 2026: the course on Tuesdays 3, 10, 24 and 31 March (17 March left out),
    // 90 minutes each; the webinar on 29 March, 60 minutes; the forum on 30 June, 6 hours,
    // at a venue and online at once. The training on 1 July is outside.
    let r = report_json(site.path(), "2026-01-01", "2026-06-30");
    let e = &r["events"];
    assert_eq!(e["sessions_held"], 6);
    assert_eq!(e["events_held"], 3);
    assert_eq!(e["sessions_planned"], 0);
    assert_eq!(e["hours_held"], 13.0);
    assert_eq!(
        counts(&e["sessions_by_kind"]),
        map(&[("course", 4), ("forum", 1), ("webinar", 1)])
    );
    assert_eq!(
        counts(&e["sessions_by_audience"]),
        map(&[("adults", 5), ("seniors", 5)])
    );
    assert_eq!(e["sessions_at_venues"], 5);
    assert_eq!(e["sessions_online"], 2);
    assert_eq!(e["sessions_hybrid"], 1);
    assert_eq!(e["free_sessions"], 5);
    let v = &r["venues"];
    assert_eq!(v["total"], 2);
    assert_eq!(v["step_free"], 1);
    assert_eq!(counts(&v["by_kind"]), map(&[("cnap", 1), ("library", 1)]));
    assert_eq!(
        counts(&v["by_settlement"]),
        map(&[("Місто", 1), ("Село", 1)])
    );
    assert_eq!(r["instructions"]["published"], 1);
    assert_eq!(r["instructions"]["reviewed_in_period"], 0);

    // Second half, built on 22 November: the forum (30 June is outside), the training on
    // 1 July (2 hours) is held; the event on 1 December is still planned.
    let r = report_json(site.path(), "2026-07-01", "2026-12-31");
    let e = &r["events"];
    assert_eq!(e["sessions_held"], 1);
    assert_eq!(e["sessions_planned"], 1);
    assert_eq!(e["hours_held"], 2.0);
    assert_eq!(counts(&e["sessions_by_kind"]), map(&[("training", 1)]));
    assert_eq!(r["instructions"]["reviewed_in_period"], 1);

    // The other formats carry the same numbers.
    let md = run_report(site.path(), "2026-01-01", "2026-06-30", "md");
    assert!(
        md.stdout.contains("| Проведено занять (сесій) | 6 |"),
        "{}",
        md.stdout
    );
    assert!(md.stdout.contains("| Годин навчання | 13.0 |"));
    let csv_run = run_report(site.path(), "2026-01-01", "2026-06-30", "csv");
    let mut rdr = csv::Reader::from_reader(csv_run.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let find = |section: &str, key: &str| {
        rows.iter()
            .find(|r| &r[0] == section && &r[1] == key)
            .map(|r| r[3].to_string())
    };
    assert_eq!(find("events", "sessions_held").as_deref(), Some("6"));
    assert_eq!(find("sessions_by_kind", "course").as_deref(), Some("4"));
    assert_eq!(find("venues", "step_free").as_deref(), Some("1"));

    // A period the wrong way round is a usage error.
    let bad = hromada(&[
        "report",
        "--root",
        site.path().to_str().unwrap(),
        "--from",
        "2026-06-30",
        "--to",
        "2026-01-01",
    ]);
    assert_eq!(bad.code, 2);
}

/// The example site's calendars, read by Python's icalendar and dateutil: every occurrence
/// at the right UTC instant across both DST changes, by the file's own VTIMEZONE and by
/// the IANA zone alike.
#[test]
fn calendars_read_back_by_an_independent_parser() {
    let python = python_tools();
    let site = example_site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    let calendars: Vec<String> = files_below(&out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ics"))
        .map(|p| out.join(p).to_str().unwrap().to_string())
        .collect();
    // Site, 12 venues, every audience with events, and each event still ahead (a past
    // event's page offers no calendar, so it has none).
    assert!(calendars.len() > 30, "{}", calendars.len());
    let past_event = out.join("podii/tsyfrohram-berezen-2026");
    assert!(past_event.join("index.html").is_file() && !past_event.join("calendar.ics").exists());
    let result = std::process::Command::new(&python)
        .arg(repo().join("tests/tools/ical_occurrences.py"))
        .args(&calendars)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let parsed: BTreeMap<String, BTreeMap<String, Vec<[String; 2]>>> =
        serde_json::from_slice(&result.stdout).unwrap();
    let all = &parsed[out.join("podii/calendar.ics").to_str().unwrap()];
    let uid = |id: &str| format!("{id}@tsyfrova-hromada.example");
    let starts = |id: &str| -> Vec<String> { all[&uid(id)].iter().map(|o| o[0].clone()).collect() };
    // 10:00 in Kyiv on the day summer time starts (UTC+3) and on the day it ends (UTC+2).
    assert_eq!(starts("tsyfrohram-berezen-2026"), ["2026-03-29T07:00:00Z"]);
    assert_eq!(starts("diia-pidpys-zhovten"), ["2026-10-25T08:00:00Z"]);
    assert_eq!(starts("tsyfrohram-berezen-2027"), ["2027-03-28T07:00:00Z"]);
    // A weekly club at 16:00 across the autumn change; 4 November is left out.
    let club = starts("code-club-osin");
    assert!(club.contains(&"2026-10-21T13:00:00Z".to_string()));
    assert!(club.contains(&"2026-10-28T14:00:00Z".to_string()));
    assert!(!club.iter().any(|s| s.starts_with("2026-11-04")));
    assert_eq!(club.last().unwrap(), "2026-12-16T14:00:00Z");
    // Saturday 10:00 across the spring change of 2027; 2 and 9 January are left out.
    let sat = starts("konsultatsii-diia-subota");
    assert!(sat.contains(&"2027-03-27T08:00:00Z".to_string()));
    assert!(sat.contains(&"2027-04-03T07:00:00Z".to_string()));
    assert!(
        !sat.iter()
            .any(|s| s.starts_with("2027-01-02") || s.starts_with("2027-01-09"))
    );
    assert_eq!(sat.last().unwrap(), "2027-04-24T07:00:00Z");

    // Every occurrence of the open data's events.json is in the calendar, at the same instant.
    let events: serde_json::Value =
        serde_json::from_str(&read(&out, "vidkryti-dani/events.json")).unwrap();
    let mut total = 0;
    for e in events["events"].as_array().unwrap() {
        let id = e["id"].as_str().unwrap();
        let from_json: Vec<String> = e["occurrences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                let ts: jiff::Timestamp = o["start"].as_str().unwrap().parse().unwrap();
                ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
            })
            .collect();
        assert_eq!(starts(id), from_json, "{id}");
        total += from_json.len();
        // The event's own calendar, while it is ahead, holds just that event.
        let page = read(&out, &format!("podii/{id}/index.html"));
        let own = parsed.get(
            out.join(format!("podii/{id}/calendar.ics"))
                .to_str()
                .unwrap(),
        );
        assert_eq!(
            page.contains("calendar.ics\" download"),
            own.is_some(),
            "{id}"
        );
        if let Some(own) = own {
            assert_eq!(own.len(), 1);
        }
    }
    assert_eq!(total, all.values().map(Vec::len).sum::<usize>());
    // events.csv: one row per occurrence.
    let csv_text = read(&out, "vidkryti-dani/events.csv");
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(rdr.records().count(), total);
}

#[test]
fn venues_geojson_is_valid_and_complete() {
    let site = example_site();
    assert_eq!(build(site.path(), &[]).code, 0);
    let out = site.path().join("public");
    let text = read(&out, "vidkryti-dani/venues.geojson");
    let gj: geojson::GeoJson = text.parse().unwrap();
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        panic!("not a FeatureCollection");
    };
    let venues = read(&repo(), "data/venues.yaml");
    let ids: Vec<&str> = venues
        .lines()
        .filter_map(|l| l.strip_prefix("- id: "))
        .collect();
    assert!(ids.len() >= 12);
    assert_eq!(fc.features.len(), ids.len());
    for f in &fc.features {
        let geojson::GeometryValue::Point { coordinates: p } = &f.geometry.as_ref().unwrap().value
        else {
            panic!("not a point");
        };
        // Longitude first, inside Кропивницька громада's box.
        assert!(
            (32.0..32.5).contains(&p[0]) && (48.4..48.7).contains(&p[1]),
            "{p:?}"
        );
        let id = f.property("id").and_then(|v| v.as_str()).unwrap();
        assert!(ids.contains(&id));
        assert!(out.join(format!("mistsia/{id}/index.html")).is_file());
    }
    // The CSV carries the same venues, with English headers.
    let csv_text = read(&out, "vidkryti-dani/venues.csv");
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(&rdr.headers().unwrap()[0], "id");
    assert_eq!(rdr.records().count(), ids.len());
}

#[test]
fn published_schemas_match_the_record_types() {
    let site = example_site();
    assert_eq!(build(site.path(), &[]).code, 0);
    let out = site.path().join("public");
    let dir = tempfile::tempdir().unwrap();
    let run = hromada(&["schemas", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in [
        "venues.schema.json",
        "events.schema.json",
        "services.schema.json",
    ] {
        let fresh = read(dir.path(), name);
        assert_eq!(
            read(&repo().join("schemas"), name),
            fresh,
            "schemas/{name} is out of date: run `hromada schemas`"
        );
        assert_eq!(read(&out, &format!("vidkryti-dani/schemas/{name}")), fresh);
        let v: serde_json::Value = serde_json::from_str(&fresh).unwrap();
        assert_eq!(v["type"], "array");
        let def = v["$defs"].as_object().unwrap().values().next().unwrap();
        assert_eq!(def["additionalProperties"], false, "{name}");
    }
    // The front matter's schema is for editors, not open data.
    let fresh = read(dir.path(), "frontmatter.schema.json");
    assert_eq!(
        read(&repo().join("schemas"), "frontmatter.schema.json"),
        fresh
    );
    let v: serde_json::Value = serde_json::from_str(&fresh).unwrap();
    assert_eq!(
        (v["type"].as_str(), v["additionalProperties"].as_bool()),
        (Some("object"), Some(false))
    );
    assert!(
        !out.join("vidkryti-dani/schemas/frontmatter.schema.json")
            .exists()
    );
}

#[test]
fn venue_and_event_pages_carry_what_residents_need() {
    let site = example_site();
    assert_eq!(build(site.path(), &[]).code, 0);
    let out = site.path().join("public");
    let page = read(&out, "podii/tsyfrohram-hruden/index.html");
    assert!(
        page.contains("5 грудня 2026, субота, 10:00–12:00"),
        "{page}"
    );
    assert!(page.contains("Хаб цифрової освіти"));
    assert!(page.contains("/podii/tsyfrohram-hruden/calendar.ics"));
    let ld = jsonld(&page);
    assert_eq!(ld["@type"], "Event");
    assert_eq!(ld["startDate"], "2026-12-05T10:00:00+02:00");
    assert_eq!(
        ld["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(ld["isAccessibleForFree"], true);
    assert_eq!(ld["location"]["@type"], "Place");

    let forum = jsonld(&read(&out, "podii/forum-tsyfrova-hromada-2027/index.html"));
    assert_eq!(
        forum["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    let paid = jsonld(&read(&out, "podii/kurs-poghlyblenyi/index.html"));
    assert_eq!(paid["offers"]["price"], 200.0);
    assert_eq!(paid["offers"]["priceCurrency"], "UAH");
    assert_eq!(paid["eventSchedule"]["repeatFrequency"], "P1W");

    // A past event is archived, not deleted.
    let past = read(&out, "podii/diia-pidpys-zhovten/index.html");
    assert!(past.contains("Ця подія вже відбулася"));
    let archive = read(&out, "podii/arkhiv/index.html");
    assert!(archive.contains("/podii/diia-pidpys-zhovten/"));
    assert!(!read(&out, "podii/index.html").contains("/podii/diia-pidpys-zhovten/"));

    let lib = read(&out, "mistsia/tsentralna-biblioteka/index.html");
    let ld = jsonld(&lib);
    assert_eq!(ld["@type"], "Library");
    assert_eq!(ld["geo"]["longitude"], 32.2605);
    assert!(
        lib.contains("понеділок – пʼятниця: 09:00–18:00"),
        "hours in words"
    );
    assert!(lib.contains("Вхід без сходинок"));
    assert!(
        lib.contains("/instruktsii/diia-pidpys/"),
        "instructions it helps with"
    );
    assert_eq!(
        jsonld(&read(&out, "mistsia/tsnap-tsentr/index.html"))["@type"],
        "GovernmentOffice"
    );

    // Instruction pages name the venues that help with their service; the home page shows
    // the next events; the service page lists both.
    let instr = read(&out, "instruktsii/diia-pidpys/index.html");
    assert!(instr.contains("/mistsia/tsnap-tsentr/"));
    let home = read(&out, "index.html");
    assert!(
        home.contains("/podii/konsultatsii-tsentr-dostupu-lelekivka/"),
        "next event on home"
    );
    let service = read(&out, "posluhy/diia-pidpys/index.html");
    assert!(
        service.contains("/instruktsii/diia-pidpys/") && service.contains("/mistsia/tsnap-tsentr/")
    );
    // Lists by kind, settlement and audience.
    assert!(read(&out, "mistsia/vyd/library/index.html").contains("Бібліотека-філія № 5"));
    assert!(
        read(&out, "mistsia/naselenyi-punkt/nove/index.html")
            .contains("Віддалене робоче місце ЦНАП")
    );
    assert!(read(&out, "podii/dlia-koho/seniors/index.html").contains("Смартфон без страху"));
}

/// The JSON-LD of a page.
fn jsonld(html: &str) -> serde_json::Value {
    let start = html.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

fn broken(edit: impl FnOnce(&Path)) -> String {
    broken_site(registry_fixture(), edit)
}

#[test]
fn unknown_key_names_the_closest() {
    let e = broken(edit_file(
        "data/venues.yaml",
        "  address: вул. Шкільна",
        "  adress: вул. Шкільна",
    ));
    assert_has(
        &e,
        &[
            "error[E0102]",
            "unknown key `adress`",
            "data/venues.yaml:4:3",
            "did you mean `address`?",
        ],
    );
}

#[test]
fn missing_field_points_at_the_record() {
    let e = broken(edit_file("data/venues.yaml", "  kind: cnap\n", ""));
    assert_has(
        &e,
        &[
            "error[E0104]",
            "missing field `kind`",
            "data/venues.yaml:12:3",
        ],
    );
}

#[test]
fn duplicate_ids() {
    let e = broken(edit_file("data/events.yaml", "- id: vebinar", "- id: kurs"));
    assert_has(
        &e,
        &[
            "error[E0611]",
            "event id `kurs` is used twice",
            "data/events.yaml:12:7",
            "first used here",
        ],
    );
}

#[test]
fn event_at_an_unknown_venue() {
    let e = broken(edit_file(
        "data/events.yaml",
        "venue: biblioteka\n  audience: [seniors",
        "venue: bibloteka\n  audience: [seniors",
    ));
    assert_has(
        &e,
        &[
            "error[E0613]",
            "there is no venue `bibloteka`",
            "data/events.yaml:9:10",
            "did you mean `biblioteka`?",
        ],
    );
}

#[test]
fn end_before_start() {
    let e = broken(edit_file(
        "data/events.yaml",
        "  end: \"19:00\"",
        "  end: \"17:00\"",
    ));
    assert_has(
        &e,
        &[
            "error[E0616]",
            "the event ends (2026-03-29 17:00) before it starts (2026-03-29 18:00)",
            "data/events.yaml:16:8",
        ],
    );
}

#[test]
fn coordinates_in_the_wrong_order() {
    // Read (the ranges cannot be confused inside Ukraine), with a warning that shows how.
    let site = registry_fixture();
    edit_file("data/venues.yaml", "[32.26, 48.51]", "[48.51, 32.26]")(site.path());
    let run = hromada(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(
        &run.stderr,
        &[
            "warning[W0632]",
            "the coordinates are written latitude first; read as [32.26, 48.51]",
            "data/venues.yaml:6:13",
        ],
    );
}

#[test]
fn coordinates_outside_ukraine() {
    let e = broken(edit_file(
        "data/venues.yaml",
        "[32.30, 48.50]",
        "[2.35, 48.85]",
    ));
    assert_has(
        &e,
        &["error[E0606]", "outside Ukraine", "data/venues.yaml:17:13"],
    );
}

#[test]
fn phone_not_in_the_380_format() {
    let e = broken(edit_file(
        "data/venues.yaml",
        "\"+380 52 222 33 44\"",
        "\"052 222 33 44\"",
    ));
    assert_has(
        &e,
        &[
            "error[E0607]",
            "«052 222 33 44» is not a phone number in the +380 format",
            "data/venues.yaml:8:10",
            "did you mean \"+380522223344\"?",
        ],
    );
}

#[test]
fn bad_web_address() {
    let e = broken(edit_file(
        "data/events.yaml",
        "https://meet.example.ua/a",
        "meet.example.ua/a",
    ));
    assert_has(
        &e,
        &[
            "error[E0608]",
            "«meet.example.ua/a» is not a web address",
            "data/events.yaml:17:11",
        ],
    );
}

#[test]
fn opening_hours_not_in_osm_syntax() {
    let e = broken(edit_file(
        "data/venues.yaml",
        "\"Mo-Fr 08:00-17:00\"",
        "\"Mo-Fr 8-17\"",
    ));
    assert_has(
        &e,
        &[
            "error[E0610]",
            "the hours cannot be read from «8-17»",
            "data/venues.yaml:18:17",
            "opening_hours",
        ],
    );
}

#[test]
fn unknown_kind_and_audience() {
    let e = broken(edit_file(
        "data/events.yaml",
        "  kind: webinar\n  start: \"2026-03-29",
        "  kind: webinr\n  start: \"2026-03-29",
    ));
    assert_has(
        &e,
        &[
            "error[E0612]",
            "unknown kind of event `webinr`",
            "data/events.yaml:14:9",
            "did you mean `webinar`?",
        ],
    );
    let e = broken(edit_file(
        "data/events.yaml",
        "audience: [youth]",
        "audience: [yuoth]",
    ));
    assert_has(
        &e,
        &[
            "error[E0620]",
            "unknown audience `yuoth`",
            "data/events.yaml:36:14",
            "did you mean `youth`?",
        ],
    );
}

#[test]
fn time_the_clocks_skip() {
    let e = broken(edit_file(
        "data/events.yaml",
        "\"2026-03-29 18:00\"",
        "\"2026-03-29 03:30\"",
    ));
    assert_has(
        &e,
        &[
            "error[E0617]",
            "does not exist in Kyiv",
            "data/events.yaml:15:10",
        ],
    );
}

#[test]
fn events_in_monthly_files_and_weekly_exceptions_that_miss() {
    // data/events/*.yaml are read like data/events.yaml; an exception off the weekday warns.
    let site = registry_fixture();
    write(
        site.path(),
        "data/events/2027-01.yaml",
        "- id: sichen\n  title: Січень\n  kind: lecture\n  start: \"2027-01-12 10:00\"\n  end: \"11:00\"\n  repeat:\n    until: 2027-01-26\n    except: [2027-01-20]\n  venue: tsnap\n",
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(
        &run.stderr,
        &[
            "warning[W0619]",
            "2027-01-20 is not one of the event's dates",
            "data/events/2027-01.yaml:8:14",
        ],
    );
    assert!(site.path().join("public/podii/sichen/index.html").is_file());
}

#[test]
fn a_kind_of_venue_of_the_site_declares_its_schema_org_type() {
    let site = registry_fixture();
    let toml = read(site.path(), "site.toml")
        + "\n[venue_kinds]\nmuseum = { label = \"Краєзнавчий музей\", schema = \"Museum\" }\n";
    write(site.path(), "site.toml", &toml);
    let venues = read(site.path(), "data/venues.yaml").replacen("kind: library", "kind: museum", 1);
    write(site.path(), "data/venues.yaml", &venues);
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Pages of venues are at their id.
    let lib = read(&site.path().join("public"), "mistsia/biblioteka/index.html");
    assert_eq!(jsonld(&lib)["@type"], "Museum");
    assert!(lib.contains("Краєзнавчий музей"));

    let e = broken_site(registry_fixture(), |root| {
        let toml = read(root, "site.toml")
            + "\n[venue_kinds]\nmuseum = { label = \"Музей\", schema = \"Musem\" }\nzoo = 5\n";
        write(root, "site.toml", &toml);
    });
    assert_has(
        &e,
        &[
            "error[E0022]: venue kind `museum`: `Musem` is not a schema.org type of place",
            "did you mean `Museum`?",
            "error[E0023]: venue kind `zoo` must be its label in quotes",
        ],
    );
}

/// The event and venue links of a list page's cards, in order.
fn card_links(html: &str, kind: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(&format!("main li.card.{kind} h3 a")).unwrap();
    doc.select(&sel)
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect()
}

#[test]
fn long_lists_are_split_into_linked_pages_that_show_each_item_once() {
    let site = example_site();
    let toml = read(site.path(), "site.toml").replace("per_page = 10", "per_page = 5");
    write(site.path(), "site.toml", &toml);
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");

    for (list, kind) in [("podii/", "event"), ("mistsia/", "venue")] {
        let first = read(&out, &format!("{list}index.html"));
        let mut seen = card_links(&first, kind);
        let mut n = 2;
        let mut prev_page = format!("/{list}");
        while out.join(format!("{list}storinka/{n}/index.html")).is_file() {
            let page = read(&out, &format!("{list}storinka/{n}/index.html"));
            assert!(
                page.contains(&format!("<link rel=\"prev\" href=\"{prev_page}\">")),
                "{list} page {n} names its previous page"
            );
            assert!(
                page.contains(&format!(", сторінка {n} з ")),
                "{list} page {n}: title"
            );
            assert!(
                page.contains(&format!(
                    "aria-label=\"Сторінка {n}\" aria-current=\"page\">{n}</a>"
                )),
                "{list} page {n}: the current page is marked"
            );
            seen.extend(card_links(&page, kind));
            prev_page = format!("/{list}storinka/{n}/");
            n += 1;
        }
        assert!(n > 2, "{list} has more than one page at 5 a page");
        let last = read(&out, &format!("{list}storinka/{}/index.html", n - 1));
        assert!(!last.contains("rel=\"next\""), "the last page has no next");
        assert!(first.contains(&format!("<link rel=\"next\" href=\"/{list}storinka/2/\">")));
        assert!(!first.contains("rel=\"prev\""));
        assert!(first.contains("<nav class=\"paging\" aria-label=\"Сторінки списку\">"));
        // Every item once, five to a page but the last.
        let unique: std::collections::BTreeSet<_> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "{list}: an item on two pages");
        assert!(
            seen.len() > 5 * (n - 2) && seen.len() <= 5 * (n - 1),
            "{list}: {}",
            seen.len()
        );
        // The sitemap knows every page.
        let sitemap = read(&out, "sitemap.xml");
        assert!(sitemap.contains(&format!("/{list}storinka/{}/</loc>", n - 1)));
    }
    // All 12 venues are on the pages of /mistsia/.
    let venues = (1..=3)
        .filter_map(|n| {
            std::fs::read_to_string(out.join(format!(
                "mistsia/{}index.html",
                if n == 1 {
                    String::new()
                } else {
                    format!("storinka/{n}/")
                }
            )))
            .ok()
        })
        .map(|p| card_links(&p, "venue").len())
        .sum::<usize>();
    assert_eq!(venues, 12);

    // A section and a taxonomy's term list their pages the same way; the section's own text
    // is on its first page only.
    let section = read(&out, "instruktsii/storinka/2/index.html");
    assert!(section.contains("<link rel=\"prev\" href=\"/instruktsii/\">"));
    assert!(section.contains(", сторінка 2 з "));
    assert!(read(&out, "sitemap.xml").contains("/instruktsii/storinka/2/</loc>"));
    // An e-service's page shows a few venues and links the page of them all.
    let service = read(&out, "posluhy/diia/index.html");
    assert!(
        service
            .contains("<a href=\"/mistsia/dopomoha/diia/\">Усі місця, де допоможуть: Дія (8)</a>"),
        "{service}"
    );

    let bad = broken_site(example_site(), |root| {
        let toml = read(root, "site.toml").replace("per_page = 10", "per_page = 1");
        write(root, "site.toml", &toml);
    });
    assert_has(
        &bad,
        &[
            "error[E0024]",
            "per_page must be between 5 and 500 items, it is 1",
            "site.toml:",
        ],
    );
}
