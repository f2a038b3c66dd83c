//! The nesting pre-scan: how deep a YAML text's brackets nest, found in one linear pass
//! before any parser reads the text (the parsers' time grows with the square of the
//! depth). It only finds the place; the diagnostic is in [`super::messages`].

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
pub fn too_deep(text: &str) -> Option<usize> {
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
            // A simple key stays possible on its line and for 1024 bytes (libyaml's rule).
            if let Some((line, at, _)) = self.key
                && (line < self.line || at + 1024 < self.i)
            {
                self.key = None;
            }
            self.unroll(self.col);
            if self.skip_directive_or_marker() {
                continue;
            }
            if self.token()? {
                return Ok(Some(self.i));
            }
        }
    }

    /// Skips a directive (`%YAML …` at a line's start) or a document marker (`---`,
    /// `...`); whether there was one.
    fn skip_directive_or_marker(&mut self) -> bool {
        if self.col == 0 && self.at(0) == b'%' {
            while !self.end() && self.break_len(0) == 0 {
                self.advance();
            }
            return true;
        }
        if self.document_marker() {
            self.unroll(-1);
            self.key = None;
            self.key_allowed = false;
            for _ in 0..3 {
                self.advance();
            }
            return true;
        }
        false
    }

    /// Reads the token that starts here; whether it is a bracket that nests deeper than
    /// [`MAX_DEPTH`] (the scan stops at it).
    fn token(&mut self) -> Result<bool, Stop> {
        let c = self.at(0);
        match c {
            b'[' | b'{' => {
                self.save_key();
                self.flow += 1;
                if self.flow > MAX_DEPTH {
                    return Ok(true);
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
            b'?' | b':' if self.flow > 0 || self.blankz(1) => self.indicator(c),
            b'*' | b'&' | b'!' => self.anchor_or_tag(),
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
        Ok(false)
    }

    /// A `?` (complex key) or `:` (value) indicator.
    fn indicator(&mut self, c: u8) {
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

    /// An alias (`*a`), an anchor (`&a`) or a tag (`!t`).
    fn anchor_or_tag(&mut self) {
        self.save_key();
        self.key_allowed = false;
        self.advance();
        // An anchor's name or a tag: libyaml refuses anything but a blank (or,
        // in brackets, `,`) right after it, so reading to the next blank is safe.
        while !(self.blankz(0) || (self.flow > 0 && self.at(0) == b',')) {
            self.advance();
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diag::Location;

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

    /// Deterministic random numbers for the tests below: `next(n)` is below `n`.
    fn xorshift(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
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
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
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
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
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
}
