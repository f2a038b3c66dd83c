//! The position table of a YAML document: where each key and value sits, found by a
//! second pass with `saphyr-parser` when a check made after deserialisation needs to point
//! at a value. It stops at positions: what is wrong with a value is the caller's to say.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::depth::too_deep;
use super::{join, without_bom};
use crate::diag::Location;

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
    /// Values written in quotes (`'…'` or `"…"`).
    quoted: HashSet<String>,
}

impl Positions {
    fn maps(&self) -> &Maps {
        // A text nested too deep is refused before it is read; its positions are not
        // worked out either (the parser would take as long as it did).
        self.maps.get_or_init(|| {
            if too_deep(&self.text).is_some() {
                Maps::default()
            } else {
                scan(&self.text)
            }
        })
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

    /// The position of the first character of the text of the scalar at `path`: past its
    /// opening quote when it is quoted (an offset a parser of the text reports lands there).
    pub fn text_start(&self, path: &str) -> Option<Location> {
        let quoted = self.maps().quoted.contains(path);
        self.value(path)
            .map(|l| Location::new(l.line, l.col + usize::from(quoted), 1))
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

/// The positions of the YAML document `text`, which starts `line_offset` lines into its file.
pub fn positions(text: &str, line_offset: usize) -> Positions {
    let text = without_bom(text);
    Positions {
        text: text.to_string(),
        line_offset,
        maps: std::sync::OnceLock::new(),
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
            Event::Scalar(value, style, ..) => match child_path(&mut stack) {
                Some(path) => {
                    if matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) {
                        pos.quoted.insert(path.clone());
                    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_of_a_quoted_value_starts_past_its_quote() {
        let text = "a: 'Mo-Fr'\nb: \"Sa\"\nc: Su\n";
        let p = positions(text, 2);
        assert_eq!(p.text_start("a"), Some(Location::new(3, 5, 1)));
        assert_eq!(p.text_start("b"), Some(Location::new(4, 5, 1)));
        assert_eq!(p.text_start("c"), Some(Location::new(5, 4, 1)));
    }

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
}
