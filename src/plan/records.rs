//! `data/plan.yaml` as editors write it: the plan of measures, each with its indicators.
//! The JSON Schema (`schemas/plan.schema.json`) is generated from these types, so the doc
//! comments are what an editor sees as help.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A plan of measures (a programme of digital literacy) with the indicators it reports on.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRecord {
    /// The plan's name, as in the decision that approved it.
    pub title: String,
    /// The decision that approved it («рішення сесії від 20.12.2025 № 1234»).
    #[serde(default)]
    pub approved: Option<String>,
    /// The first day of the plan's term: "2026-01-01".
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub from: String,
    /// The last day of the plan's term: "2027-12-31".
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub to: String,
    /// true when the plan is an example, not the hromada's approved plan: the page says so.
    #[serde(default)]
    pub example: bool,
    pub measures: Vec<MeasureRecord>,
}

/// One measure of the plan (a row of its table).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureRecord {
    /// Its number in the plan: "1", "2.3".
    pub number: String,
    /// The measure's name.
    pub title: String,
    /// What is done (the plan's «Зміст заходу»).
    #[serde(default)]
    pub content: Option<String>,
    /// Who is responsible («Управління освіти, ЦНАП»).
    #[serde(default)]
    pub responsible: Option<String>,
    /// The term as the plan says it («2026–2027 роки», «щопівроку»).
    pub term: String,
    #[serde(default)]
    pub indicators: Vec<IndicatorRecord>,
}

/// What an indicator counts.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Count {
    /// Sessions held (each time an event happened) of the events that fit.
    Sessions,
    /// Events with a session held in the period.
    Events,
    /// Hours of the sessions held.
    Hours,
    /// People who took part (an event's `participants`), in the period of its first session.
    Participants,
    /// Venues open by the period's end (with `since`: opened since that date).
    Venues,
    /// Instructions published on the site (on `services`, when given).
    Instructions,
    /// A value the editor enters per half-year under `values` (Цифрограм certificates …).
    Entered,
}

/// One indicator of a measure: what is counted, of which records, and the target.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorRecord {
    /// The indicator as the plan words it («кількість проведених курсів»).
    pub name: String,
    /// What hromada counts: sessions, events, hours, participants, venues, instructions,
    /// or entered (a value written under `values`).
    pub count: Count,
    /// Only these kinds: event kinds (`event_kinds`) for events, venue kinds (`venue_kinds`)
    /// for venues.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Only events on these topics (e-service keys or competence areas).
    #[serde(default)]
    pub topics: Vec<String>,
    /// Only events for these audiences (participants: only these audiences are counted).
    #[serde(default)]
    pub audience: Vec<String>,
    /// Only instructions on these e-services (keys of data/services.yaml).
    #[serde(default)]
    pub services: Vec<String>,
    /// Venues: only those opened on this date or later ("2026-01-01").
    #[serde(default)]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub since: Option<String>,
    /// The value the plan sets as its target, for the plan's whole term.
    #[serde(default)]
    #[schemars(range(min = 0))]
    pub target: Option<f64>,
    /// For `count: entered`: the value of each half-year, {"2026-H1": 40, "2026-H2": 75}.
    #[serde(default)]
    pub values: BTreeMap<String, f64>,
}

/// The JSON Schema of `data/plan.yaml`, for editors' tools.
pub fn schema() -> String {
    let mut schema = schemars::schema_for!(PlanRecord);
    schema.insert("title".into(), "Plan of measures".into());
    schema.insert(
        "description".into(),
        "data/plan.yaml of a hromada site: the plan of measures and its indicators.".into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
