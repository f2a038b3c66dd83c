//! Diagnostics: every problem found in a run, with the file, line and column it came from,
//! a plain-language message and a hint. Collected, never thrown: a run reports them all.
//!
//! This module holds the diagnostic itself and the run's collection of them. How they are
//! shown is in `diag/report.rs` (the terminal) and `diag/formats.rs` (JSON, the preview's
//! panel, GitHub); positions are found with `diag/lines.rs`, and every text that may
//! reach a terminal goes through `diag/escape.rs`.

use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use codespan_reporting::term::termcolor;

use crate::i18n::Msg;

mod escape;
mod formats;
mod lines;
mod report;

pub use escape::visible;
pub use formats::{github, json, panel};
pub use lines::LineIndex;
use lines::floor_char_boundary;
pub use report::{SHOWN_PER_CODE, render};

/// A diagnostic's file as every report shows it: with `/` separators on every system, so a
/// path reads the same on Windows as in the docs and in CI's output.
pub fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a text file: 1-based line, 1-based column counted in characters, and a
/// length in characters (at least one, so the snippet marks something).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub line: usize,
    pub col: usize,
    pub len: usize,
}

impl Location {
    pub fn new(line: usize, col: usize, len: usize) -> Self {
        Location {
            line: line.max(1),
            col: col.max(1),
            len: len.max(1),
        }
    }

    /// The location of a byte range of `text`.
    pub fn from_offsets(text: &str, start: usize, end: usize) -> Self {
        let start = floor_char_boundary(text, start.min(text.len()));
        let end = floor_char_boundary(text, end.clamp(start, text.len()));
        let before = &text[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = text[line_start..start].chars().count() + 1;
        // Mark no further than the end of the line.
        let rest = &text[start..end];
        let rest = rest.split('\n').next().unwrap_or("");
        let rest = &text[start..lines::without_cr(text, start + rest.len()).max(start)];
        Location::new(line, col, rest.chars().count())
    }

    /// This location moved down by `lines` lines (for text embedded in a larger file).
    pub fn shifted(self, lines: usize) -> Self {
        Location {
            line: self.line + lines,
            ..self
        }
    }

    /// The byte range this location covers in `text` (clamped to the text).
    pub fn byte_range(&self, text: &str) -> std::ops::Range<usize> {
        let mut line_start = 0;
        for _ in 1..self.line {
            match text[line_start..].find('\n') {
                Some(i) => line_start += i + 1,
                None => return text.len()..text.len(),
            }
        }
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| lines::without_cr(text, line_start + i));
        let line_text = &text[line_start..line_end];
        let char_offset = |n: usize| {
            line_text
                .char_indices()
                .nth(n)
                .map_or(line_text.len(), |(i, _)| i)
        };
        let start = line_start + char_offset(self.col - 1);
        let end = line_start + char_offset(self.col - 1 + self.len);
        start..end.max(start)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short stable code, documented for editors.
    pub code: &'static str,
    /// Path relative to the site root, with `/` separators.
    pub file: PathBuf,
    pub location: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
    /// Other places that matter (for example the other file of a URL clash).
    pub related: Vec<(PathBuf, Option<Location>, String)>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: impl Into<PathBuf>, message: Msg) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            location: None,
            message: message.into_string(),
            hint: None,
            related: Vec::new(),
        }
    }

    pub fn warning(code: &'static str, file: impl Into<PathBuf>, message: Msg) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn at_opt(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    pub fn hint(mut self, hint: Msg) -> Self {
        self.hint = Some(hint.into_string());
        self
    }

    pub fn related(
        mut self,
        file: impl Into<PathBuf>,
        location: Option<Location>,
        note: Msg,
    ) -> Self {
        self.related
            .push((file.into(), location, note.into_string()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col` (or just the path when there is no position).
    pub fn position(&self) -> String {
        let file = slashed(&self.file);
        match self.location {
            Some(l) => format!("{file}:{}:{}", l.line, l.col),
            None => file.to_string(),
        }
    }

    fn sort_key(&self) -> (&Path, Option<Location>, Severity, &'static str, &str) {
        (
            &self.file,
            self.location,
            self.severity,
            self.code,
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => tr!("error", "помилка"),
            Severity::Warning => tr!("warning", "попередження"),
        };
        // Shown on a terminal: the file's name and words quoted from it are escaped.
        write!(
            f,
            "{}: {kind}[{}]: {}",
            visible(&self.position()),
            self.code,
            visible(&self.message)
        )
    }
}

/// All diagnostics of a run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps only the diagnostics `keep` says yes to.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, position and message: the same input reports in the same order.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        v.dedup_by(|a, b| a.sort_key() == b.sort_key());
        v
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Whether to colour the report: only on a terminal, and never when NO_COLOR is set.
pub fn color_choice() -> termcolor::ColorChoice {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if no_color || !std::io::stderr().is_terminal() {
        termcolor::ColorChoice::Never
    } else {
        termcolor::ColorChoice::Auto
    }
}

/// The word before a hint: «порада:» / «hint:».
fn hint_label() -> String {
    tr!("hint:", "порада:").into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_line_and_char_column() {
        let text = "перший\nдругий рядок\n";
        let start = text.find("рядок").unwrap();
        let loc = Location::from_offsets(text, start, start + "рядок".len());
        assert_eq!(loc, Location::new(2, 8, 5));
        assert_eq!(&text[loc.byte_range(text)], "рядок");
    }

    #[test]
    fn byte_range_clamps_to_line_end() {
        let text = "ab\ncd";
        let loc = Location::new(2, 2, 10);
        assert_eq!(&text[loc.byte_range(text)], "d");
        let loc = Location::new(9, 1, 1);
        assert_eq!(loc.byte_range(text), 5..5);
    }
}
