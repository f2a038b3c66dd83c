//! Helpers for integration tests: build real sites into temp folders with the real binary.
#![allow(dead_code)]

pub mod edits;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const NOW: &str = "2026-11-22";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &dest).unwrap();
    }
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every file below `dir`, relative, sorted.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    walkdir(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

/// A temp folder holding a copy of this repository's example site.
pub fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in [
        "content",
        "data",
        "themes",
        "static",
        "templates",
        "assets",
        "i18n",
    ] {
        let from = repo().join(sub);
        if from.is_dir() {
            copy_dir(&from, &dir.path().join(sub));
        }
    }
    std::fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

pub const SITE_TOML: &str = r#"title = "Тест"
base_url = "https://test.example/"
hromada = "Тестова громада"

[hotline]
phone = "0 800 000 000"
"#;

pub const SERVICES: &str =
    "- key: diia\n  name: Дія\n  url: https://diia.gov.ua/\n  operator: Мінцифри\n";

pub const INSTRUCTION: &str = "---
title: Як встановити Дію
summary: Встановіть Дію.
service: diia
audience: [seniors]
competence: safety
level: basic
duration: 10
reviewed: 2026-11-01
---
## Кроки

1. Відкрийте магазин застосунків.
2. Встановіть Дію.
";

/// A small valid site with the real theme: a home page and one instruction.
pub fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    write(dir.path(), "site.toml", SITE_TOML);
    write(dir.path(), "data/services.yaml", SERVICES);
    write(
        dir.path(),
        "content/_index.md",
        "---\ntitle: Головна\n---\nВітаємо.\n",
    );
    write(dir.path(), "content/instruktsii/diia.md", INSTRUCTION);
    dir
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn hromada(args: &[&str]) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_hromada"))
        .args(args)
        .env("NO_COLOR", "1")
        // These suites assert the English wording of messages; tests/messages.rs checks the
        // default, Ukrainian, and how the language is chosen.
        .env("HROMADA_LANG", "en")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `hromada build` of `root` into `root/public`.
pub fn build(root: &Path, extra: &[&str]) -> Run {
    let root_s = root.to_str().unwrap();
    let out = root.join("public");
    let mut args = vec![
        "build",
        "--root",
        root_s,
        "--out",
        out.to_str().unwrap(),
        "--now",
        NOW,
    ];
    args.extend_from_slice(extra);
    hromada(&args)
}

/// Builds the good site, applies `edit`, builds again. Returns the failed run's stderr
/// after checking the old output survived whole.
pub fn broken_site(site: tempfile::TempDir, edit: impl FnOnce(&Path)) -> String {
    let first = build(site.path(), &[]);
    assert_eq!(
        first.code, 0,
        "the fixture itself must build: {}",
        first.stderr
    );
    let out = site.path().join("public");
    let before: Vec<_> = files_below(&out)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap()))
        .collect();
    edit(site.path());
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 1, "expected a content error:\n{}", run.stderr);
    let after: Vec<_> = files_below(&out)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap()))
        .collect();
    assert_eq!(before, after, "the previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains("previous"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(
        run.stderr
            .contains("The previous output was left as it was")
    );
    run.stderr
}

pub fn assert_has(stderr: &str, needles: &[&str]) {
    for n in needles {
        assert!(stderr.contains(n), "missing {n:?} in:\n{stderr}");
    }
}

pub fn edit_file(rel: &'static str, from: &'static str, to: &'static str) -> impl FnOnce(&Path) {
    move |root: &Path| {
        let text = read(root, rel);
        assert!(text.contains(from), "{rel} lacks {from:?}");
        write(root, rel, &text.replacen(from, to, 1));
    }
}

/// The Python with the independent readers (icalendar, dateutil, jsonschema, PyYAML) that
/// `scripts/test` installs. A test that needs it fails without it: a test that passes
/// because its tool is missing would prove nothing.
pub fn python_tools() -> PathBuf {
    let candidate = std::env::var_os("HROMADA_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/test-tools/venv/bin/python"));
    let ok = Command::new(&candidate)
        .args(["-c", "import icalendar, dateutil, jsonschema, yaml"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "{} cannot import icalendar, dateutil, jsonschema and yaml: run ./scripts/test, which installs them",
        candidate.display()
    );
    candidate
}

/// Fails `test` unless the browser suite can run here (Debian's Chromium, node, and
/// `npm ci` done in tests/browser, as `scripts/test` does).
pub fn require_browser(test: &str) {
    let chromium =
        std::env::var("HROMADA_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    let suite = repo().join("tests/browser");
    let missing = if !Path::new(&chromium).is_file() {
        Some(format!("no Chromium at {chromium}"))
    } else if Command::new("node").arg("--version").output().is_err() {
        Some("no node".to_string())
    } else {
        ["playwright-core", "axe-core"]
            .iter()
            .find(|p| !suite.join("node_modules").join(p).is_dir())
            .map(|p| format!("no {p}: run npm ci in tests/browser"))
    };
    if let Some(why) = missing {
        panic!("{test}: the browser suite cannot run: {why} (./scripts/test installs it)");
    }
}

/// Fails `test` unless the command-line tools `tools` run here (`--version` or `-v`
/// answers).
pub fn require_tools(test: &str, tools: &[&str]) {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|t| {
            Command::new(t).arg("-v").output().is_err()
                && Command::new(t).arg("--version").output().is_err()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{test}: needs {} (./scripts/test installs them)",
        missing.join(", ")
    );
}

/// The output path (`assets/style.<hash>.css`) of the one fingerprinted asset under
/// `assets/` of `out` whose name starts with `stem.` and ends with `ext`.
pub fn fingerprinted(out: &Path, stem: &str, ext: &str) -> String {
    let names: Vec<String> = std::fs::read_dir(out.join("assets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("{stem}.")) && n.ends_with(ext))
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    format!("assets/{}", names[0])
}
