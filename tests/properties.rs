//! Properties that hold for every input, checked on generated ones (proptest): slugs, the
//! percent decoder of addresses and iCalendar line folding. The fuzz targets in `fuzz/`
//! look for panics; these say what the result must be.

use hromada::render::calendar::{escape, fold};
use hromada::slug::{is_slug, slugify};
use hromada::url::percent_decode;
use proptest::prelude::*;

/// Text that looks like what editors write: Ukrainian and Latin letters, apostrophes of
/// every kind, digits, spaces and punctuation.
fn ukrainian_text() -> impl Strategy<Value = String> {
    "[а-яА-ЯіїєґІЇЄҐ'’ʼ`a-zA-Z0-9 ,.!?«»()/_–-]{0,40}"
}

/// Characters that the official romanisation maps to at least one Latin letter: every
/// letter of the Ukrainian alphabet but the soft sign, ASCII letters and digits.
fn romanises_to_something(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ("абвгґдеєжзиіїйклмнопрстуфхцчшщюя".contains(c.to_lowercase().next().unwrap_or(c)))
}

// --- Slugs ---------------------------------------------------------------------------------

#[test]
fn official_romanisation_examples() {
    for (name, slug) in [
        ("Згорани", "zghorany"),
        ("Юрій", "yurii"),
        ("Знам'янка", "znamianka"),
        ("Їжакевич", "yizhakevych"),
    ] {
        assert_eq!(slugify(name), slug, "{name}");
        assert!(is_slug(slug));
    }
}

fn check_slug(text: &str) -> Result<(), TestCaseError> {
    let slug = slugify(text);
    // A slug, or nothing when nothing in the text has a Latin form.
    prop_assert!(
        slug.is_empty() || is_slug(&slug),
        "{text:?} → {slug:?} is not a slug"
    );
    if text.chars().any(romanises_to_something) {
        prop_assert!(!slug.is_empty(), "{text:?} has letters but no slug");
    }
    prop_assert_eq!(
        slugify(&slug),
        slug.clone(),
        "not idempotent for {:?}",
        text
    );
    Ok(())
}

proptest! {
    #[test]
    fn slugify_gives_a_slug_of_any_text(text in any::<String>()) {
        check_slug(&text)?;
    }

    #[test]
    fn slugify_gives_a_slug_of_ukrainian_text(text in ukrainian_text()) {
        check_slug(&text)?;
    }

    #[test]
    fn a_slug_is_its_own_slug(slug in "[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,4}") {
        prop_assert!(is_slug(&slug));
        prop_assert_eq!(slugify(&slug), slug);
    }
}

// --- Percent-decoding ----------------------------------------------------------------------

/// Every byte as `%XX`, upper-case hex.
fn encode_all(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// Only what a browser would escape, lower-case hex: unreserved characters stay as they are.
fn encode_some(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02x}"));
        }
    }
    out
}

proptest! {
    #[test]
    fn decoding_the_encoding_gives_the_text_back(text in any::<String>()) {
        prop_assert_eq!(percent_decode(&encode_all(&text)), Some(text.clone()));
        prop_assert_eq!(percent_decode(&encode_some(&text)), Some(text));
    }

    #[test]
    fn text_without_escapes_decodes_to_itself(text in "[^%]{0,60}") {
        prop_assert_eq!(percent_decode(&text), Some(text));
    }

    /// Any text decodes or is refused; it never panics, even with `%` before a character
    /// of several bytes.
    #[test]
    fn any_text_decodes_or_is_refused(text in "(%|%[0-9a-fA-F]|[0-9a-fA-FgG+Дʼ€😀 /]){0,30}") {
        if let Some(decoded) = percent_decode(&text) {
            // Decoding only ever shortens.
            prop_assert!(decoded.len() <= text.len());
        }
    }

    #[test]
    fn escaped_bytes_decode_when_they_are_utf8(bytes in proptest::collection::vec(any::<u8>(), 0..24)) {
        let encoded: String = bytes.iter().map(|b| format!("%{b:02X}")).collect();
        prop_assert_eq!(percent_decode(&encoded), String::from_utf8(bytes).ok());
    }
}

// --- iCalendar line folding ----------------------------------------------------------------

/// Folds `line` and checks RFC 5545 §3.1: physical lines of at most 75 octets, each ending
/// in CRLF, continuation lines starting with a space, no UTF-8 character split; unfolding
/// gives the line back. With `escaped`, also that no escape (`\,`, `\\` …) is split.
fn check_fold(line: &str, escaped: bool) -> Result<(), TestCaseError> {
    let mut out = String::new();
    fold(line, &mut out);
    let bytes = out.as_bytes();
    prop_assert!(bytes.ends_with(b"\r\n"), "not ended by CRLF: {out:?}");
    let body = &bytes[..bytes.len() - 2];
    let physical: Vec<&[u8]> = if body.is_empty() {
        vec![body]
    } else {
        body.split(|&b| b == b'\n')
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
            .collect()
    };
    let mut unfolded = String::new();
    for (i, l) in physical.iter().enumerate() {
        prop_assert!(
            l.len() <= 75,
            "{} octets: {:?}",
            l.len(),
            String::from_utf8_lossy(l)
        );
        let text = std::str::from_utf8(l);
        prop_assert!(text.is_ok(), "a character is split: {:?}", l);
        let text = text.unwrap_or_default();
        let content = if i == 0 {
            text
        } else {
            let rest = text.strip_prefix(' ');
            prop_assert!(
                rest.is_some(),
                "a continuation line without its space: {text:?}"
            );
            rest.unwrap_or_default()
        };
        if i > 0 && escaped {
            let backslashes = unfolded.chars().rev().take_while(|&c| c == '\\').count();
            prop_assert!(
                backslashes % 2 == 0,
                "an escape is split after {unfolded:?}"
            );
        }
        unfolded.push_str(content);
    }
    let simple_unfold = out
        .strip_suffix("\r\n")
        .unwrap_or(&out)
        .replace("\r\n ", "");
    prop_assert_eq!(&unfolded, line);
    prop_assert_eq!(simple_unfold, line);
    Ok(())
}

#[test]
fn folding_keeps_a_short_line_whole() {
    let mut out = String::new();
    fold("SUMMARY:Курс", &mut out);
    assert_eq!(out, "SUMMARY:Курс\r\n");
}

proptest! {
    #[test]
    fn folding_any_escaped_text(name in "[A-Z-]{1,12}", text in any::<String>()) {
        check_fold(&format!("{name}:{}", escape(&text)), true)?;
    }

    #[test]
    fn folding_escaped_ukrainian_text(text in "[а-яіїєґА-ЯІЇЄҐ ,;:\\\\\n.😀]{0,120}") {
        check_fold(&format!("DESCRIPTION:{}", escape(&text)), true)?;
    }

    /// Any line without line breaks (what `escape` guarantees), escaped or not.
    #[test]
    fn folding_any_line(line in "[^\r\n]{0,200}") {
        check_fold(&line, false)?;
    }
}

// --- CSV for spreadsheets ------------------------------------------------------------------

/// Cells as open data carries them: editors' text, phone numbers, formulas, numbers, quotes,
/// commas and line breaks.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[=+@\t\r-]?[а-яa-zA-Z0-9 ,.\"'()|!:;/\n-]{0,20}",
        "[+-]?[0-9]{1,6}(\\.[0-9]{1,4})?",
        Just("+380 522 00 00 01".to_string()),
    ]
}

/// One optional sign, digits, and optionally a point and more digits: `-12.5`, `+3`.
fn plain_number(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

proptest! {
    /// A spreadsheet reading the file gets every cell back as written, with a leading
    /// apostrophe exactly where the cell would otherwise start a formula; no cell read back
    /// starts a formula.
    #[test]
    fn csv_cells_read_back_and_never_start_a_formula(
        rows in prop::collection::vec(prop::collection::vec(cell_text(), 3), 0..8)
    ) {
        let text = hromada::spreadsheet::csv_text(&["a", "b", "c"], rows.iter()).unwrap();
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let back: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        prop_assert_eq!(back.len(), rows.len());
        for (row, read) in rows.iter().zip(&back) {
            for (cell, got) in row.iter().zip(read) {
                let number = plain_number(cell);
                let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number;
                if formula {
                    prop_assert_eq!(got, &format!("'{cell}"));
                } else {
                    prop_assert_eq!(got, cell);
                }
                prop_assert!(
                    !got.starts_with(['=', '@', '\t', '\r'])
                        && (!got.starts_with(['+', '-']) || number),
                    "{:?} starts a formula", got
                );
            }
        }
    }
}
