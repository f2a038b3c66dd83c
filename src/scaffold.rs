//! `hromada new`: a new instruction, event or venue written from a template that builds as it
//! is — front matter with today's date as `reviewed` and the uniform outline of an
//! instruction; a record appended to the events or venues file with the fields an editor
//! fills in, commented. Nothing existing is overwritten.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::slug::slugify;

/// What `new` made: the file, and what to do next.
pub struct Made {
    pub file: PathBuf,
    pub next: String,
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// A new instruction `content/<instructions>/<slug>.md` titled `title`, for `service` (the
/// first e-service of the site when not given).
pub fn instruction(
    root: &Path,
    instructions_dir: &str,
    title: &str,
    service: &str,
    today: Date,
) -> Result<Made, String> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(tr!(
            "the title has no letters to make an address from",
            "у назві немає літер, з яких можна скласти адресу"
        )
        .into_string());
    }
    let rel = PathBuf::from("content")
        .join(instructions_dir)
        .join(format!("{slug}.md"));
    let path = root.join(&rel);
    if path.exists() {
        return Err(tr!("{} already exists", "{} уже є", rel.display()).into_string());
    }
    let text = format!(
        "---
title: {title}
# Одне-два речення: що читач зможе зробити (до 160 знаків).
summary: Покрокова інструкція — {lower}.
service: {service}
audience: [adults]
competence: information
level: basic
duration: 10
reviewed: {today}
---
Коротко: що це за послуга і навіщо вона мешканцю.

## Що потрібно

- Смартфон або компʼютер з інтернетом.

## Кроки

1. Перший крок: що відкрити й куди натиснути.
2. Другий крок.
3. Останній крок: що побачить людина, коли все вдалося.

## Що може піти не так

- **Типова проблема.** Що робити.
",
        title = yaml_string(title),
        lower = title.trim_end_matches('.').to_lowercase(),
    );
    write_new(&path, &text)?;
    Ok(Made {
        file: rel,
        next: tr!(
            "fill in the summary, the steps and the problems, then run `hromada check`",
            "заповніть опис, кроки й можливі проблеми, потім запустіть `hromada check`"
        )
        .into_string(),
    })
}

fn write_new(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            tr!(
                "cannot create {}: {e}",
                "не вдається створити {}: {e}",
                dir.display()
            )
            .into_string()
        })?;
    }
    std::fs::write(path, text).map_err(|e| {
        tr!(
            "cannot write {}: {e}",
            "не вдається записати {}: {e}",
            path.display()
        )
        .into_string()
    })
}

/// Appends `record` to a YAML list file (creating it), after a blank line.
fn append(root: &Path, rel: &str, record: &str) -> Result<PathBuf, String> {
    let path = root.join(rel);
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let mut text = old.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(record);
    write_new(&path, &text)?;
    Ok(PathBuf::from(rel))
}

/// A unique id from a title among `taken`.
fn unique_id(title: &str, taken: &[String]) -> Result<String, String> {
    let base = slugify(title);
    if base.is_empty() {
        return Err(tr!(
            "the title has no letters to make an id from",
            "у назві немає літер, з яких можна скласти id"
        )
        .into_string());
    }
    let mut id = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t == &id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    Ok(id)
}

/// A new event in `data/events.yaml`: a week from today, 10:00–12:00, at `venue` (or online
/// when the site has no venues), free, for adults.
pub fn event(
    root: &Path,
    title: &str,
    taken: &[String],
    venue: Option<&str>,
    today: Date,
) -> Result<Made, String> {
    let id = unique_id(title, taken)?;
    let day = today
        .checked_add(jiff::Span::new().days(7))
        .map_err(|e| e.to_string())?;
    let place = match venue {
        Some(v) => format!("  venue: {v}   # id місця з venues.yaml\n"),
        None => "  online: https://meet.example/kimnata   # адреса онлайн-кімнати\n".into(),
    };
    let record = format!(
        "- id: {id}
  title: {title}
  kind: training                 # вид: training, course, webinar, forum, consultation, test, lecture, club
  start: \"{day} 10:00\"       # за київським часом
  end: \"12:00\"
{place}  audience: [adults]
  free: true
  registration:
    note: Запис за телефоном гарячої лінії
",
        title = yaml_string(title)
    );
    let file = append(root, crate::registry::EVENTS_FILE, &record)?;
    Ok(Made {
        file,
        next: tr!(
            "event `{id}`: set the date, place and registration, then run `hromada check`",
            "подія `{id}`: укажіть дату, місце й реєстрацію, потім запустіть `hromada check`"
        )
        .into_string(),
    })
}

/// A new venue in `data/venues.yaml`, without a location yet (a warning until it has one).
pub fn venue(root: &Path, name: &str, taken: &[String], settlement: &str) -> Result<Made, String> {
    let id = unique_id(name, taken)?;
    let record = format!(
        "- id: {id}
  name: {name}
  kind: library                  # вид: library, smart-library, access-centre, cnap, diia-hub, digital-club …
  address: вул. Назва, 1
  settlement: {settlement}
  # location: [32.26, 48.51]     # довгота, широта: скопіюйте з карти
  hours: \"Mo-Fr 09:00-18:00\"
  services: [wifi, computers]
",
        name = yaml_string(name),
        settlement = yaml_string(settlement),
    );
    let file = append(root, crate::registry::VENUES_FILE, &record)?;
    Ok(Made {
        file,
        next: tr!(
            "venue `{id}`: set the address, location and hours, then run `hromada check`",
            "місце `{id}`: укажіть адресу, розташування й години роботи, потім запустіть `hromada check`"
        )
        .into_string(),
    })
}
