//! Escaping for the terminal: the text of a file being reported may hold control
//! characters and bidirectional overrides, which are written as visible escapes before
//! any of it is shown. Only the escaping is here; where it is applied is the report's.

/// Whether `c` must not reach a terminal as it is: C0 controls (but tab and line feed),
/// DEL, C1 controls, and the bidirectional overrides and isolates that reorder what a
/// line shows. A carriage return counts unless it ends a line (`\r\n`).
pub(super) fn is_unsafe(c: char, next: Option<char>) -> bool {
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

pub(super) fn escape(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(visible("plain «текст»\tand\r\n"), "plain «текст»\tand\r\n");
        assert_eq!(
            visible("a\u{1b}]0;HACKED\u{7}\u{0}b\rc\u{202e}d\u{85}"),
            "a\\u{1b}]0;HACKED\\u{7}\\u{0}b\\u{d}c\\u{202e}d\\u{85}"
        );
    }
}
