//! YAML with positions. Values are deserialised into typed records by `serde_yaml_ng`
//! (a maintained fork of the archived `serde_yaml`, same API); a second pass with
//! `saphyr-parser` records where every key and value sits, so that checks made after
//! deserialisation (an unknown audience key, a summary too long) can point at the value.

use std::collections::HashMap;
use std::path::Path;

use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Location};
use crate::i18n::Msg;
use crate::suggest;

/// Where each key and value of a YAML document sits. Paths join mapping keys and
/// sequence indexes with dots: `audience.1`, `0.venue`, `hotline.phone`.
///
/// The positions are worked out on first use: a build without problems never needs them.
#[derive(Debug, Default, Clone)]
pub struct Positions {
    text: String,
    /// Lines to add: the document may sit inside a larger file (front matter).
    line_offset: usize,
    maps: std::sync::OnceLock<Maps>,
}

#[derive(Debug, Default, Clone)]
struct Maps {
    values: HashMap<String, Location>,
    keys: HashMap<String, Location>,
}

impl Positions {
    fn maps(&self) -> &Maps {
        self.maps.get_or_init(|| scan(&self.text))
    }

    /// The position of the value at `path`, or of the nearest enclosing value that has one.
    pub fn value(&self, path: &str) -> Option<Location> {
        let values = &self.maps().values;
        let mut p = path;
        loop {
            if let Some(l) = values.get(p) {
                return Some(l.shifted(self.line_offset));
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => {
                    return values
                        .get("")
                        .map(|l| Location::new(l.line, l.col, 1).shifted(self.line_offset));
                }
            }
        }
    }

    /// The position of the key that introduces `path` (falls back to the value).
    pub fn key(&self, path: &str) -> Option<Location> {
        self.maps()
            .keys
            .get(path)
            .map(|l| l.shifted(self.line_offset))
            .or_else(|| self.value(path))
    }
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, index: usize },
}

fn marker_location(
    text_lines: &[&str],
    start: saphyr_parser::Marker,
    end: saphyr_parser::Marker,
) -> Location {
    let line = start.line();
    let len = if end.line() == start.line() {
        end.col().saturating_sub(start.col())
    } else {
        text_lines
            .get(line.saturating_sub(1))
            .map_or(1, |l| l.chars().count().saturating_sub(start.col()))
    };
    Location::new(line, start.col() + 1, len)
}

/// The positions of the YAML document `text`, which starts `line_offset` lines into its file.
pub fn positions(text: &str, line_offset: usize) -> Positions {
    Positions {
        text: text.to_string(),
        line_offset,
        maps: std::sync::OnceLock::new(),
    }
}

/// Records the positions of keys and values. A syntax error stops the scan quietly: the
/// typed pass reports it with its own position.
fn scan(text: &str) -> Maps {
    let lines: Vec<&str> = text.lines().collect();
    let mut pos = Maps::default();
    let mut stack: Vec<Frame> = Vec::new();
    // The path of the node about to start, decided by its parent.
    fn child_path(stack: &mut [Frame]) -> Option<String> {
        match stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Map { key: None, .. }) => None, // this node is a key
            Some(Frame::Map { path, key: Some(k) }) => Some(join(path, k)),
            Some(Frame::Seq { path, index }) => {
                let p = join(path, &index.to_string());
                *index += 1;
                Some(p)
            }
        }
    }
    fn finish_value(stack: &mut [Frame]) {
        if let Some(Frame::Map { key, .. }) = stack.last_mut() {
            *key = None;
        }
    }
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { break };
        let loc = marker_location(&lines, span.start, span.end);
        match event {
            Event::Scalar(value, ..) => match child_path(&mut stack) {
                Some(path) => {
                    pos.values.insert(path, loc);
                    finish_value(&mut stack);
                }
                None => {
                    if let Some(Frame::Map { path, key }) = stack.last_mut() {
                        let full = join(path, &value);
                        pos.keys.insert(full, loc);
                        *key = Some(value.into_owned());
                    }
                }
            },
            Event::Alias(_) if child_path(&mut stack).is_some() => finish_value(&mut stack),
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = child_path(&mut stack).unwrap_or_default();
                pos.values.insert(path.clone(), loc);
                if matches!(event, Event::MappingStart(..)) {
                    stack.push(Frame::Map { path, key: None });
                } else {
                    stack.push(Frame::Seq { path, index: 0 });
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                finish_value(&mut stack);
            }
            _ => {}
        }
    }
    pos
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Deserialises `text` (a YAML document that starts `line_offset` lines into `file`) into `T`.
/// On failure, the diagnostic names the position and, for an unknown key, the closest valid one.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    line_offset: usize,
) -> Result<(T, Positions), Diagnostic> {
    let positions = positions(text, line_offset);
    // An empty document is an empty mapping, not a missing value.
    let source = if text.trim().is_empty() { "{}" } else { text };
    match serde_yaml_ng::from_str::<T>(source) {
        Ok(v) => Ok((v, positions)),
        Err(e) => Err(yaml_error(&e, text, file, line_offset)),
    }
}

/// The records of one file that could be read, and what went wrong with the others.
pub struct Records<T> {
    /// (index in the list, record).
    pub records: Vec<(usize, T)>,
    pub positions: Positions,
    pub problems: Vec<Diagnostic>,
    /// The ids of records that could not be read, so references to them are not reported
    /// a second time as missing.
    pub unreadable_ids: Vec<String>,
}

/// A list of records (`- id: …` items): each record is deserialised on its own, so one bad
/// record does not hide the problems of the others. Returns the records that could be read,
/// with their index in the list, the positions, and a diagnostic per record that could not.
pub fn parse_records<T: DeserializeOwned>(text: &str, file: &Path) -> Records<T> {
    let positions = positions(text, 0);
    let mut out = Records {
        records: Vec::new(),
        positions,
        problems: Vec::new(),
        unreadable_ids: Vec::new(),
    };
    if text.trim().is_empty() {
        return out;
    }
    let value: serde_yaml_ng::Value = match serde_yaml_ng::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            out.problems.push(yaml_error(&e, text, file, 0));
            return out;
        }
    };
    let items = match value {
        serde_yaml_ng::Value::Sequence(items) => items,
        serde_yaml_ng::Value::Null => Vec::new(),
        _ => {
            let d = Diagnostic::error(
                "E0105",
                file,
                tr!(
                    "this file must be a list of records",
                    "цей файл має бути списком записів"
                ),
            )
            .at_opt(out.positions.value(""))
            .hint(tr!(
                "start each record with `- ` at the beginning of a line, like `- id: …`",
                "починайте кожен запис із `- ` на початку рядка, наприклад `- id: …`"
            ));
            out.problems.push(d);
            return out;
        }
    };
    let positions = &out.positions;
    for (i, item) in items.into_iter().enumerate() {
        let id = item.get("id").and_then(|v| v.as_str()).map(str::to_string);
        match serde_path_to_error::deserialize::<_, T>(item) {
            Ok(r) => out.records.push((i, r)),
            Err(e) => {
                out.unreadable_ids.extend(id);
                let mut path = i.to_string();
                for seg in e.path().iter() {
                    match seg {
                        serde_path_to_error::Segment::Seq { index } => {
                            path = format!("{path}.{index}")
                        }
                        serde_path_to_error::Segment::Map { key } => path = join(&path, key),
                        _ => {}
                    }
                }
                let message = e.inner().to_string();
                let d = serde_message_to_diagnostic(&message, file);
                let location = match suggest::parse_unknown_field(&message) {
                    // The path may already end in the unknown key.
                    Some((field, _)) if path.ends_with(&format!(".{field}")) => {
                        positions.key(&path)
                    }
                    Some((field, _)) => positions.key(&join(&path, &field)),
                    None if d.code == "E0104" => positions.value(&i.to_string()),
                    None => positions.value(&path),
                };
                out.problems.push(d.at_opt(location));
            }
        }
    }
    out
}

fn yaml_error(e: &serde_yaml_ng::Error, text: &str, file: &Path, line_offset: usize) -> Diagnostic {
    let raw = e.to_string();
    // serde_yaml appends " at line L column C"; the position is shown separately.
    let mut message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    // A nested value's message starts with its path (`weight: invalid type …`); the
    // position already says where, so keep only what is wrong.
    for phrase in [
        "unknown field",
        "invalid type",
        "missing field",
        "invalid value",
    ] {
        if let Some(i) = message.find(phrase) {
            message = message[i..].to_string();
            break;
        }
    }
    let location = e.location().map(|l| {
        let len = text
            .lines()
            .nth(l.line().saturating_sub(1))
            .map(|line| {
                let rest: String = line.chars().skip(l.column().saturating_sub(1)).collect();
                // Mark the word at the position (a key, or a value).
                rest.find([':', ' ', ','])
                    .map_or(rest.chars().count(), |i| rest[..i].chars().count())
            })
            .unwrap_or(1);
        Location::new(l.line(), l.column(), len).shifted(line_offset)
    });
    serde_message_to_diagnostic(&message, file).at_opt(location)
}

/// Turns serde's standard messages into plain ones with a hint.
pub fn serde_message_to_diagnostic(message: &str, file: &Path) -> Diagnostic {
    if let Some((field, expected)) = suggest::parse_unknown_field(message) {
        let mut d = Diagnostic::error(
            "E0102",
            file,
            tr!("unknown key `{field}`", "невідомий ключ `{field}`"),
        );
        let hint = match suggest::closest(&field, expected.iter().map(String::as_str)) {
            Some(best) => tr!(
                "did you mean `{best}`? Valid keys: {}",
                "можливо, `{best}`? Можливі ключі: {}",
                expected.join(", ")
            ),
            None => tr!(
                "valid keys here: {}",
                "можливі тут ключі: {}",
                expected.join(", ")
            ),
        };
        d = d.hint(hint);
        return d;
    }
    if let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
    {
        return wrong_kind(rest, file);
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return Diagnostic::error(
            "E0104",
            file,
            tr!("missing field {field}", "бракує ключа {field}"),
        )
        .hint(tr!(
            "add the missing key with a value",
            "додайте цей ключ зі значенням"
        ));
    }
    let message = yaml_problem_in_words(message);
    Diagnostic::error(
        "E0101",
        file,
        tr!("this YAML cannot be read: {message}", "цей YAML не читається: {message}"),
    )
    .hint(tr!(
        "check indentation (spaces, not tabs), a space after each `:`, and quotes around text that contains `: ` or starts with a special character",
        "перевірте відступи (пробіли, не табуляція), пробіл після кожної `:` і лапки навколо тексту, що містить `: ` або починається зі спеціального знака"
    ))
}

/// The YAML parser's common complaints in the run's language (others are kept as they are).
fn yaml_problem_in_words(message: &str) -> Msg {
    let known = [
        (
            "did not find expected ',' or ']'",
            tr!(
                "did not find the expected ',' or ']'",
                "не знайдено очікуваної ',' або ']'"
            ),
        ),
        (
            "did not find expected ',' or '}'",
            tr!(
                "did not find the expected ',' or '}}'",
                "не знайдено очікуваної ',' або '}}'"
            ),
        ),
        (
            "did not find expected key",
            tr!(
                "did not find the expected key",
                "не знайдено очікуваного ключа"
            ),
        ),
        (
            "did not find expected '-' indicator",
            tr!(
                "did not find the expected '-' of a list item",
                "не знайдено очікуваного '-' елемента списку"
            ),
        ),
        (
            "mapping values are not allowed in this context",
            tr!(
                "a `key: value` is not allowed here",
                "`ключ: значення` тут не дозволено"
            ),
        ),
        (
            "found character that cannot start any token",
            tr!(
                "a character that cannot start a value",
                "знак, з якого не може починатися значення"
            ),
        ),
        (
            "found a tab character that violates indentation",
            tr!(
                "a tab character in the indentation",
                "знак табуляції у відступі"
            ),
        ),
        (
            "found unexpected end of stream",
            tr!(
                "the file ends in the middle of a value",
                "файл закінчується посеред значення"
            ),
        ),
        (
            "found unknown escape character",
            tr!(
                "an unknown escape after `\\` in quotes",
                "невідома послідовність після `\\` у лапках"
            ),
        ),
        (
            "could not find expected ':'",
            tr!(
                "did not find the expected ':'",
                "не знайдено очікуваної ':'"
            ),
        ),
        (
            "duplicate entry with key",
            tr!("a key is written twice", "ключ записано двічі"),
        ),
    ];
    for (english, said) in known {
        if message.contains(english) {
            return said;
        }
    }
    Msg::verbatim(message)
}

/// serde's "string \"так\", expected a boolean" in an editor's words, with a hint for the
/// kind of value that was expected.
fn wrong_kind(rest: &str, file: &Path) -> Diagnostic {
    let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    let found = if let Some(v) = found.strip_prefix("string ") {
        tr!("the text {v}", "текст {v}")
    } else if let Some(v) = found
        .strip_prefix("integer ")
        .or(found.strip_prefix("floating point "))
    {
        tr!("the number {}", "число {}", v.trim_matches('`'))
    } else if let Some(v) = found.strip_prefix("boolean ") {
        Msg::verbatim(v.trim_matches('`'))
    } else if found == "sequence" {
        tr!("a list", "список")
    } else if found == "map" {
        tr!("a group of keys", "група ключів")
    } else {
        Msg::verbatim(found)
    };
    let is_number = [
        "u8",
        "u16",
        "u32",
        "u64",
        "usize",
        "i8",
        "i16",
        "i32",
        "i64",
        "isize",
        "an integer",
    ]
    .contains(&expected)
        || expected.starts_with("a number");
    let (wanted, hint) = if expected == "a sequence" {
        (
            Some(tr!("a list", "списком")),
            tr!(
                "write a list in square brackets, like [seniors, adults], or one item per line starting with `- `",
                "запишіть список у квадратних дужках, наприклад [seniors, adults], або по елементу в рядку, починаючи з `- `"
            ),
        )
    } else if expected == "a boolean" {
        (
            Some(tr!("true or false", "true або false")),
            tr!(
                "write true or false, without quotes",
                "напишіть true або false, без лапок"
            ),
        )
    } else if is_number {
        (
            Some(tr!("a whole number", "цілим числом")),
            tr!(
                "write digits only, like 15",
                "пишіть лише цифри, наприклад 15"
            ),
        )
    } else if expected == "a string" {
        (
            Some(tr!("text", "текстом")),
            tr!(
                "put the text in quotes if it looks like a number, a date or true/false",
                "візьміть текст у лапки, якщо він схожий на число, дату чи true/false"
            ),
        )
    } else if expected.starts_with("struct ") || expected == "a map" {
        (
            Some(tr!("a group of keys", "групою ключів")),
            tr!(
                "write the keys on the lines below, indented with two spaces",
                "напишіть ключі в рядках нижче з відступом у два пробіли"
            ),
        )
    } else {
        (
            None,
            tr!(
                "check the value's form: text, a number, true/false, a list or a date YYYY-MM-DD",
                "перевірте вигляд значення: текст, число, true/false, список або дата РРРР-ММ-ДД"
            ),
        )
    };
    let message = match wanted {
        None => tr!(
            "this value does not fit here: {rest}",
            "це значення тут не підходить: {rest}"
        ),
        Some(wanted) => tr!(
            "this value must be {wanted}, not {found}",
            "це значення має бути {wanted}; зараз тут {found}"
        ),
    };
    Diagnostic::error("E0103", file, message).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_key_and_value_positions() {
        let text = "title: Дія\naudience:\n  - seniors\n  - youth\nhotline: {phone: '+380'}\n";
        let p = positions(text, 0);
        assert_eq!(p.value("title"), Some(Location::new(1, 8, 3)));
        assert_eq!(p.key("audience"), Some(Location::new(2, 1, 8)));
        assert_eq!(p.value("audience.1"), Some(Location::new(4, 5, 5)));
        assert_eq!(p.value("hotline.phone").map(|l| l.line), Some(5));
        // Unknown paths fall back to the nearest enclosing value.
        assert_eq!(p.value("audience.9").map(|l| l.line), Some(3));
    }

    #[test]
    fn positions_shift_for_front_matter() {
        let p = positions("title: x\n", 1);
        assert_eq!(p.value("title"), Some(Location::new(2, 8, 1)));
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        weight: Option<i64>,
    }

    #[test]
    fn unknown_key_names_the_closest() {
        let e = parse::<T>("title: a\nwieght: 3\n", Path::new("x.md"), 1).unwrap_err();
        assert_eq!(e.code, "E0102");
        assert_eq!(e.location, Some(Location::new(3, 1, 6)));
        assert!(e.hint.unwrap().contains("можливо, `weight`?"));
    }

    #[test]
    fn bad_type_has_position() {
        let e = parse::<T>("title: a\nweight: heavy\n", Path::new("x.md"), 0).unwrap_err();
        assert_eq!(e.code, "E0103");
        assert_eq!(
            e.message,
            "це значення має бути цілим числом; зараз тут текст \"heavy\""
        );
        assert_eq!(e.location.map(|l| (l.line, l.col)), Some((2, 9)));
    }
}
