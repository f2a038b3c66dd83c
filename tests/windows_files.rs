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

/// `edit(rel, from, to)` on a site: `from` must be in the file.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let text = read(root, rel);
    assert!(text.contains(from), "{rel}: {from}");
    write(root, rel, &text.replacen(from, to, 1));
}

const GERB: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"#1f4e79\"/></svg>\n";

#[test]
fn files_named_in_the_settings_with_backslashes_are_read_with_slashes_and_warned_about() {
    let with = |logo: &str, layer: &str| {
        let site = example_site();
        write(site.path(), "static/gerb.svg", GERB);
        edit(
            site.path(),
            "site.toml",
            "theme = \"default\"\n",
            &format!("theme = \"default\"\nlogo = {logo}\n"),
        );
        edit(
            site.path(),
            "site.toml",
            "file = \"data/geo/kropyvnytska-hromada.geojson\"",
            &format!("file = {layer}"),
        );
        site
    };
    let slashes = with(
        "\"static/gerb.svg\"",
        "\"data/geo/kropyvnytska-hromada.geojson\"",
    );
    let windows = with(
        "'static\\gerb.svg'",
        "\"data\\\\geo\\\\kropyvnytska-hromada.geojson\"",
    );
    let (a, b) = (build(slashes.path(), &[]), build(windows.path(), &[]));
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert!(!a.stderr.contains("W0027"), "{}", a.stderr);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert_has(
        &b.stderr,
        &[
            "warning[W0027]: `logo` separates folders with `\\` (as Windows shows paths); it is read as `static/gerb.svg`",
            "site.toml:12:8",
            "= hint: write `/` between folders, as on the site and on every system: logo = \"static/gerb.svg\"",
            "warning[W0027]: `file` separates folders with `\\` (as Windows shows paths); it is read as `data/geo/kropyvnytska-hromada.geojson`",
            "site.toml:44:8",
            "file = \"data/geo/kropyvnytska-hromada.geojson\"",
        ],
    );
    // The same site as with `/`, byte for byte: the logo is there, the map drew the layer,
    // and no address holds a `\`.
    let (a, b) = (output(slashes.path()), output(windows.path()));
    assert!(
        a.iter().any(|(f, _)| f
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("logo."))),
        "no logo in the output"
    );
    assert!(a == b, "the outputs differ");
}

/// `hromada check` of a site, in English: (exit code, everything it printed).
fn check(root: &Path) -> (i32, String) {
    let run = hromada(&["check", "--root", root.to_str().unwrap(), "--now", NOW]);
    (run.code, format!("{}{}", run.stdout, run.stderr))
}

#[test]
fn addresses_written_with_backslashes_are_refused_with_the_address_fixed() {
    // The menu: a web address never has `\`.
    let site = example_site();
    edit(
        site.path(),
        "site.toml",
        "url = \"/mapa/\"",
        "url = '\\mapa\\'",
    );
    let (code, out) = check(site.path());
    assert_eq!(code, 1, "{out}");
    assert_has(
        &out,
        &[
            "error[E0019]: the address «\\mapa\\» has `\\` (as Windows writes paths); web addresses use `/`",
            "site.toml:63:",
            "= hint: write url = \"/mapa/\"",
        ],
    );

    // In "double quotes" TOML cannot read `\g`: the message says why.
    let site = example_site();
    edit(
        site.path(),
        "site.toml",
        "theme = \"default\"\n",
        "theme = \"default\"\nlogo = \"static\\gerb.svg\"\n",
    );
    let (code, out) = check(site.path());
    assert_eq!(code, 1, "{out}");
    assert_has(
        &out,
        &[
            "error[E0101]: inside \"double quotes\" TOML reads `\\` as the start of a special character, so this value cannot be read",
            "site.toml:12:",
            "= hint: write `/` between folders of a path and in addresses: logo = \"static/gerb.svg\"",
        ],
    );

    // In pages: a Markdown image and link, and an old address.
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/instruktsii/diia-vstanovlennia.md",
        "](dii-vkhid.svg)",
        "](img\\dii-vkhid.svg)",
    );
    edit(
        root,
        "content/instruktsii/e-dokumenty.md",
        "](diia-vstanovlennia.md)",
        "](..\\instruktsii\\diia-vstanovlennia.md)",
    );
    edit(
        root,
        "content/instruktsii/e-dokumenty.md",
        "weight: 3\n",
        "weight: 3\naliases: ['\\stari\\e-dokumenty\\']\n",
    );
    let (code, out) = check(root);
    assert_eq!(code, 1, "{out}");
    assert_has(
        &out,
        &[
            "error[E0220]: the image `img\\dii-vkhid.svg` has `\\` (as Windows writes paths); addresses use `/`",
            "content/instruktsii/diia-vstanovlennia.md:15:",
            "= hint: write `img/dii-vkhid.svg`",
            "error[E0220]: the link `..\\instruktsii\\diia-vstanovlennia.md` has `\\` (as Windows writes paths); addresses use `/`",
            "content/instruktsii/e-dokumenty.md:18:",
            "= hint: write `../instruktsii/diia-vstanovlennia.md`",
            "error[E0206]: alias `\\stari\\e-dokumenty\\` is not a site path",
            "content/instruktsii/e-dokumenty.md:11:",
            "= hint: web addresses use `/`, not `\\`: write `/stari/e-dokumenty/`",
        ],
    );
}
