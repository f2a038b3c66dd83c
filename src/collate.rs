//! Ukrainian alphabetical order for every list people read: settlements, places, titles,
//! labels. Code-point order puts Є, І, Ї and Ґ after Я and «Андрушківська» before
//! «Андрушівська»; this is the Unicode CLDR collation for Ukrainian (`icu_collator` with the
//! data compiled in), with two settings a Ukrainian reader expects:
//!
//! - apostrophes (of every kind) and other punctuation are ignored unless all else is
//!   equal, as in dictionaries: «Знаменка» before «Знам'янка» (е before я);
//! - digits are read as numbers: «Бібліотека-філія № 5» before «№ 12».
//!
//! Names in Latin letters come after the Cyrillic ones, digits before both. Strings equal
//! to the collation (two apostrophe spellings of one name) compare by their code points, so
//! the order never depends on the input's order.

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::options::{AlternateHandling, CollatorOptions};
use icu_collator::preferences::CollationNumericOrdering;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};

static COLLATOR: LazyLock<Option<CollatorBorrowed<'static>>> = LazyLock::new(|| {
    let mut prefs = CollatorPreferences::from(&icu_locale_core::locale!("uk"));
    prefs.numeric_ordering = Some(CollationNumericOrdering::True);
    let mut options = CollatorOptions::default();
    options.alternate_handling = Some(AlternateHandling::Shifted);
    // The data is compiled in: this cannot fail short of a broken build of the crate, and
    // then lists fall back to code-point order rather than stop the build.
    Collator::try_new(prefs, options).ok()
});

/// Apostrophes that Unicode counts as letters (ʼ U+02BC, the one Ukrainian orthography
/// prefers, and ʹ U+02B9), which the collation would sort as letters after я: read as the
/// typewriter apostrophe, which it ignores like the other apostrophes.
const LETTER_APOSTROPHES: [char; 2] = ['\u{2bc}', '\u{2b9}'];

fn folded(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(LETTER_APOSTROPHES) {
        s.replace(LETTER_APOSTROPHES, "'").into()
    } else {
        s.into()
    }
}

/// The sort key of `s`: keys compare as their strings collate (then by code point). For
/// `sort_by_cached_key`, where each string's key is made once.
pub fn key(s: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(s.len() * 2 + 8);
    if let Some(c) = COLLATOR.as_ref() {
        let _ = c.write_sort_key_to(&folded(s), &mut k);
    }
    // A separator below every byte of the collation key's levels, then the string: equal
    // collations fall back to code-point order.
    k.push(0);
    k.extend_from_slice(s.as_bytes());
    k
}

/// `a` and `b` in Ukrainian alphabetical order (then by code point).
pub fn cmp(a: &str, b: &str) -> Ordering {
    match COLLATOR.as_ref() {
        Some(c) => c.compare(&folded(a), &folded(b)).then_with(|| a.cmp(b)),
        None => a.cmp(b),
    }
}

/// Sorts `items` by the names `name` gives, in Ukrainian alphabetical order.
pub fn sort_by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|t| key(name(t)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        sort_by_name(&mut v, |s| s);
        v
    }

    #[test]
    fn ukrainian_letters_in_their_places() {
        assert_eq!(
            sorted(&[
                "Яготин",
                "Їжакевич",
                "Ірпінь",
                "Ичня",
                "Ґудзівка",
                "Гайсин",
                "Єнакієве",
                "Ерастівка",
                "Жовква",
                "Шостка",
                "Щорс",
                "Ьа",
                "Юрівка",
            ]),
            [
                "Гайсин",
                "Ґудзівка",
                "Ерастівка",
                "Єнакієве",
                "Жовква",
                "Ичня",
                "Ірпінь",
                "Їжакевич",
                "Шостка",
                "Щорс",
                "Ьа",
                "Юрівка",
                "Яготин"
            ]
        );
    }

    #[test]
    fn the_pair_the_issue_named() {
        assert_eq!(
            sorted(&["Андрушківська", "Андрушівська"]),
            ["Андрушівська", "Андрушківська"]
        );
        assert_eq!(cmp("Андрушівська", "Андрушківська"), Ordering::Less);
    }

    #[test]
    fn apostrophes_are_ignored_and_every_spelling_has_one_place() {
        // «Знамʼянка» is «знамянка» for the order: after «Знаменка» (е before я).
        assert_eq!(
            sorted(&[
                "Знамʼянка",
                "Знам’янка",
                "Знаменка",
                "Знам'янка",
                "Знам'янка Друга"
            ]),
            [
                "Знаменка",
                "Знам'янка",
                "Знамʼянка",
                "Знам’янка",
                "Знам'янка Друга"
            ]
        );
    }

    #[test]
    fn case_numbers_and_latin() {
        assert_eq!(
            sorted(&[
                "Бібліотека-філія № 12",
                "code club",
                "Бібліотека-філія № 5",
                "бібліотека",
                "2 школа",
                "Бібліотека",
                "ЦНАП",
            ]),
            [
                "2 школа",
                "бібліотека",
                "Бібліотека",
                "Бібліотека-філія № 5",
                "Бібліотека-філія № 12",
                "ЦНАП",
                "code club"
            ]
        );
    }

    #[test]
    fn keys_order_as_compare_does() {
        let names = [
            "Знам'янка",
            "Знаменка",
            "Єлизаветградка",
            "Ерделівка",
            "Іванівка",
            "Инженерне",
            "Ґрунь",
            "Глодоси",
            "Андрушівська",
            "Андрушківська",
            "Новоукраїнка",
            "нове",
            "Нове",
            "Z",
            "1",
            "",
        ];
        for a in names {
            for b in names {
                assert_eq!(key(a).cmp(&key(b)), cmp(a, b), "{a} / {b}");
            }
        }
    }
}
