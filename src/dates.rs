//! Dates as residents read them («5 грудня 2026») and the build's own clock.

use jiff::civil::Date;

const MONTHS_GENITIVE_UK: [&str; 12] = [
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
];

/// «5 грудня 2026», with month names from the theme's strings when it has them.
pub fn human(date: Date, months: Option<&[String]>) -> String {
    let i = (date.month() as usize).saturating_sub(1);
    let month = months
        .and_then(|m| m.get(i).map(String::as_str))
        .unwrap_or(MONTHS_GENITIVE_UK[i]);
    format!("{} {} {}", date.day(), month, date.year())
}

/// Parses YYYY-MM-DD.
pub fn parse(text: &str) -> Option<Date> {
    let t = text.trim();
    if t.len() != 10 {
        return None;
    }
    t.parse::<Date>().ok()
}

/// The build's date: `--now` (a date or an RFC 3339 instant), else SOURCE_DATE_EPOCH, else today.
pub fn build_date(now: Option<&str>) -> Result<Date, String> {
    let tz = jiff::tz::TimeZone::get("Europe/Kyiv").map_err(|e| e.to_string())?;
    if let Some(n) = now {
        if let Some(d) = parse(n) {
            return Ok(d);
        }
        return n
            .parse::<jiff::Timestamp>()
            .map(|ts| ts.to_zoned(tz).date())
            .map_err(|_| {
                tr!(
                    "`{n}` is not a date: write it as YYYY-MM-DD or 2026-11-22T10:00:00Z",
                    "`{n}` — не дата: напишіть як РРРР-ММ-ДД або 2026-11-22T10:00:00Z"
                )
                .into_string()
            });
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = epoch.trim().parse().map_err(|_| {
            tr!(
                "SOURCE_DATE_EPOCH=`{epoch}` is not a number of seconds",
                "SOURCE_DATE_EPOCH=`{epoch}` — не кількість секунд"
            )
            .into_string()
        })?;
        let ts = jiff::Timestamp::from_second(secs).map_err(|e| e.to_string())?;
        return Ok(ts.to_zoned(tz).date());
    }
    Ok(jiff::Zoned::now().with_time_zone(tz).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ukrainian_dates() {
        let d = parse("2026-12-05").unwrap();
        assert_eq!(human(d, None), "5 грудня 2026");
        assert!(parse("2026-13-01").is_none());
        assert!(parse("05.12.2026").is_none());
    }

    #[test]
    fn explicit_clock_wins() {
        assert_eq!(
            build_date(Some("2026-03-29")).unwrap(),
            parse("2026-03-29").unwrap()
        );
        // 22:30 UTC on 28 March is already 29 March in Kyiv (UTC+2 until 03:00 local).
        assert_eq!(
            build_date(Some("2026-03-28T22:30:00Z")).unwrap(),
            parse("2026-03-29").unwrap()
        );
        assert!(build_date(Some("tomorrow")).is_err());
    }
}
