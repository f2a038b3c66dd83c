//! Safe by construction: what a hostile pull request (or a slip of the hand) can carry —
//! links out of the site, output folders that are links or sources, formulas in open data,
//! scripts in the settings' addresses, titles that break YAML — ends in a clear diagnostic
//! or a correct result, and nothing outside `--out` changes.

mod common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use common::*;

/// Every file below `dir` with its bytes (links are read through).
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_below(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap_or_default();
            (f, bytes)
        })
        .collect()
}

fn build_into(root: &Path, out: &Path) -> Run {
    hromada(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--now",
        NOW,
    ])
}

fn check(root: &Path) -> Run {
    hromada(&["check", "--root", root.to_str().unwrap(), "--now", NOW])
}

/// A folder outside the site with a secret in it.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "secret.txt", "root:x:0:0:SECRET-LINE\n");
    dir
}

#[test]
fn an_output_that_is_a_link_is_refused_and_its_target_kept() {
    let site = fixture();
    let www = site.path().join("www");
    assert_eq!(build_into(site.path(), &www).code, 0);
    write(&www, "CNAME", "hromada.example\n");
    let before = snapshot(&www);
    let link = site.path().join("pub");
    symlink(&www, &link).unwrap();

    let run = build_into(site.path(), &link);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(
        &run.stderr,
        &["E0701", "is a link to", "give --out the real folder"],
    );
    assert_eq!(snapshot(&www), before, "the linked folder changed");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
}

#[test]
fn an_output_inside_the_sources_is_refused_before_building() {
    let site = fixture();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    write(site.path(), "static/robots-extra.txt", "x");
    for out in ["content/vykhid", "static", "themes/default/out", ".git/x"] {
        let before = snapshot(site.path());
        let run = build_into(site.path(), &site.path().join(out));
        assert_eq!(run.code, 1, "--out {out}: {}", run.stderr);
        assert_has(&run.stderr, &["E0701", "a folder of the site's sources"]);
        assert_eq!(
            snapshot(site.path()),
            before,
            "--out {out} changed the site"
        );
    }
    // The site's own folder and a folder holding it are refused as before.
    let run = build_into(site.path(), site.path());
    assert_has(&run.stderr, &["E0701", "the site's own folder"]);
}

#[test]
fn staging_folders_of_killed_builds_are_removed() {
    let site = fixture();
    let out = site.path().join("public");
    assert_eq!(build_into(site.path(), &out).code, 0);
    // A process that has ended: its id is free, so its staging folder is stale.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale = site.path().join(format!(".public.staging-{dead}"));
    write(&stale, ".hromada-output", "");
    write(&stale, "index.html", "half a site");
    let stale_previous = site.path().join(format!(".public.previous-{dead}"));
    write(&stale_previous, ".hromada-output", "");
    // Not ours (no marker) or of a live process (pid 1): kept.
    let foreign = site.path().join(format!(".public.staging-{dead}0"));
    write(&foreign, "notes.txt", "mine");
    let live = site.path().join(".public.staging-1");
    write(&live, ".hromada-output", "");

    assert_eq!(build_into(site.path(), &out).code, 0);
    assert!(!stale.exists() && !stale_previous.exists());
    assert!(foreign.join("notes.txt").is_file());
    assert!(live.is_dir());
}

#[test]
fn a_logo_linked_out_of_the_site_is_refused_and_never_published() {
    let site = fixture();
    let secret = outside();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    symlink(
        secret.path().join("secret.txt"),
        site.path().join("static/gerb.svg"),
    )
    .unwrap();
    let toml = read(site.path(), "site.toml")
        .replace("hromada = ", "logo = \"static/gerb.svg\"\nhromada = ");
    write(site.path(), "site.toml", &toml);
    let out = site.path().join("public");
    let run = build_into(site.path(), &out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(
        &run.stderr,
        &[
            "E0016",
            "static/gerb.svg",
            "secret.txt",
            "outside the site's folder",
        ],
    );
    assert_eq!(run.stderr.matches("E0016").count(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains("SECRET-LINE"));
    assert!(!out.exists());
}

#[test]
fn registries_and_layers_linked_out_of_the_site_are_refused_without_their_lines() {
    let site = fixture();
    let secret = outside();
    let target = secret.path().join("secret.txt");
    symlink(&target, site.path().join("data/venues.yaml")).unwrap();
    std::fs::create_dir_all(site.path().join("data/events")).unwrap();
    symlink(&target, site.path().join("data/events/2026-12.yaml")).unwrap();
    symlink(&target, site.path().join("data/geo.geojson")).unwrap();
    let toml = read(site.path(), "site.toml")
        + "\n[map]\n[[map.layers]]\nname = \"Межа\"\nfile = \"data/geo.geojson\"\nstyle = \"boundary\"\n";
    write(site.path(), "site.toml", &toml);
    let run = check(site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    for link in [
        "data/venues.yaml",
        "data/events/2026-12.yaml",
        "data/geo.geojson",
    ] {
        assert!(
            run.stderr.contains(&format!("in {link}")),
            "{link}: {}",
            run.stderr
        );
    }
    assert_eq!(
        run.stderr.matches("error[E0016]").count(),
        3,
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("SECRET-LINE"), "{}", run.stderr);
}

#[test]
fn a_folder_linked_out_of_the_site_is_never_entered() {
    let site = fixture();
    let secret = outside();
    symlink(secret.path(), site.path().join("content/zovni")).unwrap();
    let run = check(site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(&run.stderr, &["E0016", "content/zovni"]);
}

#[test]
fn links_inside_the_site_are_followed() {
    let site = fixture();
    symlink("diia.md", site.path().join("content/instruktsii/diia-2.md")).unwrap();
    let run = build_into(site.path(), &site.path().join("public"));
    // The same page twice: the second copy is a page of its own, whose title clashes
    // with nothing; what matters is that it was read.
    assert!(
        site.path()
            .join("public/instruktsii/diia-2/index.html")
            .is_file(),
        "{}",
        run.stderr
    );
}

#[test]
fn an_events_file_that_is_a_folder_or_a_broken_link_is_an_error() {
    let site = fixture();
    std::fs::create_dir_all(site.path().join("data/events.yaml")).unwrap();
    let run = check(site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(&run.stderr, &["E0017", "data/events.yaml", "is a folder"]);

    let site = fixture();
    symlink("podii.yaml", site.path().join("data/events.yaml")).unwrap();
    let run = check(site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(
        &run.stderr,
        &["E0017", "data/events.yaml", "podii.yaml", "does not exist"],
    );
}

#[test]
fn check_writes_nothing_even_with_posters_to_draw() {
    let site = example_site();
    let before = snapshot(site.path());
    let run = check(site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        snapshot(site.path()),
        before,
        "check changed the site's folder"
    );
    assert!(!site.path().join(".cache").exists());

    // build fills the cache; check then reads it and still writes nothing.
    let out = tempfile::tempdir().unwrap();
    let run = build_into(site.path(), &out.path().join("public"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cached = snapshot(&site.path().join(".cache/posters"));
    assert!(!cached.is_empty());
    assert_eq!(check(site.path()).code, 0);
    assert_eq!(snapshot(&site.path().join(".cache/posters")), cached);
}

#[test]
fn a_poster_cache_outside_the_site_is_refused() {
    let site = fixture();
    for cache in ["../elsewhere", "/tmp/posters", "content/cache"] {
        let toml = read(site.path(), "site.toml");
        let toml = toml.split("\n[posters]").next().unwrap().to_string();
        write(
            site.path(),
            "site.toml",
            &format!("{toml}\n[posters]\ncache = \"{cache}\"\n"),
        );
        let run = check(site.path());
        assert_eq!(run.code, 1, "{cache}: {}", run.stderr);
        assert_has(&run.stderr, &["E0018", cache]);
    }
}

fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn open_data_csv_cells_are_never_formulas() {
    let site = fixture();
    write(
        site.path(),
        "data/venues.yaml",
        "- id: biblioteka\n  name: \"=HYPERLINK(\\\"http://evil.example\\\",\\\"Клік\\\")\"\n  kind: library\n  address: \"@SUM(1+1)\"\n  settlement: Кропивницький\n  location: [32.26, 48.51]\n  hours: \"Mo-Fr 09:00-18:00\"\n  phone: \"+380 522 00 00 01\"\n",
    );
    write(
        site.path(),
        "data/events.yaml",
        "- id: kurs\n  title: \"-2+3+cmd|' /C calc'!A0\"\n  kind: training\n  start: \"2026-12-05 10:00\"\n  end: \"12:00\"\n  venue: biblioteka\n  registration: {note: \"Не потрібна\"}\n",
    );
    let out = site.path().join("public");
    let run = build_into(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let venues = csv_rows(&read(&out, "vidkryti-dani/venues.csv"));
    assert_eq!(
        &venues[0][1],
        "'=HYPERLINK(\"http://evil.example\",\"Клік\")"
    );
    assert_eq!(&venues[0][4], "'@SUM(1+1)");
    assert_eq!(&venues[0][8], "'+380 522 00 00 01");
    assert_eq!(&venues[0][5], "32.26", "plain numbers stay numbers");
    let events = csv_rows(&read(&out, "vidkryti-dani/events.csv"));
    assert_eq!(&events[0][1], "'-2+3+cmd|' /C calc'!A0");
    for row in venues.iter().chain(&events) {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r'])
                    && (!cell.starts_with('-') || cell.parse::<f64>().is_ok()),
                "{cell:?}"
            );
        }
    }
    // JSON and GeoJSON keep the values exactly.
    let geojson: serde_json::Value =
        serde_json::from_str(&read(&out, "vidkryti-dani/venues.geojson")).unwrap();
    let props = &geojson["features"][0]["properties"];
    assert_eq!(props["phone"], "+380 522 00 00 01");
    assert_eq!(
        props["name"],
        "=HYPERLINK(\"http://evil.example\",\"Клік\")"
    );
}

#[test]
fn unsafe_addresses_in_the_settings_are_errors_at_their_place() {
    let site = fixture();
    let toml = read(site.path(), "site.toml").replace(
        "phone = \"0 800 000 000\"",
        "phone = \"Дзвоніть 0 800 000 000 з 9 до 18\"\n[[hotline.messengers]]\nname = \"Viber\"\nurl = \"viber://chat?number=%2B380000000000\"\n[[hotline.messengers]]\nname = \"Чат\"\nurl = \"javascript:fetch('/x')\"",
    ) + "\n[[menu]]\nname = \"Увійти\"\nurl = \"javascript:alert(document.domain)\"\n\n[[footer_links]]\nname = \"Дані\"\nurl = \"data:text/html,<script>alert(1)</script>\"\n";
    write(site.path(), "site.toml", &toml);
    let run = hromada(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--now",
        NOW,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let got: Vec<(String, u64)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let line_of = |needle: &str| toml.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1;
    let mut expected = vec![
        ("E0020".to_string(), line_of("Дзвоніть")),
        ("E0019".to_string(), line_of("javascript:fetch")),
        ("E0019".to_string(), line_of("javascript:alert")),
        ("E0019".to_string(), line_of("data:text/html")),
    ];
    let mut got = got;
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "{}", run.stdout);
}

#[test]
fn new_writes_front_matter_and_records_that_read_back() {
    let site = fixture();
    let root = site.path().to_str().unwrap();
    for title in [
        "Як увійти в Дію: крок за кроком",
        "Пароль # не для всіх",
        "Рядок\n---\nі ще: один",
        "\"Лапки\" і 'апостроф'",
    ] {
        let run = hromada(&["new", "--root", root, "--now", NOW, "instruction", title]);
        assert_eq!(run.code, 0, "{title:?}: {}", run.stderr);
        let file = run.stdout.trim();
        let text = read(site.path(), file);
        let front = text.split("\n---\n").next().unwrap();
        let yaml: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(front.trim_start_matches("---\n")).unwrap();
        let one_line = title.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(yaml["title"].as_str(), Some(one_line.as_str()), "{text}");
    }
    let run = hromada(&[
        "new",
        "--root",
        root,
        "--now",
        NOW,
        "event",
        "Курс: «Дія» # для всіх",
        "--venue",
        "a: b",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let events: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&read(site.path(), "data/events.yaml")).unwrap();
    assert_eq!(events[0]["title"].as_str(), Some("Курс: «Дія» # для всіх"));
    assert_eq!(events[0]["venue"].as_str(), Some("a: b"));
    // Every new page builds.
    let run = check(site.path());
    assert!(
        !run.stderr.contains("E0101") && !run.stderr.contains("E0105"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_never_writes_through_a_link_out_of_the_site() {
    let site = fixture();
    let secret = outside();
    symlink(
        secret.path().join("secret.txt"),
        site.path().join("data/events.yaml"),
    )
    .unwrap();
    let before = read(secret.path(), "secret.txt");
    let run = hromada(&[
        "new",
        "--root",
        site.path().to_str().unwrap(),
        "--now",
        NOW,
        "event",
        "Курс",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(read(secret.path(), "secret.txt"), before);
}

/// A `serve` of `root` on a free port, killed when dropped.
struct Preview {
    child: std::process::Child,
    port: u16,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Preview {
    fn start(root: &Path) -> Preview {
        use std::io::{BufRead, BufReader};
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hromada"))
            .args(["serve", "--port", "0", "--now", NOW, "--root"])
            .arg(root)
            .env("HROMADA_LANG", "en")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let port = BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .find_map(|l| {
                let (_, rest) = l.split_once("http://127.0.0.1:")?;
                rest.split('/').next()?.parse().ok()
            })
            .expect("serve said where it serves");
        Preview { child, port }
    }

    /// The whole answer to `GET target` sent with this `Host`.
    fn get(&self, target: &str, host: &str) -> String {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut body = Vec::new();
        let _ = s.read_to_end(&mut body);
        String::from_utf8_lossy(&body).into_owned()
    }
}

/// `serve` draws the posters of the example site in memory: the site's folder is the same
/// before and after, and no cache folder appears.
#[test]
fn serve_writes_nothing_to_the_site() {
    let site = example_site();
    let before = snapshot(site.path());
    let preview = Preview::start(site.path());
    // The whole site, posters included, is rendered before the first page is served.
    let list = preview.get("/podii/afishi/", "127.0.0.1");
    let poster = list
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.ends_with(".pdf"))
        .expect("the posters page links a poster")
        .to_string();
    let pdf = preview.get(&poster, "127.0.0.1");
    drop(preview);
    assert!(
        pdf.starts_with("HTTP/1.1 200") && pdf.contains("%PDF"),
        "{poster}"
    );
    assert_eq!(
        snapshot(site.path()),
        before,
        "serve changed the site's folder"
    );
    assert!(!site.path().join(".cache").exists());
}

/// A request that names another host (DNS rebinding) is refused; the preview's own names
/// are answered.
#[test]
fn serve_answers_only_to_this_computers_names() {
    let site = fixture();
    let preview = Preview::start(site.path());
    let status = |host: &str| {
        let answer = preview.get("/", host);
        answer.split(' ').nth(1).unwrap_or("").to_string()
    };
    let port = preview.port;
    let answers: Vec<String> = [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("rebind.evil.example:{port}"),
    ]
    .iter()
    .map(|h| status(h))
    .collect();
    assert_eq!(answers, ["200", "200", "403"]);
}

/// `new` finds the ids of records however they are indented, so it never makes a duplicate.
#[test]
fn new_event_ids_never_repeat_an_existing_one() {
    let site = fixture();
    write(
        site.path(),
        "data/events.yaml",
        "-   title: Курс\n    id: kurs\n    kind: training\n    start: \"2026-12-05 10:00\"\n    end: \"12:00\"\n    online: https://meet.example/a\n    registration: {note: \"Не потрібна\"}\n",
    );
    let run = hromada(&[
        "new",
        "--root",
        site.path().to_str().unwrap(),
        "--now",
        NOW,
        "event",
        "Курс",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let events: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&read(site.path(), "data/events.yaml")).unwrap();
    assert_eq!(events[1]["id"].as_str(), Some("kurs-2"));
}
