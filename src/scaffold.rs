//! `hromada new`: a new instruction, event or venue written from a template that builds as it
//! is — front matter with today's date as `reviewed` and the uniform outline of an
//! instruction; a record appended to the events or venues file with the fields an editor
//! fills in, commented. Nothing existing is overwritten.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diag::{Diagnostic, Location};
use crate::slug::slugify;

/// What `new` made: the file, and what to do next.
pub struct Made {
    pub file: PathBuf,
    pub next: String,
}

/// `s` on one line (line breaks, tabs and other control characters become spaces) as a
/// double-quoted YAML scalar, written by a serializer: JSON's string syntax is YAML's
/// double-quoted style, so a `:`, `#`, quote or `---` in a title stays inside the value.
fn scalar(s: &str) -> String {
    let line = s
        .split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    // Serialising a string to JSON cannot fail; the fallback is never taken.
    serde_json::to_string(&line).unwrap_or_default()
}

/// The value `scalar` wrote, as a YAML reader reads it back.
fn one_line(s: &str) -> String {
    serde_json::from_str(&scalar(s)).unwrap_or_default()
}

/// Refuses a generated text whose `field` does not read back as `expected`: nothing is
/// written that the build could not read.
fn reads_back(read: Option<String>, expected: &str) -> Result<(), String> {
    if read.as_deref() == Some(one_line(expected).as_str()) {
        Ok(())
    } else {
        Err(tr!(
            "the new text would not read back as written; nothing was written",
            "новий текст не прочитався б так, як записано; нічого не записано"
        )
        .into_string())
    }
}

/// The title of the first record of a YAML list, as the build reads it.
fn first_record_field(yaml: &str, field: &str) -> Option<String> {
    let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(yaml).ok()?;
    v.get(0)?.get(field)?.as_str().map(str::to_string)
}

/// The real path of the site's file `rel` to write, refusing a folder or a link that leads
/// out of the site (writing through it would change a file elsewhere).
fn writable(root: &Path, rel: &Path) -> Result<PathBuf, String> {
    let inside = crate::sandbox::Inside::new(root).map_err(|e| {
        tr!(
            "cannot open the site's folder {}: {e}",
            "не вдається відкрити теку сайту {}: {e}",
            root.display()
        )
        .into_string()
    })?;
    if let Some(real) = inside.file(rel).map_err(|d| d.message)? {
        return Ok(real);
    }
    // A new file: its nearest existing folder must be inside the site.
    let mut dir = rel.parent();
    while let Some(d) = dir {
        if let Ok(real) = root.join(d).canonicalize() {
            if !inside.contains(&real) {
                return Err(tr!(
                    "{} leads outside the site's folder (to {}); nothing was written",
                    "{} веде за межі теки сайту (до {}); нічого не записано",
                    d.display(),
                    real.display()
                )
                .into_string());
            }
            break;
        }
        dir = d.parent();
    }
    Ok(root.join(rel))
}

/// The outline's placeholders, as a new instruction holds them: a page that still has one
/// is not written yet.
pub const PLACEHOLDERS: [&str; 5] = [
    "Коротко: що це за послуга і навіщо вона мешканцю.",
    "Перший крок: що відкрити й куди натиснути.",
    "Другий крок.",
    "Останній крок: що побачить людина, коли все вдалося.",
    "**Типова проблема.** Що робити.",
];

/// The first line of a page's `body` that is still one of the outline's [`PLACEHOLDERS`]
/// (after a list's marker): an error for a page to publish (E0227), so that `build` does not
/// put placeholder steps before residents, a warning for a draft (W0228).
pub fn placeholder(
    file: &Path,
    body: &str,
    body_line_offset: usize,
    draft: bool,
) -> Option<Diagnostic> {
    let (i, line, text) = body.lines().enumerate().find_map(|(i, line)| {
        let text = without_list_marker(line.trim());
        PLACEHOLDERS.contains(&text).then_some((i, line, text))
    })?;
    let col = line[..line.len() - text.len()].chars().count() + 1;
    let at = Location::new(body_line_offset + i + 1, col, text.chars().count());
    let message = tr!(
        "the page still holds the outline's placeholder «{text}»",
        "на сторінці ще є заготовка «{text}»"
    );
    let d = if draft {
        Diagnostic::warning("W0228", file, message).hint(tr!(
            "write the real text in place of the placeholders, then remove draft: true to publish the page",
            "напишіть справжній текст замість заготовок, а тоді приберіть draft: true, щоб опублікувати сторінку"
        ))
    } else {
        Diagnostic::error("E0227", file, message).hint(tr!(
            "residents would read the placeholder as a step: write the real text, or put draft: true back until it is written",
            "мешканці прочитали б заготовку як крок: напишіть справжній текст або поверніть draft: true, доки його не написано"
        ))
    };
    Some(d.at(at))
}

/// A list item's text without its marker (`- `, `* `, `1. `).
fn without_list_marker(line: &str) -> &str {
    if let Some(rest) = line.strip_prefix("- ").or(line.strip_prefix("* ")) {
        return rest.trim_start();
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match line[digits..].strip_prefix(". ") {
        Some(rest) if digits > 0 => rest.trim_start(),
        _ => line,
    }
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
    let path = writable(root, &rel)?;
    if path.exists() {
        return Err(tr!("{} already exists", "{} уже є", rel.display()).into_string());
    }
    let text = format!(
        "---
title: {title}
# Одне-два речення: що читач зможе зробити (до 160 знаків).
summary: {summary}
service: {service}
audience: [adults]
competence: information
level: basic
duration: 10
reviewed: {today}
# Чернетка: сайт її не публікує. Замініть заготовки справжнім текстом
# і приберіть draft: true, коли інструкцію перевірено.
draft: true
---
{lead}

## Що потрібно

- Смартфон або компʼютер з інтернетом.

## Кроки

1. {first}
2. {second}
3. {last}

## Що може піти не так

- {problem}
",
        lead = PLACEHOLDERS[0],
        first = PLACEHOLDERS[1],
        second = PLACEHOLDERS[2],
        last = PLACEHOLDERS[3],
        problem = PLACEHOLDERS[4],
        title = scalar(title),
        summary = scalar(&format!(
            "Покрокова інструкція — {}.",
            title.trim_end_matches('.').to_lowercase()
        )),
        service = scalar(service),
    );
    let read = crate::content::frontmatter::split(&text, &rel).ok();
    reads_back(read.and_then(|s| s.front.title), title)?;
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
    let path = writable(root, Path::new(rel))?;
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
        Some(v) => format!("  venue: {}   # id місця з venues.yaml\n", scalar(v)),
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
        title = scalar(title)
    );
    reads_back(first_record_field(&record, "title"), title)?;
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
        name = scalar(name),
        settlement = scalar(settlement),
    );
    reads_back(first_record_field(&record, "name"), name)?;
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
