//! Diagnostics: every problem found in a run, with the file, line and column it came from,
//! a plain-language message and a hint. Collected, never thrown: a run reports them all.

use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
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

/// Where the lines of one text start, built once per file, so that each of thousands of
/// diagnostics finds its line by binary search instead of scanning the file from the start
/// (which made a file with 20,000 warnings take seconds and one with 100,000 minutes).
/// Characters are counted from checkpoints every few kilobytes, so a column on a very long
/// line (GeoJSON written on one line) costs no more than one on a short one.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// The byte offset of each line's start; the first is 0.
    starts: Vec<usize>,
    /// (byte offset, characters before it), every [`CHECKPOINT`] bytes or so.
    marks: Vec<(usize, usize)>,
}

/// Bytes between two character-count checkpoints of a [`LineIndex`].
const CHECKPOINT: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut marks = vec![(0, 0)];
        let (mut at, mut chars) = (0, 0);
        while at + CHECKPOINT < text.len() {
            let next = floor_char_boundary(text, at + CHECKPOINT);
            chars += count_chars(text, at, next);
            marks.push((next, chars));
            at = next;
        }
        LineIndex { starts, marks }
    }

    /// The 0-based line that holds byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Where 0-based line `line` ends: its `\n`, or the end of the text.
    fn line_end(&self, text: &str, line: usize) -> usize {
        self.starts
            .get(line + 1)
            .map_or(text.len(), |s| s.saturating_sub(1))
    }

    /// Characters in `text[..offset]`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let i = self
            .marks
            .partition_point(|&(b, _)| b <= offset)
            .saturating_sub(1);
        let (b, c) = self.marks.get(i).copied().unwrap_or((0, 0));
        c + count_chars(text, b.min(offset), offset)
    }

    /// Characters in `text[a..b]`.
    fn chars_between(&self, text: &str, a: usize, b: usize) -> usize {
        if b <= a {
            0
        } else if b - a <= 2 * CHECKPOINT {
            count_chars(text, a, b)
        } else {
            self.chars_before(text, b)
                .saturating_sub(self.chars_before(text, a))
        }
    }

    /// The byte offset `n` characters after `from`, no further than `limit`.
    fn char_offset(&self, text: &str, from: usize, n: usize, limit: usize) -> usize {
        let walk = |start: usize, n: usize| {
            text.get(start..limit.max(start))
                .and_then(|rest| rest.char_indices().nth(n))
                .map_or(limit.max(start), |(i, _)| start + i)
        };
        if n <= 2 * CHECKPOINT {
            return walk(from, n);
        }
        // Jump to the last checkpoint before the character, then walk.
        let target = self.chars_before(text, from) + n;
        let j = self
            .marks
            .partition_point(|&(_, c)| c <= target)
            .saturating_sub(1);
        match self.marks.get(j) {
            Some(&(b, c)) if b > from => walk(b, target - c).min(limit.max(from)),
            _ => walk(from, n),
        }
    }

    /// The location of the byte range `start..end` of `text` (the text this index was
    /// built from): the same as [`Location::from_offsets`], without scanning the text.
    pub fn location(&self, text: &str, start: usize, end: usize) -> Location {
        let start = floor_char_boundary(text, start.min(text.len()));
        let end = floor_char_boundary(text, end.clamp(start, text.len()));
        let line = self.line_of(start);
        let line_start = self.starts.get(line).copied().unwrap_or(0).min(start);
        let col = self.chars_between(text, line_start, start) + 1;
        // Mark no further than the end of the line.
        let stop = end.min(self.line_end(text, line)).max(start);
        Location::new(line + 1, col, self.chars_between(text, start, stop))
    }

    /// The byte range `loc` covers in `text`, clamped to its line: the same as
    /// [`Location::byte_range`], without scanning the text.
    pub fn byte_range(&self, text: &str, loc: Location) -> std::ops::Range<usize> {
        let Some(&line_start) = self.starts.get(loc.line.saturating_sub(1)) else {
            return text.len()..text.len();
        };
        let line_end = self.line_end(text, loc.line - 1).max(line_start);
        let start = self.char_offset(text, line_start, loc.col.saturating_sub(1), line_end);
        let end = self.char_offset(text, start, loc.len, line_end);
        start..end.max(start)
    }
}

/// Characters in `text[a..b]` (0 if that is not a slice of it).
fn count_chars(text: &str, a: usize, b: usize) -> usize {
    text.get(a..b).map_or(0, |s| s.chars().count())
}

/// Whether `c` must not reach a terminal as it is: C0 controls (but tab and line feed),
/// DEL, C1 controls, and the bidirectional overrides and isolates that reorder what a
/// line shows. A carriage return counts unless it ends a line (`\r\n`).
fn is_unsafe(c: char, next: Option<char>) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}'
        | '\u{b}'..='\u{c}'
        | '\u{e}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
        || (c == '\r' && next != Some('\n'))
}

/// Text that may reach a terminal: every control character and bidirectional override
/// written as a visible escape (`\u{1b}`), so that a file being reported cannot retitle,
/// clear or rewrite the terminal, or show its text in another order than it has.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = text.chars().peekable();
    let mut out: Option<String> = None;
    let mut at = 0;
    while let Some(c) = chars.next() {
        if is_unsafe(c, chars.peek().copied()) {
            let s = out.get_or_insert_with(|| {
                let mut s = String::with_capacity(text.len() + 16);
                s.push_str(&text[..at]);
                s
            });
            s.push_str(&escape(c));
        } else if let Some(s) = out.as_mut() {
            s.push(c);
        }
        at += c.len_utf8();
    }
    match out {
        Some(s) => std::borrow::Cow::Owned(s),
        None => std::borrow::Cow::Borrowed(text),
    }
}

fn escape(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
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
    let mut renderer = Renderer::new(root, termcolor::ColorChoice::Never);
    let hint_line = format!("= {}", hint_label());
    let errors: Vec<serde_json::Value> = diags
        .sorted()
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let text = String::from_utf8_lossy(&renderer.one(d)).into_owned();
            // The lines of the file, without the message and the hint (shown apart).
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
/// (data escaped as GitHub documents: `%`, CR, LF; property values also `:` and `,`; other
/// control characters as `\u{1b}`, since the log is shown in a terminal-like viewer).
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
            property(&visible(&d.file.to_string_lossy().replace('\\', "/")))
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
            data(&visible(&message))
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

/// How many diagnostics of one code in one file the report shows; the rest are counted in
/// one line (the counts, the exit code and `--format json` still have them all).
pub const SHOWN_PER_CODE: usize = 50;

/// One source file as the report shows it: read once, its lines indexed once, and its
/// text with control characters escaped ([`visible`]) for the snippets.
struct Source {
    /// The path as shown, escaped.
    name: String,
    text: String,
    index: LineIndex,
    /// The text as shown, when it differs (it had characters to escape).
    shown: Option<String>,
    /// Where the lines of the shown text start.
    shown_starts: Vec<usize>,
    /// Every escape in the shown text, in order.
    escapes: Vec<Escape>,
}

/// One escaped character: where it is in the file and in the shown text, and how many
/// bytes and characters the escapes up to and including this one added.
struct Escape {
    at: usize,
    shown_at: usize,
    extra_bytes: usize,
    extra_chars: usize,
}

impl Source {
    fn new(name: &str, mut text: String) -> Self {
        // A byte order mark is not shown, and positions count from the character after it
        // (as the readers of YAML, Markdown and GeoJSON, and editors, count them).
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let index = LineIndex::new(&text);
        let mut escapes = Vec::new();
        let shown = match visible(&text) {
            std::borrow::Cow::Borrowed(_) => None,
            std::borrow::Cow::Owned(shown) => {
                let (mut extra_bytes, mut extra_chars) = (0, 0);
                let mut chars = text.char_indices().peekable();
                while let Some((at, c)) = chars.next() {
                    if is_unsafe(c, chars.peek().map(|&(_, n)| n)) {
                        let e = escape(c);
                        let shown_at = at + extra_bytes;
                        extra_bytes += e.len() - c.len_utf8();
                        extra_chars += e.chars().count() - 1;
                        escapes.push(Escape {
                            at,
                            shown_at,
                            extra_bytes,
                            extra_chars,
                        });
                    }
                }
                Some(shown)
            }
        };
        let shown_starts = match &shown {
            Some(s) => LineIndex::new(s).starts,
            None => index.starts.clone(),
        };
        Source {
            name: visible(name).into_owned(),
            text,
            index,
            shown,
            shown_starts,
            escapes,
        }
    }

    fn shown(&self) -> &str {
        self.shown.as_deref().unwrap_or(&self.text)
    }

    /// A byte offset of the file in the shown text.
    fn to_shown(&self, offset: usize) -> usize {
        let k = self.escapes.partition_point(|e| e.at < offset);
        offset + k.checked_sub(1).map_or(0, |k| self.escapes[k].extra_bytes)
    }

    /// Characters the escapes before `shown_offset` added.
    fn extra_chars_before(&self, shown_offset: usize) -> usize {
        let k = self.escapes.partition_point(|e| e.shown_at < shown_offset);
        k.checked_sub(1).map_or(0, |k| self.escapes[k].extra_chars)
    }

    /// The byte range of `loc` in the shown text.
    fn shown_range(&self, loc: Location) -> std::ops::Range<usize> {
        let r = self.index.byte_range(&self.text, loc);
        self.to_shown(r.start)..self.to_shown(r.end)
    }

    /// For a place on a line longer than [`LONG_LINE`] characters: up to 60 characters
    /// either side of it, and a caret line under the place.
    fn long_line_excerpt(&self, loc: Location) -> Option<String> {
        let (text, index) = (&self.text, &self.index);
        let line = loc.line.checked_sub(1)?;
        let line_start = *index.starts.get(line)?;
        let line_end = index.line_end(text, line).max(line_start);
        let total = index.chars_between(text, line_start, line_end);
        if total <= LONG_LINE {
            return None;
        }
        let at_c = (loc.col - 1).min(total);
        let from_c = at_c.saturating_sub(60);
        let to_c = (at_c + loc.len + 60).min(total);
        let from = index.char_offset(text, line_start, from_c, line_end);
        let at = index.char_offset(text, from, at_c - from_c, line_end);
        let to = index.char_offset(text, at, to_c - at_c, line_end);
        let marks_to = index.char_offset(text, at, loc.len.min(to_c - at_c), line_end);
        let lead = if from_c > 0 { "…" } else { "" };
        let tail = if to_c < total { "…" } else { "" };
        let before = visible(text.get(from..at)?);
        let marked = visible(text.get(at..marks_to)?).chars().count().max(1);
        let excerpt = visible(text.get(from..to)?);
        let pad = lead.chars().count() + before.chars().count();
        Some(format!(
            "  {lead}{excerpt}{tail}\n  {}{}",
            " ".repeat(pad),
            "^".repeat(marked)
        ))
    }
}

/// The files of a report, each read and indexed once however many diagnostics it has.
struct Sources {
    root: PathBuf,
    files: Vec<Source>,
    ids: std::collections::HashMap<PathBuf, usize>,
}

impl Sources {
    fn new(root: &Path) -> Self {
        Sources {
            root: root.to_path_buf(),
            files: Vec::new(),
            ids: std::collections::HashMap::new(),
        }
    }

    fn id(&mut self, path: &Path) -> usize {
        if let Some(&id) = self.ids.get(path) {
            return id;
        }
        let text = std::fs::read_to_string(self.root.join(path)).unwrap_or_default();
        self.files
            .push(Source::new(&path.display().to_string(), text));
        self.ids.insert(path.to_path_buf(), self.files.len() - 1);
        self.files.len() - 1
    }

    fn get(&self, id: usize) -> Result<&Source, codespan_reporting::files::Error> {
        self.files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Sources {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.get(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.get(id)?.shown())
    }

    fn line_index(
        &'a self,
        id: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let f = self.get(id)?;
        Ok(f.shown_starts
            .partition_point(|&s| s <= byte_index)
            .saturating_sub(1))
    }

    fn line_range(
        &'a self,
        id: usize,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        let f = self.get(id)?;
        let len = f.shown().len();
        let line_start = |i: usize| match i.cmp(&f.shown_starts.len()) {
            std::cmp::Ordering::Less => Ok(f.shown_starts[i]),
            std::cmp::Ordering::Equal => Ok(len),
            std::cmp::Ordering::Greater => Err(codespan_reporting::files::Error::LineTooLarge {
                given: i,
                max: f.shown_starts.len().saturating_sub(1),
            }),
        };
        Ok(line_start(line_index)?..line_start(line_index + 1)?)
    }

    /// The column in the file, not in the shown text: an escape counts as the one
    /// character it stands for.
    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let f = self.get(id)?;
        let range = self.line_range(id, line_index)?;
        let shown = f.shown();
        let end = byte_index.min(range.end).max(range.start);
        let chars = count_chars(shown, range.start, floor_char_boundary(shown, end));
        let extra = f.extra_chars_before(end) - f.extra_chars_before(range.start);
        Ok(chars.saturating_sub(extra) + 1)
    }
}

/// Renders diagnostics one at a time, reading each source file once.
struct Renderer {
    sources: Sources,
    color: termcolor::ColorChoice,
    config: term::Config,
}

impl Renderer {
    fn new(root: &Path, color: termcolor::ColorChoice) -> Self {
        Renderer {
            sources: Sources::new(root),
            color,
            config: term::Config::default(),
        }
    }

    fn buffer(&self) -> termcolor::Buffer {
        if self.color == termcolor::ColorChoice::Never {
            termcolor::Buffer::no_color()
        } else {
            termcolor::Buffer::ansi()
        }
    }

    /// A label at `loc` of `path`, or `None` when there is no place to show.
    fn label(
        &mut self,
        path: &Path,
        loc: Option<Location>,
        primary: bool,
        text: &str,
    ) -> Option<Label<usize>> {
        let loc = loc?;
        let id = self.sources.id(path);
        let range = self.sources.get(id).ok()?.shown_range(loc);
        let label = if primary {
            Label::primary(id, range)
        } else {
            Label::secondary(id, range)
        };
        Some(label.with_message(visible(text)))
    }

    /// One diagnostic with a snippet of its source.
    fn one(&mut self, d: &Diagnostic) -> Vec<u8> {
        let severity = match d.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let mut cs = CsDiagnostic::new(severity)
            .with_code(d.code)
            .with_message(visible(&d.message));
        let mut notes = Vec::new();
        let long_line = d.location.and_then(|loc| {
            let id = self.sources.id(&d.file);
            self.sources.get(id).ok()?.long_line_excerpt(loc)
        });
        let file = visible(&d.file.display().to_string()).into_owned();
        if let (Some(excerpt), Some(loc)) = (long_line, d.location) {
            // A line too long to show whole (a GeoJSON file on one line): a piece of it
            // around the place, with the place marked.
            notes.push(
                tr!(
                    "at {file}:{}:{}\n{excerpt}",
                    "у {file}:{}:{}\n{excerpt}",
                    loc.line,
                    loc.col
                )
                .into_string(),
            );
        } else {
            match self.label(&d.file, d.location, true, "") {
                Some(l) => cs = cs.with_label(l),
                None => notes.push(tr!("in {file}", "у {file}").into_string()),
            }
        }
        for (path, loc, text) in &d.related {
            match self.label(path, *loc, false, text) {
                Some(l) => cs = cs.with_label(l),
                None => notes.push(format!(
                    "{}: {}",
                    visible(text),
                    visible(&path.display().to_string())
                )),
            }
        }
        if let Some(h) = &d.hint {
            notes.push(format!("{} {}", hint_label(), visible(h)));
        }
        cs = cs.with_notes(notes);
        let mut buffer = self.buffer();
        if term::emit_to_write_style(&mut buffer, &self.config, &self.sources, &cs).is_err() {
            // The file could not be shown: fall back to the one-line form.
            let mut buffer = self.buffer();
            let _ = std::io::Write::write_all(&mut buffer, format!("{d}\n").as_bytes());
            return buffer.into_inner();
        }
        localized_header(buffer.into_inner(), d.severity)
    }

    /// The line that stands for the diagnostics of one code in one file not shown.
    fn more(&self, file: &Path, code: &str, severity: Severity, n: usize) -> Vec<u8> {
        let what = match severity {
            Severity::Error => crate::i18n::word(
                n,
                ["more error", "more errors"],
                [
                    "така сама помилка",
                    "такі самі помилки",
                    "таких самих помилок",
                ],
            ),
            Severity::Warning => crate::i18n::word(
                n,
                ["more warning", "more warnings"],
                [
                    "таке саме попередження",
                    "такі самі попередження",
                    "таких самих попереджень",
                ],
            ),
        };
        let file = visible(&file.display().to_string()).into_owned();
        let line = tr!(
            "{file}: … and {n} {what} [{code}] in this file, not shown (the first {SHOWN_PER_CODE} are above; `hromada check --format json` lists them all)",
            "{file}: … і ще {n} {what} [{code}] у цьому файлі, не показано (перші {SHOWN_PER_CODE} — вище; `hromada check --format json` перелічує всі)"
        );
        let mut buffer = self.buffer();
        let _ = std::io::Write::write_all(&mut buffer, format!("{line}\n\n").as_bytes());
        buffer.into_inner()
    }
}

/// Renders every diagnostic with a snippet of its source, read from `root`. Of one code in
/// one file, the first [`SHOWN_PER_CODE`] are shown and the rest counted in one line.
pub fn render(diags: &Diagnostics, root: &Path, color: termcolor::ColorChoice) -> Vec<u8> {
    let mut renderer = Renderer::new(root, color);
    let mut out = Vec::new();
    let sorted = diags.sorted();
    // Per code in the current file: how many, and of which severity.
    let mut counts: std::collections::BTreeMap<&str, (usize, Severity)> =
        std::collections::BTreeMap::new();
    for (i, d) in sorted.iter().enumerate() {
        let n = &mut counts.entry(d.code).or_insert((0, d.severity)).0;
        *n += 1;
        if *n <= SHOWN_PER_CODE {
            out.extend(renderer.one(d));
        }
        let last_of_file = sorted.get(i + 1).is_none_or(|next| next.file != d.file);
        if last_of_file {
            for (code, (n, severity)) in std::mem::take(&mut counts) {
                if n > SHOWN_PER_CODE {
                    out.extend(renderer.more(&d.file, code, severity, n - SHOWN_PER_CODE));
                }
            }
        }
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
    fn line_index_agrees_with_scanning() {
        let mut text = String::from("перший\nдругий рядок\n\nx");
        // A long line with multi-byte characters across several checkpoints.
        text.push_str(&"ab€дé".repeat(5000));
        text.push_str("\nкінець\n");
        let index = LineIndex::new(&text);
        let mut offsets: Vec<usize> = (0..text.len()).step_by(997).collect();
        offsets.extend([0, 1, 7, 8, 13, 30, text.len() - 1, text.len()]);
        for &a in &offsets {
            for b in [a, a + 1, a + 5, a + 9000, text.len()] {
                assert_eq!(
                    index.location(&text, a, b),
                    Location::from_offsets(&text, a, b),
                    "{a}..{b}"
                );
            }
            let loc = Location::from_offsets(&text, a, a + 20);
            assert_eq!(
                index.byte_range(&text, loc),
                loc.byte_range(&text),
                "{loc:?}"
            );
        }
        for loc in [
            Location::new(4, 20_000, 30),
            Location::new(4, 30_000, 5),
            Location::new(9, 1, 1),
            Location::new(6, 1, 1),
        ] {
            assert_eq!(
                index.byte_range(&text, loc),
                loc.byte_range(&text),
                "{loc:?}"
            );
        }
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(visible("plain «текст»\tand\r\n"), "plain «текст»\tand\r\n");
        assert_eq!(
            visible("a\u{1b}]0;HACKED\u{7}\u{0}b\rc\u{202e}d\u{85}"),
            "a\\u{1b}]0;HACKED\\u{7}\\u{0}b\\u{d}c\\u{202e}d\\u{85}"
        );
    }

    #[test]
    fn snippets_escape_control_characters_and_keep_columns() {
        let dir = std::env::temp_dir().join(format!("hromada-diag-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "title: x\nтекст \u{1b}]0;HACKED\u{7}\u{1b}[2K [тут](a.md) кінець\n";
        std::fs::write(dir.join("a.md"), text).unwrap();
        let start = text.find("[тут]").unwrap();
        let loc = Location::from_offsets(text, start, start + "[тут](a.md)".len());
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::warning("W0225", "a.md", Msg::verbatim("bad \u{1b}[31m link"))
                .at(loc)
                .hint(Msg::verbatim("fix\u{0}")),
        );
        let out = String::from_utf8(render(&d, &dir, termcolor::ColorChoice::Never)).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!out.contains(['\u{1b}', '\u{7}', '\u{0}']), "{out}");
        assert!(out.contains("\\u{1b}]0;HACKED\\u{7}\\u{1b}[2K"), "{out}");
        assert!(out.contains("bad \\u{1b}[31m link"), "{out}");
        // The header names the column in the file; the carets sit under the link.
        assert!(out.contains(&format!("a.md:2:{}", loc.col)), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        let shown = lines.iter().position(|l| l.contains("HACKED")).unwrap();
        let caret_line = lines[shown + 1];
        let caret = caret_line.chars().position(|c| c == '^').unwrap();
        assert_eq!(lines[shown].chars().nth(caret), Some('['), "{out}");
        assert_eq!(
            caret_line.matches('^').count(),
            "[тут](a.md)".chars().count()
        );
    }

    #[test]
    fn many_of_one_code_are_counted_not_shown() {
        let mut d = Diagnostics::new();
        for i in 0..(SHOWN_PER_CODE + 7) {
            d.push(
                Diagnostic::warning("W0225", "a.md", Msg::verbatim("vague")).at(Location::new(
                    i + 1,
                    1,
                    1,
                )),
            );
        }
        d.push(Diagnostic::error("E0220", "a.md", Msg::verbatim("broken")));
        let out = String::from_utf8(render(
            &d,
            Path::new("/nonexistent"),
            termcolor::ColorChoice::Never,
        ))
        .unwrap();
        assert_eq!(
            out.matches("[W0225]: vague").count(),
            SHOWN_PER_CODE,
            "{out}"
        );
        assert!(out.contains("[E0220]: broken"));
        assert!(
            out.contains("і ще 7 таких самих попереджень [W0225]"),
            "{out}"
        );
        assert_eq!(d.warning_count(), SHOWN_PER_CODE + 7);
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
