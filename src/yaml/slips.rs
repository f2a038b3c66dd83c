//! Two slips of hand-written YAML that the parser reports far from where they were made or
//! in its own terms: a quote left open (the parser reads on to the next quote and complains
//! lines later) and a colon inside a plain value (`title: Курс: основи`). Each is found in
//! the text and said where it is, with the line as it should be written.

use std::path::Path;

use crate::diag::{Diagnostic, Location};

/// The key of a `key: value` line (after its indent and any `- `) and the byte offset of
/// its value in the text the line starts at `line_start` of; `None` for other lines.
fn key_value(line_start: usize, line: &str) -> Option<(String, usize)> {
    let body = line.trim_start_matches([' ', '-']);
    let indent = line.len() - body.len();
    let (key, value) = body.split_once(": ")?;
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let value_trimmed = value.trim_start();
    let value_at = line_start + indent + key.len() + 2 + (value.len() - value_trimmed.len());
    Some((key.to_string(), value_at))
}

/// The byte offset of each line's start, with the line (without its line break).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |start, l| {
        let at = *start;
        *start += l.len();
        Some((at, l.trim_end_matches(['\n', '\r'])))
    })
}

/// Whether a value that starts with `quote` closes it on its own line.
fn closes(value: &str, quote: char) -> bool {
    let mut chars = value.chars().skip(1).peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            // In single quotes, '' is a quote inside the text.
            '\'' if quote == '\'' && chars.peek() == Some(&'\'') => {
                chars.next();
            }
            c if c == quote => return true,
            _ => {}
        }
    }
    false
}

/// The first value, on a line up to `last_line` (1-based), that opens a quote and does not
/// close it on that line: the diagnostic points at that quote (E0101).
pub fn unclosed_quote(
    text: &str,
    last_line: usize,
    file: &Path,
    line_offset: usize,
) -> Option<Diagnostic> {
    let (at, line, quote) = lines(text).take(last_line).find_map(|(start, line)| {
        let (_, value_at) = key_value(start, line)?;
        let value = &text[value_at..start + line.len()];
        let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        (!closes(value, quote)).then_some((value_at, line, quote))
    })?;
    let number = text[..at].matches('\n').count() + 1;
    let fixed = format!("{}{quote}", line.trim());
    Some(
        Diagnostic::error(
            "E0101",
            file,
            tr!(
                "the quote opened on line {} is not closed",
                "лапки, відкриті в рядку {}, не закрито",
                number + line_offset
            ),
        )
        .at(Location::from_offsets(text, at, at + 1).shifted(line_offset))
        .hint(tr!(
            "end the value with the same quote: {fixed}",
            "закрийте значення такими самими лапками: {fixed}"
        )),
    )
}

/// A plain value on line `line_no` (1-based) that holds `: `, which YAML reads as a second
/// key: the diagnostic asks for quotes and shows the line with them (E0101).
pub fn colon_in_value(
    text: &str,
    line_no: usize,
    file: &Path,
    line_offset: usize,
) -> Option<Diagnostic> {
    let (start, line) = lines(text).nth(line_no.checked_sub(1)?)?;
    let (key, value_at) = key_value(start, line)?;
    let value = text[value_at..start + line.len()].trim_end();
    if !value.contains(": ") || value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*']) {
        return None;
    }
    // JSON's string syntax is YAML's double-quoted style.
    let quoted = serde_json::to_string(value).ok()?;
    let fixed = format!("{}{quoted}", &line[..value_at - start].trim_start());
    let message = if key == "title" {
        tr!(
            "the title holds a colon: put it in quotes",
            "у заголовку є двокрапка — візьміть його в лапки"
        )
    } else {
        tr!(
            "the value of `{key}` holds a colon: put it in quotes",
            "у значенні `{key}` є двокрапка — візьміть його в лапки"
        )
    };
    Some(
        Diagnostic::error("E0101", file, message)
            .at(Location::from_offsets(text, value_at, value_at + value.len()).shifted(line_offset))
            .hint(tr!("write {fixed}", "напишіть {fixed}")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(d: Option<Diagnostic>) -> Option<(String, usize, usize, String)> {
        d.map(|d| {
            let l = d.location.unwrap();
            (
                d.message.to_string(),
                l.line,
                l.col,
                d.hint.unwrap().to_string(),
            )
        })
    }

    #[test]
    fn an_open_quote_is_found_where_it_opened() {
        let text = "- id: a\n  title: \"Курс\n  kind: course\n  end: \"12:00\"\n";
        assert_eq!(
            said(unclosed_quote(text, 4, Path::new("e.yaml"), 0)),
            Some((
                "лапки, відкриті в рядку 2, не закрито".into(),
                2,
                10,
                "закрийте значення такими самими лапками: title: \"Курс\"".into()
            ))
        );
        let closed = "title: 'it''s'\nsummary: \"a \\\" b\"\n";
        assert_eq!(said(unclosed_quote(closed, 2, Path::new("x.md"), 1)), None);
    }

    #[test]
    fn a_colon_in_a_plain_value_is_found() {
        let text = "- id: a\n  title: Курс: основи\n";
        assert_eq!(
            said(colon_in_value(text, 2, Path::new("e.yaml"), 0)),
            Some((
                "у заголовку є двокрапка — візьміть його в лапки".into(),
                2,
                10,
                "напишіть title: \"Курс: основи\"".into()
            ))
        );
        assert_eq!(
            said(colon_in_value("note: \"a: b\"\n", 1, Path::new("e"), 0)),
            None
        );
    }
}
