//! Diagnostics: every problem found in a run, with the file, line and column it came from,
//! a plain-language message and a hint. Collected, never thrown: a run reports them all.

use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

use crate::i18n::Msg;

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
            .map_or(text.len(), |i| line_start + i);
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

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
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
        let file = self.file.display();
        match self.location {
            Some(l) => format!("{file}:{}:{}", l.line, l.col),
            None => file.to_string(),
        }
    }

    fn sort_key(&self) -> (PathBuf, Option<Location>, Severity, &'static str, &str) {
        (
            self.file.clone(),
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
        write!(
            f,
            "{}: {kind}[{}]: {}",
            self.position(),
            self.code,
            self.message
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

/// The diagnostics as JSON for tools: an array of objects with `severity`, `code`, `file`,
/// `line`, `column`, `end_column` (null without a place), `message` and `hint`.
/// One problem as the fields tools read.
fn item(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "severity": match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "code": d.code,
        "file": d.file.to_string_lossy().replace('\\', "/"),
        "line": d.location.map(|l| l.line),
        "column": d.location.map(|l| l.col),
        "end_column": d.location.map(|l| l.col + l.len),
        "message": d.message,
        "hint": d.hint,
    })
}

pub fn json(diags: &Diagnostics) -> String {
    let items: Vec<serde_json::Value> = diags.sorted().into_iter().map(item).collect();
    let mut text = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// The errors for the preview's error panel: the fields of [`json`], and as `snippet` the
/// lines of the file a terminal shows (without the first line, which repeats the message).
pub fn panel(diags: &Diagnostics, root: &Path) -> serde_json::Value {
    let errors: Vec<serde_json::Value> = diags
        .sorted()
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let mut one = Diagnostics::new();
            one.push(d.clone());
            let text = String::from_utf8_lossy(&render(&one, root, termcolor::ColorChoice::Never))
                .into_owned();
            // The lines of the file, without the message and the hint (shown apart).
            let hint_line = format!("= {}", hint_label());
            let snippet: Vec<&str> = text
                .lines()
                .skip(1)
                .filter(|l| !l.trim_start().starts_with(&hint_line))
                .collect();
            let mut v = item(d);
            v["snippet"] = snippet.join("\n").trim_end().into();
            v
        })
        .collect();
    serde_json::json!({ "lang": crate::i18n::current().code(), "errors": errors })
}

/// GitHub Actions workflow commands, one per diagnostic, so that problems show on the pull
/// request's lines: `::error file=…,line=…,col=…,endColumn=…,title=E0203::message`
/// (data escaped as GitHub documents: `%`, CR, LF; property values also `:` and `,`).
pub fn github(diags: &Diagnostics) -> String {
    fn data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for d in diags.sorted() {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = vec![format!(
            "file={}",
            property(&d.file.to_string_lossy().replace('\\', "/"))
        )];
        if let Some(l) = d.location {
            props.push(format!("line={}", l.line));
            props.push(format!("col={}", l.col));
            props.push(format!("endColumn={}", l.col + l.len));
        }
        props.push(format!("title={}", property(d.code)));
        let mut message = d.message.clone();
        if let Some(h) = &d.hint {
            message.push('\n');
            message.push_str(&hint_label());
            message.push(' ');
            message.push_str(h);
        }
        out.push_str(&format!(
            "::{kind} {}::{}\n",
            props.join(","),
            data(&message)
        ));
    }
    out
}

/// The word before a hint: «порада:» / «hint:».
fn hint_label() -> String {
    tr!("hint:", "порада:").into_string()
}

/// Lines longer than this are shown as an excerpt around the place.
const LONG_LINE: usize = 200;

/// For a place on a line longer than [`LONG_LINE`] characters: up to 60 characters either
/// side of it, and a caret line under the place.
fn long_line_excerpt(source: &str, loc: Location) -> Option<String> {
    let line = source.lines().nth(loc.line.checked_sub(1)?)?;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= LONG_LINE {
        return None;
    }
    let at = (loc.col - 1).min(chars.len());
    let from = at.saturating_sub(60);
    let to = (at + loc.len + 60).min(chars.len());
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < chars.len() { "…" } else { "" };
    let text: String = chars[from..to].iter().collect();
    let pad = lead.chars().count() + at - from;
    let marks = loc.len.min(to.saturating_sub(at)).max(1);
    Some(format!(
        "  {lead}{text}{tail}\n  {}{}",
        " ".repeat(pad),
        "^".repeat(marks)
    ))
}

/// Renders every diagnostic with a snippet of its source, read from `root`.
pub fn render(diags: &Diagnostics, root: &Path, color: termcolor::ColorChoice) -> Vec<u8> {
    let mut files = SimpleFiles::new();
    let mut ids = std::collections::BTreeMap::new();
    let mut file_id = |files: &mut SimpleFiles<String, String>, path: &Path| -> usize {
        *ids.entry(path.to_path_buf()).or_insert_with(|| {
            let text = std::fs::read_to_string(root.join(path)).unwrap_or_default();
            files.add(path.display().to_string(), text)
        })
    };
    let config = term::Config::default();
    let mut out = Vec::new();
    for d in diags.sorted() {
        let mut buffer = if color == termcolor::ColorChoice::Never {
            termcolor::Buffer::no_color()
        } else {
            termcolor::Buffer::ansi()
        };
        let severity = match d.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let mut cs = CsDiagnostic::new(severity)
            .with_code(d.code)
            .with_message(&d.message);
        let mut notes = Vec::new();
        let long_line = d.location.and_then(|loc| {
            let id = file_id(&mut files, &d.file);
            let source = files.get(id).ok()?.source();
            long_line_excerpt(source, loc)
        });
        let mut add_label = |files: &mut SimpleFiles<String, String>,
                             path: &Path,
                             loc: Option<Location>,
                             primary: bool,
                             text: &str|
         -> Option<Label<usize>> {
            let id = file_id(files, path);
            let source = files.get(id).ok()?.source().clone();
            let loc = loc?;
            let range = loc.byte_range(&source);
            let label = if primary {
                Label::primary(id, range)
            } else {
                Label::secondary(id, range)
            };
            Some(label.with_message(text))
        };
        if let (Some(excerpt), Some(loc)) = (long_line, d.location) {
            // A line too long to show whole (a GeoJSON file on one line): a piece of it
            // around the place, with the place marked.
            notes.push(
                tr!(
                    "at {}:{}:{}\n{excerpt}",
                    "у {}:{}:{}\n{excerpt}",
                    d.file.display(),
                    loc.line,
                    loc.col
                )
                .into_string(),
            );
        } else {
            match add_label(&mut files, &d.file, d.location, true, "") {
                Some(l) => cs = cs.with_label(l),
                None => notes.push(tr!("in {}", "у {}", d.file.display()).into_string()),
            }
        }
        for (path, loc, text) in &d.related {
            match add_label(&mut files, path, *loc, false, text) {
                Some(l) => cs = cs.with_label(l),
                None => notes.push(format!("{text}: {}", path.display())),
            }
        }
        if let Some(h) = &d.hint {
            notes.push(format!("{} {h}", hint_label()));
        }
        cs = cs.with_notes(notes);
        if term::emit_to_write_style(&mut buffer, &config, &files, &cs).is_err() {
            // The file could not be shown: fall back to the one-line form.
            let _ = std::io::Write::write_all(&mut buffer, format!("{d}\n").as_bytes());
            out.extend(buffer.into_inner());
            continue;
        }
        out.extend(localized_header(buffer.into_inner(), d.severity));
    }
    out
}

/// codespan-reporting writes the severity in English (`error[E0203]: …`); in Ukrainian the
/// first line says «помилка[E0203]: …» / «попередження[W0209]: …».
fn localized_header(bytes: Vec<u8>, severity: Severity) -> Vec<u8> {
    let (english, said) = match severity {
        Severity::Error => ("error[", tr!("error[", "помилка[")),
        Severity::Warning => ("warning[", tr!("warning[", "попередження[")),
    };
    let line_end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let first = &bytes[..line_end];
    match first
        .windows(english.len())
        .position(|w| w == english.as_bytes())
    {
        Some(i) if english != said.as_str() => {
            let mut fixed = Vec::with_capacity(bytes.len() + 16);
            fixed.extend_from_slice(&bytes[..i]);
            fixed.extend_from_slice(said.as_str().as_bytes());
            fixed.extend_from_slice(&bytes[i + english.len()..]);
            fixed
        }
        _ => bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_commands_escape_as_documented() {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error(
                "E0203",
                "content/a,b.md",
                Msg::verbatim("unknown audience `x`: 100%"),
            )
            .at(Location::new(5, 12, 7))
            .hint(Msg::verbatim("did you mean\n`seniors`?")),
        );
        d.push(Diagnostic::warning(
            "W0209",
            "content/c.md",
            Msg::verbatim("stale"),
        ));
        assert_eq!(
            github(&d),
            "::error file=content/a%2Cb.md,line=5,col=12,endColumn=19,title=E0203::unknown audience `x`: 100%25%0Aпорада: did you mean%0A`seniors`?\n::warning file=content/c.md,title=W0209::stale\n"
        );
        let v: serde_json::Value = serde_json::from_str(&json(&d)).unwrap();
        assert_eq!(v[0]["line"], 5);
        assert_eq!(v[1]["line"], serde_json::Value::Null);
    }

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
