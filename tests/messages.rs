//! The language of messages: Ukrainian by default, English with `--lang en`, `HROMADA_LANG`
//! or a site whose language is English; Ukrainian plural forms; and every message written in
//! the source in both languages.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// `hromada ARGS` with `HROMADA_LANG` set to `env` (or unset).
fn run(args: &[&str], env: Option<&str>) -> Run {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hromada"));
    c.args(args)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH");
    match env {
        Some(v) => c.env("HROMADA_LANG", v),
        None => c.env_remove("HROMADA_LANG"),
    };
    let out = c.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn check_args(root: &Path) -> Vec<String> {
    vec![
        "check".into(),
        "--root".into(),
        root.to_str().unwrap().into(),
        "--now".into(),
        NOW.into(),
    ]
}

fn check(root: &Path, extra: &[&str], env: Option<&str>) -> Run {
    let mut args = check_args(root);
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args, env)
}

fn json(root: &Path, extra: &[&str], env: Option<&str>) -> Vec<serde_json::Value> {
    let mut extra = extra.to_vec();
    extra.extend(["--format", "json"]);
    let r = check(root, &extra, env);
    serde_json::from_str::<serde_json::Value>(&r.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
        .as_array()
        .unwrap()
        .clone()
}

fn has_cyrillic(s: &str) -> bool {
    s.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

/// A site with problems of every family an editor meets: front matter, links, records.
fn broken_site() -> tempfile::TempDir {
    let site = fixture();
    let root = site.path();
    write(
        root,
        "content/instruktsii/diia.md",
        &INSTRUCTION
            .replace("audience: [seniors]", "audience: [senoirs]")
            .replace("reviewed: 2026-11-01", "reviewed: 2025-06-01")
            .replace(
                "2. Встановіть Дію.",
                "2. Встановіть Дію.\n\nДив. [тут](nemaie.md).",
            ),
    );
    write(
        root,
        "data/venues.yaml",
        "- id: biblioteka\n  name: Бібліотека\n  kind: library\n  address: вул. Миру, 1\n  settlement: Село\n",
    );
    write(
        root,
        "data/events.yaml",
        "- id: kurs\n  title: Курс\n  kind: course\n  start: 2026-12-05 10:00\n  end: \"12:00\"\n  venue: nemaie\n",
    );
    site
}

#[test]
fn messages_are_ukrainian_by_default() {
    let site = broken_site();
    let items = json(site.path(), &[], None);
    let codes: Vec<&str> = items.iter().map(|d| d["code"].as_str().unwrap()).collect();
    for code in [
        "E0203", "E0220", "E0613", "W0209", "W0225", "W0625", "W0627", "W0628",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    for d in &items {
        let message = d["message"].as_str().unwrap();
        assert!(has_cyrillic(message), "{}: {message}", d["code"]);
        if let Some(hint) = d["hint"].as_str() {
            assert!(has_cyrillic(hint), "{}: {hint}", d["code"]);
        }
    }
    let by_code = |code: &str| {
        items
            .iter()
            .find(|d| d["code"] == code)
            .map(|d| d["message"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(by_code("E0203"), "невідоме значення `senoirs` у audience");
    assert_eq!(by_code("E0613"), "місця `nemaie` немає");
    assert_eq!(
        by_code("W0209"),
        "інструкцію востаннє перевіряли 539 днів тому (сайт дозволяє до 365 днів)"
    );

    // The text report: the snippet's hint label and the summary with Ukrainian plurals.
    let r = check(site.path(), &[], None);
    assert_eq!(r.code, 1);
    let errors = items.iter().filter(|d| d["severity"] == "error").count();
    assert_eq!(errors, 3, "{codes:?}");
    assert!(r.stderr.contains("= порада: "), "{}", r.stderr);
    assert!(
        r.stderr.contains("помилка[E0613]: місця `nemaie` немає\n"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("попередження[W0628]: у місця `biblioteka` не вказано години роботи\n"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("error["), "{}", r.stderr);
    assert!(r.stderr.contains("Не вдалося: 3 помилки, "), "{}", r.stderr);

    // GitHub annotations carry the same words.
    let gh = check(site.path(), &["--format", "github"], None);
    assert!(
        gh.stdout
            .contains("title=E0613::місця `nemaie` немає%0Aпорада: "),
        "{}",
        gh.stdout
    );
}

#[test]
fn counted_words_take_the_ukrainian_forms() {
    let site = fixture();
    let root = site.path();
    let clean = check(root, &[], None);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert!(
        clean.stderr.contains("помилок немає, 0 попереджень."),
        "{}",
        clean.stderr
    );
    // One error, then five: «1 помилка», «5 помилок».
    write(
        root,
        "content/instruktsii/diia.md",
        &INSTRUCTION.replace("audience: [seniors]", "audience: [x1]"),
    );
    assert!(
        check(root, &[], None)
            .stderr
            .contains("Не вдалося: 1 помилка, 0 попереджень.")
    );
    write(
        root,
        "content/instruktsii/diia.md",
        &INSTRUCTION.replace("audience: [seniors]", "audience: [x1, x2, x3, x4, x5]"),
    );
    let five = check(root, &[], None);
    assert!(
        five.stderr
            .contains("Не вдалося: 5 помилок, 0 попереджень."),
        "{}",
        five.stderr
    );
    write(
        root,
        "content/instruktsii/diia.md",
        &INSTRUCTION.replace("audience: [seniors]", "audience: [x1, x2]"),
    );
    assert!(
        check(root, &[], None)
            .stderr
            .contains("Не вдалося: 2 помилки, 0 попереджень.")
    );
}

#[test]
fn english_by_flag_by_variable_or_by_the_sites_language() {
    let site = broken_site();
    let root = site.path();
    let english = |items: &[serde_json::Value]| {
        items
            .iter()
            .find(|d| d["code"] == "E0203")
            .map(|d| d["message"].as_str().unwrap().to_string())
            .unwrap()
    };
    let en = json(root, &["--lang", "en"], None);
    assert_eq!(english(&en), "unknown audience `senoirs`");
    for d in &en {
        // English throughout, apart from what is quoted from the files.
        let m = d["message"].as_str().unwrap();
        let unquoted: String = m
            .split('«')
            .map(|p| p.split_once('»').map_or(p, |x| x.1))
            .collect();
        assert!(!has_cyrillic(&unquoted), "{m}");
    }
    assert_eq!(
        english(&json(root, &[], Some("en_GB.UTF-8"))),
        "unknown audience `senoirs`"
    );
    // The flag wins over the variable.
    assert_eq!(
        english(&json(root, &["--lang", "uk"], Some("en"))),
        "невідоме значення `senoirs` у audience"
    );
    let r = check(root, &["--lang", "en"], None);
    assert!(r.stderr.contains("= hint: "), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("error[E0613]: there is no venue `nemaie`\n"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("Failed: 3 errors, "), "{}", r.stderr);

    // A site in English speaks English to its editors without a flag.
    let toml = read(root, "site.toml");
    write(root, "site.toml", &format!("language = \"en\"\n{toml}"));
    assert_eq!(
        english(&json(root, &[], None)),
        "unknown audience `senoirs`"
    );
    // … and the variable or the flag still choose.
    assert_eq!(
        english(&json(root, &[], Some("uk"))),
        "невідоме значення `senoirs` у audience"
    );
}

#[test]
fn an_unknown_language_is_refused() {
    let site = fixture();
    let r = check(site.path(), &["--lang", "de"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("мови повідомлень `de` немає"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--lang en"), "{}", r.stderr);
    let r = check(site.path(), &[], Some("fr"));
    assert_eq!(r.code, 2, "{}", r.stderr);
}

/// The Rust string literal at the start of `s` (after blanks): its text and what follows.
fn literal(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start();
    let rest = s.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, e)) = chars.next() {
                    out.push(match e {
                        'n' => '\n',
                        other => other,
                    });
                }
            }
            '"' => return Some((out, &rest[i + 1..])),
            c => out.push(c),
        }
    }
    None
}

/// A text without its `{placeholders}` and `code spans`.
fn words(text: &str) -> String {
    let mut out = String::new();
    let (mut brace, mut tick) = (0, false);
    for c in text.chars() {
        match c {
            '{' => brace += 1,
            '}' => brace = (brace as i32 - 1).max(0) as usize,
            '`' => tick = !tick,
            c if brace == 0 && !tick => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn every_message_in_the_source_is_written_in_both_languages() {
    let mut pairs = 0;
    let mut untranslated = Vec::new();
    let mut stack = vec![repo().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (at, _) in text.match_indices("tr!(") {
                // Not `include_str!(` and the like.
                if text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
                {
                    continue;
                }
                let Some((en, rest)) = literal(&text[at + 4..]) else {
                    continue; // the macro's own definition
                };
                let rest = rest.trim_start().strip_prefix(',').unwrap_or(rest);
                let (uk, _) = literal(rest).unwrap_or_else(|| {
                    panic!("{}: tr!(\"{en}\" has no second text", path.display())
                });
                pairs += 1;
                let english_words = words(&en)
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .any(|w| w.len() >= 3);
                if english_words && !has_cyrillic(&words(&uk)) {
                    untranslated.push(format!("{}: {en:?} → {uk:?}", path.display()));
                }
            }
        }
    }
    assert!(
        pairs > 250,
        "only {pairs} messages found: is the scan reading the source?"
    );
    assert!(
        untranslated.is_empty(),
        "not translated:\n{}",
        untranslated.join("\n")
    );
}
