//! `hromada new`: what it starts builds at once, with the editor's date as `reviewed`.

mod common;

use common::*;

#[test]
fn new_instruction_event_and_venue_build_at_once() {
    let site = example_site();
    let root = site.path().to_str().unwrap();
    let new = |what: &str, title: &str, extra: &[&str]| {
        let mut args = vec!["new", what, title, "--root", root, "--now", NOW];
        args.extend_from_slice(extra);
        hromada(&args)
    };
    let run = new("instruction", "Як отримати довідку про доходи в Дії", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        "content/instruktsii/yak-otrymaty-dovidku-pro-dokhody-v-dii.md"
    );
    let text = read(site.path(), run.stdout.trim());
    assert!(text.contains("reviewed: 2026-11-22\n"));
    assert!(text.contains("\ndraft: true\n---\n"), "{text}");
    assert!(text.contains("title: \"Як отримати довідку про доходи в Дії\"\n"));
    for heading in [
        "## Що потрібно",
        "## Кроки",
        "## Що може піти не так",
        "1. Перший крок",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    // Not twice.
    let again = new("instruction", "Як отримати довідку про доходи в Дії", &[]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already exists"));

    let run = new(
        "event",
        "Тренінг з Дії для батьків",
        &["--venue", "tsentralna-biblioteka"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let events = read(site.path(), "data/events.yaml");
    assert!(events.contains("- id: treninh-z-dii-dlia-batkiv\n"));
    assert!(events.contains("start: \"2026-11-29 10:00\""));
    // The same title again gets its own id.
    assert_eq!(new("event", "Тренінг з Дії для батьків", &[]).code, 0);
    assert!(read(site.path(), "data/events.yaml").contains("- id: treninh-z-dii-dlia-batkiv-2\n"));

    let run = new(
        "venue",
        "Бібліотека-філія № 7",
        &["--settlement", "Кропивницький"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(site.path(), "data/venues.yaml").contains("- id: biblioteka-filiia-7\n"));

    // All of it builds: the instruction's page (a draft, so with --drafts), the events'
    // pages, the venue's page. The draft's placeholders are a warning.
    let run = hromada(&["check", "--root", root, "--now", NOW]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning[W0228]: the page still holds the outline's placeholder «Коротко: що це за послуга і навіщо вона мешканцю.»"
        ),
        "{}",
        run.stderr
    );
    let run = build(site.path(), &["--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    for page in [
        "instruktsii/yak-otrymaty-dovidku-pro-dokhody-v-dii/index.html",
        "podii/treninh-z-dii-dlia-batkiv/index.html",
        "podii/treninh-z-dii-dlia-batkiv-2/index.html",
        "mistsia/biblioteka-filiia-7/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page}");
    }
}

#[test]
fn a_page_with_the_outlines_placeholders_is_not_published() {
    let site = example_site();
    let root = site.path().to_str().unwrap();
    let run = hromada(&[
        "new",
        "instruction",
        "Як оплатити комуналку",
        "--root",
        root,
        "--now",
        NOW,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rel = run.stdout.trim().to_string();
    let draft = read(site.path(), &rel);
    // Taken out of draft with its placeholders: an error at the first one, and no build.
    let published = draft.replace("draft: true\n", "");
    write(site.path(), &rel, &published);
    let line = published
        .lines()
        .position(|l| l.starts_with("Коротко: "))
        .unwrap()
        + 1;
    let run = hromada(&["check", "--root", root, "--now", NOW]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(
        &run.stderr,
        &[
            "error[E0227]: the page still holds the outline's placeholder «Коротко: що це за послуга і навіщо вона мешканцю.»",
            &format!("{rel}:{line}:1"),
            "put draft: true back",
        ],
    );
    assert_eq!(build(site.path(), &[]).code, 1);
    // The steps written, one placeholder left: pointed at where it is.
    let steps = published
        .replace(
            "Коротко: що це за послуга і навіщо вона мешканцю.",
            "Оплата в застосунку банку.",
        )
        .replace(
            "Перший крок: що відкрити й куди натиснути.",
            "Відкрийте застосунок банку.",
        )
        .replace("Другий крок.", "Оберіть «Комунальні послуги».")
        .replace(
            "Останній крок: що побачить людина, коли все вдалося.",
            "Підтвердіть оплату.",
        );
    write(site.path(), &rel, &steps);
    let line = steps.lines().position(|l| l.contains("**Типова")).unwrap() + 1;
    let run = hromada(&["check", "--root", root, "--now", NOW]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(&run.stderr, &["error[E0227]", &format!("{rel}:{line}:3")]);
    // Written out: published.
    write(
        site.path(),
        &rel,
        &steps.replace(
            "**Типова проблема.** Що робити.",
            "**Не приходить код.** Зачекайте хвилину.",
        ),
    );
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = rel
        .trim_start_matches("content/")
        .trim_end_matches(".md")
        .to_string();
    assert!(
        site.path()
            .join("public")
            .join(page)
            .join("index.html")
            .is_file()
    );
}
