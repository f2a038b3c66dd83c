//! One fixture per kind of mistake an editor can make: each must be reported at its exact
//! file:line:col with a hint, exit 1, and leave the previous output untouched.

mod common;

use std::path::Path;

use common::*;

fn broken(edit: impl FnOnce(&Path)) -> String {
    broken_site(fixture(), edit)
}

#[test]
fn misspelt_site_setting() {
    let e = broken(edit_file("site.toml", "hromada =", "hromda ="));
    assert_has(
        &e,
        &[
            "error[E0102]",
            "unknown key `hromda`",
            "site.toml:3:1",
            "did you mean `hromada`?",
        ],
    );
}

#[test]
fn bad_base_url() {
    let e = broken(edit_file(
        "site.toml",
        "https://test.example/",
        "test.example",
    ));
    assert_has(&e, &["error[E0002]", "site.toml:2:12", "full web address"]);
}

#[test]
fn misspelt_front_matter_key() {
    let e = broken(edit_file(
        "content/instruktsii/diia.md",
        "summary:",
        "sumary:",
    ));
    assert_has(
        &e,
        &[
            "error[E0102]",
            "unknown key `sumary`",
            "content/instruktsii/diia.md:3:1",
            "did you mean `summary`?",
        ],
    );
}

#[test]
fn yaml_syntax_error_in_front_matter() {
    let e = broken(edit_file(
        "content/instruktsii/diia.md",
        "audience: [seniors]",
        "audience: [seniors",
    ));
    assert_has(
        &e,
        &[
            "error[E0101]",
            "content/instruktsii/diia.md:",
            "cannot be read",
        ],
    );
}

#[test]
fn wrong_kind_of_value() {
    let e = broken(edit_file(
        "content/instruktsii/diia.md",
        "duration: 10",
        "duration: десять",
    ));
    assert_has(
        &e,
        &[
            "error[E0103]",
            "content/instruktsii/diia.md:8:11",
            "this value must be a whole number, not the text \"десять\"",
            "write digits only",
        ],
    );
}

#[test]
fn summary_too_long() {
    let long = "Дуже ".repeat(40);
    let site_edit = move |root: &Path| {
        let text = read(root, "content/instruktsii/diia.md");
        write(
            root,
            "content/instruktsii/diia.md",
            &text.replace("Встановіть Дію.", long.trim()),
        );
    };
    let e = broken(site_edit);
    assert_has(
        &e,
        &[
            "error[E0202]",
            "content/instruktsii/diia.md:3:10",
            "199 characters",
            "at most 160",
        ],
    );
}

#[test]
fn unknown_audience_with_suggestion() {
    let e = broken(edit_file(
        "content/instruktsii/diia.md",
        "[seniors]",
        "[senoirs]",
    ));
    assert_has(
        &e,
        &[
            "error[E0203]",
            "unknown audience `senoirs`",
            "content/instruktsii/diia.md:5:12",
            "did you mean `seniors`?",
        ],
    );
}

#[test]
fn unknown_service() {
    let e = broken(edit_file(
        "content/instruktsii/diia.md",
        "service: diia",
        "service: dia",
    ));
    assert_has(
        &e,
        &[
            "error[E0204]",
            "content/instruktsii/diia.md:4:10",
            "did you mean `diia`?",
        ],
    );
}

#[test]
fn missing_required_field() {
    let e = broken(edit_file(
        "content/instruktsii/diia.md",
        "level: basic\n",
        "",
    ));
    assert_has(
        &e,
        &[
            "error[E0201]",
            "content/instruktsii/diia.md:1:1",
            "needs `level`",
        ],
    );
}

#[test]
fn bad_review_date() {
    let e = broken(edit_file(
        "content/instruktsii/diia.md",
        "2026-11-01",
        "01.11.2026",
    ));
    assert_has(
        &e,
        &[
            "error[E0208]",
            "content/instruktsii/diia.md:9:11",
            "YYYY-MM-DD",
        ],
    );
}

#[test]
fn instruction_without_steps() {
    let e = broken(edit_file(
        "content/instruktsii/diia.md",
        "1. Відкрийте магазин застосунків.\n2. Встановіть Дію.",
        "Відкрийте магазин застосунків і встановіть Дію.",
    ));
    assert_has(
        &e,
        &[
            "error[E0222]",
            "content/instruktsii/diia.md:11:1",
            "numbered steps",
        ],
    );
}

#[test]
fn link_to_missing_page() {
    let e = broken(|root| {
        write(
            root,
            "content/pro-nas.md",
            "---\ntitle: Про нас\n---\nДив. [інструкцію](instruktsii/dia.md).\n",
        );
    });
    assert_has(
        &e,
        &[
            "error[E0220]",
            "content/pro-nas.md:4:6",
            "content/instruktsii/dia.md does not exist",
            "did you mean instruktsii/diia.md?",
        ],
    );
}

#[test]
fn link_to_missing_heading() {
    let e = broken(|root| {
        write(
            root,
            "content/pro-nas.md",
            "---\ntitle: Про нас\n---\n\nДив. [кроки](instruktsii/diia.md#krok).\n",
        );
    });
    assert_has(
        &e,
        &[
            "error[E0220]",
            "content/pro-nas.md:5:6",
            "no heading with the anchor `#krok`",
            "`#kroky`",
        ],
    );
}

#[test]
fn link_to_missing_file() {
    let e = broken(|root| {
        write(
            root,
            "content/pro-nas.md",
            "---\ntitle: Про нас\n---\n[Бланк](blank.pdf)\n",
        );
    });
    assert_has(
        &e,
        &[
            "error[E0220]",
            "content/pro-nas.md:4:1",
            "content/blank.pdf, which does not exist",
        ],
    );
}

#[test]
fn image_without_alt_text() {
    let e = broken(|root| {
        write(root, "content/instruktsii/ekran.png", "not really a png");
        let text = read(root, "content/instruktsii/diia.md");
        write(
            root,
            "content/instruktsii/diia.md",
            &format!("{text}\n![](ekran.png)\n"),
        );
    });
    assert_has(
        &e,
        &[
            "error[E0221]",
            "content/instruktsii/diia.md:16:1",
            "no text alternative",
        ],
    );
}

#[test]
fn two_pages_with_one_url() {
    let e = broken(|root| {
        write(
            root,
            "content/instruktsii/inshe.md",
            &INSTRUCTION.replace("title:", "slug: diia\ntitle:"),
        );
    });
    assert_has(
        &e,
        &[
            "error[E0211]",
            "two pages would be published at /instruktsii/diia/",
            "content/instruktsii/inshe.md:2:7",
            "content/instruktsii/diia.md",
        ],
    );
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let e = broken(|root| {
        write(
            root,
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n",
        );
        write(
            root,
            "content/pro-nas.md",
            "---\ntitle: Про нас\n---\nТекст.\n",
        );
    });
    assert_has(&e, &["error[E0502]", "templates/page.html:4:"]);
}

#[test]
fn template_rendering_error_names_the_page() {
    let e = broken(|root| {
        write(
            root,
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ page.nope }}\n{% endblock content %}\n",
        );
        write(
            root,
            "content/pro-nas.md",
            "---\ntitle: Про нас\n---\nТекст.\n",
        );
    });
    assert_has(
        &e,
        &[
            "error[E0502]",
            "templates/page.html:3:",
            "while rendering content/pro-nas.md",
        ],
    );
}

#[test]
fn services_file_errors() {
    let e = broken(edit_file("data/services.yaml", "operator:", "operater:"));
    assert_has(
        &e,
        &[
            "error[E0102]",
            "data/services.yaml:4:3",
            "did you mean `operator`?",
        ],
    );
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let e = broken(|root| {
        edit_file("content/instruktsii/diia.md", "[seniors]", "[senoirs]")(root);
        write(root, "content/a.md", "---\ntitle: A\n---\n[x](b.md)\n");
        write(
            root,
            "content/c.md",
            "---\ntitle: C\nsummary: ok\n---\n![](nema.png)\n",
        );
    });
    assert_has(
        &e,
        &[
            "E0203",
            "content/a.md:4:1",
            "content/c.md:5:1",
            "E0221",
            "Failed: 4 errors",
        ],
    );
}

#[test]
fn stale_instruction_is_a_warning_not_an_error() {
    let site = fixture();
    let text = read(site.path(), "content/instruktsii/diia.md");
    write(
        site.path(),
        "content/instruktsii/diia.md",
        &text.replace("2026-11-01", "2024-01-15"),
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(
        &run.stderr,
        &[
            "warning[W0209]",
            "content/instruktsii/diia.md:9:11",
            "1042 days ago",
            "1 warning",
        ],
    );
    let page = read(&site.path().join("public"), "instruktsii/diia/index.html");
    assert!(page.contains("notice-stale"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(hromada(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(hromada(&["frobnicate"]).code, 2);
    let site = fixture();
    let run = hromada(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--now",
        "завтра",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("YYYY-MM-DD"));
    assert_eq!(hromada(&["--help"]).code, 0);
    assert!(hromada(&["build", "--help"]).stdout.contains("--drafts"));
}

#[test]
fn output_folder_that_is_not_ours_is_refused() {
    let site = fixture();
    let other = site.path().join("notes");
    write(&other, "important.txt", "keep me");
    let run = hromada(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--out",
        other.to_str().unwrap(),
        "--now",
        NOW,
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("did not write"), "{}", run.stderr);
    assert_eq!(read(&other, "important.txt"), "keep me");
    let run = hromada(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--out",
        site.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    assert!(site.path().join("site.toml").is_file());
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let site = fixture();
    edit_file("site.toml", "hromada =", "hromda =")(site.path());
    let bin = env!("CARGO_BIN_EXE_hromada");
    let root = site.path().to_str().unwrap();
    let run = |on_terminal: bool, no_color: bool| {
        let mut cmd = if on_terminal {
            // util-linux's `script` runs the command on a pseudo-terminal and copies what it
            // prints to its own stdout.
            let line = format!("{bin} check --root '{root}' --now {NOW}");
            let mut c = std::process::Command::new("script");
            c.args(["-qec", &line, "/dev/null"]);
            c
        } else {
            let mut c = std::process::Command::new(bin);
            c.args(["check", "--root", root, "--now", NOW]);
            c
        };
        cmd.env("TERM", "xterm-256color").env("HROMADA_LANG", "en");
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let out = cmd.output().expect("script (util-linux) runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(text.contains("E0102"), "{text}");
        text.contains("\u{1b}[")
    };
    assert!(!run(false, false), "escape codes in piped output");
    assert!(run(true, false), "no colour on a terminal");
    assert!(!run(true, true), "colour on a terminal despite NO_COLOR");
}

#[test]
fn top_level_heading_in_the_text_is_a_warning() {
    let site = fixture();
    let text = read(site.path(), "content/instruktsii/diia.md");
    write(
        site.path(),
        "content/instruktsii/diia.md",
        &text.replace("## Кроки", "# Кроки"),
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_has(
        &run.stderr,
        &[
            "warning[W0223]",
            "content/instruktsii/diia.md:11:1",
            "start headings in the text with ##",
        ],
    );
}

#[test]
fn a_single_audience_instead_of_a_list() {
    let e = broken(edit_file(
        "content/instruktsii/diia.md",
        "[seniors]",
        "seniors",
    ));
    assert_has(
        &e,
        &[
            "error[E0103]",
            "content/instruktsii/diia.md:5:11",
            "this value must be a list, not the text \"seniors\"",
            "square brackets",
        ],
    );
}

/// Appends `text` to a file of the site.
fn append(rel: &'static str, text: &'static str) -> impl FnOnce(&Path) {
    move |root: &Path| {
        let old = read(root, rel);
        write(root, rel, &format!("{old}{text}"));
    }
}

#[test]
fn accent_colour_failing_aa_names_the_setting() {
    // SITE_TOML has 6 lines; [colors] is line 7, the accent line 8.
    let e = broken(append("site.toml", "[colors]\naccent = \"#ffcc00\"\n"));
    assert_has(
        &e,
        &[
            "error[E0010]",
            "site.toml:8:10",
            "colors.accent gives links on the background a contrast of 1.",
            "WCAG 2.1 AA needs 4.5:1",
            "choose a darker or lighter colour",
        ],
    );
}

#[test]
fn dark_scheme_background_failing_aa_names_the_setting() {
    let e = broken(append(
        "site.toml",
        "[colors.dark]\nbackground = \"#9a9a9a\"\n",
    ));
    assert_has(
        &e,
        &[
            "error[E0010]",
            "site.toml:8:14",
            "colors.dark.background gives text on the background a contrast of",
        ],
    );
}

#[test]
fn colour_that_is_not_hex() {
    let e = broken(append("site.toml", "[colors]\ntext = \"dark blue\"\n"));
    assert_has(
        &e,
        &[
            "error[E0010]",
            "site.toml:8:8",
            "colors.text is not a colour: `dark blue`",
            "write it as a hex colour",
        ],
    );
}

#[test]
fn logo_that_does_not_exist() {
    let e = broken(edit_file(
        "site.toml",
        "hromada =",
        "logo = \"static/gerb.svg\"\nhromada =",
    ));
    assert_has(
        &e,
        &[
            "error[E0011]",
            "site.toml:3:8",
            "the logo `static/gerb.svg` is not an image file of the site",
        ],
    );
}

#[test]
fn page_language_the_theme_has_no_strings_for() {
    let e = broken(edit_file(
        "content/instruktsii/diia.md",
        "summary:",
        "lang: de\nsummary:",
    ));
    assert_has(
        &e,
        &[
            "error[E0213]",
            "content/instruktsii/diia.md:3:7",
            "the theme has no strings for the page's language `de`",
            "write one of en, uk",
        ],
    );
}

#[test]
fn theme_css_importing_a_missing_file() {
    let e = broken(append(
        "themes/default/assets/style.css",
        "@import \"css/nema.css\";\n",
    ));
    assert_has(
        &e,
        &[
            "error[E0510]",
            "themes/default/assets/style.css:",
            "`css/nema.css` is not a CSS file of the theme's assets",
        ],
    );
}

#[test]
fn theme_css_loading_a_font_from_another_host() {
    let e = broken(append(
        "themes/default/assets/css/base.css",
        "@font-face { font-family: X; src: url(https://fonts.gstatic.com/x.woff2); }\n",
    ));
    assert_has(
        &e,
        &[
            "error[E0511]",
            "themes/default/assets/css/base.css:",
            "`https://fonts.gstatic.com/x.woff2`, which is on another host",
        ],
    );
}

/// `check --format github` and `--format json`: the same problems for CI and tools.
#[test]
fn check_reports_for_github_and_for_tools() {
    let site = fixture();
    edit_file("content/instruktsii/diia.md", "[seniors]", "[senoirs]")(site.path());
    let root = site.path().to_str().unwrap();
    let run = hromada(&["check", "--root", root, "--now", NOW, "--format", "github"]);
    assert_eq!(run.code, 1);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("E0203"))
        .expect("an annotation");
    // The workflow command GitHub documents: ::error file=…,line=…,col=…,endColumn=…,title=…::…
    assert!(
        line.starts_with(
            "::error file=content/instruktsii/diia.md,line=5,col=12,endColumn=19,title=E0203::unknown audience `senoirs`%0Ahint: did you mean `seniors`?"
        ),
        "{line}"
    );
    assert!(
        run.stdout
            .lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning "))
    );

    let run = hromada(&["check", "--root", root, "--now", NOW, "--format", "json"]);
    assert_eq!(run.code, 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let e = v
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E0203")
        .unwrap();
    assert_eq!(e["severity"], "error");
    assert_eq!(e["file"], "content/instruktsii/diia.md");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(5), Some(12))
    );
    assert!(e["hint"].as_str().unwrap().contains("seniors"));

    // A site without problems: an empty list and exit 0.
    edit_file("content/instruktsii/diia.md", "[senoirs]", "[seniors]")(site.path());
    let run = hromada(&["check", "--root", root, "--now", NOW, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "[]");
}

/// Every code the sources can report has its entry in docs/errors.md.
#[test]
fn every_code_is_documented() {
    let docs = read(&repo(), "docs/errors.md");
    let mut missing = Vec::new();
    for file in files_below(&repo().join("src")) {
        let text = read(&repo().join("src"), file.to_str().unwrap());
        for (i, _) in text.match_indices("\"E0").chain(text.match_indices("\"W0")) {
            let code = &text[i + 1..(i + 6).min(text.len())];
            if code.len() == 5
                && code[1..].bytes().all(|b| b.is_ascii_digit())
                && text[i + 6..].starts_with('"')
                && !docs.contains(code)
                && !missing.contains(&code.to_string())
            {
                missing.push(code.to_string());
            }
        }
    }
    assert!(missing.is_empty(), "not in docs/errors.md: {missing:?}");
}
