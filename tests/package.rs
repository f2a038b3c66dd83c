//! The crate as `cargo install hromada` gets it: the package holds every file the binary
//! embeds (the default theme, the starter files `init` writes, the files the code reads with
//! `include_str!`/`include_bytes!`) and nothing else — no tests, fixtures, fuzzing corpus,
//! scripts, the example site's own pages and data, or Node packages.
//!
//! `cargo package --list` reads the manifest's `include` and the files on disk, builds
//! nothing and is offline, so this runs in a second; `cargo package` (which builds the packaged
//! crate alone, proving the same from the other side) takes minutes and is run before a
//! release.

mod common;

use std::collections::BTreeSet;
use std::path::{Component, Path};
use std::process::Command;

use common::{files_below, repo};

/// The files `cargo package` would put in the crate, relative to its root.
fn package_list() -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = Command::new(cargo)
        .args(["package", "--list", "--allow-dirty", "--offline", "--quiet"])
        .current_dir(repo())
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo package --list failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// `base/rel` with `.` and `..` folded, as a `/`-separated path relative to the repository.
fn folded(base: &Path, rel: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in base.join(rel).components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// Every file a source file under `src/` names in `include_str!("…")` or
/// `include_bytes!("…")`, relative to the repository.
fn included_by_the_code() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for rel in files_below(&repo().join("src")) {
        if rel.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(repo().join("src").join(&rel)).unwrap();
        let dir = Path::new("src").join(rel.parent().unwrap_or(Path::new("")));
        for macro_call in ["include_str!(\"", "include_bytes!(\""] {
            for (at, _) in text.match_indices(macro_call) {
                let rest = &text[at + macro_call.len()..];
                let Some(end) = rest.find('"') else { continue };
                found.insert(folded(&dir, &rest[..end]));
            }
        }
    }
    found
}

/// What the binary embeds through `build.rs`, as paths in the repository.
fn embedded() -> BTreeSet<String> {
    let theme = hromada::embedded::THEME
        .iter()
        .map(|(p, _)| format!("{}/{p}", hromada::embedded::THEME_DIR));
    let starter = hromada::embedded::STARTER
        .iter()
        .map(|(p, _)| p.to_string());
    theme.chain(starter).collect()
}

#[test]
fn the_package_holds_every_file_the_binary_embeds() {
    let list = package_list();
    let code = included_by_the_code();
    let embedded = embedded();
    // Not vacuous: the scan found the workflows `init` writes, and the theme's fonts.
    assert!(code.contains(".github/workflows/publish.yml"), "{code:?}");
    assert!(code.contains("themes/default/i18n/en.toml"), "{code:?}");
    assert!(
        embedded.contains("themes/default/posters/fonts/DejaVuSans.ttf"),
        "{embedded:?}"
    );
    let missing: Vec<&String> = code
        .iter()
        .chain(&embedded)
        .filter(|f| !list.contains(*f))
        .collect();
    assert!(
        missing.is_empty(),
        "the binary embeds these, but the package lacks them (add them to Cargo.toml's `include`): {missing:?}"
    );
    // Every source file, and build.rs, which embeds the rest.
    for rel in files_below(&repo().join("src")) {
        let path = format!("src/{}", rel.to_string_lossy().replace('\\', "/"));
        if path.ends_with(".rs") {
            assert!(list.contains(&path), "{path}");
        }
    }
    assert!(list.contains("build.rs"));
}

#[test]
fn the_package_holds_nothing_the_build_does_not_read() {
    let list = package_list();
    let needed: BTreeSet<String> = included_by_the_code()
        .into_iter()
        .chain(embedded())
        .chain(
            [
                "Cargo.toml",
                "Cargo.toml.orig",
                "Cargo.lock",
                ".cargo_vcs_info.json",
                "build.rs",
                "README.md",
                "LICENSE-MIT",
                "LICENSE-APACHE",
            ]
            .map(str::to_string),
        )
        .collect();
    let extra: Vec<&String> = list
        .iter()
        .filter(|f| !(needed.contains(*f) || (f.starts_with("src/") && f.ends_with(".rs"))))
        .collect();
    assert!(
        extra.is_empty(),
        "the package holds files nothing embeds (leave them out of Cargo.toml's `include`): {extra:?}"
    );
    for never in [
        "tests/",
        "fuzz/",
        "scripts/",
        "schemas/",
        "target/",
        "site.toml",
        "data/venues",
        "data/events",
    ] {
        assert!(
            !list.iter().any(|f| f.starts_with(never)),
            "{never} is in the package"
        );
    }
    assert!(!list.iter().any(|f| f.contains("node_modules")));
    // The example site's own page stays out, as build.rs leaves it out of `init`'s files.
    assert!(!list.contains("content/pro-proiekt.md"));
    // The licence texts travel with the code, as both licences ask.
    assert!(list.contains("LICENSE-MIT") && list.contains("LICENSE-APACHE"));
}
