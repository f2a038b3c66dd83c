//! The GitHub Actions and GitLab CI workflows: this repository's and those `hromada init`
//! writes. actionlint (with shellcheck over every `run:` script) passes them; a site's
//! workflow downloads the release of the version that wrote it, checks it against
//! SHA256SUMS and refuses an archive that does not match; a fork of hromada builds from its
//! own code. The downloads are served from a folder (`file://`), laid out as a release is.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn init_site(tmp: &Path) -> PathBuf {
    let dir = tmp.join("site");
    let run = hromada(&["init", dir.to_str().unwrap(), "--hromada", "Пробна громада"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

fn yaml(path: &Path) -> serde_json::Value {
    serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The `run:` script of the GitHub build job's step named `name…`.
fn github_step(workflow: &serde_json::Value, name: &str) -> String {
    workflow["jobs"]["build"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str().is_some_and(|n| n.starts_with(name)))
        .and_then(|s| s["run"].as_str())
        .unwrap_or_else(|| panic!("no step {name}"))
        .to_string()
}

/// The release's target for this machine, as the workflows choose it.
fn target() -> &'static str {
    match std::env::consts::ARCH {
        "aarch64" => "aarch64-unknown-linux-musl",
        _ => "x86_64-unknown-linux-musl",
    }
}

/// A release of this version in `dir/v<VERSION>/`, as `release.yml` lays it out: the archive
/// for this machine holding this test's binary, and SHA256SUMS. Returns its `file://` base.
fn fake_release(dir: &Path) -> String {
    let name = format!("hromada-{VERSION}-{}", target());
    let stage = dir.join("stage").join(&name);
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_hromada"), stage.join("hromada")).unwrap();
    let release = dir.join(format!("v{VERSION}"));
    std::fs::create_dir_all(&release).unwrap();
    let sh = format!(
        "tar -C ../stage -czf {name}.tar.gz {name} && printf 'x' > other.zip && sha256sum -- hromada-* other.zip > SHA256SUMS"
    );
    let out = Command::new("bash")
        .args(["-c", &sh])
        .current_dir(&release)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    format!("file://{}", dir.display())
}

struct Ran {
    ok: bool,
    out: String,
}

fn bash(script: &str, cwd: &Path, env: &[(&str, &str)]) -> Ran {
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(cwd)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    Ran {
        ok: out.status.success(),
        out: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

#[test]
fn a_site_workflow_downloads_its_version_and_checks_the_checksum() {
    require_tools("workflows", &["curl", "sha256sum", "tar"]);
    let tmp = tempfile::tempdir().unwrap();
    let site = init_site(tmp.path());
    let workflow = yaml(&site.join(".github/workflows/publish.yml"));
    assert_eq!(workflow["jobs"]["build"]["env"]["HROMADA_VERSION"], VERSION);

    // A site is not a fork: the release binary, not a build from source.
    let from = github_step(&workflow, "Звідки взяти hromada");
    let output = tmp.path().join("github-output");
    let env_out = output.to_str().unwrap();
    assert!(bash(&from, &site, &[("GITHUB_OUTPUT", env_out)]).ok);
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "from=release\n");
    std::fs::remove_file(&output).unwrap();
    assert!(bash(&from, &repo(), &[("GITHUB_OUTPUT", env_out)]).ok);
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "from=source\n");

    let releases = tmp.path().join("releases");
    let base = fake_release(&releases);
    let download = github_step(&workflow, "Завантажити hromada");
    let run = |runner_temp: &Path| {
        std::fs::create_dir_all(runner_temp).unwrap();
        let path_file = runner_temp.join("github-path");
        let ran = bash(
            &download,
            &site,
            &[
                ("HROMADA_VERSION", VERSION),
                ("HROMADA_REPO", "hromady/hromada"),
                ("HROMADA_RELEASES", &base),
                ("RUNNER_TEMP", runner_temp.to_str().unwrap()),
                ("GITHUB_PATH", path_file.to_str().unwrap()),
            ],
        );
        (ran, std::fs::read_to_string(&path_file).unwrap_or_default())
    };
    let (ran, path) = run(&tmp.path().join("t1"));
    assert!(ran.ok, "{}", ran.out);
    assert!(ran.out.contains(VERSION), "{}", ran.out);
    let bin = Path::new(path.trim()).join("hromada");
    let version = Command::new(&bin).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("hromada {VERSION}")
    );

    // An archive that is not the one SHA256SUMS names is refused, and nothing is put on PATH.
    let archive = releases.join(format!("v{VERSION}/hromada-{VERSION}-{}.tar.gz", target()));
    let mut bytes = std::fs::read(&archive).unwrap();
    bytes.extend_from_slice(&[0; 512]);
    std::fs::write(&archive, bytes).unwrap();
    let (ran, path) = run(&tmp.path().join("t2"));
    assert!(!ran.ok, "{}", ran.out);
    assert!(ran.out.contains("FAILED"), "{}", ran.out);
    assert_eq!(path, "");

    // So is a release whose SHA256SUMS has no line for the archive.
    let sums = releases.join(format!("v{VERSION}/SHA256SUMS"));
    std::fs::write(&sums, "0000  other.zip\n").unwrap();
    let (ran, path) = run(&tmp.path().join("t3"));
    assert!(!ran.ok, "{}", ran.out);
    assert_eq!(path, "");

    // Without the repository to download from, the step says what to set.
    let ran = bash(
        &download,
        &site,
        &[("HROMADA_VERSION", VERSION), ("HROMADA_REPO", "")],
    );
    assert!(!ran.ok && ran.out.contains("HROMADA_REPO"), "{}", ran.out);
}

#[test]
fn a_site_gitlab_pipeline_downloads_its_version_and_checks_the_checksum() {
    require_tools("workflows", &["curl", "sha256sum", "tar"]);
    let tmp = tempfile::tempdir().unwrap();
    let site = init_site(tmp.path());
    let pipeline = yaml(&site.join(".gitlab-ci.yml"));
    assert_eq!(pipeline["variables"]["HROMADA_VERSION"], VERSION);
    let script = format!(
        "{}\ncommand -v hromada\n",
        pipeline[".hromada"]["before_script"][0].as_str().unwrap()
    );
    let releases = tmp.path().join("releases");
    let base = fake_release(&releases);
    let env = [
        ("HROMADA_VERSION", VERSION),
        ("HROMADA_REPO", "hromady/hromada"),
        ("HROMADA_RELEASES", base.as_str()),
        ("TMPDIR", tmp.path().to_str().unwrap()),
    ];
    let ran = bash(&script, &site, &env);
    assert!(ran.ok, "{}", ran.out);
    let found = ran.out.lines().last().unwrap();
    assert!(found.ends_with(&format!("hromada-{VERSION}-{}/hromada", target())));
    assert!(
        ran.out.contains(&format!("hromada {VERSION}")),
        "{}",
        ran.out
    );

    let sums = releases.join(format!("v{VERSION}/SHA256SUMS"));
    let wrong =
        std::fs::read_to_string(&sums)
            .unwrap()
            .replacen(|c: char| c.is_ascii_hexdigit(), "f", 8);
    std::fs::write(&sums, wrong).unwrap();
    let ran = bash(&script, &site, &env);
    assert!(!ran.ok && ran.out.contains("FAILED"), "{}", ran.out);
}

/// actionlint from the test tools' virtual environment (`./scripts/test` installs it from
/// tests/tools/requirements.txt), beside their Python.
fn actionlint() -> PathBuf {
    let bin = python_tools().with_file_name("actionlint");
    assert!(
        bin.is_file(),
        "no {}: run ./scripts/test, which installs it",
        bin.display()
    );
    bin
}

#[test]
fn actionlint_and_shellcheck_pass_every_workflow() {
    // Without shellcheck actionlint skips the `run:` scripts silently: require it.
    require_tools("workflows", &["shellcheck"]);
    let tmp = tempfile::tempdir().unwrap();
    let site = init_site(tmp.path());
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.iter().any(|f| f.ends_with("release.yml")),
        "{files:?}"
    );
    files.push(site.join(".github/workflows/publish.yml"));
    let out = Command::new(actionlint())
        .args(["-shellcheck", "shellcheck"])
        .args(&files)
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // GitLab's scripts: shellcheck over each, as the bash of GitLab's runner reads it.
    let pipeline = yaml(&site.join(".gitlab-ci.yml"));
    let mut scripts = Vec::new();
    for (_, job) in pipeline.as_object().unwrap() {
        for key in ["before_script", "script"] {
            for s in job[key].as_array().into_iter().flatten() {
                scripts.push(s.as_str().unwrap().to_string());
            }
        }
    }
    assert!(scripts.len() >= 3, "{scripts:?}");
    let file = tmp.path().join("gitlab.sh");
    std::fs::write(&file, format!("#!/bin/bash\n{}\n", scripts.join("\n"))).unwrap();
    let out = Command::new("shellcheck").arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // A mistake actionlint knows is caught, so a pass above means it looked.
    let bad = tmp.path().join("bad.yml");
    std::fs::write(
        &bad,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt_name }}\n",
    )
    .unwrap();
    let out = Command::new(actionlint()).arg(&bad).output().unwrap();
    assert!(!out.status.success());
}
