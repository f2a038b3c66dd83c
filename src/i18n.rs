//! The language hromada speaks to editors in: Ukrainian by default, English on request.
//!
//! Every message and hint an editor reads is written in both languages where it is made,
//! with [`tr!`](crate::tr): the two texts sit side by side, the compiler checks that both use
//! the same values, and a diagnostic only accepts a [`Msg`], so no message can be left in one
//! language. The codes (`E0203`) are the stable keys: `docs/errors.md` explains each.
//!
//! The language is chosen once per run (`--lang`, `HROMADA_LANG`, the site's `language`,
//! else Ukrainian; see [`choose`]) and read wherever a message is made, including on the
//! worker threads of a build — hence a process-wide setting rather than a parameter threaded
//! through every loader and check.

use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Uk,
    En,
}

impl Lang {
    /// `uk`, `uk-UA`, `uk_UA.UTF-8`, `en`, `en-GB` …; `None` for any other language.
    pub fn parse(code: &str) -> Option<Lang> {
        let base = code
            .split(['-', '_', '.'])
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match base.as_str() {
            "uk" => Some(Lang::Uk),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Uk => "uk",
            Lang::En => "en",
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Sets the language of every message made from now on.
pub fn set(lang: Lang) {
    CURRENT.store(
        match lang {
            Lang::Uk => 0,
            Lang::En => 1,
        },
        Ordering::Relaxed,
    );
}

pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Uk,
    }
}

/// The language of a run: the `--lang` flag, else `HROMADA_LANG`, else the site's
/// `language` when messages exist in it, else Ukrainian — editors read Ukrainian.
/// An unknown value of the flag or the variable is returned as `Err` for the caller to
/// report (in Ukrainian, the language a confused reader most likely reads).
pub fn choose(
    flag: Option<&str>,
    env: Option<&str>,
    site_language: Option<&str>,
) -> Result<Lang, String> {
    for given in [flag, env].into_iter().flatten() {
        if given.trim().is_empty() {
            continue;
        }
        return Lang::parse(given).ok_or_else(|| given.to_string());
    }
    Ok(site_language.and_then(Lang::parse).unwrap_or(Lang::Uk))
}

/// A text for the reader, already in the run's language. Made only by [`tr!`](crate::tr) (and
/// [`Msg::verbatim`] for text that is the same in every language: a file's own words, a
/// path), so that anything an editor reads went through a translation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Msg(String);

impl Msg {
    /// Used by [`tr!`](crate::tr); not for direct use.
    #[doc(hidden)]
    pub fn __made(text: String) -> Msg {
        Msg(text)
    }

    /// Text that needs no translation: quoted from a file, or a name.
    pub fn verbatim(text: impl Into<String>) -> Msg {
        Msg(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Msg> for String {
    fn from(m: Msg) -> String {
        m.0
    }
}

/// A message in English and Ukrainian, formatted like `format!`:
/// `tr!("unknown service `{key}`", "невідома послуга `{key}`")`, with any arguments after
/// both texts. Only the text of the run's language is formatted.
#[macro_export]
macro_rules! tr {
    ($en:literal, $uk:literal $(,)?) => {
        $crate::i18n::Msg::__made(match $crate::i18n::current() {
            $crate::i18n::Lang::En => format!($en),
            $crate::i18n::Lang::Uk => format!($uk),
        })
    };
    ($en:literal, $uk:literal, $($arg:tt)+) => {
        $crate::i18n::Msg::__made(match $crate::i18n::current() {
            $crate::i18n::Lang::En => format!($en, $($arg)+),
            $crate::i18n::Lang::Uk => format!($uk, $($arg)+),
        })
    };
}

/// The form of a counted word: `count(3, ["page", "pages"], ["сторінка", "сторінки",
/// "сторінок"])` → "3 сторінки". Ukrainian has three forms (CLDR: one — 1, 21, 31 …;
/// few — 2–4, 22–24 …; many — 0, 5–20, 25–30 …).
pub fn count(n: usize, en: [&str; 2], uk: [&str; 3]) -> String {
    format!("{n} {}", word(n, en, uk))
}

/// Only the word of [`count`], for texts that put the number elsewhere.
pub fn word<'a>(n: usize, en: [&'a str; 2], uk: [&'a str; 3]) -> &'a str {
    match current() {
        Lang::En => {
            if n == 1 {
                en[0]
            } else {
                en[1]
            }
        }
        Lang::Uk => uk[uk_form(n)],
    }
}

/// 0 = one, 1 = few, 2 = many.
fn uk_form(n: usize) -> usize {
    let (ten, hundred) = (n % 10, n % 100);
    if ten == 1 && hundred != 11 {
        0
    } else if (2..=4).contains(&ten) && !(12..=14).contains(&hundred) {
        1
    } else {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ukrainian_plural_forms() {
        let forms: Vec<usize> = [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 122]
            .iter()
            .map(|&n| uk_form(n))
            .collect();
        assert_eq!(forms, [2, 0, 1, 1, 2, 2, 2, 2, 0, 1, 2, 0, 2, 2, 1]);
    }

    #[test]
    fn language_is_chosen_flag_first() {
        assert_eq!(choose(Some("en"), Some("uk"), Some("uk")), Ok(Lang::En));
        assert_eq!(choose(None, Some("en_GB.UTF-8"), Some("uk")), Ok(Lang::En));
        assert_eq!(choose(None, Some(""), Some("en")), Ok(Lang::En));
        assert_eq!(choose(None, None, Some("uk")), Ok(Lang::Uk));
        assert_eq!(choose(None, None, Some("pl")), Ok(Lang::Uk));
        assert_eq!(choose(None, None, None), Ok(Lang::Uk));
        assert_eq!(choose(Some("de"), None, None), Err("de".to_string()));
    }
}
