//! YAML with positions. Values are deserialised into typed records by `serde_yaml_ng`
//! (a maintained fork of the archived `serde_yaml`, same API); a second pass with
//! `saphyr-parser` records where every key and value sits, so that checks made after
//! deserialisation (an unknown audience key, a summary too long) can point at the value.
//!
//! This module reads documents and lists of records. The nesting pre-scan that refuses a
//! text before any parser sees it is in `yaml/depth.rs`, the position table in
//! `yaml/positions.rs`, and the diagnostics in the editor's words in `yaml/messages.rs`.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::Diagnostic;
use crate::suggest;

mod depth;
mod messages;
mod positions;
mod slips;

pub use depth::MAX_DEPTH;
use depth::too_deep;
pub use messages::serde_message_to_diagnostic;
use messages::{not_a_list, too_deep_diagnostic, yaml_error};
pub use positions::{Positions, positions};

/// `text` without a byte order mark. libyaml skips one but counts it as a column, so a
/// file that starts with one and a `- id:` at the start of the line read as indented by
/// one, and failed; positions then count from the first character after it, as editors do.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
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
    let text = without_bom(text);
    if let Some(at) = too_deep(text) {
        return Err(too_deep_diagnostic(text, at, file, line_offset));
    }
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
    let text = without_bom(text);
    let mut out = Records {
        records: Vec::new(),
        positions: positions(text, 0),
        problems: Vec::new(),
        unreadable_ids: Vec::new(),
    };
    let items = match record_items(text, file, &out.positions) {
        Ok(items) => items,
        Err(d) => {
            out.problems.push(d);
            return out;
        }
    };
    for (i, item) in items.into_iter().enumerate() {
        let id = item.get("id").and_then(|v| v.as_str()).map(str::to_string);
        match serde_path_to_error::deserialize::<_, T>(item) {
            Ok(r) => out.records.push((i, r)),
            Err(e) => {
                out.unreadable_ids.extend(id);
                out.problems
                    .push(record_problem(i, &e, file, &out.positions));
            }
        }
    }
    out
}

/// The items of a list of records (none in an empty text), or the problem that keeps the
/// whole file from being read.
fn record_items(
    text: &str,
    file: &Path,
    positions: &Positions,
) -> Result<Vec<serde_yaml_ng::Value>, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    if let Some(at) = too_deep(text) {
        return Err(too_deep_diagnostic(text, at, file, 0));
    }
    let value: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(text).map_err(|e| yaml_error(&e, text, file, 0))?;
    match value {
        serde_yaml_ng::Value::Sequence(items) => Ok(items),
        serde_yaml_ng::Value::Null => Ok(Vec::new()),
        _ => Err(not_a_list(file).at_opt(positions.value(""))),
    }
}

/// The diagnostic for record `i`, which could not be deserialised, placed at the key or
/// value the error names.
fn record_problem(
    i: usize,
    e: &serde_path_to_error::Error<serde_yaml_ng::Error>,
    file: &Path,
    positions: &Positions,
) -> Diagnostic {
    let mut path = i.to_string();
    for seg in e.path().iter() {
        match seg {
            serde_path_to_error::Segment::Seq { index } => path = format!("{path}.{index}"),
            serde_path_to_error::Segment::Map { key } => path = join(&path, key),
            _ => {}
        }
    }
    let message = e.inner().to_string();
    let d = serde_message_to_diagnostic(&message, file);
    let location = match suggest::parse_unknown_field(&message) {
        // The path may already end in the unknown key.
        Some((field, _)) if path.ends_with(&format!(".{field}")) => positions.key(&path),
        Some((field, _)) => positions.key(&join(&path, &field)),
        None if d.code == "E0104" => positions.value(&i.to_string()),
        None => positions.value(&path),
    };
    d.at_opt(location)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    #[test]
    fn nesting_deeper_than_the_limit_is_found_where_it_starts() {
        let deep = |n: usize| format!("title: x\naudience: {}", "[".repeat(n));
        assert_eq!(too_deep(&deep(MAX_DEPTH)), None);
        assert_eq!(too_deep(&deep(MAX_DEPTH + 1)), Some(19 + MAX_DEPTH));
        let closed = format!("a: {}1{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(too_deep(&format!("{closed}{closed}b: {{x: [1]}}\n")), None);
        let e = parse::<T>(&deep(5000), Path::new("x.md"), 1).unwrap_err();
        assert_eq!(e.code, "E0106");
        assert_eq!(e.location, Some(Location::new(3, 11 + MAX_DEPTH, 1)));
        let r = parse_records::<T>(&format!("- {}", "{a: ".repeat(5000)), Path::new("x.yaml"));
        assert_eq!(r.problems[0].code, "E0106");
        assert_eq!(
            r.problems[0].location.map(|l| l.col),
            Some(3 + 4 * MAX_DEPTH)
        );
    }

    #[test]
    fn a_control_character_is_placed() {
        let e = parse::<T>("title: a\nweight: 1\u{1b}[2K\n", Path::new("x.md"), 1).unwrap_err();
        assert_eq!(e.code, "E0101");
        assert_eq!(e.location, Some(Location::new(3, 10, 1)));
        assert!(e.message.contains("U+001B"), "{}", e.message);
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let r = parse_records::<T>("\u{feff}- title: a\n  weight: x\n", Path::new("x.yaml"));
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems[0].code, "E0103");
        assert_eq!(r.problems[0].location, Some(Location::new(2, 11, 1)));
        let (t, p) = parse::<T>("\u{feff}title: a\n", Path::new("x.md"), 0).unwrap();
        assert_eq!(t.title, "a");
        assert_eq!(p.value("title"), Some(Location::new(1, 8, 1)));
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
