//! Helpers for integration tests: build real sites into temp folders with the real binary.
#![allow(dead_code)]

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
    for sub in ["content", "data", "themes", "static", "templates"] {
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
