//! The build cache (`.cache/build/`): a build that reuses it writes exactly the files a
//! clean build writes, after every kind of edit an editor makes — and it is really reused
//! when what a renderer reads did not change.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::edits::{Expect, assert_same_output, fresh_copy, steps};
use common::{NOW, example_site};

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
            Expect::RegistryCached => {
                assert!(registry, "{step}: registry pages not reused: {reused:?}")
            }
            Expect::RegistryRendered => {
                assert!(
                    !registry,
                    "{step}: registry pages reused though what they read changed"
                )
            }
            Expect::Any => {}
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

#[test]
fn an_output_file_changed_by_hand_is_written_again() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_hromada"));
    let site = example_site();
    let root = site.path();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build_into(&bin, root, &public, &[]);
    let page = public.join("instruktsii/diia-pidpys/index.html");
    let good = std::fs::read(&page).unwrap();
    // The same length, other bytes, in place: the build's record of the file no longer
    // matches its time, so it is compared and written again.
    let mut changed = good.clone();
    changed[good.len() / 2] ^= 0x20;
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&page, &changed).unwrap();
    build_into(&bin, root, &public, &[]);
    assert!(
        std::fs::read(&page).unwrap() == good,
        "the hand-made change stayed"
    );
}
