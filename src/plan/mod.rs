//! The plan of measures (`data/plan.yaml`): read and checked (`load.rs`) into a [`Plan`]
//! whose every key is resolved, and its indicators computed from the registries for a
//! period (`compute.rs`). Renderers and the report only format what [`compute`] returns.

mod compute;
mod load;
mod period;
pub mod records;

use jiff::civil::Date;

use crate::term::{Term, Topic};

pub use compute::{IndicatorValue, MeasureValues, Month, PlanValues, Status, compute, months};
pub use load::load;
pub use period::Period;
pub use records::Count;

/// Where the plan is kept, relative to the site root.
pub const PLAN_FILE: &str = "data/plan.yaml";

/// The plan with every key resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub title: String,
    pub approved: Option<String>,
    /// The plan's term.
    pub from: Date,
    pub to: Date,
    pub example: bool,
    pub measures: Vec<Measure>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub number: String,
    pub title: String,
    pub content: Option<String>,
    pub responsible: Option<String>,
    pub term: String,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub name: String,
    pub count: Count,
    /// Event kinds or venue kinds, by `count`.
    pub kinds: Vec<Term>,
    pub topics: Vec<Topic>,
    pub audience: Vec<Term>,
    pub services: Vec<Term>,
    pub since: Option<Date>,
    pub target: Option<f64>,
    /// For `Count::Entered`: (half-year, value), in time order.
    pub values: Vec<(Period, f64)>,
}
