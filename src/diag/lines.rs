//! Positions in a text without rescanning it: [`LineIndex`] finds a byte offset's line and
//! column by binary search, so thousands of diagnostics in one file cost no more than a
//! few. It stops at positions; what a position means is the caller's.

use super::Location;

/// Where the lines of one text start, built once per file, so that each of thousands of
/// diagnostics finds its line by binary search instead of scanning the file from the start
/// (which made a file with 20,000 warnings take seconds and one with 100,000 minutes).
/// Characters are counted from checkpoints every few kilobytes, so a column on a very long
/// line (GeoJSON written on one line) costs no more than one on a short one.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// The byte offset of each line's start; the first is 0.
    pub(super) starts: Vec<usize>,
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

    /// Where 0-based line `line` ends: its `\n` (its `\r\n` in a file saved on Windows), or
    /// the end of the text.
    pub(super) fn line_end(&self, text: &str, line: usize) -> usize {
        match self.starts.get(line + 1) {
            Some(&next) => without_cr(text, next.saturating_sub(1)),
            None => text.len(),
        }
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
    pub(super) fn chars_between(&self, text: &str, a: usize, b: usize) -> usize {
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
    pub(super) fn char_offset(&self, text: &str, from: usize, n: usize, limit: usize) -> usize {
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

/// `end`, where a line stops, moved before the `\r` of a `\r\n` there: a Windows line
/// ending is not part of the line.
pub(super) fn without_cr(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    if end > 0 && bytes.get(end - 1) == Some(&b'\r') && bytes.get(end) == Some(&b'\n') {
        end - 1
    } else {
        end
    }
}

/// Characters in `text[a..b]` (0 if that is not a slice of it).
pub(super) fn count_chars(text: &str, a: usize, b: usize) -> usize {
    text.get(a..b).map_or(0, |s| s.chars().count())
}

pub(super) fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// A file saved on Windows (`\r\n`) gives every position the same line, column and
    /// length as the same file with `\n`: the `\r` is never part of what is marked.
    #[test]
    fn windows_line_endings_give_the_same_locations() {
        let lf = "title: Дія\nkey: \"значення\nx: 1\n\nостанній";
        let crlf = lf.replace('\n', "\r\n");
        let (i_lf, i_crlf) = (LineIndex::new(lf), LineIndex::new(&crlf));
        // The offset in `crlf` of each offset in `lf`.
        let map = |o: usize| o + lf[..o].matches('\n').count();
        for a in (0..=lf.len()).filter(|&a| lf.is_char_boundary(a)) {
            for b in [a, a + 1, a + 4, a + 40, lf.len()] {
                let b = b.min(lf.len());
                if !lf.is_char_boundary(b) {
                    continue;
                }
                let want = Location::from_offsets(lf, a, b);
                assert_eq!(i_crlf.location(&crlf, map(a), map(b)), want, "{a}..{b}");
                assert_eq!(Location::from_offsets(&crlf, map(a), map(b)), want);
                assert_eq!(i_lf.location(lf, a, b), want);
                // Back to bytes: the same text, never the `\r`.
                let back = i_crlf.byte_range(&crlf, want);
                assert_eq!(&crlf[back.clone()], &lf[i_lf.byte_range(lf, want)]);
                assert_eq!(want.byte_range(&crlf), back);
            }
        }
        // The rest of line 2 from the quote: 9 characters, as with `\n`.
        let at = crlf.find('"').unwrap();
        assert_eq!(
            i_crlf.location(&crlf, at, crlf.len()),
            Location::new(2, 6, 9)
        );
    }
}
