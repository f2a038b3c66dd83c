//! Opening hours in OpenStreetMap `opening_hours` syntax: checked with the
//! `opening-hours-syntax` parser (the grammar of the OSM wiki's specification) and, for the
//! common shapes (weekdays and times, `off`, `24/7`, public holidays), said in words and
//! given as a week of minutes ([`Week`]) that the theme's script reads to say whether a
//! place is open now.

use opening_hours_syntax::rules::day::{HolidayKind, WeekDayRange};
use opening_hours_syntax::rules::time::Time;
use opening_hours_syntax::rules::{OpeningHoursExpression, RuleKind, RuleOperator};

/// A syntax error: what is wrong and at which character of the value (0-based).
#[derive(Debug, Clone, PartialEq)]
pub struct HoursError {
    pub message: String,
    pub offset: usize,
}

pub fn parse(text: &str) -> Result<OpeningHoursExpression, HoursError> {
    opening_hours_syntax::parse(text).map_err(|e| {
        let offset = match &e {
            opening_hours_syntax::Error::Syntax(p) => match p.location {
                pest::error::InputLocation::Pos(i) => i,
                pest::error::InputLocation::Span((i, _)) => i,
            },
            _ => 0,
        };
        let message = match &e {
            opening_hours_syntax::Error::Syntax(_) => {
                let at: String = text[text.floor_char_boundary(offset)..]
                    .chars()
                    .take(12)
                    .collect();
                if at.is_empty() {
                    tr!("the hours end too early", "години закінчуються зарано").into_string()
                } else {
                    tr!(
                        "the hours cannot be read from «{at}»",
                        "години не читаються, починаючи з «{at}»"
                    )
                    .into_string()
                }
            }
            other => other.to_string(),
        };
        HoursError {
            message,
            offset: text[..text.floor_char_boundary(offset)].chars().count(),
        }
    })
}

/// The words hours are said with, from the theme's strings.
pub struct Words<'a> {
    /// Monday first.
    pub weekdays: &'a [String],
    pub closed: &'a str,
    pub always: &'a str,
    pub holidays: &'a str,
    pub every_day: &'a str,
}

/// One line of opening hours in words: «понеділок – п'ятниця» / «09:00–18:00».
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Line {
    pub days: String,
    pub times: String,
}

fn time(t: &Time) -> Option<String> {
    match t {
        Time::Fixed(x) => Some(format!("{:02}:{:02}", x.hour(), x.minute())),
        Time::Variable(_) => None,
    }
}

/// The hours in words, or `None` when they use parts of the syntax too rich for a short
/// sentence (months, weeks, sunrise, comments…): then the page shows them as written.
pub fn in_words(expr: &OpeningHoursExpression, w: &Words) -> Option<Vec<Line>> {
    let mut lines = Vec::new();
    for rule in &expr.rules {
        let ds = &rule.day_selector;
        if !ds.year.is_empty()
            || !ds.monthday.is_empty()
            || !ds.week.is_empty()
            || rule.operator == RuleOperator::Fallback
            || !rule.comment.is_empty()
        {
            return None;
        }
        let mut days = Vec::new();
        for wd in &ds.weekday {
            match wd {
                WeekDayRange::Fixed {
                    range,
                    offset: 0,
                    nth_from_start,
                    nth_from_end,
                } if !nth_from_start.contains(&false) && !nth_from_end.contains(&false) => {
                    let name = |d: usize| w.weekdays.get(d).cloned().unwrap_or_default();
                    let (a, b) = (
                        range.start().num_days_from_monday() as usize,
                        range.end().num_days_from_monday() as usize,
                    );
                    days.push(if a == b {
                        name(a)
                    } else {
                        format!("{} – {}", name(a), name(b))
                    });
                }
                WeekDayRange::Holiday {
                    kind: HolidayKind::Public,
                    offset: 0,
                } => days.push(w.holidays.to_string()),
                _ => return None,
            }
        }
        let days = if days.is_empty() {
            w.every_day.to_string()
        } else {
            days.join(", ")
        };
        let times = match rule.kind {
            RuleKind::Closed => w.closed.to_string(),
            RuleKind::Unknown => return None,
            RuleKind::Open => {
                let spans = &rule.time_selector.spans;
                let whole_day = spans.len() == 1
                    && time(&spans[0].range.start).as_deref() == Some("00:00")
                    && time(&spans[0].range.end).as_deref() == Some("24:00");
                if whole_day {
                    if ds.weekday.is_empty() {
                        w.always.to_string()
                    } else {
                        format!("{} 00:00–24:00", w.every_day)
                    }
                } else {
                    let mut parts = Vec::new();
                    for s in spans {
                        if s.open_end || s.repeats.is_some() {
                            return None;
                        }
                        parts.push(format!("{}–{}", time(&s.range.start)?, time(&s.range.end)?));
                    }
                    parts.join(", ")
                }
            }
        };
        if ds.weekday.is_empty() && times == w.always {
            lines.push(Line {
                days: w.always.to_string(),
                times: String::new(),
            });
        } else {
            lines.push(Line { days, times });
        }
    }
    Some(lines)
}

/// Opening hours as a week a small script can read: for each day from Monday, the spans
/// of minutes from local midnight the place is open (half-open, sorted, not touching). A
/// span past midnight goes on into the next day: `Fr 20:00-02:00` is Friday 1200–1440 and
/// Saturday 0–120.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Week(pub [Vec<(u16, u16)>; 7]);

const DAY: u16 = 24 * 60;

impl Week {
    /// The compact form pages carry (`data-week`, the places' JSON): days from Monday
    /// separated by `|`, each day's spans `start-end` in minutes separated by `,`:
    /// `540-1080|540-1080|540-1080|540-1080|540-1080|600-900|` (Sunday closed).
    pub fn compact(&self) -> String {
        self.0
            .iter()
            .map(|spans| {
                spans
                    .iter()
                    .map(|(a, b)| format!("{a}-{b}"))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect::<Vec<_>>()
            .join("|")
    }

    /// Adds (or, for `open == false`, takes away) minutes `start..end` of day `d`, going on
    /// into the next day past midnight.
    fn apply(&mut self, d: usize, start: u16, end: u16, open: bool) {
        let end = if end <= start { end + DAY } else { end };
        let parts = [
            (d, start, end.min(DAY)),
            ((d + 1) % 7, 0, end.saturating_sub(DAY)),
        ];
        for (day, a, b) in parts {
            if a >= b {
                continue;
            }
            let spans = &mut self.0[day];
            if open {
                spans.push((a, b));
                spans.sort_unstable();
                let mut merged: Vec<(u16, u16)> = Vec::with_capacity(spans.len());
                for &(x, y) in spans.iter() {
                    match merged.last_mut() {
                        Some(last) if x <= last.1 => last.1 = last.1.max(y),
                        _ => merged.push((x, y)),
                    }
                }
                *spans = merged;
            } else {
                *spans = spans
                    .iter()
                    .flat_map(|&(x, y)| [(x, y.min(a)), (x.max(b), y)])
                    .filter(|(x, y)| x < y)
                    .collect();
            }
        }
    }
}

/// The minutes from midnight of a fixed time (24:00 and later for times past midnight).
fn minutes(t: &Time) -> Option<u16> {
    match t {
        Time::Fixed(x) => Some(u16::from(x.hour()) * 60 + u16::from(x.minute())),
        Time::Variable(_) => None,
    }
}

/// The week of `expr`, or `None` when it depends on more than the day of the week and the
/// time (dates, months, weeks, sunrise, open ends, fallback rules, unknown states): then the
/// browser cannot say whether the place is open, and the page shows the hours as words.
/// Public holidays are left out (a rule only for `PH` says nothing of an ordinary week; a
/// page shows the holiday hours in words). A rule overrides the days it names, an
/// additional one (after `,`) adds to them or, with `off`, takes away from them — as the
/// OpenStreetMap specification has it.
pub fn week(expr: &OpeningHoursExpression) -> Option<Week> {
    let mut week = Week::default();
    for rule in &expr.rules {
        let ds = &rule.day_selector;
        if !ds.year.is_empty()
            || !ds.monthday.is_empty()
            || !ds.week.is_empty()
            || rule.operator == RuleOperator::Fallback
            || rule.kind == RuleKind::Unknown
        {
            return None;
        }
        let mut days = [ds.weekday.is_empty(); 7];
        for wd in &ds.weekday {
            match wd {
                WeekDayRange::Fixed {
                    range,
                    offset: 0,
                    nth_from_start,
                    nth_from_end,
                } if !nth_from_start.contains(&false) && !nth_from_end.contains(&false) => {
                    let a = range.start().num_days_from_monday() as usize;
                    let b = range.end().num_days_from_monday() as usize;
                    let mut d = a;
                    loop {
                        days[d] = true;
                        if d == b {
                            break;
                        }
                        d = (d + 1) % 7;
                    }
                }
                WeekDayRange::Holiday { offset: 0, .. } => {}
                _ => return None,
            }
        }
        let mut spans = Vec::new();
        for s in &rule.time_selector.spans {
            if s.open_end || s.repeats.is_some() {
                return None;
            }
            spans.push((minutes(&s.range.start)?, minutes(&s.range.end)?));
        }
        let open = rule.kind == RuleKind::Open;
        let additional = rule.operator == RuleOperator::Additional;
        for d in (0..7).filter(|&d| days[d]) {
            if !additional {
                week.0[d].clear();
            }
        }
        if open || additional {
            for d in (0..7).filter(|&d| days[d]) {
                for &(a, b) in &spans {
                    week.apply(d, a, b, open);
                }
            }
        }
    }
    Some(week)
}

/// The hours as schema.org `openingHours` values ("Mo-Fr 09:00-18:00"), when the hours are
/// only weekdays and fixed times (schema.org has no words for holidays or exceptions).
pub fn schema_org(expr: &OpeningHoursExpression) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for rule in &expr.rules {
        if rule.kind == RuleKind::Closed {
            continue;
        }
        let text = rule.to_string();
        if text.contains(['"', '[', '(', '+'])
            || text.contains("PH")
            || text.contains("SH")
            || !rule.day_selector.monthday.is_empty()
            || !rule.day_selector.week.is_empty()
            || !rule.day_selector.year.is_empty()
        {
            return None;
        }
        out.push(text);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Option<Vec<(String, String)>> {
        let days: Vec<String> = [
            "понеділок",
            "вівторок",
            "середа",
            "четвер",
            "пʼятниця",
            "субота",
            "неділя",
        ]
        .map(String::from)
        .to_vec();
        let w = Words {
            weekdays: &days,
            closed: "зачинено",
            always: "цілодобово",
            holidays: "державні свята",
            every_day: "щодня",
        };
        in_words(&parse(text).unwrap(), &w)
            .map(|v| v.into_iter().map(|l| (l.days, l.times)).collect())
    }

    #[test]
    fn common_hours_in_words() {
        assert_eq!(
            words("Mo-Fr 09:00-18:00; Sa 10:00-15:00; Su off").unwrap(),
            [
                ("понеділок – пʼятниця".into(), "09:00–18:00".into()),
                ("субота".into(), "10:00–15:00".into()),
                ("неділя".into(), "зачинено".into())
            ]
        );
        assert_eq!(
            words("Tu,Th 09:00-13:00,14:00-18:00; PH off").unwrap(),
            [
                ("вівторок, четвер".into(), "09:00–13:00, 14:00–18:00".into()),
                ("державні свята".into(), "зачинено".into())
            ]
        );
        assert_eq!(
            words("24/7").unwrap(),
            [("цілодобово".into(), String::new())]
        );
        // Rich syntax is valid but shown as written.
        assert_eq!(words("Mo-Fr sunrise-sunset"), None);
        assert_eq!(words("Jan-Mar Mo 10:00-12:00"), None);
    }

    #[test]
    fn invalid_hours_point_at_the_problem() {
        let e = parse("Mo-Fr 9-18").unwrap_err();
        assert_eq!(e.offset, 6);
        assert!(parse("Пн-Пт 09:00-18:00").is_err());
        assert!(parse("Mo-Fr 09:00-18:00; Sa 10:00-15:00").is_ok());
    }

    fn week_of(text: &str) -> Option<String> {
        week(&parse(text).unwrap()).map(|w| w.compact())
    }

    #[test]
    fn the_week_a_script_reads() {
        assert_eq!(
            week_of("Mo-Fr 09:00-18:00; Sa 10:00-15:00; Su off; PH off").unwrap(),
            "540-1080|540-1080|540-1080|540-1080|540-1080|600-900|"
        );
        // A later rule overrides the days it names; an additional one adds or takes away.
        assert_eq!(
            week_of("Mo,Tu,Th 08:00-17:00; We 08:00-20:00; Fr 08:00-16:00").unwrap(),
            "480-1020|480-1020|480-1200|480-1020|480-960||"
        );
        assert_eq!(
            week_of("Mo-Fr 09:00-18:00; We off").unwrap(),
            "540-1080|540-1080||540-1080|540-1080||"
        );
        assert_eq!(
            week_of("Mo-Fr 09:00-18:00, We 13:00-14:00 off").unwrap(),
            "540-1080|540-1080|540-780,840-1080|540-1080|540-1080||"
        );
        assert_eq!(
            week_of("Tu,Th 09:00-13:00,14:00-18:00").unwrap(),
            "|540-780,840-1080||540-780,840-1080|||"
        );
        // Past midnight, into the next day; Sunday's evening into Monday.
        assert_eq!(
            week_of("Fr,Su 20:00-02:00").unwrap(),
            "0-120||||1200-1440|0-120|1200-1440"
        );
        assert_eq!(
            week_of("Sa-Mo 10:00-12:00").unwrap(),
            "600-720|||||600-720|600-720"
        );
        assert_eq!(week_of("24/7").unwrap(), ["0-1440"; 7].join("|"));
        // A holiday-only rule leaves the week as it is; a comment does not change the hours.
        assert_eq!(
            week_of("Mo 10:00-12:00; PH 10:00-11:00").unwrap(),
            "600-720||||||"
        );
        assert_eq!(
            week_of("Mo-Fr 10:00-17:00 \"за записом\"").unwrap(),
            "600-1020|600-1020|600-1020|600-1020|600-1020||"
        );
        // What depends on more than the weekday has no week.
        assert_eq!(week_of("Mo-Fr sunrise-sunset"), None);
        assert_eq!(week_of("Jan-Mar Mo 10:00-12:00"), None);
        assert_eq!(week_of("Mo 10:00+"), None);
        assert_eq!(week_of("Mo[1] 10:00-12:00"), None);
        assert_eq!(week_of("Mo 10:00-12:00 || Tu 10:00-12:00"), None);
    }

    #[test]
    fn schema_org_hours() {
        assert_eq!(
            schema_org(&parse("Mo-Fr 09:00-18:00; Su off").unwrap()),
            Some(vec!["Mo-Fr 09:00-18:00".to_string()])
        );
        assert_eq!(
            schema_org(&parse("Mo-Fr 09:00-18:00; PH 10:00-12:00").unwrap()),
            None
        );
    }
}
