//! `[posters]` in `site.toml`: which poster formats every upcoming event gets, how far ahead
//! of the build date, whether past events keep theirs, and where rendered posters are cached
//! between builds.
//!
//! ```toml
//! [posters]
//! formats = ["a4", "social"]   # also "a3" (PDF) and "square" (1080×1080 PNG)
//! ahead = "8 weeks"             # or "56 days", "8 тижнів", "56 днів"
//! past = false
//! cache = ".cache/posters"      # relative to the site; outside the output
//! ```

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diag::{Diagnostic, Location};

/// A kind of poster: the theme's template, the file it becomes next to the event's page,
/// and its pixel size when it is an image (else a PDF at the template's own size).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Format {
    pub key: &'static str,
    pub template: &'static str,
    pub file: &'static str,
    pub png: Option<(u32, u32)>,
}

pub const FORMATS: &[Format] = &[
    Format {
        key: "a4",
        template: "a4.svg",
        file: "poster.pdf",
        png: None,
    },
    Format {
        key: "social",
        template: "social.svg",
        file: "poster.png",
        png: Some((1200, 630)),
    },
    Format {
        key: "a3",
        template: "a3.svg",
        file: "poster-a3.pdf",
        png: None,
    },
    Format {
        key: "square",
        template: "square.svg",
        file: "poster-square.png",
        png: Some((1080, 1080)),
    },
];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPosters {
    formats: Option<Vec<Spanned<String>>>,
    ahead: Option<Spanned<toml::Value>>,
    #[serde(default)]
    past: bool,
    cache: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PosterConfig {
    pub formats: Vec<Format>,
    /// Events whose next session starts more than this many days after the build date get
    /// no posters yet.
    pub ahead_days: u32,
    pub past: bool,
    /// Relative to the site root.
    pub cache: std::path::PathBuf,
}

pub fn resolve(
    raw: RawPosters,
    file: &std::path::Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> PosterConfig {
    let mut formats = Vec::new();
    match &raw.formats {
        None => formats.extend(FORMATS.iter().filter(|f| matches!(f.key, "a4" | "social"))),
        Some(list) => {
            for f in list {
                match FORMATS.iter().find(|k| k.key == f.get_ref()) {
                    Some(k) => formats.push(*k),
                    None => {
                        let span = f.span();
                        diags.push(
                            Diagnostic::error(
                                "E0015",
                                file,
                                tr!(
                                    "there is no poster format `{}`",
                                    "формату афіші `{}` немає",
                                    f.get_ref()
                                ),
                            )
                            .at_opt(
                                (span.end > 0)
                                    .then(|| Location::from_offsets(text, span.start, span.end)),
                            )
                            .hint(tr!(
                                "the formats are {}",
                                "є такі формати: {}",
                                FORMATS.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
                            )),
                        );
                    }
                }
            }
        }
    }
    PosterConfig {
        formats,
        ahead_days: ahead(raw.ahead.as_ref(), file, text, diags),
        past: raw.past,
        cache: cache_folder(raw.cache.as_ref(), file, text, diags),
    }
}

/// Eight weeks: the posters residents see on notice boards and in chats are for the next
/// two months; a whole year of posters would be most of an oblast site's size.
const DEFAULT_AHEAD_DAYS: u32 = 56;

/// The longest `ahead`: ten years, past any plan a site publishes.
const MAX_AHEAD_DAYS: u32 = 3660;

/// Days in a duration written as a number and a unit: `8 weeks`, `56 days`, `1 week`, or in
/// Ukrainian `8 тижнів`, `2 тижні`, `1 тиждень`, `56 днів`, `3 дні`, `1 день`. `None` when
/// it is not one.
pub fn parse_days(text: &str) -> Option<u32> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let number: u32 = text[..digits].parse().ok()?;
    let unit = text[digits..].trim().to_lowercase();
    let per = match unit.as_str() {
        "day" | "days" | "d" | "день" | "дні" | "днів" | "дн" | "дн." => 1,
        "week" | "weeks" | "w" | "тиждень" | "тижні" | "тижнів" | "тиж" | "тиж." => {
            7
        }
        _ => return None,
    };
    number.checked_mul(per)
}

/// `ahead`, in days; E0524 when it is not a positive duration in weeks or days.
fn ahead(
    raw: Option<&Spanned<toml::Value>>,
    file: &std::path::Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> u32 {
    let Some(raw) = raw else {
        return DEFAULT_AHEAD_DAYS;
    };
    let days = raw.get_ref().as_str().and_then(parse_days);
    if let Some(days) = days.filter(|d| (1..=MAX_AHEAD_DAYS).contains(d)) {
        return days;
    }
    let written = match raw.get_ref() {
        toml::Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    };
    let (message, hint) = match (raw.get_ref(), days) {
        (toml::Value::Integer(n), _) => (
            tr!(
                "[posters] ahead = {written} has no unit",
                "[posters] ahead = {written} — без одиниці"
            ),
            tr!(
                "write the unit too, in quotes: ahead = \"{n} days\" (or \"8 weeks\")",
                "допишіть одиницю, в лапках: ahead = \"{n} днів\" (чи \"8 тижнів\")"
            ),
        ),
        (_, Some(0)) => (
            tr!(
                "[posters] ahead = {written} leaves no day for posters",
                "[posters] ahead = {written} не лишає афішам жодного дня"
            ),
            tr!(
                "the default is ahead = \"8 weeks\"; for no posters at all write formats = []",
                "типово ahead = \"8 тижнів\"; щоб афіш не було зовсім, напишіть formats = []"
            ),
        ),
        (_, Some(_)) => (
            tr!(
                "[posters] ahead = {written} is longer than ten years",
                "[posters] ahead = {written} — довше за десять років"
            ),
            tr!(
                "at most {MAX_AHEAD_DAYS} days; the default is ahead = \"8 weeks\"",
                "щонайбільше {MAX_AHEAD_DAYS} днів; типово ahead = \"8 тижнів\""
            ),
        ),
        (_, None) => (
            tr!(
                "[posters] ahead = {written} is not a number of weeks or days",
                "[posters] ahead = {written} — не число тижнів чи днів"
            ),
            tr!(
                "write a number and a unit: ahead = \"8 weeks\", \"56 days\", \"8 тижнів\" or \"56 днів\"",
                "напишіть число й одиницю: ahead = \"8 тижнів\", \"56 днів\", \"8 weeks\" чи \"56 days\""
            ),
        ),
    };
    let span = raw.span();
    diags.push(
        Diagnostic::error("E0524", file, message)
            .at_opt((span.end > 0).then(|| Location::from_offsets(text, span.start, span.end)))
            .hint(hint),
    );
    DEFAULT_AHEAD_DAYS
}

const DEFAULT_CACHE: &str = ".cache/posters";

/// The cache folder: a folder inside the site that the build does not read, since the
/// build writes posters there.
fn cache_folder(
    raw: Option<&Spanned<String>>,
    file: &std::path::Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> std::path::PathBuf {
    let Some(raw) = raw else {
        return DEFAULT_CACHE.into();
    };
    let (path, warning) = crate::config::slashes::file_path(raw, "cache", file, text);
    diags.extend(warning);
    let path = std::path::PathBuf::from(path);
    let first = path
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let source = crate::sandbox::SOURCE_DIRS.contains(&first.as_str());
    if crate::sandbox::is_plain_relative(&path) && !source {
        return path;
    }
    let span = raw.span();
    diags.push(
        Diagnostic::error(
            "E0018",
            file,
            tr!(
                "the poster cache `{}` must be a folder inside the site, outside its sources",
                "кеш афіш `{}` має бути текою всередині сайту, поза його джерелами",
                raw.get_ref()
            ),
        )
        .at_opt((span.end > 0).then(|| Location::from_offsets(text, span.start, span.end)))
        .hint(tr!(
            "write a path relative to the site's folder, such as cache = \"{DEFAULT_CACHE}\"",
            "напишіть шлях відносно теки сайту, наприклад cache = \"{DEFAULT_CACHE}\""
        )),
    );
    DEFAULT_CACHE.into()
}

#[cfg(test)]
mod tests {
    use super::parse_days;

    #[test]
    fn durations_in_weeks_and_days_in_english_and_ukrainian() {
        for (text, days) in [
            ("8 weeks", Some(56)),
            ("1 week", Some(7)),
            ("56 days", Some(56)),
            (" 3 Days ", Some(3)),
            ("8 тижнів", Some(56)),
            ("2 тижні", Some(14)),
            ("1 тиждень", Some(7)),
            ("56 днів", Some(56)),
            ("3 дні", Some(3)),
            ("1 день", Some(1)),
            ("0 days", Some(0)),
            ("8", None),
            ("weeks", None),
            ("8 months", None),
            ("-8 weeks", None),
            ("1.5 weeks", None),
            ("4294967295 weeks", None),
        ] {
            assert_eq!(parse_days(text), days, "{text}");
        }
    }
}
