//! "Did you mean …?" — the closest valid name to a misspelt one, a name typed with the
//! Ukrainian keyboard layout's look-alike letters, and a key written as its label.

use crate::i18n::Msg;
use crate::slug::LOOKALIKES;

/// The candidate closest to `word`, if it is close enough to be a likely misspelling.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word_l, &c.to_lowercase()), c))
        .filter(|(d, c)| {
            let longest = word.chars().count().max(c.chars().count());
            *d <= (longest / 3).max(1) || c.to_lowercase().starts_with(&word_l)
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// The Ukrainian ordinal of a letter's place, feminine («1-ша», «2-га», «3-тя», «4-та»,
/// «7-ма»), as «літера» takes.
fn ordinal_uk(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=19) => "та",
        (1, _) => "ша",
        (2, _) => "га",
        (3, _) => "тя",
        (7 | 8, _) => "ма",
        _ => "та",
    };
    format!("{n}-{suffix}")
}

/// The English ordinal of a letter's place («1st», «2nd», «4th»).
fn ordinal_en(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `word` with its Cyrillic look-alike letters made Latin (`servіces` typed with a Cyrillic
/// «і» → `services`), and which letters were Cyrillic, in words; `None` when it has none.
pub fn cyrillic_letters(word: &str) -> Option<(String, Msg)> {
    let mut latin = String::with_capacity(word.len());
    let mut letters = Vec::new();
    for (i, c) in word.chars().enumerate() {
        match LOOKALIKES.iter().find(|(_, cyr)| *cyr == c) {
            Some(&(lat, _)) => {
                latin.push(lat);
                let (uk, en) = (ordinal_uk(i + 1), ordinal_en(i + 1));
                letters.push(tr!(
                    "the {en} letter is a Cyrillic «{c}», it should be a Latin {lat}",
                    "{uk} літера — кирилична «{c}», а має бути латинська {lat}"
                ));
            }
            None => latin.push(c),
        }
    }
    if letters.is_empty() {
        return None;
    }
    let letters = letters
        .iter()
        .map(Msg::as_str)
        .collect::<Vec<_>>()
        .join("; ");
    Some((
        latin,
        tr!(
            "{letters}; switch the keyboard layout",
            "{letters}; перемкніть розкладку"
        ),
    ))
}

/// When `word` becomes one of `candidates` once its Cyrillic look-alike letters are made
/// Latin: that candidate, and the letters in words — the two spellings look the same, so
/// «did you mean `services`?» would not help.
pub fn cyrillic_lookalikes<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<(&'a str, Msg)> {
    let (latin, letters) = cyrillic_letters(word)?;
    let found = candidates.into_iter().find(|c| *c == latin)?;
    Some((found, letters))
}

/// The key whose label is `word` (or nearly, as `closest` decides), from (key, label)
/// pairs: an editor who wrote what the site shows («бібліотека») meant the key (`library`).
pub fn key_of_label<'a>(
    word: &str,
    labels: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<&'a str> {
    let labels: Vec<(&str, &str)> = labels.into_iter().collect();
    let wanted = normalised(word);
    if let Some((key, _)) = labels.iter().find(|(_, l)| normalised(l) == wanted) {
        return Some(key);
    }
    // Only words with letters beyond ASCII: a misspelt Latin key is `closest`'s job.
    if word.is_ascii() {
        return None;
    }
    let lowered: Vec<String> = labels.iter().map(|(_, l)| normalised(l)).collect();
    let best = closest(&wanted, lowered.iter().map(String::as_str))?;
    let i = lowered.iter().position(|l| l == best)?;
    Some(labels[i].0)
}

/// `text` lowercased, with its runs of blanks made one space and the apostrophes made one.
pub fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace(['\u{2019}', '\u{02BC}', '`'], "'")
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a` or `b`",
/// or "there are no fields") into the field and the valid names.
pub fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    let field = rest[..end].to_string();
    let expected: Vec<String> = rest[end + 1..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((field, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_misspellings() {
        let keys = ["title", "summary", "service", "audience"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("servise", keys), Some("service"));
        assert_eq!(closest("audiense", keys), Some("audience"));
        assert_eq!(closest("zzzzzz", keys), None);
    }

    #[test]
    fn finds_cyrillic_letters_in_latin_names() {
        let keys = ["services", "kind", "accessibility"];
        let (key, said) = cyrillic_lookalikes("serv\u{456}ces", keys).unwrap();
        assert_eq!(key, "services");
        assert_eq!(
            said.as_str(),
            "5-та літера — кирилична «\u{456}», а має бути латинська i; перемкніть розкладку"
        );
        let (_, said) = cyrillic_lookalikes("\u{430}cc\u{435}ssibility", keys).unwrap();
        assert!(
            said.as_str().starts_with("1-ша літера — кирилична «а»")
                && said.as_str().contains("; 4-та літера — кирилична «е»"),
            "{said}"
        );
        assert_eq!(cyrillic_lookalikes("services", keys), None);
        assert_eq!(cyrillic_lookalikes("serv\u{456}ce", keys), None);
        assert_eq!(
            (1..=23).map(ordinal_uk).collect::<Vec<_>>()[..8],
            [
                "1-ша", "2-га", "3-тя", "4-та", "5-та", "6-та", "7-ма", "8-ма"
            ]
        );
        assert_eq!(ordinal_uk(11), "11-та");
        assert_eq!(ordinal_uk(21), "21-ша");
    }

    #[test]
    fn finds_the_key_of_a_label() {
        let labels = [("library", "Бібліотека"), ("cnap", "ЦНАП")];
        assert_eq!(key_of_label("бібліотека", labels), Some("library"));
        assert_eq!(key_of_label("Бібліотекa ", labels), Some("library"));
        assert_eq!(key_of_label("цнап", labels), Some("cnap"));
        assert_eq!(key_of_label("музей", labels), None);
        assert_eq!(key_of_label("libary", labels), None);
    }

    #[test]
    fn reads_serde_messages() {
        let (f, e) =
            parse_unknown_field("unknown field `titel`, expected one of `title`, `slug`").unwrap();
        assert_eq!(f, "titel");
        assert_eq!(e, vec!["title", "slug"]);
        let (f, e) = parse_unknown_field("unknown field `x`, expected `a` or `b`").unwrap();
        assert_eq!((f.as_str(), e.len()), ("x", 2));
        let (_, e) = parse_unknown_field("unknown field `x`, there are no fields").unwrap();
        assert!(e.is_empty());
    }
}
