//! The build cache (`.cache/build/`): a build that reuses it writes exactly the files a
//! clean build writes, after every kind of edit an editor makes — and it is really reused
//! when what a renderer reads did not change.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{NOW, copy_dir, example_site, files_below, read, write};

/// Builds `root` into `out` with phase timings on; returns stderr (the timing lines name
/// the renderers taken from the cache: `registry pages (cached)`).
fn build_into(bin: &Path, root: &Path, out: &Path, extra: &[&str]) -> String {
    build_on(bin, root, out, NOW, extra)
}

fn build_on(bin: &Path, root: &Path, out: &Path, now: &str, extra: &[&str]) -> String {
    let run = Command::new(bin)
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(["--now", now])
        .args(extra)
        .env("NO_COLOR", "1")
        .env("HROMADA_LANG", "en")
        .env("HROMADA_TIMING", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(
        run.status.success(),
        "build of {} failed:\n{stderr}",
        root.display()
    );
    stderr
}

fn cached(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timing:"))
        .filter_map(|l| {
            l.trim()
                .split(" (cached)")
                .next()
                .filter(|_| l.contains("(cached)"))
        })
        .map(str::to_string)
        .collect()
}

/// The site's own files, without its output and caches, copied to a new folder: what a
/// fresh clone of the site's repository holds.
fn fresh_copy(root: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        if name == ".cache" || name == "public" {
            continue;
        }
        if p.is_dir() {
            copy_dir(&p, &dir.path().join(&name));
        } else {
            std::fs::copy(&p, dir.path().join(&name)).unwrap();
        }
    }
    dir
}

fn assert_same_output(step: &str, incremental: &Path, clean: &Path) {
    let a = files_below(incremental);
    let b = files_below(clean);
    let only_a: Vec<_> = a.iter().filter(|p| !b.contains(p)).collect();
    let only_b: Vec<_> = b.iter().filter(|p| !a.contains(p)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "{step}: only in the incremental build {only_a:?}, only in the clean one {only_b:?}"
    );
    for p in &a {
        let x = std::fs::read(incremental.join(p)).unwrap();
        let y = std::fs::read(clean.join(p)).unwrap();
        assert!(x == y, "{step}: {} differs from a clean build", p.display());
    }
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let text = read(root, rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    write(root, rel, &text.replacen(from, to, 1));
}

fn rename(root: &Path, from: &str, to: &str) {
    std::fs::rename(root.join(from), root.join(to)).unwrap();
}

fn remove(root: &Path, rel: &str) {
    std::fs::remove_file(root.join(rel)).unwrap();
}

const EXTRA_EVENTS: &str = "- id: dodatkovyi-kurs
  title: Додатковий курс смартфона
  kind: course
  start: \"2026-12-03 10:00\"
  end: \"12:00\"
  venue: tsentralna-biblioteka
  audience: [seniors]
  topics: [diia]
  free: true
  organizer: Центральна міська смарт-бібліотека
";

type Step = (&'static str, fn(&Path), Expect);

/// Whether the registry pages (the largest part) may come from the cache after a step.
#[derive(Clone, Copy, PartialEq)]
enum Expect {
    /// Nothing the registry pages read changed: they must come from the cache.
    RegistryCached,
    /// They read what changed: they must be made again.
    RegistryRendered,
    /// Either is right.
    Any,
}
use Expect::*;

fn steps() -> Vec<Step> {
    vec![
        ("nothing changed", |_| {}, RegistryCached),
        (
            "a page's text",
            |r| {
                let p = "content/instruktsii/diia-pidpys.md";
                write(r, p, &(read(r, p) + "\nЩе один абзац для перевірки.\n"));
            },
            RegistryCached,
        ),
        (
            "a page's title",
            |r| {
                edit(
                    r,
                    "content/instruktsii/diia-pidpys.md",
                    "title: Як створити Дія.Підпис",
                    "title: Як створити Дія.Підпис у смартфоні",
                )
            },
            RegistryRendered,
        ),
        (
            "a page added",
            |r| {
                let model = read(r, "content/instruktsii/diia-pidpys.md");
                let copy = model.replacen("title: ", "title: Нова інструкція — ", 1);
                write(r, "content/instruktsii/nova.md", &copy);
            },
            Any,
        ),
        (
            "a page renamed",
            |r| {
                rename(
                    r,
                    "content/instruktsii/nova.md",
                    "content/instruktsii/nova-2.md",
                )
            },
            Any,
        ),
        (
            "a page deleted",
            |r| remove(r, "content/instruktsii/nova-2.md"),
            Any,
        ),
        (
            "a venue's name",
            |r| {
                edit(
                    r,
                    "data/venues.yaml",
                    "name: Центральна міська смарт-бібліотека",
                    "name: Центральна смарт-бібліотека міста",
                )
            },
            RegistryRendered,
        ),
        (
            "a venue's opening hours",
            |r| {
                edit(
                    r,
                    "data/venues.yaml",
                    "Sa 10:00-16:00; Su off",
                    "Sa 10:00-15:00; Su off",
                )
            },
            RegistryRendered,
        ),
        (
            "an event file added",
            |r| write(r, "data/events/dodatkovi.yaml", EXTRA_EVENTS),
            RegistryRendered,
        ),
        (
            "an event's title",
            |r| {
                edit(
                    r,
                    "data/events/dodatkovi.yaml",
                    "Додатковий курс смартфона",
                    "Курс смартфона для початківців",
                )
            },
            RegistryRendered,
        ),
        (
            "an event file renamed",
            |r| rename(r, "data/events/dodatkovi.yaml", "data/events/inshi.yaml"),
            Any,
        ),
        (
            "an event file deleted",
            |r| remove(r, "data/events/inshi.yaml"),
            RegistryRendered,
        ),
        (
            "an e-service's name",
            |r| {
                edit(
                    r,
                    "data/services.yaml",
                    "name: Дія\n",
                    "name: Дія (застосунок)\n",
                )
            },
            RegistryRendered,
        ),
        (
            "a map layer",
            |r| {
                let p = "data/geo/naseleni-punkty.geojson";
                let text = read(r, p);
                let at = text.find("\"name\"").expect("a named settlement");
                let (head, tail) = text.split_at(at);
                write(r, p, &format!("{head}\"name_note\": \"змінено\", {tail}"));
            },
            Any,
        ),
        (
            "site.toml",
            |r| {
                let text = read(r, "site.toml");
                let title = text
                    .lines()
                    .find(|l| l.starts_with("title"))
                    .unwrap()
                    .to_string();
                write(
                    r,
                    "site.toml",
                    &text.replacen(&title, "title = \"Цифрова громада — перевірка\"", 1),
                );
            },
            RegistryRendered,
        ),
        (
            "the theme's base template",
            |r| {
                edit(
                    r,
                    "themes/default/templates/base.html",
                    "</body>",
                    "<!-- змінено --></body>",
                )
            },
            RegistryRendered,
        ),
        (
            "a template overridden by the site",
            |r| {
                let theirs = read(r, "themes/default/templates/venue.html");
                write(
                    r,
                    "templates/venue.html",
                    &(theirs + "\n{# the site's own #}\n"),
                );
            },
            RegistryRendered,
        ),
        (
            "the override deleted",
            |r| remove(r, "templates/venue.html"),
            RegistryRendered,
        ),
        (
            "a theme string",
            |r| {
                let p = "themes/default/i18n/uk.toml";
                let text = read(r, p);
                let line = text
                    .lines()
                    .find(|l| l.contains(" = \"") && !l.starts_with('#'))
                    .unwrap()
                    .to_string();
                let changed = line.replacen(" = \"", " = \"(змінено) ", 1);
                write(r, p, &text.replacen(&line, &changed, 1));
            },
            RegistryRendered,
        ),
        (
            "a stylesheet",
            |r| {
                let p = "themes/default/assets/style.css";
                write(r, p, &(read(r, p) + "\n.zmineno { color: #000; }\n"));
            },
            RegistryRendered,
        ),
        (
            "a static file added",
            |r| write(r, "static/dovidka.txt", "Довідка\n"),
            Any,
        ),
        (
            "a static file renamed",
            |r| rename(r, "static/dovidka.txt", "static/dovidka-2.txt"),
            Any,
        ),
        (
            "a static file changed",
            |r| write(r, "static/dovidka-2.txt", "Довідка, друга редакція\n"),
            Any,
        ),
        (
            "a static file deleted",
            |r| remove(r, "static/dovidka-2.txt"),
            Any,
        ),
        (
            "a picture beside a page",
            |r| {
                let p = "content/instruktsii/dii-vkhid.svg";
                let text = read(r, p);
                write(r, p, &text.replacen("</svg>", "<!-- змінено --></svg>", 1));
            },
            Any,
        ),
        (
            "a poster template",
            |r| {
                edit(
                    r,
                    "themes/default/posters/a4.svg",
                    "</svg>",
                    "<!-- змінено --></svg>",
                )
            },
            Any,
        ),
    ]
}

#[test]
fn every_kind_of_edit_builds_what_a_clean_build_builds() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_hromada"));
    let site = example_site();
    let root = site.path();
    let out = tempfile::tempdir().unwrap();
    let incremental = out.path().join("incremental");
    let first = build_into(&bin, root, &incremental, &[]);
    assert!(
        cached(&first).is_empty(),
        "a first build found a cache: {first}"
    );
    assert!(
        root.join(".cache/build").is_dir(),
        "the first build kept nothing"
    );
    for (step, change, expect) in steps() {
        change(root);
        let stderr = build_into(&bin, root, &incremental, &[]);
        let reused = cached(&stderr);
        let registry = reused.iter().any(|r| r == "registry pages");
        match expect {
            RegistryCached => assert!(registry, "{step}: registry pages not reused: {reused:?}"),
            RegistryRendered => {
                assert!(
                    !registry,
                    "{step}: registry pages reused though what they read changed"
                )
            }
            Any => {}
        }
        let clean_site = fresh_copy(root);
        let clean = out.path().join("clean");
        let _ = std::fs::remove_dir_all(&clean);
        let clean_err = build_into(&bin, clean_site.path(), &clean, &[]);
        assert!(
            cached(&clean_err).is_empty(),
            "{step}: a fresh copy used a cache"
        );
        assert_same_output(step, &incremental, &clean);
    }
    // Another day: events move from upcoming to past.
    let stderr = build_on(&bin, root, &incremental, "2026-12-24", &[]);
    assert!(!cached(&stderr).iter().any(|r| r == "registry pages"));
}

#[test]
fn a_cache_from_another_program_or_damaged_is_not_trusted() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_hromada"));
    let site = example_site();
    let root = site.path();
    let out = tempfile::tempdir().unwrap();
    build_into(&bin, root, &out.path().join("a"), &[]);
    assert!(cached(&build_into(&bin, root, &out.path().join("a"), &[])).len() >= 5);

    // The same program with one byte more: another build of hromada.
    let other = out.path().join("hromada-other");
    let mut bytes = std::fs::read(&bin).unwrap();
    bytes.push(0);
    std::fs::write(&other, &bytes).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let stderr = build_into(&other, root, &out.path().join("b"), &[]);
    assert!(
        cached(&stderr).is_empty(),
        "another program trusted the cache: {stderr}"
    );

    // Every file of the cache cut short, or deleted: a clean build's output.
    let dir = root.join(".cache/build");
    for f in std::fs::read_dir(&dir).unwrap() {
        let p = f.unwrap().path();
        let len = std::fs::metadata(&p).unwrap().len();
        let bytes = std::fs::read(&p).unwrap();
        std::fs::write(&p, &bytes[..(len / 2) as usize]).unwrap();
    }
    let stderr = build_into(&other, root, &out.path().join("c"), &[]);
    assert!(
        cached(&stderr).is_empty(),
        "a damaged cache was read: {stderr}"
    );
    assert_same_output(
        "damaged cache",
        &out.path().join("c"),
        &out.path().join("b"),
    );
    std::fs::remove_dir_all(&dir).unwrap();
    build_into(&other, root, &out.path().join("d"), &[]);
    assert_same_output(
        "deleted cache",
        &out.path().join("d"),
        &out.path().join("b"),
    );

    // --no-cache neither reads nor writes it.
    std::fs::remove_dir_all(&dir).unwrap();
    let stderr = build_into(&bin, root, &out.path().join("e"), &["--no-cache"]);
    assert!(cached(&stderr).is_empty());
    assert!(!dir.exists(), "--no-cache wrote the cache");
}
