//! «Де допоможуть» read back from the built example site: `/mistsia/` opens with the needs; a
//! page per need lists exactly the places that help with it (a children's club only for
//! children's classes); every card carries the week of its hours for the script, a call and
//! the way there, and its hours in words for a page without the script; the places' data
//! for the nearest agrees with the pages; instruction and e-service pages name a few places
//! with a link to all. Parsed with scraper, the venues read from `data/venues.yaml` with a
//! YAML parser; the script itself runs in headless Chromium (tests/browser/nearby.mjs).

mod common;

use std::collections::BTreeSet;

use common::*;
use scraper::{ElementRef, Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The venues of the example as `data/venues.yaml` writes them.
fn venues() -> Vec<serde_json::Value> {
    serde_yaml_ng::from_str(&read(&repo(), "data/venues.yaml")).unwrap()
}

fn list(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

fn for_children(v: &serde_json::Value) -> bool {
    ["code-club", "school-lab"].contains(&v["kind"].as_str().unwrap())
}

/// The ids of the venues the need with this key should list.
fn expected(need: &str) -> BTreeSet<String> {
    venues()
        .iter()
        .filter(|v| match need {
            "" => {
                !for_children(v)
                    && (!list(v, "helps_with").is_empty()
                        || list(v, "services").contains(&"consultations".to_string()))
            }
            "dlia-ditei" => for_children(v),
            service => list(v, "helps_with").contains(&service.to_string()),
        })
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

/// The ids of the venues whose cards a page shows (under `scope`).
fn cards(html: &Html, scope: &str) -> Vec<String> {
    html.select(&sel(&format!("{scope} .venue h3 a")))
        .map(|a| {
            let href = a.value().attr("href").unwrap();
            href.trim_start_matches("/mistsia/")
                .trim_end_matches('/')
                .to_string()
        })
        .collect()
}

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = example_site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    (site, out)
}

fn page(out: &std::path::Path, path: &str) -> Html {
    Html::parse_document(&read(out, &format!("{path}index.html")))
}

#[test]
fn the_list_of_places_opens_with_where_to_get_help() {
    let (_site, out) = built();
    let html = page(&out, "mistsia/");
    let main = html.select(&sel("main")).next().unwrap();
    // Right after the title and the lead: the needs, each a link to its page.
    let first: Vec<&str> = main
        .children()
        .filter_map(ElementRef::wrap)
        .map(|e| e.value().name())
        .take(3)
        .collect();
    assert_eq!(first, ["h1", "p", "section"], "{first:?}");
    let needs = main.select(&sel("section.needs")).next().unwrap();
    assert_eq!(
        needs
            .select(&sel("h2"))
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        "Де допоможуть"
    );
    let links: Vec<(String, String)> = needs
        .select(&sel("a"))
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    let hrefs: Vec<&str> = links.iter().map(|l| l.1.as_str()).collect();
    assert_eq!(
        hrefs,
        [
            "/mistsia/dopomoha/",
            "/mistsia/dopomoha/diia/",
            "/mistsia/dopomoha/diia-pidpys/",
            "/mistsia/dopomoha/diia-portal/",
            "/mistsia/dopomoha/diia-osvita/",
            "/mistsia/dopomoha/dlia-ditei/"
        ]
    );
    assert!(
        links[0]
            .0
            .starts_with("Будь-яка допомога з телефоном чи компʼютером")
    );
    assert!(links[2].0.starts_with("Дія.Підпис (5)"), "{links:?}");
    // The filters by kind and settlement are folded away below.
    assert!(
        main.select(&sel("details.filters-more nav.filters"))
            .next()
            .is_some()
    );
}

#[test]
fn each_need_lists_exactly_the_places_that_help_with_it() {
    let (_site, out) = built();
    for need in [
        "",
        "diia",
        "diia-pidpys",
        "diia-portal",
        "diia-osvita",
        "dlia-ditei",
    ] {
        let path = if need.is_empty() {
            "mistsia/dopomoha/".to_string()
        } else {
            format!("mistsia/dopomoha/{need}/")
        };
        let html = page(&out, &path);
        let shown: BTreeSet<String> = cards(&html, "main section").into_iter().collect();
        assert_eq!(shown, expected(need), "{path}");
        // The current need is marked among the others.
        let current: Vec<String> = html
            .select(&sel("nav.needs a[aria-current=page]"))
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        assert_eq!(current, [format!("/{path}")]);
    }
    // The children's club is offered for children's classes, and for nothing an older
    // person asks for.
    assert!(expected("dlia-ditei").contains("code-club-balashivka"));
    assert!(!expected("diia-pidpys").contains("code-club-balashivka"));
    assert!(!expected("").contains("code-club-balashivka"));
    assert!(!expected("").contains("laboratoriia-litsei-nove"));
}

#[test]
fn a_card_has_the_week_of_its_hours_a_call_and_the_way() {
    let (_site, out) = built();
    let html = page(&out, "mistsia/dopomoha/diia-pidpys/");
    let card = html
        .select(&sel(".venue"))
        .find(|c| {
            c.select(&sel("h3 a"))
                .next()
                .is_some_and(|a| a.value().attr("href") == Some("/mistsia/tsentralna-biblioteka/"))
        })
        .unwrap();
    // «Mo-Fr 09:00-18:00; Sa 10:00-16:00; Su off; PH off», for the script.
    let status = card.select(&sel("p.open-now")).next().unwrap();
    assert_eq!(
        status.value().attr("data-week"),
        Some("540-1080|540-1080|540-1080|540-1080|540-1080|600-960|")
    );
    // Empty and hidden until the script says whether it is open.
    assert!(status.value().attr("hidden").is_some());
    assert_eq!(status.text().count(), 0);
    // Without the script: the hours in words.
    let hours: String = card
        .select(&sel("p.hours"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        hours.starts_with("понеділок – пʼятниця: 09:00–18:00; субота: 10:00–16:00"),
        "{hours}"
    );
    let hrefs: Vec<&str> = card
        .select(&sel(".place-actions a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(hrefs, ["tel:+380522000001", "geo:48.5106,32.2605"]);
    // A card of a place without a phone has the way there only.
    let html = page(&out, "mistsia/dopomoha/dlia-ditei/");
    let club = html
        .select(&sel(".venue"))
        .find(|c| c.text().any(|t| t.contains("Code Club у гімназії")))
        .unwrap();
    let hrefs: Vec<&str> = club
        .select(&sel(".place-actions a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(hrefs, ["geo:48.493,32.226"]);
    // The need pages carry the script with the words it speaks.
    let script = html.select(&sel("script[data-open-until]")).next().unwrap();
    assert_eq!(
        script.value().attr("data-open-until"),
        Some("Відчинено зараз, до {time}")
    );
    assert!(
        script
            .value()
            .attr("src")
            .unwrap()
            .starts_with("/assets/nearby.")
    );
}

#[test]
fn the_places_data_agrees_with_the_pages() {
    let (_site, out) = built();
    let data: serde_json::Value =
        serde_json::from_str(&read(&out, "mistsia/dopomoha/index.json")).unwrap();
    let needs: Vec<&str> = data["needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(
        needs,
        [
            "",
            "diia",
            "diia-pidpys",
            "diia-portal",
            "diia-osvita",
            "dlia-ditei"
        ]
    );
    let places = data["places"].as_array().unwrap();
    assert_eq!(places.len(), venues().len());
    for (i, need) in needs.iter().enumerate() {
        let with: BTreeSet<String> = places
            .iter()
            .filter(|p| {
                p[10]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|n| n.as_u64() == Some(i as u64))
            })
            .map(|p| p[0].as_str().unwrap().to_string())
            .collect();
        assert_eq!(with, expected(need), "need «{need}»");
    }
    for v in venues() {
        let p = places.iter().find(|p| p[0] == v["id"]).unwrap();
        assert_eq!(p[1], v["name"]);
        assert_eq!(
            data["settlements"][p[4].as_u64().unwrap() as usize],
            v["settlement"]
        );
        assert_eq!(p[5].as_f64(), v["location"][1].as_f64());
        assert_eq!(p[6].as_f64(), v["location"][0].as_f64());
        assert_eq!(p[7].as_str().unwrap(), v["phone"].as_str().unwrap_or(""));
    }
    let library = places
        .iter()
        .find(|p| p[0] == "tsentralna-biblioteka")
        .unwrap();
    assert_eq!(
        library[8],
        "540-1080|540-1080|540-1080|540-1080|540-1080|600-960|"
    );
    assert_eq!(data["venues"], "/mistsia/");
}

#[test]
fn an_instruction_names_a_few_places_that_help_with_its_service() {
    let (_site, out) = built();
    for path in ["instruktsii/diia-pidpys/", "posluhy/diia-pidpys/"] {
        let html = page(&out, path);
        let section = html.select(&sel("section.nearby")).next().unwrap();
        assert_eq!(
            section
                .select(&sel("h2"))
                .next()
                .unwrap()
                .text()
                .collect::<String>(),
            "Де з цим допоможуть"
        );
        assert_eq!(section.value().attr("data-need"), Some("diia-pidpys"));
        assert_eq!(
            section.value().attr("data-places"),
            Some("/mistsia/dopomoha/index.json")
        );
        let shown = cards(&html, "section.nearby");
        let all = expected("diia-pidpys");
        assert!(!shown.is_empty() && shown.len() <= 5, "{path}: {shown:?}");
        assert!(shown.iter().all(|id| all.contains(id)), "{path}: {shown:?}");
        // The hromada's centre (the settlement with the most places) first.
        assert!(
            html.select(&sel("section.nearby .venue .meta"))
                .next()
                .unwrap()
                .text()
                .collect::<String>()
                .contains("Кропивницький"),
            "{path}"
        );
        let more = section
            .select(&sel("a[href='/mistsia/dopomoha/diia-pidpys/']"))
            .next()
            .unwrap();
        assert_eq!(
            more.text().collect::<String>(),
            format!("Усі місця, де допоможуть: Дія.Підпис ({})", all.len())
        );
        // No second list of the same places in the help block.
        assert!(html.select(&sel(".help-venues")).next().is_none(), "{path}");
    }
}

#[test]
fn hours_too_rich_for_a_week_are_shown_as_written() {
    let site = fixture();
    write(
        site.path(),
        "data/venues.yaml",
        "- id: sonce\n  name: Бібліотека «Сонце»\n  kind: library\n  address: вул. Польова, 1\n  settlement: Село\n  location: [32.2, 48.5]\n  hours: \"Mo-Fr sunrise-sunset\"\n  services: [consultations]\n  helps_with: [diia]\n\
         - id: tsnap\n  name: ЦНАП\n  kind: cnap\n  address: вул. Центральна, 1\n  settlement: Село\n  location: [32.3, 48.5]\n  hours: \"Mo-Fr 20:00-02:00\"\n  helps_with: [diia]\n",
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    let html = page(&out, "mistsia/dopomoha/diia/");
    let weeks: Vec<Option<&str>> = html
        .select(&sel(".venue"))
        .map(|c| {
            c.select(&sel(".open-now"))
                .next()
                .and_then(|s| s.value().attr("data-week"))
        })
        .collect();
    // Sunrise has no week (the page shows the hours as written); past midnight goes on
    // into the next morning.
    assert_eq!(
        weeks,
        [
            None,
            Some(
                "1200-1440|0-120,1200-1440|0-120,1200-1440|0-120,1200-1440|0-120,1200-1440|0-120|"
            )
        ]
    );
    assert!(
        read(&out, "mistsia/dopomoha/diia/index.html")
            .contains("<code>Mo-Fr sunrise-sunset</code>")
    );
}

#[test]
fn a_site_without_venues_has_no_need_pages() {
    let site = fixture();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    assert!(!out.join("mistsia/dopomoha").exists());
    let instruction = read(&out, "instruktsii/diia/index.html");
    assert!(!instruction.contains("class=\"nearby\""));
}
