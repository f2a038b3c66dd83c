//! The plan's indicators computed for a period from the registries and the pages, as of
//! the build's date. A session counts as held once it has ended before the build's date —
//! a session on the build's date itself is still upcoming, as the site lists it (the build
//! does not know the hour it is read at). Nothing dated after the build's date counts.

use jiff::civil::Date;
use serde::Serialize;

use super::{Count, Indicator, Measure, Period, Plan};
use crate::model::Site;
use crate::registry::{Event, Venue};

/// The plan's values for one period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlanValues {
    pub title: String,
    pub approved: Option<String>,
    pub example: bool,
    pub period: String,
    pub from: String,
    pub to: String,
    pub build_date: String,
    pub measures: Vec<MeasureValues>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MeasureValues {
    pub number: String,
    pub title: String,
    pub content: Option<String>,
    pub responsible: Option<String>,
    pub term: String,
    pub indicators: Vec<IndicatorValue>,
}

/// How far an indicator has got.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The target is reached.
    Done,
    /// Something was done, the target (if any) not yet reached.
    InProgress,
    /// Nothing counted yet.
    NotStarted,
    /// An entered indicator with no value for the period.
    NotEntered,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IndicatorValue {
    pub name: String,
    pub count: Count,
    pub target: Option<f64>,
    /// None: an entered indicator without a value for the period.
    pub value: Option<f64>,
    /// The value as written in every format: hours to tenths, others whole.
    pub shown: String,
    /// Of the target, whole per cent (may pass 100).
    pub percent: Option<u32>,
    pub status: Status,
}

impl IndicatorValue {
    /// «Стан виконання» as the report and the page say it.
    pub fn status_text(&self) -> String {
        let target = self.target.map(|t| number(t, self.count));
        match (self.status, target, self.percent) {
            (Status::NotEntered, _, _) => "Дані не внесено".into(),
            (Status::NotStarted, _, _) => "Не розпочато".into(),
            (Status::Done, Some(t), Some(p)) => format!("Виконано: {} з {t} ({p} %)", self.shown),
            (_, Some(t), Some(p)) => format!("Виконується: {} з {t} ({p} %)", self.shown),
            _ => format!("Виконується: {}", self.shown),
        }
    }

    pub fn target_text(&self) -> String {
        self.target
            .map(|t| number(t, self.count))
            .unwrap_or_else(|| "—".into())
    }
}

/// Sessions held and people who took part in one month, for the chart.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Month {
    /// `2026-09`.
    pub month: String,
    pub sessions: u64,
    pub participants: u64,
}

/// A value as the formats write it: hours to tenths, counts whole.
fn number(v: f64, count: Count) -> String {
    if count == Count::Hours {
        format!("{v:.1}")
    } else {
        format!("{}", v.round())
    }
}

/// Every indicator of the plan for `period`, as of the site's build date.
pub fn compute(site: &Site, plan: &Plan, period: &Period) -> PlanValues {
    PlanValues {
        title: plan.title.clone(),
        approved: plan.approved.clone(),
        example: plan.example,
        period: period.label.clone(),
        from: period.from.to_string(),
        to: period.to.to_string(),
        build_date: site.now.to_string(),
        measures: plan
            .measures
            .iter()
            .map(|m| measure(site, m, period))
            .collect(),
    }
}

fn measure(site: &Site, m: &Measure, period: &Period) -> MeasureValues {
    MeasureValues {
        number: m.number.clone(),
        title: m.title.clone(),
        content: m.content.clone(),
        responsible: m.responsible.clone(),
        term: m.term.clone(),
        indicators: m
            .indicators
            .iter()
            .map(|i| indicator(site, i, period))
            .collect(),
    }
}

fn indicator(site: &Site, ind: &Indicator, period: &Period) -> IndicatorValue {
    let value = value(site, ind, period);
    let percent = match (value, ind.target) {
        (Some(v), Some(t)) => Some((v / t * 100.0).round() as u32),
        _ => None,
    };
    let status = match (value, ind.target) {
        (None, _) => Status::NotEntered,
        (Some(v), Some(t)) if v >= t => Status::Done,
        (Some(v), _) if v > 0.0 => Status::InProgress,
        _ => Status::NotStarted,
    };
    IndicatorValue {
        name: ind.name.clone(),
        count: ind.count,
        target: ind.target,
        shown: value.map_or_else(|| "—".into(), |v| number(v, ind.count)),
        value,
        percent,
        status,
    }
}

/// The indicator's value for the period; None for an entered one with nothing entered.
fn value(site: &Site, ind: &Indicator, period: &Period) -> Option<f64> {
    let now = site.now;
    let events = || site.registries.events.iter().filter(|e| fits(e, ind));
    let v = match ind.count {
        Count::Sessions => events()
            .map(|e| held_in(e, period, now).count())
            .sum::<usize>() as f64,
        Count::Events => events()
            .filter(|e| held_in(e, period, now).next().is_some())
            .count() as f64,
        Count::Hours => {
            let minutes: i64 = events()
                .flat_map(|e| held_in(e, period, now))
                .map(|o| o.minutes())
                .sum();
            (minutes as f64 / 6.0).round() / 10.0
        }
        Count::Participants => site
            .registries
            .events
            .iter()
            .filter(|e| fits_but_audience(e, ind))
            .filter(|e| first_held(e, now).is_some_and(|d| period.contains(d)))
            .map(|e| participants(e, ind))
            .sum::<u64>() as f64,
        Count::Venues => {
            let by = period.to.min(now);
            site.registries
                .venues
                .iter()
                .filter(|v| venue_counts(v, ind, by))
                .count() as f64
        }
        Count::Instructions => site
            .instructions()
            .filter(|p| !p.draft)
            .filter(|p| {
                ind.services.is_empty()
                    || p.service
                        .as_deref()
                        .is_some_and(|s| ind.services.iter().any(|t| t.key == s))
            })
            .count() as f64,
        Count::Entered => {
            let entered: Vec<f64> = ind
                .values
                .iter()
                .filter(|(p, _)| period.holds(p))
                .map(|(_, v)| *v)
                .collect();
            return (!entered.is_empty()).then(|| entered.iter().sum());
        }
    };
    Some(v)
}

/// The sessions of `e` held (ended before the build's date) that started in the period.
fn held_in<'a>(
    e: &'a Event,
    period: &'a Period,
    now: Date,
) -> impl Iterator<Item = &'a crate::registry::time::Occurrence> + 'a {
    e.held(now).filter(|o| period.contains(o.start.date()))
}

/// The day of an event's first session, when it has been held.
fn first_held(e: &Event, now: Date) -> Option<Date> {
    e.held(now).next().map(|o| o.start.date())
}

fn fits_but_audience(e: &Event, ind: &Indicator) -> bool {
    (ind.kinds.is_empty() || ind.kinds.iter().any(|k| k.key == e.kind.key))
        && (ind.topics.is_empty()
            || e.topics
                .iter()
                .any(|t| ind.topics.iter().any(|i| i.key() == t.key())))
}

/// An event fits when it is of one of the kinds, on one of the topics and for one of the
/// audiences (each when the indicator names any).
fn fits(e: &Event, ind: &Indicator) -> bool {
    fits_but_audience(e, ind)
        && (ind.audience.is_empty()
            || e.audience
                .iter()
                .any(|a| ind.audience.iter().any(|i| i.key == a.key)))
}

/// The people an event counts for: all who took part, or with an audience named, those of
/// it — from `by_audience`, or all when every audience of the event is among those named.
fn participants(e: &Event, ind: &Indicator) -> u64 {
    let Some(p) = &e.participants else {
        return 0;
    };
    let named = |key: &str| ind.audience.iter().any(|a| a.key == key);
    if ind.audience.is_empty() {
        p.total
    } else if !p.by_audience.is_empty() {
        p.by_audience
            .iter()
            .filter(|(a, _)| named(&a.key))
            .map(|(_, n)| n)
            .sum()
    } else if !e.audience.is_empty() && e.audience.iter().all(|a| named(&a.key)) {
        p.total
    } else {
        0
    }
}

/// A venue counts when of one of the kinds and open by `by`: a venue without `opened` was
/// there before the plan (and so is not counted as opened `since` a date).
fn venue_counts(v: &Venue, ind: &Indicator, by: Date) -> bool {
    let kind = ind.kinds.is_empty() || ind.kinds.iter().any(|k| k.key == v.kind.key);
    let open = match (v.opened, ind.since) {
        (None, None) => true,
        (None, Some(_)) => false,
        (Some(d), since) => d <= by && since.is_none_or(|s| d >= s),
    };
    kind && open
}

/// Sessions held and participants of each month from `from` to the build's date (or
/// `to`, when earlier): every event, whatever the indicators.
pub fn months(site: &Site, from: Date, to: Date) -> Vec<Month> {
    let last = to.min(site.now);
    let mut out = Vec::new();
    let mut m = from.first_of_month();
    while m <= last {
        let month = Period::span(m, m.last_of_month());
        let events = &site.registries.events;
        out.push(Month {
            month: m.strftime("%Y-%m").to_string(),
            sessions: events
                .iter()
                .map(|e| held_in(e, &month, site.now).count() as u64)
                .sum(),
            participants: events
                .iter()
                .filter(|e| first_held(e, site.now).is_some_and(|d| month.contains(d)))
                .filter_map(|e| e.participants.as_ref().map(|p| p.total))
                .sum(),
        });
        let Ok(next) = m.checked_add(jiff::Span::new().months(1)) else {
            break;
        };
        m = next;
    }
    out
}
