//! The browser suite (tests/browser/check-site.mjs) run by the test command: every page of
//! the example site in headless Chromium passes it, and a site with known faults fails it
//! with each fault named by URL and rule.
//!
//! Needs Node.js, `npm ci` in tests/browser and Debian's Chromium; `scripts/test` installs
//! them. Without them the tests fail (a test that passes because its tool is missing would
//! prove nothing).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn suite_dir() -> PathBuf {
    repo().join("tests/browser")
}

struct Run {
    code: i32,
    stdout: String,
}

fn check_site(out: &Path, extra: &[&str]) -> Run {
    let output = Command::new("node")
        .arg(suite_dir().join("check-site.mjs"))
        .arg("--site")
        .arg(out)
        .args(extra)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("{stdout}{stderr}");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout,
    }
}

#[test]
fn every_page_of_the_example_site_passes_the_browser_suite() {
    require_browser("every_page_of_the_example_site_passes_the_browser_suite");
    let site = example_site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    let pages = files_below(&out)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    // The report (transfer per page, time) is kept for BENCHMARKS.md.
    let report = repo().join("target/browser-report.json");
    // Screenshots of the map page in each state it was checked in, for people to look at.
    let shots = repo().join("target/browser-shots");
    let _ = std::fs::remove_dir_all(&shots);
    let run = check_site(
        &out,
        &[
            "--report",
            report.to_str().unwrap(),
            "--shots",
            shots.to_str().unwrap(),
        ],
    );
    assert_eq!(
        run.code, 0,
        "the browser suite found problems:\n{}",
        run.stdout
    );
    let summary = run
        .stdout
        .lines()
        .find(|l| l.starts_with("browser suite:"))
        .expect("a summary line");
    // Every HTML page but the redirects of old addresses was checked.
    let checked: usize = summary
        .trim_start_matches("browser suite: ")
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        checked > 90 && checked <= pages,
        "{summary} of {pages} HTML files"
    );
    assert!(summary.contains(" 0 failures"), "{summary}");
    // The map was checked without JS, with it (zoom, keys, filters, nearest) and offline.
    for shot in [
        "map-no-js.png",
        "map-zoomed.png",
        "map-filtered.png",
        "map-nearest.png",
        "map-offline.png",
    ] {
        assert!(shots.join(shot).is_file(), "no screenshot {shot}");
    }
}

#[test]
fn a_site_with_known_faults_fails_with_each_fault_named() {
    require_browser("a_site_with_known_faults_fails_with_each_fault_named");
    let site = example_site();
    copy_dir(&suite_dir().join("faulty-site"), site.path());
    std::fs::remove_file(site.path().join("README.md")).unwrap();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = check_site(&site.path().join("public"), &["--only", "/zbii/,/"]);
    assert_eq!(run.code, 1);
    let fails: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("FAIL "))
        .collect();
    for (rule, detail) in [
        ("axe/image-alt", "Images must have alternative text"),
        ("axe/color-contrast", ".pale"),
        (
            "external-request",
            "https://fonts.googleapis.com/css2?family=Roboto",
        ),
        ("inline-script", "1 <script> without src"),
        ("console-error", "Content Security Policy"),
    ] {
        assert!(
            fails
                .iter()
                .any(|l| l.starts_with(&format!("FAIL /zbii/ {rule}: ")) && l.contains(detail)),
            "no `{rule}` failure mentioning «{detail}» for /zbii/ in:\n{}",
            run.stdout
        );
    }
    // The home page of the same site is fine: faults are pinned to the page that has them.
    assert!(
        !fails.iter().any(|l| l.starts_with("FAIL / ")),
        "{}",
        run.stdout
    );
}

/// A resident on a 360×640 phone (tests/browser/check-residents.mjs): the page's heading in
/// the first screen at 100 %, with the reader's larger text, with the browser's text size
/// and with zoom at 200 %; the hotline one tap away in the header; the menu and the reader's
/// settings without JavaScript; the longest instruction on at most two A4 sheets with its
/// address and a QR code that reads back to it. The screenshots stay in
/// target/residents-shots for people to look at.
#[test]
fn a_resident_on_a_phone_sees_the_heading_calls_in_one_tap_and_prints_on_two_sheets() {
    require_browser(
        "a_resident_on_a_phone_sees_the_heading_calls_in_one_tap_and_prints_on_two_sheets",
    );
    let site = example_site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shots = repo().join("target/residents-shots");
    let _ = std::fs::remove_dir_all(&shots);
    let output = Command::new("node")
        .arg(suite_dir().join("check-residents.mjs"))
        .arg("--site")
        .arg(site.path().join("public"))
        .arg("--shots")
        .arg(&shots)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let summary = stdout
        .lines()
        .find(|l| l.starts_with("residents: "))
        .expect("a summary line");
    assert!(summary.ends_with(" 0 failures"), "{summary}");
    // Four pages in four ways, the menu, the reader, print.
    assert!(summary.starts_with("residents: 20 checks"), "{summary}");
    for line in [
        "/ 100: h1 at",
        "/mistsia/ text-200: h1 at",
        "/hariacha-liniia/ zoom-200: h1 at",
    ] {
        assert!(stdout.contains(line), "no «{line}» in {stdout}");
    }
    assert!(stdout.contains("A4 page(s)"), "{stdout}");
    assert!(shots.join("home-100.png").is_file());
}

/// «Де допоможуть» on a 360×640 phone (tests/browser/nearby.mjs): a place that helps with
/// Дія.Підпис and is open now two taps from the home page; «Відчинено зараз, до 18:00» and
/// «Зачинено, відчинять у понеділок о 9:00» right for known places at known Kyiv times with
/// the clock fixed; «Найближчі до мене» in the order of distance with the position mocked;
/// no children's club for Дія.Підпис; the hours in words without JavaScript. Screenshots
/// stay in target/nearby-shots.
#[test]
fn a_resident_finds_a_place_that_helps_open_now_and_nearest() {
    require_browser("a_resident_finds_a_place_that_helps_open_now_and_nearest");
    let site = example_site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shots = repo().join("target/nearby-shots");
    let _ = std::fs::remove_dir_all(&shots);
    let output = Command::new("node")
        .arg(suite_dir().join("nearby.mjs"))
        .arg("--site")
        .arg(site.path().join("public"))
        .arg("--shots")
        .arg(&shots)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let summary = stdout
        .lines()
        .find(|l| l.starts_with("nearby: "))
        .expect("a summary line");
    assert!(summary.ends_with(" 0 failures"), "{summary}");
    assert!(summary.starts_with("nearby: 27 checks"), "{summary}");
    assert!(stdout.contains("two taps: / → /instruktsii/diia-pidpys/ → /mistsia/"));
    assert!(shots.join("need-nearest.png").is_file());
}

/// The four things a resident came for, on a 360×640 phone with the taps counted
/// (tests/browser/journeys.mjs): the hotline in 1 tap from the home page, a place that helps
/// with Дія.Підпис and is open now in 2, a free course for older people with open
/// registration in 3 (past the first course, whose registration has closed), and the
/// steps to install Дія and to create Дія.Підпис in 1 and 2. Each journey's last screen
/// stays in target/journeys-shots for people to look at.
#[test]
fn a_resident_reaches_each_of_the_four_goals_in_the_taps_promised() {
    require_browser("a_resident_reaches_each_of_the_four_goals_in_the_taps_promised");
    let site = example_site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shots = repo().join("target/journeys-shots");
    let _ = std::fs::remove_dir_all(&shots);
    let output = Command::new("node")
        .arg(suite_dir().join("journeys.mjs"))
        .arg("--site")
        .arg(site.path().join("public"))
        .arg("--shots")
        .arg(&shots)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("journeys: 4 journeys, 0 failures"),
        "{stdout}"
    );
    for line in [
        "hotline: 1 tap(s) of at most 1",
        "signature: 2 tap(s) of at most 2",
        "course: 3 tap(s) of at most 3",
        "diia: 2 tap(s) of at most 2",
        "(Відчинено зараз, до ",
        "→ «Телефон і Дія — курс для старшого віку»",
    ] {
        assert!(stdout.contains(line), "no «{line}» in {stdout}");
    }
    for shot in ["hotline", "signature", "course", "diia-1", "diia-2"] {
        assert!(shots.join(format!("{shot}.png")).is_file(), "no {shot}.png");
    }
}
