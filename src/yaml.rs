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

/// `text` without a byte order mark. libyaml skips one but counts it as a column, so a
/// file that starts with one and a `- id:` at the start of the line read as indented by
/// one, and failed; positions then count from the first character after it, as editors do.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
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

/// How deep flow collections (`[…]`, `{…}`) may nest in a YAML text. The YAML parsers
/// rescan their stack of possible keys — one per open bracket — at every token, so their
/// time grows with the square of the depth (a 410 KB file of `[` took over a minute);
/// editors' files nest two or three levels.
pub const MAX_DEPTH: usize = 64;

/// The byte offset of the bracket at which the flow collections of `text` first nest
/// deeper than [`MAX_DEPTH`], or `None`.
///
/// One linear pass that reads the text as libyaml's scanner does (the one `serde_yaml_ng`
/// and, ported, `saphyr-parser` use): indentation levels, plain, quoted and block scalars,
/// comments and flow indicators, so that a `[` inside text is not counted and one that
/// the parser will see always is. Where libyaml would stop with a syntax error the pass
/// stops too, and leaves the error to the parser.
fn too_deep(text: &str) -> Option<usize> {
    let mut s = DepthScan {
        b: text.as_bytes(),
        i: 0,
        line: 0,
        col: 0,
        flow: 0,
        indent: -1,
        indents: Vec::new(),
        key_allowed: true,
        key: None,
    };
    s.run().ok().flatten()
}

/// The state of [`too_deep`]'s pass: libyaml's scanner without its tokens.
struct DepthScan<'a> {
    b: &'a [u8],
    i: usize,
    line: usize,
    /// The column in characters.
    col: isize,
    flow: usize,
    /// The block indentation and the enclosing ones.
    indent: isize,
    indents: Vec<isize>,
    key_allowed: bool,
    /// A possible simple key outside brackets: (line, byte offset, column).
    key: Option<(usize, usize, isize)>,
}

/// A place where libyaml stops with a syntax error.
struct Stop;

impl DepthScan<'_> {
    fn at(&self, k: usize) -> u8 {
        self.b.get(self.i + k).copied().unwrap_or(0)
    }

    fn end(&self) -> bool {
        self.i >= self.b.len()
    }

    /// The length of a line break at `i + k` (CR LF, CR, LF, NEL, LS, PS), or 0.
    fn break_len(&self, k: usize) -> usize {
        match (self.at(k), self.at(k + 1), self.at(k + 2)) {
            (b'\r', b'\n', _) => 2,
            (b'\r' | b'\n', _, _) => 1,
            (0xC2, 0x85, _) => 2,
            (0xE2, 0x80, 0xA8 | 0xA9) => 3,
            _ => 0,
        }
    }

    fn blank(&self, k: usize) -> bool {
        matches!(self.at(k), b' ' | b'\t')
    }

    /// Blank, a line break or the end (libyaml also ends at a NUL, which it refuses).
    fn blankz(&self, k: usize) -> bool {
        self.blank(k) || self.break_len(k) > 0 || self.at(k) == 0
    }

    fn advance(&mut self) {
        if self.end() {
            return;
        }
        let br = self.break_len(0);
        if br > 0 {
            self.i += br;
            self.line += 1;
            self.col = 0;
        } else {
            self.i += match self.at(0) {
                b if b < 0x80 => 1,
                b if b < 0xE0 => 2,
                b if b < 0xF0 => 3,
                _ => 4,
            };
            self.col += 1;
        }
    }

    fn document_marker(&self) -> bool {
        let rest = self.b.get(self.i..).unwrap_or_default();
        self.col == 0 && (rest.starts_with(b"---") || rest.starts_with(b"...")) && self.blankz(3)
    }

    fn roll(&mut self, col: isize) {
        if self.flow == 0 && self.indent < col {
            self.indents.push(self.indent);
            self.indent = col;
        }
    }

    fn unroll(&mut self, col: isize) {
        if self.flow > 0 {
            return;
        }
        while self.indent > col {
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    fn save_key(&mut self) {
        if self.key_allowed && self.flow == 0 {
            self.key = Some((self.line, self.i, self.col));
        }
    }

    fn run(&mut self) -> Result<Option<usize>, Stop> {
        loop {
            self.skip_to_token();
            if self.end() {
                return Ok(None);
            }
            if let Some((line, at, _)) = self.key
                && (line < self.line || at + 1024 < self.i)
            {
                self.key = None;
            }
            self.unroll(self.col);
            let c = self.at(0);
            if self.col == 0 && c == b'%' {
                while !self.end() && self.break_len(0) == 0 {
                    self.advance();
                }
                continue;
            }
            if self.document_marker() {
                self.unroll(-1);
                self.key = None;
                self.key_allowed = false;
                for _ in 0..3 {
                    self.advance();
                }
                continue;
            }
            match c {
                b'[' | b'{' => {
                    self.save_key();
                    self.flow += 1;
                    if self.flow > MAX_DEPTH {
                        return Ok(Some(self.i));
                    }
                    self.key_allowed = true;
                    self.advance();
                }
                b']' | b'}' => {
                    self.flow = self.flow.saturating_sub(1);
                    self.key_allowed = false;
                    self.advance();
                }
                b',' => {
                    if self.flow == 0 {
                        self.key = None;
                    }
                    self.key_allowed = true;
                    self.advance();
                }
                b'-' if self.blankz(1) => {
                    if self.flow == 0 {
                        self.roll(self.col);
                        self.key = None;
                    }
                    self.key_allowed = true;
                    self.advance();
                }
                b'?' | b':' if self.flow > 0 || self.blankz(1) => {
                    // After a value indicator that completes a simple key, another key
                    // cannot start (a tab after it is then skipped, not refused).
                    let mut allowed = self.flow == 0;
                    if self.flow == 0 {
                        let col = match (c, self.key.take()) {
                            (b':', Some((_, _, key_col))) => {
                                allowed = false;
                                key_col
                            }
                            _ => self.col,
                        };
                        self.roll(col);
                    }
                    self.key_allowed = allowed;
                    self.advance();
                }
                b'*' | b'&' | b'!' => {
                    self.save_key();
                    self.key_allowed = false;
                    self.advance();
                    // An anchor's name or a tag: libyaml refuses anything but a blank (or,
                    // in brackets, `,`) right after it, so reading to the next blank is safe.
                    while !(self.blankz(0) || (self.flow > 0 && self.at(0) == b',')) {
                        self.advance();
                    }
                }
                b'|' | b'>' if self.flow == 0 => {
                    self.key = None;
                    self.key_allowed = true;
                    self.block_scalar()?;
                }
                b'\'' | b'"' => {
                    self.save_key();
                    self.key_allowed = false;
                    self.quoted(c)?;
                }
                _ if self.starts_plain(c) => {
                    self.save_key();
                    self.key_allowed = false;
                    self.plain()?;
                }
                _ => return Err(Stop),
            }
        }
    }

    /// Whether a plain scalar may start here (libyaml's rule).
    fn starts_plain(&self, c: u8) -> bool {
        !(self.blankz(0) || b"-?:,[]{}#&*!|>'\"%@`".contains(&c))
            || (c == b'-' && !self.blank(1))
            || (self.flow == 0 && (c == b'?' || c == b':') && !self.blankz(1))
    }

    /// Spaces, comments and line breaks up to the next token.
    fn skip_to_token(&mut self) {
        loop {
            while self.at(0) == b' '
                || ((self.flow > 0 || !self.key_allowed) && self.at(0) == b'\t')
            {
                self.advance();
            }
            if self.at(0) == b'#' {
                while !self.end() && self.break_len(0) == 0 {
                    self.advance();
                }
            }
            if self.break_len(0) > 0 {
                self.advance();
                if self.flow == 0 {
                    self.key_allowed = true;
                }
            } else {
                return;
            }
        }
    }

    fn plain(&mut self) -> Result<(), Stop> {
        let indent = self.indent + 1;
        let mut leading_blanks = false;
        loop {
            if self.document_marker() || self.at(0) == b'#' {
                break;
            }
            while !self.blankz(0) {
                let c = self.at(0);
                if self.flow > 0 && c == b':' && b",?[]{}".contains(&self.at(1)) {
                    return Err(Stop);
                }
                if (c == b':' && self.blankz(1)) || (self.flow > 0 && b",[]{}".contains(&c)) {
                    break;
                }
                self.advance();
            }
            if !(self.blank(0) || self.break_len(0) > 0) {
                break;
            }
            while self.blank(0) || self.break_len(0) > 0 {
                if self.blank(0) {
                    if leading_blanks && self.col < indent && self.at(0) == b'\t' {
                        return Err(Stop);
                    }
                } else {
                    leading_blanks = true;
                }
                self.advance();
            }
            if self.flow == 0 && self.col < indent {
                break;
            }
        }
        if leading_blanks {
            self.key_allowed = true;
        }
        Ok(())
    }

    fn quoted(&mut self, quote: u8) -> Result<(), Stop> {
        self.advance();
        loop {
            if self.document_marker() || self.end() || self.at(0) == 0 {
                return Err(Stop);
            }
            match self.at(0) {
                b'\'' if quote == b'\'' && self.at(1) == b'\'' => {
                    self.advance();
                }
                b'\\' if quote == b'"' => {
                    self.advance();
                }
                c if c == quote => {
                    self.advance();
                    return Ok(());
                }
                _ => {}
            }
            self.advance();
        }
    }

    fn block_scalar(&mut self) -> Result<(), Stop> {
        self.advance();
        let mut increment = 0;
        for _ in 0..2 {
            match self.at(0) {
                b'+' | b'-' => self.advance(),
                b'0' => return Err(Stop),
                d @ b'1'..=b'9' => {
                    increment = isize::from(d - b'0');
                    self.advance();
                }
                _ => break,
            }
        }
        while self.blank(0) {
            self.advance();
        }
        if self.at(0) == b'#' {
            while !self.end() && self.break_len(0) == 0 {
                self.advance();
            }
        }
        if self.break_len(0) == 0 && !self.end() {
            return Err(Stop);
        }
        self.advance();
        let mut indent = match increment {
            0 => 0,
            n if self.indent >= 0 => self.indent + n,
            n => n,
        };
        self.block_breaks(&mut indent)?;
        while self.col == indent && !self.end() {
            while !self.end() && self.break_len(0) == 0 {
                self.advance();
            }
            if self.end() {
                break;
            }
            self.advance();
            self.block_breaks(&mut indent)?;
        }
        Ok(())
    }

    /// The indentation and empty lines before a block scalar's next line; the first time,
    /// they decide the scalar's indentation.
    fn block_breaks(&mut self, indent: &mut isize) -> Result<(), Stop> {
        let mut max_indent = 0;
        loop {
            while (*indent == 0 || self.col < *indent) && self.at(0) == b' ' {
                self.advance();
            }
            max_indent = max_indent.max(self.col);
            if (*indent == 0 || self.col < *indent) && self.at(0) == b'\t' {
                return Err(Stop);
            }
            if self.break_len(0) == 0 {
                break;
            }
            self.advance();
        }
        if *indent == 0 {
            *indent = max_indent.max(self.indent + 1).max(1);
        }
        Ok(())
    }
}

/// The diagnostic for a text nested deeper than [`MAX_DEPTH`], at the bracket `at`.
fn too_deep_diagnostic(text: &str, at: usize, file: &Path, line_offset: usize) -> Diagnostic {
    Diagnostic::error(
        "E0106",
        file,
        tr!(
            "brackets are nested more than {MAX_DEPTH} levels deep here",
            "дужки тут вкладено глибше ніж на {MAX_DEPTH} рівнів"
        ),
    )
    .at(Location::from_offsets(text, at, at + 1).shifted(line_offset))
    .hint(tr!(
        "close each `[` with `]` and each `{{` with `}}`; a value needs at most a few levels, like [seniors, adults] or {{phone: \"+380…\"}}; put text that starts with a bracket in quotes",
        "закривайте кожну `[` дужкою `]`, а кожну `{{` — дужкою `}}`; значенню досить кількох рівнів, як-от [seniors, adults] чи {{phone: \"+380…\"}}; текст, що починається з дужки, беріть у лапки"
    ))
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
    if let Some(at) = too_deep(text) {
        out.problems.push(too_deep_diagnostic(text, at, file, 0));
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

/// Whether libyaml reads `c` (YAML's printable set; it refuses the others, with the byte
/// offset only).
fn yaml_allows(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}'
        | '\u{10000}'..)
}

fn yaml_error(e: &serde_yaml_ng::Error, text: &str, file: &Path, line_offset: usize) -> Diagnostic {
    let raw = e.to_string();
    if raw.contains("control characters are not allowed")
        && let Some((at, c)) = text.char_indices().find(|&(_, c)| !yaml_allows(c))
    {
        let code = format!("U+{:04X}", u32::from(c));
        return Diagnostic::error(
            "E0101",
            file,
            tr!(
                "an invisible control character ({code}) that YAML does not allow",
                "невидимий керівний символ ({code}), якого YAML не дозволяє"
            ),
        )
        .at(Location::from_offsets(text, at, at + c.len_utf8()).shifted(line_offset))
        .hint(tr!(
            "delete it: such characters come with text copied from a terminal or a word processor; if you cannot see it, type the text around it again",
            "видаліть його: такі символи потрапляють разом із текстом, скопійованим із термінала чи текстового редактора; якщо його не видно, наберіть текст навколо наново"
        ));
    }
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
        (
            "recursion limit exceeded",
            tr!(
                "lists and groups of keys are nested too deep",
                "списки й групи ключів вкладено надто глибоко"
            ),
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
    fn brackets_in_text_are_not_nesting() {
        let many = "[".repeat(3 * MAX_DEPTH);
        let texts = [
            // In plain text (also on the lines that continue it), quotes, comments and
            // block scalars.
            format!("title: a {many}\nweight: 1\n"),
            format!("title: a\n  {many}\n  b\nweight: 1\n"),
            format!("title: \"{many}\\\" ]\"\nweight: 1\n"),
            format!("title: '{many}'' ]'\nweight: 1\n"),
            format!("title: x # {many}\n# {many}\nweight: 1\n"),
            format!("title: |\n  {many}\n\n   {many}\nweight: 1\n"),
            format!("title: >-\n    {many}\n    {many}\nweight: 1\n"),
            format!("title: [\"{many}\", '{many}', a]\nweight: 1\n"),
        ];
        for text in &texts {
            assert_eq!(too_deep(text), None, "{text}");
            let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).unwrap();
            assert_eq!(v["weight"].as_i64(), Some(1), "{text}");
        }
        // A record list with descriptions in block scalars, then real nesting after them.
        let deep = "[".repeat(MAX_DEPTH + 1);
        for (text, at) in [
            (
                format!("- id: a\n  d: |\n    {many}\n- id: b\n  t: {deep}\n"),
                4,
            ),
            (format!("- id: a\n  d: b\n    \"\n  t: {deep}\n"), 3),
            (format!("a: 'x\n  ''{many}'\nb: {deep}\n"), 2),
            (format!("a: |3\n   x\n  {deep}\n"), 2),
        ] {
            let found = too_deep(&text).map(|i| Location::from_offsets(&text, i, i).line);
            assert_eq!(found, Some(at + 1), "{text}");
        }
    }

    /// Random texts of YAML's special characters around runs of brackets (no aliases: one
    /// that names its own collection also exceeds the recursion limit): whenever the
    /// parser itself goes deeper than its limit of 128, the scan must have found the depth
    /// (no way around it), and whenever the scan refuses a text the parser reads, the text
    /// really nests that deep (no false alarm).
    #[test]
    fn the_scan_agrees_with_the_parser_on_random_texts() {
        fn depth(v: &serde_yaml_ng::Value) -> usize {
            match v {
                serde_yaml_ng::Value::Sequence(s) => 1 + s.iter().map(depth).max().unwrap_or(0),
                serde_yaml_ng::Value::Mapping(m) => {
                    1 + m
                        .iter()
                        .map(|(k, v)| depth(k).max(depth(v)))
                        .max()
                        .unwrap_or(0)
                }
                serde_yaml_ng::Value::Tagged(t) => depth(&t.value),
                _ => 0,
            }
        }
        let pieces = [
            "[", "{", "]", "}", ",", ":", ": ", "\n", "\n  ", "\n    ", "- ", "'", "\"", " #", "#",
            "|", ">", "|2", " ", "a", "b c", "? ", "\\", "&x ", "!t ", "\t", "\r\n", "\n--- ",
            "\n...\n", "''", "k: ", "\u{85}", "\u{2028}", "д", "%",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut bypass_checked, mut refused_read) = (0, 0);
        for _ in 0..4000 {
            let mut text = String::new();
            for _ in 0..next(40) {
                if next(8) == 0 {
                    text.push_str(&["[", "{", "[a, ", "{a: "][next(4)].repeat(40 + next(120)));
                } else {
                    text.push_str(pieces[next(pieces.len())]);
                }
            }
            let scan = too_deep(&text);
            match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&text) {
                Err(e) if e.to_string().contains("recursion limit") => {
                    bypass_checked += 1;
                    assert!(scan.is_some(), "deeper than 128 but not found: {text:?}");
                }
                Ok(v) if scan.is_some() => {
                    refused_read += 1;
                    assert!(
                        depth(&v) > MAX_DEPTH,
                        "refused but {} deep: {text:?}",
                        depth(&v)
                    );
                }
                _ => {}
            }
        }
        assert!(bypass_checked > 100, "{bypass_checked}");
        eprintln!("{bypass_checked} too deep for the parser, {refused_read} refused and read");
    }

    /// Valid documents with brackets in plain, quoted and block text and comments, and
    /// real nesting just under and over the limit: refused exactly when nested too deep.
    #[test]
    fn the_scan_refuses_exactly_the_deep_documents() {
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut refused, mut read) = (0, 0);
        for _ in 0..1500 {
            let mut text = String::new();
            let mut deepest = 0;
            for k in 0..1 + next(6) {
                let mut noise = String::new();
                for _ in 0..next(90) {
                    noise.push(['[', ']', '{', '}', 'a', ' ', ',', 'д'][next(8)]);
                }
                let noise = noise.trim();
                let value = match next(7) {
                    0 => format!("t {noise}"),
                    1 => format!("\"{noise}\""),
                    2 => format!("'{noise}'''"),
                    3 => format!("|\n  {noise}\n\n   {noise}"),
                    4 => format!("x # {noise}\n# {noise}"),
                    5 => format!("t\n  {noise}"),
                    _ => {
                        let d = 60 + next(10);
                        deepest = deepest.max(d);
                        format!("{}x{}", "[".repeat(d), "]".repeat(d))
                    }
                };
                text.push_str(&format!("k{k}: {value}\n"));
            }
            let Ok(_) = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&text) else {
                continue;
            };
            assert_eq!(too_deep(&text).is_some(), deepest > MAX_DEPTH, "{text}");
            if deepest > MAX_DEPTH {
                refused += 1;
            } else {
                read += 1;
            }
        }
        assert!(refused > 100 && read > 100, "{refused} {read}");
    }

    #[test]
    fn the_repository_data_is_not_too_deep() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        let mut stack = vec![root.join("data"), root.join("content"), root.join("tests")];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                    let text = std::fs::read_to_string(&p).unwrap_or_default();
                    assert_eq!(too_deep(&text), None, "{}", p.display());
                    checked += 1;
                } else if p.extension().is_some_and(|x| x == "md") {
                    // Front matter.
                    let text = std::fs::read_to_string(&p).unwrap_or_default();
                    if let Some(rest) = text.strip_prefix("---\n")
                        && let Some(end) = rest.find("\n---")
                    {
                        assert_eq!(too_deep(&rest[..end]), None, "{}", p.display());
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10, "{checked}");
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
