//! The theme's interface strings. Templates read the whole table (`t.key`); the strings the
//! code itself writes (page titles it makes, calendar descriptions, opening hours in words,
//! the search index) are fields of [`Strings`], so a key the code uses cannot be misspelt or
//! silently missing.
//!
//! Every table is laid over the default theme's English strings, which the binary carries: a
//! fork whose own `i18n/en.toml` predates a new string still gets the English text instead of
//! an empty one.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::i18n::Msg;

/// The default theme's English strings, under every theme's own.
pub const DEFAULT_ENGLISH: &str = include_str!("../../themes/default/i18n/en.toml");

/// The default English table (parsed once per call; a few hundred lines).
pub fn default_english() -> toml::Table {
    DEFAULT_ENGLISH
        .parse()
        .expect("the default theme's en.toml is valid TOML (a unit test reads it)")
}

/// The strings the code writes, in the site's language.
#[derive(Debug, Clone, Deserialize)]
pub struct Strings {
    /// «січня» …: a date in words («5 грудня»).
    pub months_genitive: Vec<String>,
    /// «Січень» …: a month's heading.
    pub months: Vec<String>,
    /// «понеділок» …, Monday first.
    pub weekdays: Vec<String>,
    pub free: String,
    pub registration: String,
    /// Instead of how to sign up, once registration has closed or every place is taken.
    pub registration_closed: String,
    pub registration_full: String,
    /// A poster's line when the event says nothing about registration.
    pub no_registration: String,
    pub online: String,
    /// `{weekday}` and `{date}` are replaced.
    pub repeat_weekly_until: String,
    pub hours_closed: String,
    pub hours_always: String,
    pub hours_holidays: String,
    pub hours_every_day: String,
    pub venues_title: String,
    pub venues_summary: String,
    /// «Де допоможуть»: the needs the code names, and the need pages' titles and summary
    /// (`{need}` is replaced).
    pub nearby_any: String,
    pub nearby_children: String,
    pub nearby_any_title: String,
    pub nearby_need_title: String,
    pub nearby_summary: String,
    pub events_title: String,
    pub events_summary: String,
    pub archive_title: String,
    pub archive_summary: String,
    pub services_title: String,
    pub services_summary: String,
    pub open_data_title: String,
    pub open_data_summary: String,
    pub open_data_venues_geojson: String,
    pub open_data_venues_csv: String,
    pub open_data_events_json: String,
    pub open_data_events_csv: String,
    pub open_data_schema: String,
    pub posters_title: String,
    pub posters_summary: String,
    pub map_title: String,
    pub map_summary: String,
    pub map_nearby: String,
    /// A group of venues on the map, for screen readers: `{name}` and `{n}` are replaced.
    pub map_group: String,
    pub search_title: String,
    pub search_summary: String,
    pub search_other: String,
    pub not_found_title: String,
    /// After a list's title on its further pages: `{n}` and `{total}` are replaced.
    pub list_page_of: String,
    /// A page's number for screen readers: `{n}` is replaced.
    pub page_number: String,
    pub offline_title: String,
    /// A poster format's link text, by the format's key (`poster_a4 = "…"` → `a4`).
    #[serde(skip)]
    pub poster_formats: BTreeMap<String, String>,
}

/// The default theme's English strings.
impl Default for Strings {
    fn default() -> Self {
        Strings::from_table(&default_english())
            .expect("the default English strings are complete (a unit test checks)")
    }
}

impl Strings {
    /// The typed strings of a table that was laid over [`default_english`]. Fails only when
    /// a theme gives a key the wrong form (a list where a text belongs, six weekdays): the
    /// error is the key and what is wrong with it.
    pub fn from_table(table: &toml::Table) -> Result<Strings, (String, String)> {
        Self::typed(table).map_err(|(key, message)| (key.to_string(), message))
    }

    fn typed(table: &toml::Table) -> Result<Strings, (String, String)> {
        // The deserialiser's message does not name the key; the default strings' types do.
        for (key, default) in &default_english() {
            if let Some(v) = table.get(key)
                && v.type_str() != default.type_str()
            {
                let kind = |v: &toml::Value| match v {
                    toml::Value::Array(_) => tr!("a list", "список"),
                    toml::Value::String(_) => tr!("a text in quotes", "текст у лапках"),
                    _ => Msg::verbatim(v.type_str()),
                };
                let (want, got) = (kind(default), kind(v));
                let message = tr!(
                    "`{key}` must be {want}, here it is {got}",
                    "`{key}` має бути: {want}; тут: {got}"
                )
                .to_string();
                return Err((key.clone(), message));
            }
        }
        let mut s = Strings::deserialize(toml::Value::Table(table.clone()))
            .map_err(|e| (String::new(), e.message().to_string()))?;
        for (name, len) in [
            ("months_genitive", s.months_genitive.len()),
            ("months", s.months.len()),
        ] {
            if len != 12 {
                let message = tr!(
                    "`{name}` must list 12 months, it lists {len}",
                    "`{name}` має перелічити 12 місяців, а тут їх {len}"
                )
                .to_string();
                return Err((name.to_string(), message));
            }
        }
        if s.weekdays.len() != 7 {
            let n = s.weekdays.len();
            let message = tr!(
                "`weekdays` must list 7 days from Monday, it lists {n}",
                "`weekdays` має перелічити 7 днів від понеділка, а тут їх {n}"
            )
            .to_string();
            return Err(("weekdays".to_string(), message));
        }
        s.poster_formats = table
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("poster_")?.to_string(), v.as_str()?)))
            .map(|(k, v)| (k, v.to_string()))
            .collect();
        Ok(s)
    }

    /// The link text of a poster format (its key when the theme has none).
    pub fn poster_format(&self, key: &str) -> String {
        self.poster_formats
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme_table(lang: &str) -> toml::Table {
        let path = format!(
            "{}/themes/default/i18n/{lang}.toml",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(path).unwrap().parse().unwrap()
    }

    #[test]
    fn the_default_theme_has_every_string_in_both_languages() {
        for lang in ["en", "uk"] {
            // Not laid over English: each file on its own must have them all.
            let s = Strings::from_table(&theme_table(lang)).unwrap();
            assert!(!s.poster_format("a4").is_empty());
            assert!(
                s.poster_formats.len() >= 4,
                "{lang}: {:?}",
                s.poster_formats
            );
        }
        let en = theme_table("en");
        let uk = theme_table("uk");
        let missing: Vec<_> = en.keys().filter(|k| !uk.contains_key(*k)).collect();
        assert!(missing.is_empty(), "uk.toml lacks {missing:?}");
    }

    #[test]
    fn a_list_of_the_wrong_length_is_refused_with_its_name() {
        let mut t = default_english();
        t.insert("weekdays".into(), toml::Value::Array(vec!["Mo".into()]));
        let (key, e) = Strings::from_table(&t).unwrap_err();
        assert_eq!(key, "weekdays");
        assert!(e.contains("`weekdays`") && e.contains(" 1"), "{e}");
        let mut t = default_english();
        t.insert("free".into(), toml::Value::Integer(1));
        let (key, e) = Strings::from_table(&t).unwrap_err();
        assert_eq!(key, "free");
        assert!(e.contains("`free`") && e.contains("integer"), "{e}");
    }
}
