//! What a resident reads and taps, from the built HTML: residents' words instead of
//! technical ones, headings without gaps, the hotline's contact block, phone numbers in the
//! text that call, home-screen icons and name, the help block's wording, the venue's small
//! map, reader settings without `:has`, and the way back from a printed page. (How it looks
//! on a 360-pixel phone and on paper is checked in Chromium: tests/browser/check-residents.mjs.)

mod common;

use std::path::Path;

use common::*;
use scraper::{ElementRef, Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn built_example() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = example_site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    (site, out)
}

/// Every page a browser shows (redirects of old addresses left out), as (path, document).
fn pages(out: &Path) -> Vec<(String, Html)> {
    files_below(out)
        .into_iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.ends_with(".html"))
        .filter_map(|p| {
            let text = read(out, &p);
            (!text.contains("http-equiv=\"refresh\"")).then(|| (p, Html::parse_document(&text)))
        })
        .collect()
}

/// The text a reader sees or hears: everything in <body> but scripts and styles.
fn visible_text(doc: &Html) -> String {
    fn walk(e: ElementRef, out: &mut String) {
        for child in e.children() {
            if let Some(el) = ElementRef::wrap(child) {
                if !matches!(el.value().name(), "script" | "style" | "template") {
                    walk(el, out);
                }
            } else if let Some(t) = child.value().as_text() {
                out.push_str(t);
                out.push(' ');
            }
        }
    }
    let mut out = String::new();
    if let Some(body) = doc.select(&sel("body")).next() {
        walk(body, &mut out);
    }
    out
}

fn text(e: ElementRef) -> String {
    e.text().collect::<Vec<_>>().join(" ")
}

/// The open data page is for registries and developers: its formats are named on purpose.
const FOR_MACHINES: &str = "vidkryti-dani/index.html";

#[test]
fn residents_read_their_own_words_not_formats_or_jargon() {
    let (_site, out) = built_example();
    let banned = [
        "Atom",
        ".ics",
        "iCalendar",
        "компетентн",
        "opening_hours",
        "DigComp",
    ];
    let mut found = Vec::new();
    let mut checked = 0;
    for (page, doc) in pages(&out) {
        if page == FOR_MACHINES {
            continue;
        }
        checked += 1;
        let seen = visible_text(&doc).to_lowercase();
        for word in banned {
            if seen.contains(&word.to_lowercase()) {
                found.push(format!("{page}: «{word}»"));
            }
        }
    }
    assert!(checked > 90, "{checked} pages");
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The machine-readable places keep the technical names.
    let home = read(&out, "index.html");
    assert!(home.contains("type=\"application/atom+xml\""));
    let instruction = read(&out, "instruktsii/diia-vstanovlennia/index.html");
    let doc = Html::parse_document(&instruction);
    let facts = text(doc.select(&sel(".facts")).next().unwrap());
    assert!(facts.contains("Чого навчитеся"), "{facts}");
    let footer = text(doc.select(&sel(".site-footer")).next().unwrap());
    assert!(footer.contains("Підписатися на новини"), "{footer}");
}

#[test]
fn every_page_s_headings_go_down_one_level_at_a_time() {
    let (_site, out) = built_example();
    let headings = sel("h1, h2, h3, h4, h5, h6");
    let mut gaps = Vec::new();
    let mut terms = 0;
    for (page, doc) in pages(&out) {
        let mut level = 0;
        for h in doc.select(&headings) {
            let l: u8 = h.value().name()[1..].parse().unwrap();
            if l > level + 1 {
                gaps.push(format!(
                    "{page}: <h{l}> «{}» right after <h{level}>",
                    text(h).trim()
                ));
            }
            level = l;
        }
        if page.starts_with("dlia-koho/") && page.matches('/').count() == 2 {
            terms += 1;
        }
    }
    assert!(terms >= 3, "{terms} term pages");
    assert!(gaps.is_empty(), "{}", gaps.join("\n"));
}

#[test]
fn the_hotline_page_shows_how_to_call_and_how_to_write() {
    let (_site, out) = built_example();
    let doc = Html::parse_document(&read(&out, "hariacha-liniia/index.html"));
    let contact = doc.select(&sel("main section.contact")).next().unwrap();
    let call = contact.select(&sel("a.button-call")).next().unwrap();
    assert_eq!(call.value().attr("href"), Some("tel:0800000000"));
    assert!(text(call).contains("0 800 000 000"), "{}", text(call));
    let all = text(contact);
    for said in [
        "Дзвінок безкоштовний",
        "пн–пт 9:00–18:00",
        "hotline@tsyfrova-hromada.example",
        "Viber",
    ] {
        assert!(all.contains(said), "no «{said}» in {all}");
    }
    let hrefs: Vec<&str> = contact
        .select(&sel("a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"mailto:hotline@tsyfrova-hromada.example"));
    assert!(hrefs.iter().any(|h| h.starts_with("viber://")));
    // The numbers in the page's text call too; the code and the year do not.
    let prose = doc.select(&sel("main .prose")).next().unwrap();
    let calls: Vec<String> = prose
        .select(&sel("a[href^='tel:']"))
        .map(|a| format!("{} {}", a.value().attr("href").unwrap(), text(a)))
        .collect();
    assert_eq!(
        calls,
        ["tel:1545 1545", "tel:116111 116 111", "tel:102 102"],
        "{calls:?}"
    );
    // Every page's header calls the hotline with one tap.
    let home = Html::parse_document(&read(&out, "index.html"));
    let header_call = home
        .select(&sel("header.site-header a[href^='tel:']"))
        .next()
        .unwrap();
    assert!(text(header_call).contains("0 800 000 000"));
}

#[test]
fn a_call_is_free_for_a_0_800_number_or_when_the_settings_say_so() {
    for (hotline, free) in [
        ("phone = \"0 800 000 000\"\n", true),
        ("phone = \"+380 52 222 33 44\"\n", false),
        ("phone = \"+380 52 222 33 44\"\nfree = true\n", true),
        ("phone = \"0 800 000 000\"\nfree = false\n", false),
    ] {
        let site = fixture();
        write(
            site.path(),
            "site.toml",
            &format!(
                "title = \"Тест\"\nbase_url = \"https://test.example/\"\nhromada = \"Тестова громада\"\n\n[hotline]\n{hotline}"
            ),
        );
        write(
            site.path(),
            "content/liniia.md",
            "---\ntitle: Гаряча лінія\ntemplate: hotline.html\n---\nДзвоніть.\n",
        );
        let run = build(site.path(), &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let page = read(&site.path().join("public"), "liniia/index.html");
        assert_eq!(
            page.contains("Дзвінок безкоштовний"),
            free,
            "{hotline}: {page}"
        );
    }
    // `free` is a yes or no.
    let site = fixture();
    write(
        site.path(),
        "site.toml",
        "title = \"Тест\"\nbase_url = \"https://test.example/\"\nhromada = \"Тестова громада\"\n\n[hotline]\nphone = \"1545\"\nfree = \"так\"\n",
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("site.toml"), "{}", run.stderr);
}

#[test]
fn phone_numbers_in_a_page_are_calls_and_nothing_else_is() {
    let site = fixture();
    write(
        site.path(),
        "content/dovidka.md",
        "---\ntitle: Довідка\n---\n\
         ЦНАП: (0522) 22-33-44 або +380 52 222 33 45. Швидка — 103, поліція (102).\n\n\
         Курс коштує 112 грн, триває 1545 хвилин, почнеться 22.11.2026 о 10:30, 2026 рік.\n\n\
         - Кабінет 104, другий поверх\n\
         - [Зателефонуйте 1545](https://1545.gov.ua/) чи `0 800 000 000`\n\n\
         | Служба | Номер |\n|---|---|\n| Лінія для дітей | 116 111 |\n",
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = Html::parse_document(&read(&site.path().join("public"), "dovidka/index.html"));
    let calls: Vec<String> = doc
        .select(&sel("main a[href^='tel:']"))
        .map(|a| format!("{} {}", a.value().attr("href").unwrap(), text(a)))
        .collect();
    assert_eq!(
        calls,
        [
            "tel:0522223344 (0522) 22-33-44",
            "tel:+380522223345 +380 52 222 33 45",
            "tel:103 103",
            "tel:102 102",
            "tel:116111 116 111",
        ],
        "{calls:?}"
    );
}

#[test]
fn home_screens_get_a_whole_word_for_a_name_and_png_icons() {
    let (_site, out) = built_example();
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&out, "manifest.webmanifest")).unwrap();
    assert_eq!(manifest["short_name"], "Цифрова");
    let icons = manifest["icons"].as_array().unwrap();
    for size in [192u32, 512] {
        let icon = icons
            .iter()
            .find(|i| i["sizes"] == format!("{size}x{size}"))
            .unwrap_or_else(|| panic!("no {size} icon in {icons:?}"));
        assert_eq!(icon["type"], "image/png");
        let (w, h, _) = png_info(&out, icon["src"].as_str().unwrap());
        assert_eq!((w, h), (size, size));
    }
    let home = Html::parse_document(&read(&out, "index.html"));
    let apple = home
        .select(&sel("link[rel=apple-touch-icon]"))
        .next()
        .expect("an apple-touch-icon");
    let href = apple.value().attr("href").unwrap();
    assert!(href.starts_with("/assets/apple-touch-icon."), "{href}");
    let (w, h, opaque) = png_info(&out, href);
    assert_eq!((w, h), (180, 180));
    assert!(opaque, "iOS shows a transparent corner black");
}

/// Width, height and whether every pixel is opaque, of a PNG at a site path.
fn png_info(out: &Path, path: &str) -> (u32, u32, bool) {
    let file = std::fs::File::open(out.join(path.trim_start_matches('/'))).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let data = &buf[..info.buffer_size()];
    let opaque = match info.color_type {
        png::ColorType::Rgba => data.chunks_exact(4).all(|p| p[3] == 255),
        png::ColorType::Rgb => true,
        other => panic!("{other:?}"),
    };
    (info.width, info.height, opaque)
}

#[test]
fn only_an_instruction_s_help_speaks_of_its_steps() {
    let (_site, out) = built_example();
    let mut events = 0;
    for (page, doc) in pages(&out) {
        let Some(help) = doc.select(&sel("section.help")).next() else {
            continue;
        };
        let said = text(help);
        let instruction = doc.select(&sel("article.instruction")).next().is_some();
        if page.starts_with("podii/") {
            events += 1;
        }
        assert_eq!(said.contains("ці кроки"), instruction, "{page}: {said}");
    }
    assert!(events >= 5, "{events} event pages with a help block");
}

#[test]
fn a_venue_s_small_map_is_shown_only_when_it_names_a_place() {
    let (_site, out) = built_example();
    let (mut with_map, mut without) = (0, 0);
    for (page, doc) in pages(&out) {
        if doc.select(&sel("article.venue")).next().is_none() {
            continue;
        }
        match doc.select(&sel(".map-mini svg")).next() {
            Some(svg) => {
                with_map += 1;
                let names = svg
                    .select(&sel("text.map-place-label, text.map-area-label"))
                    .count();
                assert!(names > 0, "{page}: a small map that names no place");
            }
            None => {
                without += 1;
                // The whole map is still a tap away.
                assert!(
                    doc.select(&sel("main a[href^='/mapa/#v-']"))
                        .next()
                        .is_some(),
                    "{page}"
                );
            }
        }
    }
    assert!(
        with_map >= 5 && without >= 1,
        "{with_map} with, {without} without"
    );
}

#[test]
fn reader_settings_work_without_has_and_printed_pages_lead_back() {
    let (_site, out) = built_example();
    let home = read(&out, "index.html");
    let doc = Html::parse_document(&home);
    // The boxes come right before the page they change, their labels are in the menu.
    let body = doc.select(&sel("body")).next().unwrap();
    let order: Vec<String> = body
        .children()
        .filter_map(ElementRef::wrap)
        .map(|e| {
            let v = e.value();
            format!(
                "{}{}",
                v.name(),
                v.id().map(|i| format!("#{i}")).unwrap_or_default()
            )
        })
        .collect();
    let large = order
        .iter()
        .position(|e| e == "input#reader-large")
        .unwrap();
    let page = order.iter().position(|e| e == "div").unwrap();
    assert!(large < page, "{order:?}");
    for id in ["reader-large", "reader-contrast"] {
        assert!(
            doc.select(&sel(&format!("details.menu label[for={id}]")))
                .next()
                .is_some()
        );
    }
    let css_href = doc
        .select(&sel("link[rel=stylesheet]"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    let css = read(&out, css_href.trim_start_matches('/'));
    assert!(
        !css.contains(":has("),
        "the browsers the CSS is made for lack :has"
    );
    assert!(css.contains("#reader-large:checked~.page"), "{css}");
    assert!(css.contains("#reader-contrast:checked~.page"));
    // A printed instruction ends with its address and a QR code of it.
    let doc = Html::parse_document(&read(&out, "instruktsii/diia-pidpys/index.html"));
    let back = doc.select(&sel("main .print-link")).next().unwrap();
    assert!(
        text(back).contains("https://tsyfrova-hromada.example/instruktsii/diia-pidpys/"),
        "{}",
        text(back)
    );
    let qr = back.select(&sel("svg.qr path")).next().unwrap();
    assert!(qr.value().attr("d").unwrap().len() > 100);
    assert!(
        css.contains(".print-only{display:none}"),
        "shown only on paper"
    );
}
