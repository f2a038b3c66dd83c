//! One binary carries everything a site needs: copied alone into an empty folder, with no
//! repository around it, it starts a site (`init`), builds and checks it with the theme it
//! carries (the same bytes as a site with `themes/default/` on disk), and ejects that theme
//! for forking.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{NOW, copy_dir, files_below, read, repo, write};

const NAME: &str = "Новоукраїнська міська територіальна громада";

/// The binary, copied alone into a temp folder, and an empty folder to run it in.
struct Alone {
    _tmp: tempfile::TempDir,
    bin: PathBuf,
    work: PathBuf,
}

impl Alone {
    fn new() -> Alone {
        let tmp = tempfile::tempdir().unwrap();
        let bin = tmp.path().join("bin/hromada");
        std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
        std::fs::copy(env!("CARGO_BIN_EXE_hromada"), &bin).unwrap();
        let work = tmp.path().join("work");
        std::fs::create_dir_all(&work).unwrap();
        Alone {
            _tmp: tmp,
            bin,
            work,
        }
    }

    /// Runs the copied binary in the empty folder: (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = Command::new(&self.bin)
            .args(args)
            .current_dir(&self.work)
            .env("NO_COLOR", "1")
            .env("HROMADA_LANG", "en")
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("CARGO_MANIFEST_DIR")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn init(&self, dir: &str) {
        let (code, _, err) = self.run(&["init", dir, "--hromada", NAME, "--now", NOW]);
        assert_eq!(code, 0, "{err}");
    }

    fn build(&self, site: &str, out: &str) {
        let (code, _, err) = self.run(&["build", "--root", site, "--out", out, "--now", NOW]);
        assert_eq!(code, 0, "{err}");
    }
}

/// Every file below `a` and `b` is there in both, with the same bytes.
fn assert_same_tree(a: &Path, b: &Path) {
    let files = files_below(a);
    assert_eq!(files, files_below(b));
    assert!(files.len() > 50, "{files:?}");
    for f in &files {
        assert!(
            std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(),
            "{} differs",
            f.display()
        );
    }
}

#[test]
fn init_build_and_check_work_from_an_empty_folder_with_the_binary_alone() {
    let alone = Alone::new();
    alone.init("site");
    let site = alone.work.join("site");
    // The theme stays in the binary; what the site needs of this repository is written.
    assert!(!site.join("themes").exists());
    for rel in [
        "data/services.yaml",
        "docs/redaktoram.md",
        "docs/publikatsiia.md",
    ] {
        assert_eq!(read(&site, rel), read(&repo(), rel), "{rel}");
    }
    assert!(site.join("content/instruktsii").is_dir());
    assert!(read(&site, "content/pro-proiekt.md").contains(NAME));

    alone.build("site", "site/public");
    assert!(read(&site, "public/index.html").contains(NAME));
    // The posters' fonts and templates come from the binary too.
    let posters = files_below(&site.join("public"));
    assert!(
        posters
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "pdf")),
        "{posters:?}"
    );
    let (code, _, err) = alone.run(&["check", "--root", "site", "--now", NOW]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn the_carried_theme_builds_the_same_bytes_as_the_theme_on_disk() {
    let alone = Alone::new();
    alone.init("bare");
    // The same site with this repository's theme folder copied in.
    copy_dir(&alone.work.join("bare"), &alone.work.join("on-disk"));
    copy_dir(
        &repo().join("themes/default"),
        &alone.work.join("on-disk/themes/default"),
    );
    alone.build("bare", "out-bare");
    alone.build("on-disk", "out-on-disk");
    assert_same_tree(
        &alone.work.join("out-bare"),
        &alone.work.join("out-on-disk"),
    );

    // A theme on disk overrides the carried one file by file: one template changed, the
    // rest still carried.
    copy_dir(&alone.work.join("bare"), &alone.work.join("one-file"));
    let robots = read(&repo(), "themes/default/templates/robots.txt");
    write(
        &alone.work.join("one-file"),
        "themes/default/templates/robots.txt",
        &format!("{robots}\n# forked robots\n"),
    );
    alone.build("one-file", "out-one-file");
    let out = alone.work.join("out-one-file");
    assert!(read(&out, "robots.txt").contains("# forked robots"));
    assert_eq!(
        read(&out, "index.html"),
        read(&alone.work.join("out-bare"), "index.html")
    );
}

#[test]
fn theme_eject_writes_the_theme_and_refuses_to_overwrite_without_force() {
    let alone = Alone::new();
    alone.init("site");
    let site = alone.work.join("site");

    let (code, out, err) = alone.run(&["theme", "eject", "--root", "site"]);
    assert_eq!(code, 0, "{err}");
    let theme = repo().join("themes/default");
    let expected = files_below(&theme);
    // It prints each file it wrote, and they are the repository's theme, byte for byte.
    let printed: Vec<&str> = out.lines().collect();
    assert_eq!(printed.len(), expected.len(), "{out}");
    for rel in &expected {
        let shown = Path::new("themes/default").join(rel);
        assert!(printed.contains(&shown.to_str().unwrap()), "{out}");
        assert!(
            std::fs::read(theme.join(rel)).unwrap() == std::fs::read(site.join(&shown)).unwrap(),
            "{}",
            rel.display()
        );
    }
    assert!(err.contains("Wrote the default theme"), "{err}");

    // A second time: refused, nothing overwritten.
    let changed = site.join("themes/default/templates/robots.txt");
    std::fs::write(&changed, "# mine\n").unwrap();
    let (code, out, err) = alone.run(&["theme", "eject", "--root", "site"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("--force") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&changed).unwrap(), "# mine\n");

    // With --force: the carried theme again, and the site still builds and checks.
    let (code, _, err) = alone.run(&["theme", "eject", "--root", "site", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(std::fs::read_to_string(&changed).unwrap(), "# mine\n");
    alone.build("site", "site/public");
    let (code, _, err) = alone.run(&["check", "--root", "site", "--now", NOW]);
    assert_eq!(code, 0, "{err}");

    // Not a site: refused.
    let (code, _, err) = alone.run(&["theme", "eject", "--root", "."]);
    assert_eq!(code, 1);
    assert!(err.contains("no site.toml"), "{err}");
}
