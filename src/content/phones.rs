//! Phone numbers in a page's text, found so that a resident calls them with one tap: only
//! Ukrainian numbers — +380 and nine digits, ten digits starting with 0 («0 800 500 335»,
//! «(0522) 22-33-44») and the short numbers of national services (1545, 102, 116 111 …) —
//! and never part of a longer number, a date, a time, a range, a price or a quantity. A
//! short number is also a year or a room number, so it is taken only where the text speaks
//! of calling (or where it stands alone, as in a table's cell).

use std::ops::Range;

/// Short numbers of national services: emergency (101–104, 112), the government's hotline
/// (1545), the children's and the emotional support lines (116 111, 116 123), the missing
/// children's line (116 000) and Lifeline Ukraine (7333).
const SHORT: &[&str] = &[
    "101", "102", "103", "104", "112", "1545", "116111", "116123", "116000", "7333",
];

/// Words after a number that make it a quantity, lower case.
const UNITS: &[&str] = &[
    "грн",
    "гривень",
    "гривні",
    "гривня",
    "₴",
    "uah",
    "%",
    "км",
    "м",
    "см",
    "мм",
    "кг",
    "г",
    "хв",
    "год",
    "с",
    "р",
    "рік",
    "роки",
    "років",
    "року",
    "році",
    "рр",
    "шт",
    "осіб",
    "особи",
    "людей",
    "чол",
    "день",
    "дні",
    "днів",
    "тис",
    "млн",
    "млрд",
    "мб",
    "гб",
    "кб",
    "бал",
    "балів",
    "бали",
    "місць",
    "місця",
    "сторінка",
    "сторінки",
    "кабінет",
    "каб",
    "ауд",
];

/// Stems of words that say a short number is one to call, lower case.
const CALL_WORDS: &[&str] = &[
    "телефон",
    "тел.",
    "тел:",
    "номер",
    "дзвон",
    "зателефон",
    "набер",
    "набрат",
    "виклик",
    "гаряч",
    "ліні",
    "поліці",
    "швидк",
    "рятувал",
    "екстрен",
    "служб",
    "call",
    "phone",
    "dial",
    "hotline",
];

/// A number found in a text: where it is, and the address that calls it (`tel:…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    pub tel: String,
}

/// The numbers to call in `text`. `before` is the text of the same paragraph (or list item,
/// or table cell) that comes before it, for the words around a short number.
pub fn find(text: &str, before: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let starts = c.is_ascii_digit() || ((c == '+' || c == '(') && next_is_digit(text, i + 1));
        if !starts || !boundary_before(text, i, before) {
            i += c.len_utf8();
            continue;
        }
        let run = scan(text, i);
        if let Some(found) = accept(text, &run, before) {
            out.push(found);
        }
        i = run.end.max(i + c.len_utf8());
    }
    out
}

fn next_is_digit(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit())
}

/// A number may start here: what comes before is not part of a word or of another number.
fn boundary_before(text: &str, at: usize, before: &str) -> bool {
    let prev = text[..at]
        .chars()
        .next_back()
        .or_else(|| before.chars().next_back());
    match prev {
        None => true,
        Some(p) => !(p.is_alphanumeric() || ".,/+-–_@#№=*".contains(p)),
    }
}

/// A run of digit groups from `start`: `+`, digits, one separator (space, no-break space or
/// hyphen) between groups, an area code in brackets.
struct Run {
    /// Where the number's text starts and ends (brackets around a lone group left out).
    text: Range<usize>,
    /// Where scanning stopped.
    end: usize,
    digits: String,
    plus: bool,
    groups: usize,
    balanced: bool,
}

fn scan(text: &str, start: usize) -> Run {
    let bytes = text.as_bytes();
    let mut j = start;
    let plus = bytes[j] == b'+';
    if plus {
        j += 1;
    }
    let mut digits = String::new();
    let mut groups = 0;
    let mut open = false;
    let mut balanced = true;
    let mut last_digit_end = j;
    let mut first_group_bracketed = false;
    loop {
        if j < bytes.len() && bytes[j] == b'(' {
            if open {
                balanced = false;
                break;
            }
            open = true;
            first_group_bracketed = groups == 0;
            j += 1;
        }
        let group_start = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            digits.push(bytes[j] as char);
            j += 1;
        }
        if j == group_start {
            balanced = false;
            break;
        }
        groups += 1;
        last_digit_end = j;
        if open && j < bytes.len() && bytes[j] == b')' {
            open = false;
            j += 1;
        }
        // One separator, then another group (perhaps in brackets).
        let rest = &text[j..];
        let sep = [" ", "\u{a0}", "\u{202f}", "-"]
            .iter()
            .find(|s| rest.starts_with(**s))
            .map_or(0, |s| s.len());
        let after = &rest[sep..];
        let more = after.starts_with(|c: char| c.is_ascii_digit())
            || (after.starts_with('(') && next_is_digit(after, 1));
        // A bracket closed right before a digit needs no separator: "(0522)22-33-44".
        let glued = sep == 0 && j > 0 && bytes[j - 1] == b')' && more;
        if (sep > 0 && more) || glued {
            j += sep;
        } else {
            break;
        }
    }
    if open {
        balanced = false;
    }
    // "(102)": the brackets are the sentence's, not the number's.
    let lone = groups == 1 && first_group_bracketed;
    let text_start = if lone { start + 1 } else { start };
    Run {
        text: text_start..last_digit_end,
        end: j.max(last_digit_end),
        digits,
        plus,
        groups,
        balanced,
    }
}

/// The run as a number to call, or `None`.
fn accept(text: &str, run: &Run, before: &str) -> Option<Found> {
    if !run.balanced || !boundary_after(text, run.text.end) {
        return None;
    }
    let d = &run.digits;
    let tel = if run.plus {
        (d.len() == 12 && d.starts_with("380")).then(|| format!("tel:+{d}"))
    } else if d.len() == 10 && d.starts_with('0') {
        Some(format!("tel:{d}"))
    } else if SHORT.contains(&d.as_str()) && (run.groups == 1 || d.len() == 6) {
        let said = format!("{before}{}", &text[..run.text.start]);
        let alone = said
            .trim_end_matches(['(', ' ', '\u{a0}'])
            .trim()
            .is_empty()
            && text[run.text.end..]
                .trim_matches(|c: char| c.is_whitespace() || ".,;:!?)".contains(c))
                .is_empty();
        (alone || speaks_of_calling(&said)).then(|| format!("tel:{d}"))
    } else {
        None
    }?;
    Some(Found {
        range: run.text.clone(),
        tel,
    })
}

/// Nothing after the number makes it part of something else: not a letter or digit, not a
/// decimal point, date, time or range going on, not a unit.
fn boundary_after(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let mut chars = rest.chars();
    match chars.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '%' || c == '₴' => false,
        Some(c) if ".,:/-–".contains(c) && chars.next().is_some_and(|n| n.is_ascii_digit()) => {
            false
        }
        Some(_) => {
            let word: String = rest
                .trim_start_matches([' ', '\u{a0}', '\u{202f}'])
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '₴' || *c == '%')
                .collect::<String>()
                .to_lowercase();
            !UNITS.contains(&word.as_str())
        }
    }
}

/// Whether the last words before a short number speak of calling.
fn speaks_of_calling(said: &str) -> bool {
    let tail: String = said
        .chars()
        .rev()
        .take(60)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tail = tail.to_lowercase();
    CALL_WORDS.iter().any(|w| tail.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tels(text: &str) -> Vec<(String, String)> {
        find(text, "")
            .into_iter()
            .map(|f| (text[f.range].to_string(), f.tel))
            .collect()
    }

    fn one(text: &str, number: &str, tel: &str) {
        assert_eq!(
            tels(text),
            vec![(number.to_string(), tel.to_string())],
            "in «{text}»"
        );
    }

    fn none(text: &str) {
        assert_eq!(tels(text), vec![], "in «{text}»");
    }

    #[test]
    fn national_and_international_numbers() {
        one(
            "Дзвоніть: 0 800 500 335.",
            "0 800 500 335",
            "tel:0800500335",
        );
        one(
            "тел. (0522) 22-33-44, щодня",
            "(0522) 22-33-44",
            "tel:0522223344",
        );
        one("Мобільний 067 123 45 67", "067 123 45 67", "tel:0671234567");
        one(
            "Або +380 52 222-33-44.",
            "+380 52 222-33-44",
            "tel:+380522223344",
        );
        one(
            "+38 (052) 222 33 44",
            "+38 (052) 222 33 44",
            "tel:+380522223344",
        );
        one(
            "номер 0\u{a0}800\u{a0}000\u{a0}000",
            "0\u{a0}800\u{a0}000\u{a0}000",
            "tel:0800000000",
        );
    }

    #[test]
    fn short_numbers_where_the_text_speaks_of_calling() {
        one("Урядова гаряча лінія 1545", "1545", "tel:1545");
        one(
            "Зателефонуйте на 116 111 — це безкоштовно",
            "116 111",
            "tel:116111",
        );
        one("Поліція (102)", "102", "tel:102");
        one("102", "102", "tel:102");
        assert_eq!(find("102", "Поліція: ").len(), 1);
        none("У 1545 році");
        none("Кабінет 112, другий поверх");
        none("Курс коштує 102 грн, телефонуйте");
        none("Набрано 103 людей на курси");
    }

    #[test]
    fn not_dates_years_prices_or_longer_numbers() {
        none("22.11.2026 о 10:30");
        none("у 2026 році");
        none("200 грн");
        none("1 000 000 грн");
        none("Рахунок 0800000000123");
        none("ID 12 345 678 90");
        none("зателефонуйте 101–104");
        none("+1 555 0100");
        none("0 800 000 000 грн");
        none("код 380522223344");
        none("0,5 800 000 000");
        none("тел. 0 800 000");
    }
}
