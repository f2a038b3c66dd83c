//! The terminal report: each diagnostic with a snippet of its file (codespan-reporting),
//! the files read and indexed once however many problems they have, control characters
//! escaped, long lines excerpted, and the header in the run's language. The formats for
//! tools are [`super::formats`]'s.

use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::term::{self, termcolor};

use super::escape::{escape, is_unsafe};
use super::lines::{count_chars, floor_char_boundary};
use super::{Diagnostic, Diagnostics, LineIndex, Location, Severity, hint_label, slashed, visible};

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

/// Every character of `text` that [`visible`] escapes, with what the escapes add.
fn escapes_in(text: &str) -> Vec<Escape> {
    let mut escapes = Vec::new();
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
    escapes
}

impl Source {
    fn new(name: &str, mut text: String) -> Self {
        // A byte order mark is not shown, and positions count from the character after it
        // (as the readers of YAML, Markdown and GeoJSON, and editors, count them).
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let index = LineIndex::new(&text);
        let (shown, escapes) = match visible(&text) {
            std::borrow::Cow::Borrowed(_) => (None, Vec::new()),
            std::borrow::Cow::Owned(shown) => (Some(shown), escapes_in(&text)),
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
        self.files.push(Source::new(&slashed(path), text));
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
pub struct Renderer {
    sources: Sources,
    color: termcolor::ColorChoice,
    config: term::Config,
}

impl Renderer {
    pub fn new(root: &Path, color: termcolor::ColorChoice) -> Self {
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
    pub fn one(&mut self, d: &Diagnostic) -> Vec<u8> {
        let cs = self.snippet(d);
        let mut buffer = self.buffer();
        if term::emit_to_write_style(&mut buffer, &self.config, &self.sources, &cs).is_err() {
            // The file could not be shown: fall back to the one-line form.
            let mut buffer = self.buffer();
            let _ = std::io::Write::write_all(&mut buffer, format!("{d}\n").as_bytes());
            return buffer.into_inner();
        }
        localized_header(buffer.into_inner(), d.severity)
    }

    /// The diagnostic as codespan-reporting shows it: its place and the related places as
    /// labels on their files (or as notes, where there is no snippet to show), then the hint.
    fn snippet(&mut self, d: &Diagnostic) -> CsDiagnostic<usize> {
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
        let file = visible(&slashed(&d.file)).into_owned();
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
                None => notes.push(format!("{}: {}", visible(text), visible(&slashed(path)))),
            }
        }
        if let Some(h) = &d.hint {
            notes.push(format!("{} {}", hint_label(), visible(h)));
        }
        cs.with_notes(notes)
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
        let file = visible(&slashed(file)).into_owned();
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
    use crate::i18n::Msg;

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
    fn paths_saved_on_windows_are_shown_with_slashes() {
        let dir = std::env::temp_dir().join(format!("hromada-diag-win-{}", std::process::id()));
        // A Windows path as `load` makes it there; on other systems, one file whose name
        // holds the backslashes, so the snippet is read either way.
        let rel = "content\\instruktsii\\a.md";
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = "title: x\nтекст [тут](b.md)\n";
        std::fs::write(&path, text).unwrap();
        let start = text.find("[тут]").unwrap();
        let loc = Location::from_offsets(text, start, start + "[тут](b.md)".len());
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error("E0220", rel, Msg::verbatim("broken"))
                .at(loc)
                .related("data\\venues.yaml", None, Msg::verbatim("the venue")),
        );
        for i in 0..=SHOWN_PER_CODE {
            d.push(
                Diagnostic::warning("W0225", "content\\b.md", Msg::verbatim("vague"))
                    .at(Location::new(i + 1, 1, 1)),
            );
        }
        let out = String::from_utf8(render(&d, &dir, termcolor::ColorChoice::Never)).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!out.contains('\\'), "{out}");
        assert!(
            out.contains(&format!("content/instruktsii/a.md:2:{}", loc.col)),
            "{out}"
        );
        assert!(out.contains("[тут](b.md)"), "the snippet is shown: {out}");
        assert!(out.contains("the venue: data/venues.yaml"), "{out}");
        assert!(out.contains("content/b.md: … і ще 1"), "{out}");
        let one = Diagnostic::warning("W0225", "content\\b.md", Msg::verbatim("vague"));
        assert!(one.to_string().starts_with("content/b.md: "), "{one}");
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
}
