//! The editors' page `/admin/` (`[admin]` in site.toml): it is made only when a site asks,
//! costs residents' pages nothing, its configuration is made from the site's own records
//! and vocabularies, and — in headless Chromium with Decap CMS's local backend on a git copy
//! of the example site (tests/cms/edit-event.mjs) — an event filled in its form lands in
//! data/events.yaml as exactly that record, committed, and `hromada check` passes.
//!
//! The browser test needs Node.js, `npm ci` in tests/cms, Debian's Chromium and the CMS
//! packages that scripts/vendor-cms keeps in target/test-tools/cms; `scripts/test` installs
//! them. Without them it fails (a test that passes because its tool is missing proves
//! nothing).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::Value;

const ADMIN: &str = "\n[admin]\nenabled = true\nrepo = \"hromada/tsyfrova\"\n";

/// Every output file's bytes, by path.
fn snapshot(out: &Path) -> BTreeMap<String, Vec<u8>> {
    files_below(out)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(out.join(&p)).unwrap();
            (p.to_string_lossy().replace('\\', "/"), bytes)
        })
        .collect()
}

/// Stand-ins for the vendored CMS: the build only needs them to be there.
fn fake_cms(root: &Path) {
    write(root, "static/admin/decap-cms.js", "window.CMS = {};\n");
    write(root, "static/admin/js-yaml.min.js", "window.jsyaml = {};\n");
}

fn append(root: &Path, rel: &str, text: &str) {
    let mut all = read(root, rel);
    all.push_str(text);
    write(root, rel, &all);
}

#[test]
fn the_admin_page_is_opt_in_and_leaves_residents_pages_as_they_were() {
    let site = example_site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = snapshot(&site.path().join("public"));
    assert!(!before.keys().any(|p| p.starts_with("admin/")));

    append(site.path(), "site.toml", ADMIN);
    fake_cms(site.path());
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = snapshot(&site.path().join("public"));

    for (path, bytes) in &before {
        let now = after.get(path).unwrap_or_else(|| panic!("{path} is gone"));
        match path.as_str() {
            // The worker's version is the hash of the whole output; its list is unchanged.
            "sw.js" => {
                let lines = |b: &[u8]| -> Vec<String> {
                    String::from_utf8_lossy(b)
                        .lines()
                        .filter(|l| !l.starts_with("const VERSION"))
                        .map(String::from)
                        .collect()
                };
                assert_eq!(lines(bytes), lines(now), "the worker's list changed");
                assert_eq!(bytes.len(), now.len());
            }
            "_headers" => {
                let now = String::from_utf8_lossy(now);
                let added = now
                    .strip_prefix(std::str::from_utf8(bytes).unwrap())
                    .expect("the site's rules are kept as they were");
                assert!(added.starts_with("\n/admin/*\n"), "{added}");
            }
            _ => assert!(bytes == now, "{path} changed with the admin page on"),
        }
    }
    let added: Vec<&String> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    assert_eq!(
        added,
        [
            "admin/config.yml",
            "admin/decap-cms.js",
            "admin/hromada-cms.js",
            "admin/index.html",
            "admin/js-yaml.min.js",
        ]
    );

    let page = String::from_utf8_lossy(&after["admin/index.html"]).into_owned();
    assert!(page.contains(r#"<meta name="robots" content="noindex, nofollow">"#));
    let headers = String::from_utf8_lossy(&after["_headers"]).into_owned();
    let policy = headers
        .split("/admin/*\n")
        .nth(1)
        .and_then(|b| {
            b.lines()
                .find_map(|l| l.trim().strip_prefix("Content-Security-Policy: "))
        })
        .expect("the admin page's policy");
    let meta = policy.trim_end_matches("; frame-ancestors 'none'");
    let escaped = meta.replace('\'', "&#39;");
    assert!(page.contains(&format!(r#"content="{escaped}""#)), "{page}");
    assert!(
        meta.contains("connect-src 'self' https://api.github.com;"),
        "{meta}"
    );
    assert!(!meta.contains("localhost"), "{meta}");
    for src in [
        "/admin/js-yaml.min.js",
        "/admin/decap-cms.js",
        "/admin/hromada-cms.js",
    ] {
        assert!(page.contains(&format!(r#"<script src="{src}"></script>"#)));
    }
}

/// The form of `name` in the collection `collection` of config.yml.
fn form<'a>(config: &'a Value, collection: &str) -> &'a Vec<Value> {
    let c = config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == collection)
        .unwrap();
    let fields = if c["files"].is_array() {
        c["files"][0]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "records")
            .unwrap()["fields"]
            .as_array()
    } else {
        c["fields"].as_array()
    };
    fields.unwrap()
}

fn field<'a>(fields: &'a [Value], name: &str) -> &'a Value {
    fields
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

fn options(f: &Value) -> Vec<(String, String)> {
    f["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["value"].as_str().unwrap().to_string(),
                o["label"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_forms_offer_the_sites_own_venues_kinds_and_outline() {
    let site = example_site();
    append(site.path(), "site.toml", ADMIN);
    fake_cms(site.path());
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config: Value =
        serde_yaml_ng::from_str(&read(&site.path().join("public"), "admin/config.yml")).unwrap();
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["backend"]["repo"], "hromada/tsyfrova");
    assert_eq!(config["backend"]["branch"], "main");
    assert_eq!(config["locale"], "uk");
    assert!(config.get("local_backend").is_none());

    // Events: the venue is one of the registry's, by id, shown by name.
    let venues: Vec<Value> =
        serde_yaml_ng::from_str(&read(site.path(), "data/venues.yaml")).unwrap();
    let events = form(&config, "podii");
    let venue = options(field(events, "venue"));
    let mut ids: Vec<&str> = venues.iter().map(|v| v["id"].as_str().unwrap()).collect();
    let mut offered: Vec<&str> = venue.iter().map(|(v, _)| v.as_str()).collect();
    ids.sort();
    offered.sort();
    assert_eq!(offered, ids);
    assert!(venue.iter().any(|(id, label)| id == "tsentralna-biblioteka"
        && label == "Центральна міська смарт-бібліотека — вул. Велика Перспективна, 41"));
    assert!(options(field(events, "kind")).contains(&("training".into(), "Тренінг".into())));
    for (name, required) in [
        ("id", true),
        ("start", true),
        ("venue", false),
        ("repeat", false),
    ] {
        assert_eq!(field(events, name)["required"], required, "{name}");
    }
    assert_eq!(field(events, "start")["format"], "YYYY-MM-DD HH:mm");
    let repeat = field(events, "repeat")["fields"].as_array().unwrap();
    assert_eq!(field(repeat, "until")["format"], "YYYY-MM-DD");
    // A pattern the build checks is checked in the form too.
    assert_eq!(
        field(events, "id")["pattern"][0],
        "^[a-z0-9]+(-[a-z0-9]+)*$"
    );

    // Venues: choices with Ukrainian labels, the location as two named numbers.
    let places = form(&config, "mistsia");
    assert!(options(field(places, "kind")).contains(&("library".into(), "Бібліотека".into())));
    assert!(
        options(field(places, "accessibility"))
            .iter()
            .any(|(k, _)| k == "step-free")
    );
    assert_eq!(field(places, "services")["multiple"], true);
    let location = field(places, "location")["fields"].as_array().unwrap();
    assert_eq!(field(location, "latitude")["min"], 44);
    assert_eq!(field(location, "longitude")["max"], 41);

    // Instructions start from the uniform outline.
    let instructions = form(&config, "instruktsii");
    let body = field(instructions, "body")["default"].as_str().unwrap();
    for heading in ["## Що потрібно", "## Кроки", "## Що може піти не так"]
    {
        assert!(body.contains(heading), "{body}");
    }
    assert!(
        options(field(instructions, "service"))
            .iter()
            .any(|(k, _)| k == "diia")
    );
}

#[test]
fn the_admin_settings_are_checked() {
    let site = example_site();
    append(
        site.path(),
        "site.toml",
        "\n[admin]\nenabled = true\nrepo = \"tsyfrova\"\nbackend = \"bitbucket\"\n",
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(
        &run.stderr,
        &[
            "E0025",
            "admin.repo must be the repository as owner/name",
            "there is no admin backend `bitbucket`",
            "E0026",
            "static/admin/decap-cms.js, static/admin/js-yaml.min.js missing",
            "scripts/vendor-cms",
        ],
    );
    // Off, the section may say anything else: nothing is checked or made.
    let site = example_site();
    append(
        site.path(),
        "site.toml",
        "\n[admin]\nenabled = false\nrepo = \"x\"\n",
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.path().join("public/admin").exists());
}

fn cms_suite() -> PathBuf {
    repo().join("tests/cms")
}

/// Where scripts/vendor-cms keeps the pinned CMS packages for the tests.
fn cms_cache() -> PathBuf {
    std::env::var_os("HROMADA_CMS_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/test-tools/cms"))
}

fn require_cms_suite(test: &str) {
    let chromium =
        std::env::var("HROMADA_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    let missing = if !Path::new(&chromium).is_file() {
        Some(format!("no Chromium at {chromium}"))
    } else if Command::new("node").arg("--version").output().is_err() {
        Some("no node".to_string())
    } else if !cms_cache().join("decap-cms-3.16.3.tgz").is_file() {
        Some(format!("no CMS packages in {}", cms_cache().display()))
    } else {
        ["playwright-core", "axe-core", "decap-server"]
            .iter()
            .find(|p| !cms_suite().join("node_modules").join(p).is_dir())
            .map(|p| format!("no {p}: run npm ci in tests/cms"))
    };
    if let Some(why) = missing {
        panic!("{test}: the CMS test cannot run: {why} (./scripts/test installs it)");
    }
}

fn git(root: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Тест", "-c", "user.email=test@example.org"])
        .args(args)
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn an_event_filled_in_the_cms_form_lands_in_events_yaml() {
    require_cms_suite("an_event_filled_in_the_cms_form_lands_in_events_yaml");
    let site = example_site();
    let root = site.path();
    let port = free_port();
    append(
        root,
        "site.toml",
        &format!("{ADMIN}local_backend = true\nlocal_port = {port}\n"),
    );
    let vendor = Command::new(repo().join("scripts/vendor-cms"))
        .arg(root)
        .env("HROMADA_CMS_CACHE", cms_cache())
        .output()
        .unwrap();
    assert!(
        vendor.status.success(),
        "{}",
        String::from_utf8_lossy(&vendor.stderr)
    );
    // As in a site made by `hromada init`: the build's caches are not committed (decap-server
    // commits everything it finds).
    write(root, ".gitignore", ".cache/\n");
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "Сайт громади"]);
    let out = tempfile::tempdir().unwrap();
    let run = hromada(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before: Vec<Value> = serde_yaml_ng::from_str(&read(root, "data/events.yaml")).unwrap();

    let event = serde_json::json!({
        "title": "Дія для старшого віку",
        "id": "diia-dlia-senioriv-sichen",
        "kind_label": "Тренінг",
        "start_input": "2027-01-20T10:00",
        "end_input": "2027-01-20T12:00",
        "venue_label": "Бібліотека-філія № 5 — вул. Київська, 12",
        "audience_labels": ["Люди старшого віку"],
        "organizer": "Бібліотека-філія № 5",
    });
    let shots = std::env::var_os("HROMADA_CMS_SHOTS").map(PathBuf::from);
    let mut node = Command::new("node");
    node.arg(cms_suite().join("edit-event.mjs"))
        .args(["--site", root.to_str().unwrap()])
        .args(["--out", out.path().to_str().unwrap()])
        .args(["--port", &port.to_string()])
        .args(["--event", &event.to_string()]);
    if let Some(dir) = &shots {
        node.args(["--shots", dir.to_str().unwrap()]);
    }
    let ran = node.output().unwrap();
    let stdout = String::from_utf8_lossy(&ran.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&ran.stderr));
    assert!(ran.status.success(), "the CMS run failed");

    // Exactly that record was added; the others are as they were.
    let after: Vec<Value> = serde_yaml_ng::from_str(&read(root, "data/events.yaml")).unwrap();
    let added: Vec<&Value> = after.iter().filter(|e| !before.contains(e)).collect();
    let expected = serde_json::json!({
        "title": "Дія для старшого віку",
        "id": "diia-dlia-senioriv-sichen",
        "kind": "training",
        "start": "2027-01-20 10:00",
        "end": "2027-01-20 12:00",
        "venue": "biblioteka-filiia-5",
        "audience": ["seniors"],
        "free": true,
        "organizer": "Бібліотека-філія № 5",
    });
    assert_eq!(added, [&expected]);
    assert_eq!(after.len(), before.len() + 1);
    let kept: Vec<&Value> = after.iter().filter(|e| *e != &expected).collect();
    assert_eq!(kept, before.iter().collect::<Vec<_>>());
    // The file still starts with its comment for people who edit it by hand.
    assert!(read(root, "data/events.yaml").starts_with("# Trainings, courses"));

    // The save is a commit on the site's branch.
    let log = git(root, &["log", "--format=%s", "-2"]);
    assert!(log.starts_with("Змінено"), "{log}");
    let changed = git(root, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(changed.trim(), "data/events.yaml");
    assert_eq!(git(root, &["status", "--porcelain"]), "");

    let check = hromada(&["check", "--root", root.to_str().unwrap(), "--now", NOW]);
    assert_eq!(check.code, 0, "{}", check.stderr);

    // What axe-core finds in the CMS's own interface is reported, not hidden.
    let result: Value = stdout
        .lines()
        .find_map(|l| l.strip_prefix("cms result: "))
        .and_then(|j| serde_json::from_str(j).ok())
        .expect("the run's result line");
    eprintln!("axe on the CMS: {}", result["axe"]);
}
