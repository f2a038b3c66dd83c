//! `hromada init`: a new hromada's repository that builds and passes `check` at once, with
//! its publishing workflows, schemas and editor settings.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

const NAME: &str = "Знамʼянська міська територіальна громада";

fn init(dir: &Path) -> Run {
    hromada(&[
        "init",
        dir.to_str().unwrap(),
        "--hromada",
        NAME,
        "--now",
        NOW,
    ])
}

#[test]
fn a_new_repository_builds_and_passes_check_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("znamianka");
    let run = init(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let root = dir.to_str().unwrap();

    let check = hromada(&["check", "--root", root, "--now", NOW, "--format", "json"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let items: Vec<serde_json::Value> = serde_json::from_str(&check.stdout).unwrap();
    // The one warning asks for the placeholder venue's location.
    let codes: Vec<&str> = items.iter().map(|i| i["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["W0625"], "{items:#?}");
    let built = build(&dir, &[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let home = read(&dir, "public/index.html");
    assert!(home.contains(NAME));
    assert!(
        dir.join("public/podii/konsultatsii-z-dii/index.html")
            .is_file()
    );
    assert!(read(&dir, "public/pro-proiekt/index.html").contains(NAME));
    // Not the example's pages about itself.
    assert!(!read(&dir, "content/pro-proiekt.md").contains("Кропивницьк"));
    assert!(!read(&dir, "site.toml").contains("Кропивницьк"));

    // A second time into the same folder: refused, nothing overwritten.
    let again = init(&dir);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("is not empty"), "{}", again.stderr);

    // The workflows are this repository's, pinned to this version of hromada
    // (tests/workflows.rs runs their download), and they check before they build.
    let github = read(&dir, ".github/workflows/publish.yml");
    let ours = read(&repo(), ".github/workflows/publish.yml");
    assert_eq!(github.lines().count(), ours.lines().count());
    let pin = format!("HROMADA_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(github.contains(&pin), "{github}");
    let gh: serde_json::Value = serde_yaml_ng::from_str(&github).unwrap();
    let steps: Vec<String> = gh["jobs"]["build"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str().map(str::to_string))
        .collect();
    let check_at = steps
        .iter()
        .position(|s| s.contains("hromada check --format github"));
    let build_at = steps.iter().position(|s| s.starts_with("hromada build"));
    assert!(check_at.is_some() && check_at < build_at, "{steps:?}");
    // Posters and the build cache are kept between runs.
    assert!(github.contains("path: .cache\n"));
    assert_eq!(gh["jobs"]["deploy"]["needs"], "build");
    let gitlab: serde_json::Value = serde_yaml_ng::from_str(&read(&dir, ".gitlab-ci.yml")).unwrap();
    assert_eq!(gitlab["pages"]["artifacts"]["paths"][0], "public");
    assert_eq!(gitlab["check"]["script"][0], "hromada check");
    assert!(
        gitlab["cache"]["paths"]
            .as_array()
            .unwrap()
            .contains(&".cache/".into())
    );

    // VS Code's settings name schemas that exist, for the files that exist.
    let vscode: serde_json::Value =
        serde_json::from_str(&read(&dir, ".vscode/settings.json")).unwrap();
    for (schema, files) in vscode["yaml.schemas"].as_object().unwrap() {
        assert!(dir.join(schema).is_file(), "{schema}");
        assert!(
            files
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f.as_str().unwrap().starts_with("data/"))
        );
    }
    assert_eq!(
        read(&repo(), ".vscode/settings.json"),
        read(&dir, ".vscode/settings.json")
    );
}

#[test]
fn schemas_accept_the_files_and_reject_a_typo() {
    let python = python_tools();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("h");
    assert_eq!(init(&dir).code, 0);
    let validate = |schema: &str, files: &[&Path]| -> String {
        let out = Command::new(&python)
            .arg(repo().join("tests/tools/validate_schemas.py"))
            .arg(repo().join("schemas").join(schema))
            .args(files)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let ex = repo();
    for (schema, files) in [
        (
            "venues.schema.json",
            vec![ex.join("data/venues.yaml"), dir.join("data/venues.yaml")],
        ),
        (
            "events.schema.json",
            vec![ex.join("data/events.yaml"), dir.join("data/events.yaml")],
        ),
        ("services.schema.json", vec![ex.join("data/services.yaml")]),
        (
            "frontmatter.schema.json",
            vec![
                ex.join("content/instruktsii/diia-pidpys.md"),
                ex.join("content/_index.md"),
            ],
        ),
    ] {
        let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
        let out = validate(schema, &refs);
        assert!(out.lines().all(|l| l.starts_with("ok ")), "{schema}: {out}");
    }
    // What an editor mistypes is what the editor's YAML extension underlines.
    write(
        &dir,
        "data/venues.yaml",
        &read(&dir, "data/venues.yaml").replace("  address:", "  adress:"),
    );
    let out = validate("venues.schema.json", &[&dir.join("data/venues.yaml")]);
    assert!(
        out.starts_with("invalid") && out.contains("adress"),
        "{out}"
    );
    let page = dir.join("content/instruktsii/diia-pidpys.md");
    std::fs::write(
        &page,
        read(&dir, "content/instruktsii/diia-pidpys.md").replace("duration:", "durration:"),
    )
    .unwrap();
    let out = validate("frontmatter.schema.json", &[&page]);
    assert!(
        out.starts_with("invalid") && out.contains("durration"),
        "{out}"
    );
}
