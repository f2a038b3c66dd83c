//! Posters read back by independent tools: poppler's `pdftotext` finds the title, date and
//! venue in the PDF as text; the PNG is 1200×630 and `zbarimg` decodes its QR code to the
//! event's address; long titles wrap inside the page; unchanged events come from the cache;
//! only events within `[posters] ahead` of the build date get posters, and pages link only
//! those.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

const TOOLS: &[&str] = &["pdftotext", "zbarimg"];

/// The text of a PDF with whitespace collapsed.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every word of a PDF page with its box (xMin, yMin, xMax, yMax in points), and the page's
/// width and height.
fn pdf_words(pdf: &Path) -> (Vec<(String, [f64; 4])>, f64, f64) {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |tag: &str, name: &str| -> f64 {
        let i = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[i..i + tag[i..].find('"').unwrap()].parse().unwrap()
    };
    let page = &html[html.find("<page ").unwrap()..];
    let page_tag = &page[..page.find('>').unwrap()];
    let (w, h) = (attr(page_tag, "width"), attr(page_tag, "height"));
    let words = html
        .split("<word ")
        .skip(1)
        .map(|w| {
            let tag = &w[..w.find('>').unwrap()];
            let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
            (
                text.to_string(),
                [
                    attr(tag, "xMin"),
                    attr(tag, "yMin"),
                    attr(tag, "xMax"),
                    attr(tag, "yMax"),
                ],
            )
        })
        .collect();
    (words, w, h)
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let n = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (n(16), n(20))
}

fn qr_of(png: &Path) -> String {
    let out = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(png)
        .output()
        .expect("zbarimg runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn every_event_of_the_next_weeks_has_a_pdf_and_png_that_independent_tools_read() {
    require_tools("posters_read_back", TOOLS);
    let site = example_site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");

    // The forum of 2026-10 is past at the build date (2026-11-22): no posters. The training
    // of 2027-01-21 is more than 8 weeks ahead (the default `ahead`): none yet either, and
    // its page links none.
    for id in ["forum-starshoho-viku-2026", "trening-vchyteliv-sichen"] {
        assert!(!out.join(format!("podii/{id}/poster.pdf")).exists(), "{id}");
        assert!(!out.join(format!("podii/{id}/poster.png")).exists(), "{id}");
        let page = read(&out, &format!("podii/{id}/index.html"));
        assert!(!page.contains("poster."), "{id} links a poster");
    }
    let upcoming = [
        "kurs-smartfon-dlia-starshykh",
        "tsyfrohram-hruden",
        "trening-diia-pidpys-nove",
    ];
    for id in upcoming {
        let dir = out.join("podii").join(id);
        let text = pdf_text(&dir.join("poster.pdf"));
        let page = read(&out, &format!("podii/{id}/index.html"));
        // The title as the page shows it, and the first date and the venue.
        let title = page
            .split("<h1>")
            .nth(1)
            .and_then(|s| s.split("</h1>").next())
            .unwrap()
            .replace("&#x27;", "'")
            .replace("&quot;", "\"");
        assert!(text.contains(&title), "{id}: «{title}» not in «{text}»");
        assert!(
            text.contains("Кропивницька міська територіальна громада"),
            "{text}"
        );
        assert!(text.contains("0 800 000 000"), "the hotline: {text}");
        let png = std::fs::read(dir.join("poster.png")).unwrap();
        assert_eq!(png_size(&png), (1200, 630), "{id}");
        assert_eq!(
            qr_of(&dir.join("poster.png")),
            format!("https://tsyfrova-hromada.example/podii/{id}/")
        );
        // The event page links its posters and uses the image for Open Graph.
        assert!(page.contains(&format!("href=\"/podii/{id}/poster.pdf\"")));
        assert!(page.contains(&format!(
            "<meta property=\"og:image\" content=\"https://tsyfrova-hromada.example/podii/{id}/poster.png\">"
        )));
    }
    let text = pdf_text(&out.join("podii/kurs-smartfon-dlia-starshykh/poster.pdf"));
    for expected in [
        "1 грудня 2026, вівторок",
        "10:00–11:30",
        "Цифровий клуб «Срібний вік»",
        "вул. Шевченка, 9",
        "БЕЗКОШТОВНО",
        "Для кого: Люди старшого віку",
    ] {
        assert!(text.contains(expected), "«{expected}» not in «{text}»");
    }
    // A4, fonts embedded.
    let info = Command::new("pdfinfo")
        .arg(out.join("podii/kurs-smartfon-dlia-starshykh/poster.pdf"))
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains("595.") && info.contains("x 841.") && info.contains("(A4)"),
        "{info}"
    );

    // The page for staff: every event with posters, by month.
    let list = read(&out, "podii/afishi/index.html");
    for id in upcoming {
        assert!(list.contains(&format!("/podii/{id}/poster.pdf")));
    }
    assert!(
        list.contains("<h2 id=\"a-1\">Листопад 2026</h2>")
            || list.contains("<h2 id=\"a-1\">Грудень 2026</h2>")
    );
    assert!(!list.contains("forum-starshoho-viku-2026"));
    assert!(!list.contains("trening-vchyteliv-sichen"));
}

const LONG: &str = "- id: dovha-nazva
  title: Великий практичний тренінг для людей старшого віку з безпечного користування електронними послугами держави в смартфоні
  kind: training
  start: \"2026-12-10 10:00\"
  end: \"12:00\"
  online: https://meet.example/abc
  free: true
- id: zadovha-nazva
  title: Дуже довга назва події, яку редактор скопіював із листа повністю, разом з усіма подробицями, адресою, датою, часом, умовами участі, переліком документів, контактами організаторів і ще кількома реченнями пояснень
  kind: lecture
  start: \"2026-12-11 10:00\"
  end: \"12:00\"
  online: https://meet.example/def
";

#[test]
fn long_titles_wrap_inside_the_page_and_one_too_long_is_a_warning() {
    require_tools("long_titles", TOOLS);
    let site = fixture();
    write(site.path(), "data/events.yaml", LONG);
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Only the title that cannot fit even at the smallest size is named.
    assert_has(
        &run.stderr,
        &[
            "warning[W0901]",
            "data/events.yaml:9:10",
            "the title of event `zadovha-nazva` does not fit its box on the a4 and social posters",
        ],
    );
    assert!(
        !run.stderr.contains("the title of event `dovha-nazva`"),
        "{}",
        run.stderr
    );
    // From the cache, the same warning.
    let again = build(site.path(), &[]);
    assert_eq!(again.code, 0);
    assert_has(&again.stderr, &["warning[W0901]", "data/events.yaml:9:10"]);
    let out = site.path().join("public");
    for id in ["dovha-nazva", "zadovha-nazva"] {
        let pdf = out.join(format!("podii/{id}/poster.pdf"));
        let (words, w, _) = pdf_words(&pdf);
        // 15 mm margins: every word of the page lies between them.
        let (left, right) = (15.0 * 72.0 / 25.4, w - 15.0 * 72.0 / 25.4);
        for (text, b) in &words {
            assert!(
                b[0] >= left - 0.5 && b[2] <= right + 0.5,
                "{id}: «{text}» at {b:?}, page {w}"
            );
        }
    }
    // Nothing is cut: the whole title is on the page, to its last words.
    let text = pdf_text(&out.join("podii/zadovha-nazva/poster.pdf"));
    assert!(text.contains("і ще кількома реченнями пояснень"), "{text}");
    let text = pdf_text(&out.join("podii/dovha-nazva/poster.pdf"));
    assert!(
        text.contains("електронними послугами держави в смартфоні"),
        "{text}"
    );
    assert!(text.contains("Онлайн"), "{text}");
}

/// The cached posters (PDF and PNG; each has its layout's warnings beside it) and when
/// each was written.
fn cache_files(root: &Path) -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
    let dir = root.join(".cache/posters");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| {
            d.map(|e| {
                let e = e.unwrap();
                (e.path(), e.metadata().unwrap().modified().unwrap())
            })
            .filter(|(p, _)| p.extension().is_some_and(|x| x == "pdf" || x == "png"))
            .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn unchanged_events_come_from_the_cache() {
    let site = example_site();
    assert_eq!(build(site.path(), &[]).code, 0);
    let first = cache_files(site.path());
    let out = site.path().join("public");
    // One cached file per poster in the output (the 11 events of the next 8 weeks × PDF +
    // PNG; 5 more are upcoming but further ahead).
    let posters = files_below(&out)
        .iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("poster."))
        })
        .count();
    assert_eq!((first.len(), posters), (22, 22));
    let pdf = std::fs::read(out.join("podii/tsyfrohram-hruden/poster.pdf")).unwrap();
    assert_eq!(build(site.path(), &[]).code, 0);
    assert_eq!(cache_files(site.path()), first, "nothing rendered again");
    assert_eq!(
        std::fs::read(out.join("podii/tsyfrohram-hruden/poster.pdf")).unwrap(),
        pdf
    );
    // One event changes: its two posters are made again, the rest come from the cache.
    edit_file(
        "data/events.yaml",
        "«Цифрограм» у хабі",
        "«Цифрограм» у хабі цифрової освіти",
    )(site.path());
    assert_eq!(build(site.path(), &[]).code, 0);
    let after = cache_files(site.path());
    let new: Vec<_> = after.iter().filter(|f| !first.contains(f)).collect();
    assert_eq!(new.len(), 2, "{new:?}");
}

#[test]
fn one_events_posters_on_demand() {
    let site = example_site();
    let dir = tempfile::tempdir().unwrap();
    let root = site.path().to_str().unwrap();
    let out = dir.path().to_str().unwrap();
    // A past event too: staff may want last month's poster.
    let run = hromada(&[
        "poster",
        "forum-starshoho-viku-2026",
        "--root",
        root,
        "--out",
        out,
        "--now",
        NOW,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = dir.path().join("forum-starshoho-viku-2026-poster.pdf");
    let png = dir.path().join("forum-starshoho-viku-2026-poster.png");
    assert!(run.stdout.contains(pdf.to_str().unwrap()));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert_eq!(png_size(&std::fs::read(&png).unwrap()), (1200, 630));
    let run = hromada(&[
        "poster",
        "forum-starshoho",
        "--root",
        root,
        "--out",
        out,
        "--now",
        NOW,
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("did you mean `forum-starshoho-viku-2026`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a3_and_square_formats_from_site_toml() {
    let site = fixture();
    write(site.path(), "data/events.yaml", LONG);
    let toml = read(site.path(), "site.toml");
    write(
        site.path(),
        "site.toml",
        &format!("{toml}[posters]\nformats = [\"a3\", \"square\"]\n"),
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = site.path().join("public/podii/dovha-nazva");
    assert!(!dir.join("poster.pdf").exists() && !dir.join("poster.png").exists());
    let pdf = std::fs::read(dir.join("poster-a3.pdf")).unwrap();
    // 297 × 420 mm in points.
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        text.contains("/MediaBox [0 0 841.8") && text.contains(" 1190.5"),
        "not A3"
    );
    assert_eq!(
        png_size(&std::fs::read(dir.join("poster-square.png")).unwrap()),
        (1080, 1080)
    );
    // A format the theme has no template for is an error naming it: a forked theme (the
    // default one is in the binary too, beneath the folder, so it always has them all).
    std::fs::rename(
        site.path().join("themes/default"),
        site.path().join("themes/moia"),
    )
    .unwrap();
    std::fs::remove_file(site.path().join("themes/moia/posters/square.svg")).unwrap();
    write(
        site.path(),
        "site.toml",
        &format!("theme = \"moia\"\n{toml}[posters]\nformats = [\"a3\", \"square\"]\n"),
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 1);
    assert_has(
        &run.stderr,
        &[
            "error[E0523]",
            "the poster format `square` has no template posters/square.svg",
        ],
    );
    // An unknown format name is refused where it is written.
    write(
        site.path(),
        "site.toml",
        &format!("{toml}[posters]\nformats = [\"a5\"]\n"),
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 1);
    assert_has(
        &run.stderr,
        &[
            "error[E0015]",
            "there is no poster format `a5`",
            "site.toml:8:12",
        ],
    );
}

/// Events around the end of the default `ahead` (8 weeks = 56 days from 2026-11-22, the last
/// day 2027-01-17): a session on the last day, one the day after, a weekly class under way
/// since October, and a weekly class that begins after the window.
const AROUND_AHEAD: &str = "- id: ostannii-den
  title: Консультація в останній день
  kind: consultation
  start: \"2027-01-17 10:00\"
  end: \"12:00\"
  online: https://meet.example/a
- id: nastupnyi-den
  title: Консультація наступного дня
  kind: consultation
  start: \"2027-01-18 10:00\"
  end: \"12:00\"
  online: https://meet.example/b
- id: shchotyzhnia-vzhe-ide
  title: Щотижневий клуб, що вже триває
  kind: course
  start: \"2026-10-06 16:00\"
  end: \"17:30\"
  repeat:
    until: 2027-05-25
  online: https://meet.example/c
- id: shchotyzhnia-piznishe
  title: Щотижневий клуб, що почнеться навесні
  kind: course
  start: \"2027-03-02 16:00\"
  end: \"17:30\"
  repeat:
    until: 2027-05-25
  online: https://meet.example/d
";

/// Which of the events have posters in the output, and which event pages and which entries
/// of the posters page link them.
fn with_posters(root: &Path, ids: &[&str]) -> Vec<(String, bool, bool, bool)> {
    let out = root.join("public");
    let list = std::fs::read_to_string(out.join("podii/afishi/index.html")).unwrap_or_default();
    ids.iter()
        .map(|id| {
            let dir = out.join("podii").join(id);
            let files = dir.join("poster.pdf").exists() && dir.join("poster.png").exists();
            assert_eq!(
                files,
                dir.join("poster.pdf").exists() || dir.join("poster.png").exists(),
                "{id}: a PDF without its PNG or the other way round"
            );
            let page = read(&out, &format!("podii/{id}/index.html"));
            let page_links = page.contains(&format!("href=\"/podii/{id}/poster.pdf\""))
                && page.contains(&format!("/podii/{id}/poster.png\""));
            assert_eq!(page_links, page.contains("poster."), "{id}: {page}");
            let listed = list.contains(&format!("/podii/{id}/poster.pdf"));
            (id.to_string(), files, page_links, listed)
        })
        .collect()
}

#[test]
fn only_events_within_ahead_get_posters_and_only_those_are_linked() {
    let site = fixture();
    write(site.path(), "data/events.yaml", AROUND_AHEAD);
    let ids = [
        "ostannii-den",
        "nastupnyi-den",
        "shchotyzhnia-vzhe-ide",
        "shchotyzhnia-piznishe",
    ];
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let yes = |id: &str| (id.to_string(), true, true, true);
    let no = |id: &str| (id.to_string(), false, false, false);
    assert_eq!(
        with_posters(site.path(), &ids),
        [
            yes("ostannii-den"),
            no("nastupnyi-den"),
            yes("shchotyzhnia-vzhe-ide"),
            no("shchotyzhnia-piznishe"),
        ]
    );
    // Staff still get any event's posters on request.
    let dir = tempfile::tempdir().unwrap();
    let run = hromada(&[
        "poster",
        "shchotyzhnia-piznishe",
        "--root",
        site.path().to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read(dir.path().join("shchotyzhnia-piznishe-poster.pdf"))
            .unwrap()
            .starts_with(b"%PDF-")
    );

    // A longer window, in Ukrainian: 15 weeks reach 2027-03-07, past the spring club's
    // first session.
    let toml = read(site.path(), "site.toml");
    write(
        site.path(),
        "site.toml",
        &format!("{toml}[posters]\nahead = \"15 тижнів\"\n"),
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        with_posters(site.path(), &ids),
        ids.map(yes),
        "with ahead = 15 weeks"
    );
    // In days: one day reaches tomorrow; the club meets next on Tuesday 2026-11-24.
    write(
        site.path(),
        "site.toml",
        &format!("{toml}[posters]\nahead = \"1 day\"\n"),
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        with_posters(site.path(), &ids),
        [
            no("ostannii-den"),
            no("nastupnyi-den"),
            no("shchotyzhnia-vzhe-ide"),
            no("shchotyzhnia-piznishe"),
        ]
    );
    assert!(!site.path().join("public/podii/afishi").exists());
    assert!(!read(site.path(), "public/podii/index.html").contains("/podii/afishi/"));
}

#[test]
fn a_bad_ahead_is_refused_where_it_is_written() {
    let site = fixture();
    write(site.path(), "data/events.yaml", AROUND_AHEAD);
    let toml = read(site.path(), "site.toml");
    for (value, expected) in [
        (
            "\"2 місяці\"",
            [
                "[posters] ahead = \"2 місяці\" is not a number of weeks or days",
                "ahead = \"8 weeks\", \"56 days\"",
            ],
        ),
        (
            "56",
            ["[posters] ahead = 56 has no unit", "ahead = \"56 days\""],
        ),
        (
            "\"0 weeks\"",
            [
                "leaves no day for posters",
                "for no posters at all write formats = []",
            ],
        ),
    ] {
        write(
            site.path(),
            "site.toml",
            &format!("{toml}[posters]\nahead = {value}\n"),
        );
        let run = build(site.path(), &[]);
        assert_eq!(run.code, 1, "{value}: {}", run.stderr);
        assert_has(&run.stderr, &["error[E0524]", "site.toml:8:9"]);
        assert_has(&run.stderr, &expected);
    }
}

/// `pdfinfo` (with `extra` arguments) of a PDF.
fn pdfinfo(pdf: &Path, extra: &[&str]) -> String {
    let out = Command::new("pdfinfo")
        .args(extra)
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The document catalog of a PDF (written uncompressed, as every dictionary).
fn catalog(pdf: &Path) -> String {
    let bytes = std::fs::read(pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let at = text.find("/Type /Catalog").expect("a catalog");
    let start = text[..at].rfind("obj").unwrap();
    text[start..at + text[at..].find("endobj").unwrap()].to_string()
}

/// `pdfinfo -struct-text`: the structure elements with the text of each, in order.
fn structure(pdf: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in pdfinfo(pdf, &["-struct-text"]).lines() {
        let t = line.trim();
        if let Some(text) = t.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            if let Some(last) = out.last_mut() {
                last.1.push_str(text);
                last.1.push(' ');
            }
        } else if !t.is_empty() {
            out.push((
                t.split_whitespace().next().unwrap().to_string(),
                String::new(),
            ));
        }
    }
    out.into_iter()
        .map(|(role, text)| (role, text.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect()
}

#[test]
fn pdfs_are_tagged_with_title_language_and_the_texts_in_order() {
    require_tools("tagged_pdfs", &["pdfinfo", "pdftotext"]);
    let site = example_site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = site
        .path()
        .join("public/podii/kurs-smartfon-dlia-starshykh/poster.pdf");
    let info = pdfinfo(&pdf, &[]);
    assert!(
        info.contains("Title:           Смартфон без страху — курс для старшого віку\n"),
        "{info}"
    );
    assert!(info.contains("Tagged:          yes"), "{info}");
    let root = catalog(&pdf);
    assert!(root.contains("/Lang (uk)"), "{root}");
    assert!(root.contains("/DisplayDocTitle true"), "{root}");

    // A document of a heading and paragraphs: the title the heading, every text of the page
    // in one of them, in the poster's order.
    let tree = structure(&pdf);
    assert_eq!(tree[0].0, "Document", "{tree:?}");
    let roles: Vec<&str> = tree[1..].iter().map(|(r, _)| r.as_str()).collect();
    assert!(roles.iter().all(|r| *r == "H1" || *r == "P"), "{roles:?}");
    let h1: Vec<&(String, String)> = tree.iter().filter(|(r, _)| r == "H1").collect();
    assert_eq!(h1.len(), 1, "{tree:?}");
    assert_eq!(h1[0].1, "Смартфон без страху — курс для старшого віку");
    let tagged = tree
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(
        tagged.split_whitespace().collect::<Vec<_>>(),
        pdf_text(&pdf).split_whitespace().collect::<Vec<_>>(),
        "the structure holds the page's text, in order"
    );
    let order: Vec<usize> = [
        "Кропивницька міська",
        "Смартфон без",
        "1 грудня 2026",
        "Цифровий клуб",
        "БЕЗКОШТОВНО",
        "Реєстрація",
        "Гаряча лінія",
    ]
    .iter()
    .map(|t| tagged.find(t).unwrap_or_else(|| panic!("{t} in {tagged}")))
    .collect();
    assert!(order.is_sorted(), "{order:?} in {tagged}");

    // An English site's posters say so.
    let toml = read(site.path(), "site.toml").replace("language = \"uk\"", "language = \"en\"");
    write(site.path(), "site.toml", &toml);
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(catalog(&pdf).contains("/Lang (en)"));
}

#[test]
fn closed_and_full_registration_and_skipped_dates_on_the_a4_poster() {
    require_tools("registration_on_posters", TOOLS);
    let site = example_site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    let closed = pdf_text(&out.join("podii/kurs-smartfon-dlia-starshykh/poster.pdf"));
    assert!(closed.contains("Реєстрація: Запис закрито"), "{closed}");
    assert!(!closed.contains("+380 522 00 04 00"), "{closed}");
    let full = pdf_text(&out.join("podii/trening-diia-pidpys-nove/poster.pdf"));
    assert!(full.contains("Реєстрація: Місць немає"), "{full}");
    assert!(!full.contains("+380 522 00 00 01"), "{full}");

    // A weekly event's poster lists the dates it skips, as its page does.
    let id = "konsultatsii-diia-subota";
    let poster = pdf_text(&out.join(format!("podii/{id}/poster.pdf")));
    let page = scraper::Html::parse_document(&read(&out, &format!("podii/{id}/index.html")));
    let skipped = page
        .select(&scraper::Selector::parse("section[aria-labelledby=dati] p").unwrap())
        .map(|p| p.text().collect::<String>())
        .find(|t| t.starts_with("Не відбувається:"))
        .expect("the page lists the skipped dates");
    let skipped = skipped
        .trim_end_matches('.')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(
        skipped,
        "Не відбувається: 2 січня 2027, субота; 9 січня 2027, субота"
    );
    assert!(poster.contains(&skipped), "«{skipped}» not in «{poster}»");
}

const PRICED: &str = "- id: platnyi
  title: Платний курс
  kind: course
  start: \"2026-12-10 10:00\"
  end: \"12:00\"
  online: https://meet.example/a
  free: false
  price: 200
  registration:
    phone: \"+380 522 00 04 00\"
    until: 2026-11-20
- id: kopiiky
  title: Курс із копійками
  kind: course
  start: \"2026-12-11 10:00\"
  end: \"12:00\"
  online: https://meet.example/b
  price: 12.5
  registration:
    phone: \"+380 522 00 04 00\"
- id: dorohyi
  title: Дорогий курс
  kind: course
  start: \"2026-12-12 10:00\"
  end: \"12:00\"
  online: https://meet.example/c
  price: 12500
  registration:
    phone: \"+380 522 00 04 00\"
    places: 8
    full: true
";

#[test]
fn prices_as_people_write_them_and_the_images_show_them() {
    require_tools("prices_on_posters", TOOLS);
    let site = fixture();
    write(site.path(), "data/events.yaml", PRICED);
    let toml = read(site.path(), "site.toml");
    let expected = [
        ("platnyi", "200 грн", "ЗАПИС ЗАКРИТО"),
        ("kopiiky", "12,50 грн", ""),
        ("dorohyi", "12\u{a0}500 грн", "МІСЦЬ НЕМАЄ"),
    ];
    // The page and the A4 poster.
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    for (id, price, _) in expected {
        let page = read(&out, &format!("podii/{id}/index.html"));
        assert!(
            page.contains(&format!("<dd>{price}</dd>")),
            "{id}: {price} not on the page"
        );
        assert!(!page.contains(".0 грн"), "{id}");
        let a4 = pdf_text(&out.join(format!("podii/{id}/poster.pdf")));
        assert!(
            a4.contains(&format!("Вартість: {}", price.replace('\u{a0}', " "))),
            "{id}: {a4}"
        );
    }
    // The social and square images, drawn as a PDF so that pdftotext reads them: the site's
    // own A3 template is the theme's social (then square) image. This site is not a demo.
    for image in ["social.svg", "square.svg"] {
        write(
            site.path(),
            "posters/a3.svg",
            &read(&repo(), &format!("themes/default/posters/{image}")),
        );
        write(
            site.path(),
            "site.toml",
            &format!("{toml}[posters]\nformats = [\"a3\"]\n"),
        );
        let run = build(site.path(), &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for (id, price, state) in expected {
            let text = pdf_text(&out.join(format!("podii/{id}/poster-a3.pdf")));
            assert!(
                text.contains(&price.replace('\u{a0}', " ")),
                "{image} {id}: {price} not in «{text}»"
            );
            assert!(
                text.contains(state),
                "{image} {id}: {state} not in «{text}»"
            );
            assert!(!text.contains("Демонстраційна"), "{image} {id}: {text}");
        }
    }
}

#[test]
fn every_poster_of_a_demo_site_says_it_is_made_up() {
    require_tools("demo_posters", TOOLS);
    let site = example_site();
    let notice = "Демонстраційна афіша: подія, адреси й телефони вигадані для прикладу";
    let toml = read(site.path(), "site.toml");
    assert!(toml.contains("demo = true"));
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    assert!(pdf_text(&out.join("podii/tsyfrohram-hruden/poster.pdf")).contains(notice));
    for image in ["social.svg", "square.svg"] {
        write(
            site.path(),
            "posters/a3.svg",
            &read(&repo(), &format!("themes/default/posters/{image}")),
        );
        write(
            site.path(),
            "site.toml",
            &format!("{toml}\n[posters]\nformats = [\"a3\"]\n"),
        );
        let run = build(site.path(), &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let text = pdf_text(&out.join("podii/tsyfrohram-hruden/poster-a3.pdf"));
        assert!(text.contains(notice), "{image}: {text}");
    }
    // Without `demo`, none.
    write(
        site.path(),
        "site.toml",
        &toml.replace("demo = true", "demo = false"),
    );
    std::fs::remove_file(site.path().join("posters/a3.svg")).unwrap();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!pdf_text(&out.join("podii/tsyfrohram-hruden/poster.pdf")).contains("Демонстраційна"));
}
