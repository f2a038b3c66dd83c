//! Every kind of edit an editor makes to a site, and how to compare two outputs: shared by
//! the build cache's test (tests/incremental.rs) and the preview's (tests/serve.rs).
#![allow(dead_code)]

use std::path::Path;

use super::{copy_dir, files_below, read, write};

/// The site's own files, without its output and caches, copied to a new folder: what a
/// fresh clone of the site's repository holds.
pub fn fresh_copy(root: &Path) -> tempfile::TempDir {
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

pub fn assert_same_output(step: &str, incremental: &Path, clean: &Path) {
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

pub type Step = (&'static str, fn(&Path), Expect);

/// Whether the registry pages (the largest part) may come from the cache after a step.
#[derive(Clone, Copy, PartialEq)]
pub enum Expect {
    /// Nothing the registry pages read changed: they must come from the cache.
    RegistryCached,
    /// They read what changed: they must be made again.
    RegistryRendered,
    /// Either is right.
    Any,
}
use Expect::*;

pub fn steps() -> Vec<Step> {
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
            "a section's text",
            |r| {
                let p = "content/instruktsii/_index.md";
                write(r, p, &(read(r, p) + "\nВступ до розділу, дописаний.\n"));
            },
            RegistryCached,
        ),
        (
            "the home page's text",
            |r| {
                let p = "content/_index.md";
                write(r, p, &(read(r, p) + "\nНовина на головній.\n"));
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
