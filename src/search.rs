//! The words of the search index: text folded the same way the browser folds a query, so
//! that «підпис», «ПІДПИСОМ», «pidpysu», «з’явитися» and «зʼявитися» meet.
//!
//! The browser's copy of these rules is `themes/default/assets/search.js`; `tests/search.rs`
//! checks that both give the same terms for every word of the example site.
//!
//! 1. **Fold**: lower case; apostrophes of every kind (' ’ ʼ ` ‘ ´ ʹ) dropped; «ґ» → «г»,
//!    «й» and «ї» → «і» (the official romanisation writes all three as `i`), and the Russian
//!    keyboard's «ы э ё ъ» → «и е е» and nothing.
//! 2. **Split** on anything that is not a letter or a digit.
//! 3. **Latin → Cyrillic**: a word in Latin letters (a query typed as `diia pidpys`, a
//!    romanised name) is read back by Ukraine's official romanisation, longest letter group
//!    first (`shch` → щ, `kh` → х, `ts` → ц, `ia` → я, `h` → г …). A word that mixes Latin
//!    look-alike letters into Cyrillic («Кpoпивницькa») gets the Cyrillic letters.
//! 4. **Stem**: a light suffix stripper. The longest ending of [`ENDINGS`] is removed if at
//!    least two letters remain: «підпису», «підписом», «підписати» → «підпис»; «дія», «дії»,
//!    «дією» → «ді»; «електронний», «електронного» → «електронн». Words of digits are kept.

/// Inflectional endings, in folded letters (й and ї are і).
pub const ENDINGS: &[&str] = &[
    "уватися",
    "юватися",
    "ватися",
    "итися",
    "атися",
    "ітися",
    "илися",
    "алися",
    "ується",
    "ється",
    "еться",
    "иться",
    "ться",
    "уючи",
    "ючи",
    "ячи",
    "учи",
    "ати",
    "яти",
    "ити",
    "іти",
    "ого",
    "ього",
    "ому",
    "ьому",
    "ими",
    "іми",
    "ами",
    "ями",
    "ові",
    "еві",
    "єві",
    "ах",
    "ях",
    "ом",
    "єм",
    "ів",
    "ою",
    "ею",
    "єю",
    "им",
    "ім",
    "их",
    "іх",
    "иі",
    "іі",
    "оі",
    "еі",
    "уть",
    "ють",
    "ать",
    "ять",
    "ить",
    "іть",
    "ете",
    "єте",
    "емо",
    "ємо",
    "имо",
    "імо",
    "ла",
    "ли",
    "ло",
    "ав",
    "ив",
    "а",
    "я",
    "о",
    "е",
    "є",
    "и",
    "і",
    "у",
    "ю",
    "ь",
];

/// The least letters a stem keeps.
pub const MIN_STEM: usize = 2;

/// Latin letter groups and the Cyrillic they stand for, longest first.
pub const LATIN: &[(&str, &str)] = &[
    ("shch", "щ"),
    ("zgh", "зг"),
    ("kh", "х"),
    ("zh", "ж"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("iu", "ю"),
    ("ia", "я"),
    ("ie", "є"),
    ("yu", "ю"),
    ("ya", "я"),
    ("ye", "є"),
    ("yi", "і"),
    ("a", "а"),
    ("b", "б"),
    ("c", "ц"),
    ("d", "д"),
    ("e", "е"),
    ("f", "ф"),
    ("g", "г"),
    ("h", "г"),
    ("i", "і"),
    ("j", "і"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("q", "к"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("v", "в"),
    ("w", "в"),
    ("x", "кс"),
    ("y", "и"),
    ("z", "з"),
];

/// Latin letters that look like Cyrillic ones, inside a Cyrillic word.
const LOOKALIKES: &[(char, char)] = &[
    ('a', 'а'),
    ('c', 'с'),
    ('e', 'е'),
    ('i', 'і'),
    ('k', 'к'),
    ('m', 'м'),
    ('o', 'о'),
    ('p', 'р'),
    ('x', 'х'),
    ('y', 'у'),
];

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{02bc}' | '`' | '\u{2018}' | '\u{00b4}' | '\u{02b9}'
    )
}

fn fold_char(c: char) -> Option<char> {
    Some(match c {
        'ґ' => 'г',
        'й' | 'ї' => 'і',
        'ы' => 'и',
        'э' | 'ё' => 'е',
        'ъ' => return None,
        c if is_apostrophe(c) => return None,
        c => c,
    })
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04ff}').contains(&c)
}

/// A letter of ASCII or of the basic Cyrillic block in lower case, and whether it is a
/// letter or digit, without Unicode's tables (most text of a Ukrainian site); `None` for
/// anything else.
fn fast_lower(c: char) -> Option<(char, bool)> {
    let u = c as u32;
    Some(match u {
        0..=0x7f => (c.to_ascii_lowercase(), c.is_ascii_alphanumeric()),
        0x0410..=0x042f => (char::from_u32(u + 0x20)?, true),
        0x0400..=0x040f => (char::from_u32(u + 0x50)?, true),
        0x0430..=0x045f => (c, true),
        0x0490 => ('ґ', true),
        0x0491 => (c, true),
        _ => return None,
    })
}

/// Lower case, folded, split into words (not yet read back from Latin or stemmed).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut push = |c: char, alphanumeric: bool, word: &mut String| {
        if is_apostrophe(c) {
            return;
        }
        if alphanumeric {
            if let Some(f) = fold_char(c) {
                word.push(f);
            }
        } else if !word.is_empty() {
            out.push(std::mem::take(word));
        }
    };
    for c in text.chars() {
        match fast_lower(c) {
            Some((l, alnum)) => push(l, alnum, &mut word),
            None => {
                for l in c.to_lowercase() {
                    push(l, l.is_alphanumeric(), &mut word);
                }
            }
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A word in Latin letters read as romanised Ukrainian; a Cyrillic word with Latin
/// look-alikes gets them replaced; anything else is left as it is.
pub fn to_cyrillic(word: &str) -> String {
    let has_cyrillic = word.chars().any(is_cyrillic);
    if has_cyrillic {
        return word
            .chars()
            .map(|c| {
                LOOKALIKES
                    .iter()
                    .find(|(l, _)| *l == c)
                    .map_or(c, |(_, cy)| *cy)
            })
            .collect();
    }
    if !word.chars().all(|c| c.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut out = String::new();
    let mut rest = word;
    while !rest.is_empty() {
        match LATIN.iter().find(|(l, _)| rest.starts_with(l)) {
            Some((l, cy)) => {
                out.push_str(cy);
                rest = &rest[l.len()..];
            }
            None => {
                let c = rest.chars().next().unwrap_or(' ');
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

static ENDING_SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| ENDINGS.iter().copied().collect());
static LONGEST_ENDING: std::sync::LazyLock<usize> =
    std::sync::LazyLock::new(|| ENDINGS.iter().map(|e| e.chars().count()).max().unwrap_or(0));

/// The word without its inflectional ending: the longest of [`ENDINGS`] that leaves at
/// least [`MIN_STEM`] letters.
pub fn stem(word: &str) -> String {
    // Byte offsets where each of the last letters starts, last letter first.
    let starts: Vec<usize> = word
        .char_indices()
        .rev()
        .take(*LONGEST_ENDING)
        .map(|(i, _)| i)
        .collect();
    let len = word.chars().count();
    for n in (1..=starts.len()).rev() {
        if len < n + MIN_STEM {
            continue;
        }
        let at = starts[n - 1];
        if ENDING_SET.contains(&word[at..]) {
            return word[..at].to_string();
        }
    }
    word.to_string()
}

/// One word as the index knows it.
pub fn term(word: &str) -> String {
    let w = to_cyrillic(word);
    if w.chars().any(|c| c.is_ascii_digit()) {
        return w;
    }
    stem(&w)
}

/// Every term of a text, in order.
pub fn terms(text: &str) -> Vec<String> {
    words(text).iter().map(|w| term(w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) {
        assert_eq!(terms(a), terms(b), "{a} / {b}");
    }

    #[test]
    fn word_forms_meet() {
        same("підпис", "підпису");
        same("підпис", "підписом");
        same("підписати", "Підписи");
        same("дія", "дії");
        same("дія", "дією");
        same("електронний", "електронного");
        same("електронна", "електронної");
        same("зробити", "зробіть");
        same("оплата", "оплатою");
    }

    #[test]
    fn apostrophes_and_letters_are_folded() {
        same("з'явитися", "зʼявитися");
        same("з’явитися", "з`явитися");
        same("ґанок", "ганок");
        same("Їжак", "іжак");
        assert_eq!(words("Wi-Fi, 2FA!"), vec!["wi", "fi", "2fa"]);
    }

    #[test]
    fn latin_is_read_back_as_ukrainian() {
        same("diia pidpys", "дія підпис");
        same("tsyfrohram", "цифрограм");
        same("tsnap onlain", "ЦНАП онлайн");
        same("shakhraistvo", "шахрайство");
        same("zghorany", "згорани");
        // Latin look-alikes inside a Cyrillic word.
        same("Кpoпивницькa", "Кропивницька");
    }

    #[test]
    fn the_fast_path_lowers_like_unicode() {
        for c in ('\u{0}'..='\u{7f}').chain('\u{0400}'..='\u{04ff}') {
            if let Some((l, alnum)) = fast_lower(c) {
                assert_eq!(Some(l), c.to_lowercase().next(), "{c:?}");
                assert_eq!(c.to_lowercase().count(), 1);
                assert_eq!(alnum, c.is_alphanumeric(), "{c:?}");
            }
        }
    }

    #[test]
    fn stems_keep_two_letters() {
        assert_eq!(stem("дія"), "ді");
        assert_eq!(stem("ау"), "ау");
        assert_eq!(term("2026"), "2026");
    }
}
