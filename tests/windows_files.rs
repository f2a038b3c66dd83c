//! A site edited on Windows: every Markdown, YAML and TOML file saved with `\r\n` line
//! endings builds the same site, byte for byte, as with `\n`, and its mistakes are reported
//! at the same lines and columns, marking the same characters, with the same snippets.

mod common;

use std::path::Path;

use common::*;

/// Every text file editors write (`.md`, `.yaml`, `.toml`) under `root`, as saved on Windows.
fn to_crlf(root: &Path) -> usize {
    let mut n = 0;
    for rel in files_below(root) {
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !["md", "yaml", "toml"].contains(&ext) {
            continue;
        }
        let path = root.join(&rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains('\r'), "{}", rel.display());
        std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
        n += 1;
    }
    n
}

fn output(root: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let out = root.join("public");
    files_below(&out)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap()))
        .collect()
}

#[test]
fn a_site_saved_with_windows_line_endings_builds_the_same_site() {
    let lf = example_site();
    let crlf = example_site();
    let converted = to_crlf(crlf.path());
    assert!(converted > 20, "{converted}");
    assert!(read(crlf.path(), "data/venues.yaml").contains("\r\n"));

    let (a, b) = (build(lf.path(), &[]), build(crlf.path(), &[]));
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let (a, b) = (output(lf.path()), output(crlf.path()));
    assert!(a.len() > 100, "{}", a.len());
    assert_eq!(
        a.iter().map(|(f, _)| f).collect::<Vec<_>>(),
        b.iter().map(|(f, _)| f).collect::<Vec<_>>()
    );
    for ((file, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{} differs", file.display());
    }
}

/// The same mistakes in a Markdown page's front matter and text and in two YAML registries,
/// written with the file's line ending `nl`.
fn break_site(root: &Path, nl: &str) {
    let edit = |rel: &str, from: &str, to: &str| {
        let text = read(root, rel);
        let from = from.replace('\n', nl);
        assert!(text.contains(&from), "{rel}: {from}");
        write(root, rel, &text.replacen(&from, &to.replace('\n', nl), 1));
    };
    edit(
        "content/instruktsii/diia-pidpys.md",
        "duration:",
        "durration:",
    );
    edit(
        "content/instruktsii/diia-pidpys.md",
        "\n## ",
        "\n[посилання](/nemaie/)\n\n## ",
    );
    edit("data/venues.yaml", "  kind: library", "  kind: libary");
    edit("data/events.yaml", "  start: \"", "  start: \"2026-13-40 ");
}

#[test]
fn mistakes_in_files_with_windows_line_endings_are_at_the_same_places() {
    let lf = example_site();
    let crlf = example_site();
    break_site(lf.path(), "\n");
    to_crlf(crlf.path());
    break_site(crlf.path(), "\r\n");

    for format in ["json", "human"] {
        let check = |root: &Path| {
            let mut args = vec!["check", "--root", root.to_str().unwrap(), "--now", NOW];
            if format == "json" {
                args.extend(["--format", "json"]);
            }
            let run = hromada(&args);
            assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
            format!("{}{}", run.stdout, run.stderr).replace(root.to_str().unwrap(), "SITE")
        };
        let (a, b) = (check(lf.path()), check(crlf.path()));
        for code in ["durration", "libary", "2026-13-40"] {
            assert!(a.contains(code), "{code} in {a}");
        }
        assert!(!b.contains('\r'), "{b}");
        assert_eq!(a, b);
    }
}
