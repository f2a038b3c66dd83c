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

    // All of it builds: the instruction's page, the events' pages, the venue's page.
    let run = hromada(&["check", "--root", root, "--now", NOW]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = build(site.path(), &[]);
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
