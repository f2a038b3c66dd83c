//! The plan's table for a period — the plan's own columns, the value computed and
//! «Стан виконання» — as Markdown and CSV (the office document is `docx.rs`).

use crate::plan::{IndicatorValue, MeasureValues, PlanValues};

/// The table's columns, in the order the plans have them.
pub const COLUMNS: [&str; 9] = [
    "№",
    "Захід",
    "Зміст заходу",
    "Відповідальні",
    "Термін",
    "Індикатор",
    "Ціль",
    "Значення за період",
    "Стан виконання",
];

/// The cells of every row: one row per indicator (a measure without indicators has one
/// row of its own), the measure's cells only on its first row.
pub fn rows(v: &PlanValues) -> Vec<[String; 9]> {
    let mut rows = Vec::new();
    for m in &v.measures {
        if m.indicators.is_empty() {
            rows.push(row(m, None, true));
        }
        for (i, ind) in m.indicators.iter().enumerate() {
            rows.push(row(m, Some(ind), i == 0));
        }
    }
    rows
}

fn row(m: &MeasureValues, ind: Option<&IndicatorValue>, first: bool) -> [String; 9] {
    let own = |s: &str| if first { s.to_string() } else { String::new() };
    let dash = || "—".to_string();
    [
        own(&m.number),
        own(&m.title),
        own(m.content.as_deref().unwrap_or_default()),
        own(m.responsible.as_deref().unwrap_or_default()),
        own(&m.term),
        ind.map_or_else(dash, |i| i.name.clone()),
        ind.map_or_else(dash, |i| i.target_text()),
        ind.map_or_else(dash, |i| i.shown.clone()),
        ind.map_or_else(dash, |i| i.status_text()),
    ]
}

/// The title and the period, as the heading of every format says them.
pub fn heading(v: &PlanValues) -> (String, String) {
    let example = if v.example { " (приклад)" } else { "" };
    let title = format!("Стан виконання плану заходів{example}: {}", v.title);
    let mut period = format!(
        "Період: {} ({} — {}), дані на {}.",
        v.period, v.from, v.to, v.build_date
    );
    if let Some(a) = &v.approved {
        period = format!("{a}. {period}");
    }
    (title, period)
}

/// A cell of a Markdown table: one line, its bars escaped.
fn md_cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\\', "\\\\")
        .replace('|', "\\|")
}

pub fn markdown(v: &PlanValues) -> String {
    let (title, period) = heading(v);
    let mut s = format!("# {}\n\n{}\n\n", md_cell(&title), md_cell(&period));
    s.push_str(&format!("| {} |\n", COLUMNS.join(" | ")));
    s.push_str("|---|---|---|---|---|---|---:|---:|---|\n");
    for r in rows(v) {
        let cells: Vec<String> = r.iter().map(|c| md_cell(c)).collect();
        s.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    s
}

/// The rows as CSV with a header; every row names its measure, so a spreadsheet can sort.
pub fn csv(v: &PlanValues) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let cell = |c: &str| crate::spreadsheet::cell(c).into_owned();
    let header = COLUMNS.iter().map(|c| cell(c)).chain(
        ["Період", "Від", "До", "Дані на"]
            .into_iter()
            .map(String::from),
    );
    w.write_record(header).map_err(|e| e.to_string())?;
    for m in &v.measures {
        for ind in &m.indicators {
            let r = row(m, Some(ind), true);
            let extra = [&v.period, &v.from, &v.to, &v.build_date];
            w.write_record(
                r.iter()
                    .map(|c| cell(c))
                    .chain(extra.iter().map(|c| cell(c))),
            )
            .map_err(|e| e.to_string())?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}
