//! Opening hours written the way a Ukrainian sign writes them («вт-сб 10:00-17:00, нд
//! вихідний») turned into OpenStreetMap `opening_hours` syntax (`Tu-Sa 10:00-17:00; Su off`),
//! so that the message for hours the parser refuses can offer the editor's own hours in the
//! syntax, not a generic example. Only a suggestion: what it makes is parsed again.

/// The days of the week by their Ukrainian abbreviation and the start of their full name,
/// with the `opening_hours` abbreviation.
const DAYS: [(&str, &str, &str); 7] = [
    ("пн", "понеділ", "Mo"),
    ("вт", "вівтор", "Tu"),
    ("ср", "серед", "We"),
    ("чт", "четвер", "Th"),
    ("пт", "пʼятниц", "Fr"),
    ("сб", "субот", "Sa"),
    ("нд", "неділ", "Su"),
];

/// Words that say a day is closed.
const CLOSED: [&str; 4] = ["вихідний", "вихідні", "зачинено", "не працює"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    Day(&'static str),
    Time(u8, u8),
    Dash,
    Comma,
    Semicolon,
    Closed,
}

/// The day a word names («пн», «пн.», «понеділок», «вівторка»), ignoring case.
fn day(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase().replace(['\'', '’', '`'], "ʼ");
    let w = w.trim_end_matches('.');
    DAYS.iter()
        .find(|(short, long, _)| w == *short || w.starts_with(long))
        .map(|(_, _, osm)| *osm)
}

/// «9:00», «09.00», «9» (a whole hour) as hours and minutes.
fn time(word: &str) -> Option<(u8, u8)> {
    let (h, m) = match word.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None => (word, "00"),
    };
    let (h, m) = (h.parse::<u8>().ok()?, m.parse::<u8>().ok()?);
    (h.to_string().len() <= 2 && (h <= 24) && m < 60).then_some((h, m))
}

/// The text split into tokens; `None` when a word is neither a day, a time nor a separator.
fn tokens(text: &str) -> Option<Vec<Token>> {
    let mut lowered = text.to_lowercase();
    for closed in CLOSED {
        lowered = lowered.replace(closed, " \u{0} ");
    }
    let spaced = lowered
        .replace(['–', '—'], "-")
        .replace('-', " - ")
        .replace(',', " , ")
        .replace(';', " ; ");
    let mut out = Vec::new();
    for word in spaced.split_whitespace() {
        out.push(match word {
            "-" => Token::Dash,
            "," => Token::Comma,
            ";" => Token::Semicolon,
            "\u{0}" => Token::Closed,
            w => match (day(w), time(w)) {
                (Some(d), _) => Token::Day(d),
                (None, Some((h, m))) => Token::Time(h, m),
                (None, None) => return None,
            },
        });
    }
    Some(out)
}

/// The hours in `opening_hours` syntax, when `text` is written with Ukrainian day names
/// and the result reads as hours.
pub fn suggestion(text: &str) -> Option<String> {
    let tokens = tokens(text)?;
    if !tokens.iter().any(|t| matches!(t, Token::Day(_))) {
        return None;
    }
    let mut out = String::new();
    let mut last: Option<Token> = None;
    for (i, &t) in tokens.iter().enumerate() {
        // The token before a separator, which decides what the separator means.
        let before = |n: usize| i.checked_sub(n).map(|k| tokens[k]);
        match t {
            Token::Dash | Token::Comma | Token::Semicolon => {}
            Token::Day(d) => {
                match (last, before(2)) {
                    (None, _) => {}
                    (Some(Token::Dash), Some(Token::Day(_))) => out.push('-'),
                    (Some(Token::Comma), Some(Token::Day(_))) => out.push(','),
                    (Some(Token::Day(_)), _) => out.push(','),
                    _ => out.push_str("; "),
                }
                out.push_str(d);
            }
            Token::Time(h, m) => {
                match last {
                    Some(Token::Dash) => out.push('-'),
                    Some(Token::Comma) if matches!(before(2), Some(Token::Time(..))) => {
                        out.push(',')
                    }
                    Some(Token::Day(_)) => out.push(' '),
                    None => {}
                    _ => return None,
                }
                out.push_str(&format!("{h:02}:{m:02}"));
            }
            Token::Closed => match last {
                Some(Token::Day(_)) => out.push_str(" off"),
                _ => return None,
            },
        }
        last = Some(t);
    }
    super::hours::parse(&out).ok().map(|_| out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ukrainian_days_become_opening_hours() {
        let s = |t: &str| suggestion(t);
        assert_eq!(s("вт-сб 10:00-17:00").as_deref(), Some("Tu-Sa 10:00-17:00"));
        assert_eq!(
            s("Пн–Пт 9.00–18.00, сб 10:00-15:00, нд вихідний").as_deref(),
            Some("Mo-Fr 09:00-18:00; Sa 10:00-15:00; Su off")
        );
        assert_eq!(
            s("пн, ср, пт 10:00-13:00, 14:00-17:00").as_deref(),
            Some("Mo,We,Fr 10:00-13:00,14:00-17:00")
        );
        assert_eq!(
            s("понеділок-пʼятниця 8:00-17:00; субота вихідний").as_deref(),
            Some("Mo-Fr 08:00-17:00; Sa off")
        );
        // Not hours, or nothing Ukrainian to translate.
        assert_eq!(s("за домовленістю"), None);
        assert_eq!(s("10:00-17:00"), None);
        assert_eq!(s("вт-сб 10:00-"), None);
    }
}
