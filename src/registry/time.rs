//! Event times: local wall-clock times in Europe/Kyiv as editors write them, turned into
//! exact instants with the real DST rules, and weekly repeats expanded into occurrences.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{Timestamp, ToSpan};

use crate::i18n::Msg;

pub const ZONE: &str = "Europe/Kyiv";

/// Kyiv's time zone from the tz database bundled in the binary (never the host's).
pub fn kyiv() -> TimeZone {
    // The bundled database always has it; UTC only if a future jiff dropped the bundle.
    TimeZone::get(ZONE).unwrap_or(TimeZone::UTC)
}

/// Parses "2026-12-05 10:00" (or with `T`). Seconds are not for editors.
pub fn parse_local(text: &str) -> Option<DateTime> {
    let t = text.trim();
    let (date, time) = t.split_once([' ', 'T'])?;
    let date = crate::dates::parse(date)?;
    Some(date.to_datetime(parse_time(time)?))
}

/// Parses "10:00" or "9:30".
pub fn parse_time(text: &str) -> Option<Time> {
    let (h, m) = text.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: i8 = h.parse().ok()?;
    let m: i8 = m.parse().ok()?;
    Time::new(h, m, 0, 0).ok()
}

/// The instant of a Kyiv wall-clock time. A time that the clocks skip (the hour after
/// 03:00 on the last Sunday of March) does not exist: `Err` with the two valid neighbours.
/// A time that happens twice (the hour before 04:00 on the last Sunday of October) is the
/// first of the two, as calendar clients read it.
pub fn instant(dt: DateTime, tz: &TimeZone) -> Result<Timestamp, Msg> {
    let amb = tz.to_ambiguous_timestamp(dt);
    match amb.offset() {
        AmbiguousOffset::Unambiguous { offset } | AmbiguousOffset::Fold { before: offset, .. } => {
            offset
                .to_timestamp(dt)
                .map_err(|e| Msg::verbatim(e.to_string()))
        }
        AmbiguousOffset::Gap { before, after } => Err(tr!(
            "{dt} does not exist in Kyiv: the clocks go forward that night (UTC{before} → UTC{after})",
            "{dt} у Києві не існує: тієї ночі годинники переводять уперед (UTC{before} → UTC{after})"
        )),
    }
}

/// One time an event happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub start: DateTime,
    pub end: DateTime,
    pub start_utc: Timestamp,
    pub end_utc: Timestamp,
}

impl Occurrence {
    pub fn minutes(&self) -> i64 {
        (self.end_utc.as_second() - self.start_utc.as_second()) / 60
    }
}

/// The most occurrences one event may have (a weekly class for four years).
pub const MAX_OCCURRENCES: usize = 210;

/// The dates of a weekly repeat: from `first` every 7 days up to `until`, without `except`.
/// `None` when there would be more than [`MAX_OCCURRENCES`].
pub fn weekly_dates(first: Date, until: Date, except: &[Date]) -> Option<Vec<Date>> {
    let mut dates = Vec::new();
    let mut d = first;
    while d <= until {
        if !except.contains(&d) {
            dates.push(d);
        }
        if dates.len() > MAX_OCCURRENCES {
            return None;
        }
        d = d.checked_add(7.days()).ok()?;
    }
    Some(dates)
}

/// Occurrences on `dates` at the wall-clock hours of `start`–`end` (which may end the next day).
pub fn occurrences(
    start: DateTime,
    end: DateTime,
    dates: &[Date],
    tz: &TimeZone,
) -> Result<Vec<Occurrence>, Msg> {
    let days_after = (end.date() - start.date()).get_days();
    dates
        .iter()
        .map(|&d| {
            let s = d.to_datetime(start.time());
            let e_date = d
                .checked_add(days_after.days())
                .map_err(|e| Msg::verbatim(e.to_string()))?;
            let e = e_date.to_datetime(end.time());
            Ok(Occurrence {
                start: s,
                end: e,
                start_utc: instant(s, tz)?,
                end_utc: instant(e, tz)?,
            })
        })
        .collect()
}

/// RFC 3339 with Kyiv's offset at that instant: "2026-12-05T10:00:00+02:00".
pub fn rfc3339(ts: Timestamp, tz: &TimeZone) -> String {
    ts.to_zoned(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn local_times_follow_kyiv_dst() {
        let tz = kyiv();
        // Before the spring change (+02:00), on the day itself after 03:00 (+03:00),
        // on the autumn day after 04:00 (+02:00 again).
        let at = |s: &str| instant(parse_local(s).unwrap(), &tz).unwrap();
        assert_eq!(at("2026-03-28 10:00"), utc("2026-03-28T08:00:00Z"));
        assert_eq!(at("2026-03-29 10:00"), utc("2026-03-29T07:00:00Z"));
        assert_eq!(at("2026-10-24 10:00"), utc("2026-10-24T07:00:00Z"));
        assert_eq!(at("2026-10-25 10:00"), utc("2026-10-25T08:00:00Z"));
        // The hour that happens twice is the first one.
        assert_eq!(at("2026-10-25 03:30"), utc("2026-10-25T00:30:00Z"));
        // The hour that is skipped does not exist.
        assert!(instant(parse_local("2026-03-29 03:30").unwrap(), &tz).is_err());
    }

    #[test]
    fn weekly_repeat_keeps_the_wall_clock_across_dst() {
        let tz = kyiv();
        let start = parse_local("2026-10-14 18:00").unwrap();
        let end = parse_local("2026-10-14 19:30").unwrap();
        let dates = weekly_dates(
            start.date(),
            "2026-11-04".parse().unwrap(),
            &["2026-10-28".parse().unwrap()],
        )
        .unwrap();
        let occ = occurrences(start, end, &dates, &tz).unwrap();
        let starts: Vec<String> = occ.iter().map(|o| o.start_utc.to_string()).collect();
        assert_eq!(
            starts,
            [
                "2026-10-14T15:00:00Z",
                "2026-10-21T15:00:00Z",
                "2026-11-04T16:00:00Z"
            ]
        );
        assert!(occ.iter().all(|o| o.minutes() == 90));
    }

    #[test]
    fn times_are_read_strictly() {
        assert!(parse_local("2026-12-05 10:00").is_some());
        assert!(parse_local("2026-12-05T9:05").is_some());
        assert!(parse_local("2026-12-05").is_none());
        assert!(parse_local("05.12.2026 10:00").is_none());
        assert!(parse_time("25:00").is_none());
        assert!(parse_time("10:5").is_none());
        assert!(
            weekly_dates(
                "2026-01-01".parse().unwrap(),
                "2031-01-01".parse().unwrap(),
                &[]
            )
            .is_none()
        );
    }
}
