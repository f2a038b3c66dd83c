//! The indicator report for plans of measures: events held by kind and audience, hours of
//! training, venues by kind and settlement, instructions published and reviewed — counted
//! from the same data the site is built from, for a period of dates.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::model::Site;

pub mod docx;
pub mod plan;

/// One counted row: a key, its label and the count.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Count {
    pub key: String,
    pub label: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventCounts {
    /// Sessions (occurrences) that started within the period and ended before the build's
    /// date (a session on the build's date is still upcoming, as the site lists it).
    pub sessions_held: usize,
    /// Distinct events with at least one session held in the period.
    pub events_held: usize,
    /// Sessions in the period not yet held (on the build's date or later).
    pub sessions_planned: usize,
    /// Hours of the sessions held, rounded to tenths.
    pub hours_held: f64,
    pub sessions_by_kind: Vec<Count>,
    /// A session for several audiences counts once for each of them.
    pub sessions_by_audience: Vec<Count>,
    pub sessions_at_venues: usize,
    pub sessions_online: usize,
    /// Of those at venues and online: held at a venue and online at once.
    pub sessions_hybrid: usize,
    pub free_sessions: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VenueCounts {
    pub total: usize,
    pub step_free: usize,
    pub by_kind: Vec<Count>,
    pub by_settlement: Vec<Count>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InstructionCounts {
    /// Published (not drafts) on the build's date.
    pub published: usize,
    /// Checked against the real service (`reviewed`) within the period, up to the build's
    /// date (a review date in the future is not a review).
    pub reviewed_in_period: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub hromada: String,
    pub from: String,
    pub to: String,
    pub build_date: String,
    pub events: EventCounts,
    pub venues: VenueCounts,
    pub instructions: InstructionCounts,
}

/// The rows of `map` with their labels, in Ukrainian alphabetical order of the labels (then
/// by key).
fn counts(map: BTreeMap<String, usize>, labels: &BTreeMap<String, String>) -> Vec<Count> {
    let mut rows: Vec<Count> = map
        .into_iter()
        .map(|(key, count)| Count {
            label: labels.get(&key).cloned().unwrap_or_else(|| key.clone()),
            key,
            count,
        })
        .collect();
    rows.sort_by_cached_key(|c| (crate::collate::key(&c.label), c.key.clone()));
    rows
}

/// Counts for the period `from..=to` (dates of the sessions' start, Kyiv time).
pub fn report(site: &Site, from: Date, to: Date) -> Report {
    let voc = &site.config.vocabularies;
    let audience_labels = site
        .config
        .taxonomy("audience")
        .map(|t| t.terms.clone())
        .unwrap_or_default();
    let mut ev = EventCounts {
        sessions_held: 0,
        events_held: 0,
        sessions_planned: 0,
        hours_held: 0.0,
        sessions_by_kind: Vec::new(),
        sessions_by_audience: Vec::new(),
        sessions_at_venues: 0,
        sessions_online: 0,
        sessions_hybrid: 0,
        free_sessions: 0,
    };
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_audience: BTreeMap<String, usize> = BTreeMap::new();
    let mut minutes = 0i64;
    for e in &site.registries.events {
        let mut held_here = false;
        for o in &e.occurrences {
            let d = o.start.date();
            if d < from || d > to {
                continue;
            }
            if o.end.date() >= site.now {
                ev.sessions_planned += 1;
                continue;
            }
            held_here = true;
            ev.sessions_held += 1;
            minutes += o.minutes();
            *by_kind.entry(e.kind.key.clone()).or_default() += 1;
            for a in &e.audience {
                *by_audience.entry(a.key.clone()).or_default() += 1;
            }
            if e.venue.is_some() {
                ev.sessions_at_venues += 1;
            }
            if e.online.is_some() {
                ev.sessions_online += 1;
            }
            if e.venue.is_some() && e.online.is_some() {
                ev.sessions_hybrid += 1;
            }
            if e.free == Some(true) {
                ev.free_sessions += 1;
            }
        }
        ev.events_held += usize::from(held_here);
    }
    ev.hours_held = (minutes as f64 / 6.0).round() / 10.0;
    ev.sessions_by_kind = counts(by_kind, &voc.event_kinds);
    ev.sessions_by_audience = counts(by_audience, &audience_labels);

    let venues = &site.registries.venues;
    let mut vk: BTreeMap<String, usize> = BTreeMap::new();
    let mut vs: BTreeMap<String, usize> = BTreeMap::new();
    for v in venues {
        *vk.entry(v.kind.key.clone()).or_default() += 1;
        *vs.entry(v.settlement.clone()).or_default() += 1;
    }
    let settlement_labels: BTreeMap<String, String> =
        vs.keys().map(|k| (k.clone(), k.clone())).collect();
    let instructions: Vec<_> = site.instructions().filter(|p| !p.draft).collect();
    Report {
        hromada: site.config.hromada.clone(),
        from: from.to_string(),
        to: to.to_string(),
        build_date: site.now.to_string(),
        events: ev,
        venues: VenueCounts {
            total: venues.len(),
            step_free: venues.iter().filter(|v| v.is_step_free()).count(),
            by_kind: counts(vk, &voc.venue_kinds),
            by_settlement: counts(vs, &settlement_labels),
        },
        instructions: InstructionCounts {
            published: instructions.len(),
            reviewed_in_period: instructions
                .iter()
                .filter(|p| {
                    p.reviewed
                        .is_some_and(|r| r >= from && r <= to && r <= site.now)
                })
                .count(),
        },
    }
}

/// The report as Markdown, in Ukrainian (it goes into a hromada's report as is).
pub fn markdown(r: &Report) -> String {
    let mut s = String::new();
    let e = &r.events;
    s.push_str(&format!(
        "# Звіт про цифрову освіту: {}\n\nПеріод: {} — {} (дані на {}).\n\n",
        r.hromada, r.from, r.to, r.build_date
    ));
    s.push_str("## Заходи\n\n| Показник | Значення |\n|---|---:|\n");
    for (label, v) in [
        ("Проведено занять (сесій)", e.sessions_held.to_string()),
        ("Проведено заходів", e.events_held.to_string()),
        ("Годин навчання", format!("{:.1}", e.hours_held)),
        ("Занять у приміщеннях", e.sessions_at_venues.to_string()),
        ("Занять онлайн", e.sessions_online.to_string()),
        (
            "з них водночас у приміщенні й онлайн",
            e.sessions_hybrid.to_string(),
        ),
        ("Безкоштовних занять", e.free_sessions.to_string()),
        (
            "Заплановано до кінця періоду",
            e.sessions_planned.to_string(),
        ),
    ] {
        s.push_str(&format!("| {label} | {v} |\n"));
    }
    let table = |s: &mut String, title: &str, rows: &[Count]| {
        s.push_str(&format!("\n### {title}\n\n| | Кількість |\n|---|---:|\n"));
        for c in rows {
            s.push_str(&format!("| {} | {} |\n", c.label, c.count));
        }
    };
    table(&mut s, "Заняття за видом", &e.sessions_by_kind);
    table(
        &mut s,
        "Заняття за аудиторією (заняття для кількох аудиторій враховано в кожній)",
        &e.sessions_by_audience,
    );
    s.push_str(&format!(
        "\n## Місця навчання\n\nУсього: {}, з них із входом без сходинок: {}.\n",
        r.venues.total, r.venues.step_free
    ));
    table(&mut s, "За видом", &r.venues.by_kind);
    table(&mut s, "За населеним пунктом", &r.venues.by_settlement);
    s.push_str(&format!(
        "\n## Інструкції\n\nОпубліковано: {}. Перевірено впродовж періоду: {}.\n",
        r.instructions.published, r.instructions.reviewed_in_period
    ));
    s
}

/// The report as CSV rows: section, key, label, value.
pub fn csv(r: &Report) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut row = |section: &str, key: &str, label: &str, value: String| {
        w.write_record(
            [section, key, label, &value].map(|c| crate::spreadsheet::cell(c).into_owned()),
        )
        .map_err(|e| e.to_string())
    };
    row("section", "key", "label", "value".into())?;
    let e = &r.events;
    row("period", "from", "", r.from.clone())?;
    row("period", "to", "", r.to.clone())?;
    row("period", "build_date", "", r.build_date.clone())?;
    for (k, v) in [
        ("sessions_held", e.sessions_held.to_string()),
        ("events_held", e.events_held.to_string()),
        ("hours_held", format!("{:.1}", e.hours_held)),
        ("sessions_at_venues", e.sessions_at_venues.to_string()),
        ("sessions_online", e.sessions_online.to_string()),
        ("sessions_hybrid", e.sessions_hybrid.to_string()),
        ("free_sessions", e.free_sessions.to_string()),
        ("sessions_planned", e.sessions_planned.to_string()),
    ] {
        row("events", k, "", v)?;
    }
    for c in &e.sessions_by_kind {
        row("sessions_by_kind", &c.key, &c.label, c.count.to_string())?;
    }
    for c in &e.sessions_by_audience {
        row(
            "sessions_by_audience",
            &c.key,
            &c.label,
            c.count.to_string(),
        )?;
    }
    row("venues", "total", "", r.venues.total.to_string())?;
    row("venues", "step_free", "", r.venues.step_free.to_string())?;
    for c in &r.venues.by_kind {
        row("venues_by_kind", &c.key, &c.label, c.count.to_string())?;
    }
    for c in &r.venues.by_settlement {
        row(
            "venues_by_settlement",
            &c.key,
            &c.label,
            c.count.to_string(),
        )?;
    }
    row(
        "instructions",
        "published",
        "",
        r.instructions.published.to_string(),
    )?;
    row(
        "instructions",
        "reviewed_in_period",
        "",
        r.instructions.reviewed_in_period.to_string(),
    )?;
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}
