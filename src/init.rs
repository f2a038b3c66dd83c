//! `hromada init DIR --hromada "…"`: a new hromada's repository, from any folder, with what
//! this binary carries (`crate::embedded::STARTER`): the list of e-services, the instructions
//! (national services, the same for every hromada) and the editors' docs — with placeholder
//! settings, a venue and an event to replace, the publishing workflows for GitHub and GitLab,
//! the editors' schemas and VS Code settings. The theme is not copied: the site is built with
//! the theme the binary carries until `hromada theme eject` copies it in for forking. It
//! builds and passes `hromada check` at once.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

fn site_toml(hromada: &str) -> String {
    format!(
        r#"# Settings of the site. Change the placeholders first: the address, the hotline.
title = "Цифрова громада"
description = {description}
# The address the site is published at. GitHub Pages project page:
# https://USER.github.io/REPOSITORY/ ; own domain: https://tsyfrova.example.gov.ua/
base_url = "https://example.org/"
language = "uk"
hromada = {hromada}
# While the phones, venues and events below are placeholders, every page says so.
# Set to false when they are real.
demo = true
theme = "default"
# Instructions not checked against the real service for this many days are flagged.
reviewed_max_age = 365

[hotline]
phone = "0 800 000 000"
hours = "пн–пт 9:00–18:00"
email = "hotline@example.org"

[paths]
instructions = "instruktsii"

[[menu]]
name = "Інструкції"
url = "/instruktsii/"

[[menu]]
name = "Де навчитися"
url = "/mistsia/"

[[menu]]
name = "Події"
url = "/podii/"

[[menu]]
name = "Гаряча лінія"
url = "/hariacha-liniia/"

[[menu]]
name = "Про проєкт"
url = "/pro-proiekt/"

[[footer_links]]
name = "Відкриті дані"
url = "/vidkryti-dani/"
"#,
        description = toml_string(&format!(
            "Короткі інструкції до електронних послуг, місця, де навчитися, і гаряча лінія для мешканців: {hromada}."
        )),
        hromada = toml_string(hromada),
    )
}

fn about_page(hromada: &str) -> String {
    format!(
        "---
title: Про проєкт
summary: Навіщо цей сайт, хто його веде і як він працює без інтернету на старих телефонах.
weight: 10
---
Сайт {hromada} про цифрову грамотність: короткі інструкції до електронних послуг,
місця, де можна навчитися, і гаряча лінія.

## Хто його веде

Напишіть тут, хто веде сайт і як з вами звʼязатися.

## Демонстраційні дані

Поки що телефон гарячої лінії, місця й події на сайті — приклади. Замініть їх справжніми
і поставте `demo = false` у файлі `site.toml`.
"
    )
}

const VENUES: &str = "# Places where residents learn digital skills and get help with e-services.
# Fields: see schemas/venues.schema.json (VS Code completes and checks them).
# location is [longitude, latitude]: copy it from a map; with it the venue is on /mapa/.

- id: tsentralna-biblioteka
  name: Центральна бібліотека
  kind: library
  address: вул. Центральна, 1
  settlement: Назва населеного пункту
  hours: \"Mo-Fr 09:00-18:00; Sa 10:00-15:00; Su off\"
  services: [wifi, computers, consultations]
  helps_with: [diia]
";

const GITIGNORE: &str = "/public\n/.cache\n";

/// Creates the repository in `dir` (which must not exist or be empty). Returns the files
/// written.
pub fn init(dir: &Path, hromada: &str, today: Date) -> Result<usize, String> {
    if hromada.trim().is_empty() {
        return Err(tr!(
            "--hromada needs the hromada's name, e.g. \"Знам'янська міська територіальна громада\"",
            "--hromada потребує назви громади, наприклад \"Знам'янська міська територіальна громада\""
        )
        .into_string());
    }
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .next()
            .is_some()
    {
        return Err(tr!(
            "{} is not empty: give a new folder's name",
            "{} не порожня: дайте назву нової теки",
            dir.display()
        )
        .into_string());
    }
    let write_bytes = |rel: &str, bytes: &[u8]| -> Result<(), String> {
        let path: PathBuf = dir.join(rel);
        if let Some(d) = path.parent() {
            std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    };
    for (rel, bytes) in crate::embedded::STARTER {
        write_bytes(rel, bytes)?;
    }
    let n = crate::embedded::STARTER.len();
    let write = |rel: &str, text: &str| write_bytes(rel, text.as_bytes());
    write("site.toml", &site_toml(hromada))?;
    write("content/pro-proiekt.md", &about_page(hromada))?;
    write("data/venues.yaml", VENUES)?;
    write(
        "data/events.yaml",
        "# Trainings, courses, consultations. Fields: see schemas/events.schema.json.\n\n",
    )?;
    crate::scaffold::event(
        dir,
        "Консультації з Дії",
        &[],
        Some("tsentralna-biblioteka"),
        today,
    )?;
    write(".gitignore", GITIGNORE)?;
    write(".github/workflows/publish.yml", &crate::publish::github())?;
    write(".gitlab-ci.yml", &crate::publish::gitlab())?;
    for (name, text) in crate::registry::schema::all() {
        write(&format!("schemas/{name}"), &text)?;
    }
    write(
        ".vscode/settings.json",
        crate::registry::schema::VSCODE_SETTINGS,
    )?;
    write(
        "README.md",
        &format!(
            "# Цифрова грамотність — {hromada}\n\nСайт збирає hromada: інструкції в `content/`, місця й події в `data/`.\nЯк редагувати — `docs/redaktoram.md`; як опублікувати — `docs/publikatsiia.md`.\n\n```sh\nhromada serve    # перегляд на http://127.0.0.1:8000/ під час редагування\nhromada check    # перевірка перед тим, як надіслати зміни\n```\n"
        ),
    )?;
    Ok(n + 9)
}
