//! CSV that is safe to open in a spreadsheet. Excel and LibreOffice run a cell that starts
//! with `=`, `+`, `-` or `@` (or a tab or carriage return) as a formula, so a title such as
//! `=HYPERLINK("http://…")` in an events file would become a live link or worse in every
//! copy of the open data. Following OWASP's advice on CSV injection, such a cell gets a
//! leading apostrophe, which spreadsheets read as "this is text": the text stays readable.
//! Plain numbers (`-12.5`) stay as they are: they cannot call anything. Machines that need
//! the exact values (phone numbers start with `+`) read the JSON and GeoJSON files, which
//! are unchanged.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `s` is a plain decimal number such as `-12.5` or `+3`.
fn plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && frac.is_none_or(all_digits)
}

/// The cell as a spreadsheet should get it: with a leading `'` when it would be a formula.
pub fn cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(TRIGGERS) && !plain_number(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A CSV file (RFC 4180, `\n` line ends as the csv crate writes them) with a header row,
/// every cell passed through [`cell`].
pub fn csv_text<R, C>(header: &[&str], rows: R) -> Result<String, String>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header.iter().map(|h| cell(h).into_owned()))
        .map_err(|e| e.to_string())?;
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|c| cell(c.as_ref()).into_owned())
            .collect();
        w.write_record(&cells).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(cell("+380 522 00 00 01"), "'+380 522 00 00 01");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("-1+cmd|' /C calc'!A0"), "'-1+cmd|' /C calc'!A0");
        assert_eq!(cell("\tx"), "'\tx");
    }

    #[test]
    fn text_and_numbers_stay() {
        for s in ["Бібліотека", "", "1 + 1", "-12.5", "+3", "48.51", "a=b"] {
            assert_eq!(cell(s), s);
        }
        assert_eq!(cell("-"), "'-");
        assert_eq!(cell("-1."), "'-1.");
    }

    #[test]
    fn a_file_reads_back_with_every_cell_safe() {
        let text = csv_text(&["id", "title"], [["a", "=1+1"], ["b", "Курс, \"новий\""]]).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(rows, vec![vec!["a", "'=1+1"], vec!["b", "Курс, \"новий\""]]);
    }
}
