//! Hostile inputs: each of these took the old code quadratic time (or worse) in the size of
//! the input — seconds to minutes at the sizes here in a release build — and must now either
//! build or stop early with a diagnostic that names the limit. No timings are asserted: the
//! outcome is (the exact code and place, or a successful check); `scripts/bench-stress.py`
//! measures the time at growing sizes.
//! Also: what reaches the terminal from a file never carries its control characters, and
//! files that start with a byte order mark are read.

mod common;

use common::*;

/// `hromada check` of `root`.
fn check(root: &std::path::Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--root", root.to_str().unwrap(), "--now", NOW];
    args.extend_from_slice(extra);
    hromada(&args)
}

const EVENT: &str = "- id: podiia-{i}
  title: Заняття {i}
  kind: {kind}
  start: \"2025-03-{day} 10:00\"
  end: \"12:00\"
  online: https://meet.example.org/{i}
  audience: [seniors]
  registration: {note: Не потрібна}
";

fn event(i: usize, kind: &str) -> String {
    EVENT
        .replace("{i}", &i.to_string())
        .replace("{kind}", kind)
        .replace("{day}", &format!("{:02}", 1 + i % 28))
}

#[test]
fn deep_brackets_in_a_registry_are_refused_at_the_limit() {
    let site = fixture();
    let text = format!(
        "{}  organizer: {}\n",
        event(0, "training"),
        "[".repeat(5000)
    );
    write(site.path(), "data/events.yaml", &text);
    let run = check(site.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // `  organizer: ` is 13 characters; the 65th bracket is where the limit is passed.
    assert_has(
        &run.stderr,
        &[
            "error[E0106]: brackets are nested more than 64 levels deep here",
            "data/events.yaml:9:78",
            "close each `[` with `]`",
        ],
    );
}

#[test]
fn deep_brackets_in_front_matter_are_refused_at_the_limit() {
    let site = fixture();
    let text = format!("---\ntitle: {}\n---\nТекст.\n", "[{a: ".repeat(5000));
    write(site.path(), "content/vkladeni.md", &text);
    let run = check(site.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // `title: ` is 7 characters; every two levels (`[` and `{a: `) take 5 more, and the
    // 65th level is a `[`.
    assert_has(
        &run.stderr,
        &[
            "error[E0106]",
            &format!("content/vkladeni.md:2:{}", 8 + 5 * 32),
        ],
    );
}

#[test]
fn long_flat_yaml_lists_are_read() {
    let site = fixture();
    let audiences = vec!["seniors"; 20_000].join(", ");
    let record =
        event(0, "training").replace("audience: [seniors]", &format!("audience: [{audiences}]"));
    write(site.path(), "data/events.yaml", &record);
    let aliases: Vec<String> = (0..20_000).map(|i| format!("/stara-{i}/")).collect();
    write(
        site.path(),
        "content/aliasy.md",
        &format!(
            "---\ntitle: Псевдоніми\naliases: [{}]\n---\nТекст.\n",
            aliases.join(", ")
        ),
    );
    let run = check(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn deeply_nested_html_is_refused_where_it_passes_the_limit() {
    let site = fixture();
    let text = format!(
        "---\ntitle: Блоки\n---\nВступ.\n\n{}\nТекст\n{}\n",
        "<div>".repeat(5000),
        "</div>".repeat(5000)
    );
    write(site.path(), "content/dyvy.md", &text);
    let run = check(site.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(
        &run.stderr,
        &[
            "error[E0226]: the HTML here nests elements more than 100 levels deep",
            "content/dyvy.md:6:1",
            "nest at most 100 levels",
        ],
    );
    // As deep as allowed, and the wide and flat kind: built.
    let site = fixture();
    let ok = format!(
        "---\ntitle: Блоки\n---\n{}Текст{}\n\n{}\n",
        "<div>".repeat(90),
        "</div>".repeat(90),
        "<span>а</span> ".repeat(20_000)
    );
    write(site.path(), "content/dyvy.md", &ok);
    let run = check(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn thousands_of_warnings_in_one_file_are_counted_and_the_first_shown() {
    let site = fixture();
    let body: String = (0..5000)
        .map(|i| format!("Рядок {i}: [тут](https://example.org/{i}).\n\n"))
        .collect();
    write(
        site.path(),
        "content/posylannia.md",
        &format!("---\ntitle: Посилання\n---\n{body}"),
    );
    let run = check(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr.matches("warning[W0225]").count(), 50);
    assert_has(
        &run.stderr,
        &[
            // The last one shown: the 50th link, on line 4 + 2 × 49.
            "content/posylannia.md:102:11",
            "content/posylannia.md: … and 4950 more warnings [W0225] in this file, not shown",
            "no errors, 5000 warnings",
        ],
    );
    assert!(!run.stderr.contains("posylannia.md:104:"));
    // Tools get them all.
    let json = check(site.path(), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let all = v.as_array().unwrap();
    assert_eq!(
        all.iter().filter(|d| d["code"] == "W0225").count(),
        5000,
        "{}",
        json.stderr
    );
    assert_eq!(all.last().unwrap()["line"], 4 + 2 * 4999);
}

#[test]
fn thousands_of_events_with_errors_are_all_counted() {
    let site = fixture();
    let mut text: String = (0..5000).map(|i| event(i, "trainin")).collect();
    // One duplicate id among them, at the end.
    text.push_str(&event(7, "training"));
    write(site.path(), "data/events.yaml", &text);
    let run = check(site.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr.matches("error[E0612]").count(), 50);
    assert_has(
        &run.stderr,
        &[
            "… and 4950 more errors [E0612] in this file, not shown",
            "error[E0611]",
            "data/events.yaml:40001:7",
            "Failed: 5001 errors",
        ],
    );
}

#[test]
fn thousands_of_events_are_built() {
    let site = fixture();
    let text: String = (0..2000).map(|i| event(i, "training")).collect();
    write(site.path(), "data/events.yaml", &text);
    let run = check(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

const MAP: &str = "
[map]
attribution = \"© test\"

[[map.layers]]
name = \"Шар\"
file = \"data/geo/shar.geojson\"
label = \"name\"
fit = true
";

fn with_map(layer: &str) -> tempfile::TempDir {
    let site = fixture();
    write(site.path(), "site.toml", &format!("{SITE_TOML}{MAP}"));
    write(site.path(), "data/geo/shar.geojson", layer);
    site
}

/// A polygon of `n` points: a circle around Kropyvnytskyi with a wobble of about 150 m.
fn wobbly_polygon(n: usize) -> String {
    let ring: Vec<String> = (0..=n)
        .map(|i| {
            let a = std::f64::consts::TAU * (i % n) as f64 / n as f64;
            let r = 0.3 + 0.002 * ((i % n) as f64 * 0.7).sin();
            format!(
                "[{:.7}, {:.7}]",
                32.26 + r * a.cos(),
                48.51 + 0.66 * r * a.sin()
            )
        })
        .collect();
    format!(
        "{{\"type\": \"FeatureCollection\", \"features\": [{{\"type\": \"Feature\", \"properties\": {{\"name\": \"Велика\"}}, \"geometry\": {{\"type\": \"Polygon\", \"coordinates\": [[{}]]}}}}]}}\n",
        ring.join(", ")
    )
}

#[test]
fn a_dense_layer_is_drawn() {
    let site = with_map(&wobbly_polygon(100_000));
    let run = check(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_layer_with_too_many_points_is_refused_at_the_limit() {
    let head = "{\"type\": \"FeatureCollection\", \"features\": [\n{\"type\": \"Feature\", \"properties\": {\"name\": \"Точки\"}, \"geometry\": {\"type\": \"MultiPoint\", \"coordinates\": [";
    let layer = format!(
        "{head}{}[32.3, 48.5]]}}}}\n]}}\n",
        "[32.3, 48.5], ".repeat(500_000)
    );
    let site = with_map(&layer);
    let run = check(site.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let col = head.lines().last().unwrap().chars().count() + 14 * 500_000 + 1;
    assert_has(
        &run.stderr,
        &[
            "error[E0805]: this layer has more than 500\u{202f}000 points",
            &format!("data/geo/shar.geojson:2:{col}"),
            "simplify the layer",
        ],
    );
}

#[test]
fn control_characters_from_a_file_never_reach_the_terminal() {
    let site = fixture();
    let line = "Див. \u{1b}]0;HACKED\u{7}\u{1b}[2K\u{1b}[1A\u{0}\u{9b}31m\u{202e}txt.exe [розклад](nemaie.md).";
    write(
        site.path(),
        "content/pastka.md",
        &format!("---\ntitle: Пастка\n---\n{line}\n"),
    );
    let run = check(site.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for bad in ['\u{1b}', '\u{7}', '\u{0}', '\u{9b}', '\u{202e}'] {
        assert!(
            !run.stderr.contains(bad),
            "{bad:?} reached stderr:\n{}",
            run.stderr
        );
    }
    assert_has(
        &run.stderr,
        &[
            "error[E0220]",
            "\\u{1b}]0;HACKED\\u{7}\\u{1b}[2K\\u{1b}[1A\\u{0}\\u{9b}31m\\u{202e}txt.exe [розклад](nemaie.md)",
        ],
    );
    // The header names the column in the file (each escape counts as one character there),
    // and the carets sit under the link.
    let col = line
        .find("[розклад]")
        .map(|b| line[..b].chars().count() + 1)
        .unwrap();
    assert_has(&run.stderr, &[&format!("content/pastka.md:4:{col}")]);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let shown = lines.iter().position(|l| l.contains("HACKED")).unwrap();
    let carets = lines[shown + 1];
    let first = carets.chars().position(|c| c == '^').unwrap();
    assert_eq!(lines[shown].chars().nth(first), Some('['), "{}", run.stderr);
    // The formats for tools stay valid, with the characters escaped, never raw.
    let json = check(site.path(), &["--format", "json"]);
    assert!(!json.stdout.contains('\u{1b}') && !json.stdout.contains('\u{0}'));
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(v.as_array().unwrap().iter().any(|d| d["code"] == "E0220"));
    let github = check(site.path(), &["--format", "github"]);
    assert!(
        github
            .stdout
            .contains("::error file=content/pastka.md,line=4")
    );
    for bad in ['\u{1b}', '\u{7}', '\u{0}'] {
        assert!(!github.stdout.contains(bad), "{}", github.stdout);
    }
}

#[test]
fn a_control_character_quoted_in_a_message_is_escaped() {
    // YAML refuses C0 and C1 controls itself; a right-to-left override it reads, and the
    // message about the unknown key quotes it.
    let site = fixture();
    write(
        site.path(),
        "content/kluch.md",
        "---\ntitle: x\ntit\u{202e}le: y\n---\nТекст.\n",
    );
    let run = check(site.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains('\u{202e}'), "{}", run.stderr);
    assert_has(
        &run.stderr,
        &[
            "error[E0102]: unknown key `tit\\u{202e}le`",
            "tit\\u{202e}le: y",
        ],
    );
    let yaml = "---\ntitle: x\ntit\u{1b}[31mle: y\n---\nТекст.\n";
    write(site.path(), "content/kluch.md", yaml);
    let run = check(site.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
    assert_has(
        &run.stderr,
        &[
            "error[E0101]: an invisible control character (U+001B) that YAML does not allow",
            "content/kluch.md:3:4",
            "tit\\u{1b}[31mle: y",
        ],
    );
}

#[test]
fn files_with_a_byte_order_mark_are_read() {
    let bom = "\u{feff}";
    let site = with_map(&format!("{bom}{}", wobbly_polygon(100)));
    // A registry whose first line is a record: the mark once made it read as indented.
    write(
        site.path(),
        "data/events.yaml",
        &format!("{bom}{}", event(0, "training")),
    );
    let page = read(site.path(), "content/instruktsii/diia.md");
    write(
        site.path(),
        "content/instruktsii/diia.md",
        &format!("{bom}{page}"),
    );
    let toml = read(site.path(), "site.toml");
    write(site.path(), "site.toml", &format!("{bom}{toml}"));
    let run = check(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A problem on the first line of such a file is placed as an editor counts.
    write(
        site.path(),
        "data/geo/shar.geojson",
        &format!(
            "{bom}{{\"type\": \"FeatureCollection\", \"features\": [{{\"type\": \"Feature\", \"properties\": {{}}, \"geometry\": null}}]}}"
        ),
    );
    let run = check(site.path(), &[]);
    assert_has(
        &run.stderr,
        &["warning[W0806]", "data/geo/shar.geojson:1:44"],
    );
}
