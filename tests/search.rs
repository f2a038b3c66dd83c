//! The offline search read back: the index's terms are the terms the browser makes of the
//! same words, and real queries put the expected page first (tests/browser/search-queries.mjs
//! in headless Chromium). Needs the browser suite's tools (`common::require_browser`).

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::*;

fn node(script: &str, args: &[&str]) -> (i32, String) {
    let out = Command::new("node")
        .arg(repo().join("tests/browser").join(script))
        .args(args)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), stdout)
}

#[test]
fn the_browser_folds_and_stems_every_word_as_the_index_does() {
    require_browser("the_browser_folds_and_stems_every_word_as_the_index_does");
    let site = example_site();
    assert_eq!(build(site.path(), &[]).code, 0);
    let out = site.path().join("public");
    // Every word of every page, as written, plus the hard cases.
    let mut words: BTreeSet<String> = BTreeSet::new();
    for f in files_below(&out) {
        if f.extension().is_some_and(|e| e == "html") {
            let html = read(&out, f.to_str().unwrap());
            for w in html.split(|c: char| c.is_whitespace() || "<>\"=/.,:;«»()[]".contains(c)) {
                if !w.is_empty() && w.chars().any(char::is_alphabetic) {
                    words.insert(w.to_string());
                }
            }
        }
    }
    for w in [
        "з'явитися",
        "зʼявитися",
        "з’явитися",
        "Кpoпивницькa",
        "ҐАНОК",
        "Їжак",
        "diia",
        "shchedryk",
        "zghorany",
        "Wi-Fi",
        "2FA",
        "подъезд",
        "ёлка",
    ] {
        words.insert(w.to_string());
    }
    let words: Vec<String> = words.into_iter().collect();
    assert!(words.len() > 2000, "{} words", words.len());
    let file = site.path().join("words.json");
    std::fs::write(&file, serde_json::to_string(&words).unwrap()).unwrap();
    let (code, stdout) = node(
        "search-terms.mjs",
        &[
            "--site",
            out.to_str().unwrap(),
            "--words",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0);
    let browser: Vec<Vec<String>> = serde_json::from_str(stdout.trim()).unwrap();
    let mut differ = Vec::new();
    for (w, b) in words.iter().zip(&browser) {
        let rust = hromada::search::terms(w);
        if &rust != b {
            differ.push(format!("{w}: index {rust:?}, browser {b:?}"));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn real_queries_put_the_expected_page_first() {
    require_browser("real_queries_put_the_expected_page_first");
    let site = example_site();
    assert_eq!(build(site.path(), &[]).code, 0);
    let out = site.path().join("public");
    let (code, stdout) = node("search-queries.mjs", &["--site", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    let summary = stdout
        .lines()
        .find(|l| l.starts_with("search queries:"))
        .unwrap();
    let n: usize = summary
        .trim_start_matches("search queries: ")
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(n >= 30, "{summary}");
    assert!(summary.contains(" 0 failures"), "{summary}");
}

#[test]
fn the_index_lists_every_kind_of_page_and_stays_small() {
    let site = example_site();
    assert_eq!(build(site.path(), &[]).code, 0);
    let out = site.path().join("public");
    let meta: serde_json::Value = serde_json::from_str(&read(&out, "poshuk/index.json")).unwrap();
    let chunks = meta["chunks"].as_array().unwrap();
    let mut kinds = BTreeSet::new();
    let mut urls = BTreeSet::new();
    for c in chunks {
        let docs: Vec<serde_json::Value> =
            serde_json::from_str(&read(&out, &format!("poshuk/{}", c.as_str().unwrap()))).unwrap();
        for d in docs {
            kinds.insert(d["k"].as_str().unwrap().to_string());
            urls.insert(d["u"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(
        kinds,
        ["e", "i", "p", "s", "v"]
            .iter()
            .map(|s| s.to_string())
            .collect::<BTreeSet<String>>()
    );
    assert!(urls.contains("/instruktsii/diia-pidpys/"));
    assert!(urls.contains("/mistsia/"));
    assert!(!urls.contains("/poshuk/"));
    // Each term lives in the shard of its first letter, with [doc, weight] pairs.
    let shards = meta["shards"].as_object().unwrap();
    let d = read(
        &out,
        &format!("poshuk/{}", shards["0434"].as_str().unwrap()),
    );
    let terms: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&d).unwrap();
    assert!(terms.keys().all(|t| t.starts_with('д')));
    let dia = terms["ді"].as_array().unwrap();
    assert_eq!(dia.len() % 2, 0);
    // The whole index, compressed, is within the first query's budget.
    let total: usize = files_below(&out.join("poshuk"))
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| std::fs::metadata(out.join("poshuk").join(p)).unwrap().len() as usize)
        .sum();
    assert!(total < 200 * 1024, "{total} bytes");
    // Without JavaScript the page lists every instruction by topic.
    let page = read(&out, "poshuk/index.html");
    assert!(page.contains("href=\"/instruktsii/diia-pidpys/\""));
    assert!(page.contains(
        "<form class=\"search-page-form\" role=\"search\" action=\"/poshuk/\" method=\"get\">"
    ));
}

/// Residents' words reach the index (src/synonyms.rs): a text that says «Люди старшого віку»
/// is listed under «пенсіонер» too, though no page says that word; the site's own groups
/// (`data/synonyms.yaml`) join the built-in ones and are listed for the page's script; a
/// group of one word is an error at its line.
#[test]
fn residents_words_reach_the_index_and_a_lonely_synonym_is_named() {
    let site = example_site();
    assert_eq!(build(site.path(), &[]).code, 0);
    let out = site.path().join("public");
    let meta: serde_json::Value = serde_json::from_str(&read(&out, "poshuk/index.json")).unwrap();
    let mut docs: Vec<String> = Vec::new();
    for c in meta["chunks"].as_array().unwrap() {
        let chunk: Vec<serde_json::Value> =
            serde_json::from_str(&read(&out, &format!("poshuk/{}", c.as_str().unwrap()))).unwrap();
        docs.extend(chunk.iter().map(|d| d["u"].as_str().unwrap().to_string()));
    }
    let shard: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&read(
        &out,
        &format!("poshuk/{}", meta["shards"]["043f"].as_str().unwrap()),
    ))
    .unwrap();
    let listed: BTreeSet<&str> = shard["пенсіонер"]
        .as_array()
        .unwrap()
        .chunks(2)
        .map(|p| docs[p[0].as_u64().unwrap() as usize].as_str())
        .collect();
    for url in [
        "/dlia-koho/seniors/",
        "/podii/kurs-smartfon-dlia-starshykh/",
        "/instruktsii/videodzvinky/",
    ] {
        assert!(
            listed.contains(url),
            "{url} not under «пенсіонер»: {listed:?}"
        );
    }
    for f in files_below(&out) {
        if f.extension().is_some_and(|e| e == "html") {
            let html = read(&out, f.to_str().unwrap()).to_lowercase();
            assert!(
                !html.contains("пенсіонер"),
                "{} says «пенсіонер»",
                f.display()
            );
        }
    }
    // Phrases are one term for the page's script; the site's group is there.
    let groups: Vec<Vec<&str>> = meta["synonyms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            g.as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap())
                .collect()
        })
        .collect();
    assert!(
        groups
            .iter()
            .any(|g| g.contains(&"пенсіонер") && g.contains(&"люд старш вік"))
    );
    assert!(
        groups
            .iter()
            .any(|g| g.contains(&"кіровоград") && g.contains(&"кропивницьк"))
    );

    write(
        site.path(),
        "data/synonyms.yaml",
        "- [ЦНАП, адмінцентр]\n- [самотнє]\n",
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 1);
    assert_has(
        &run.stderr,
        &[
            "E0311",
            "data/synonyms.yaml:2:3",
            "two different words or phrases",
        ],
    );
}
