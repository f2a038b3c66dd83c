//! `data/plan.yaml` read and checked value by value (codes E1001–E1006, each at the
//! value's position with a hint), and resolved into a [`Plan`].

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;

use super::records::{Count, IndicatorRecord, MeasureRecord, PlanRecord};
use super::{Indicator, Measure, PLAN_FILE, Period, Plan};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::registry::Service;
use crate::source::SourceFile;
use crate::suggest::closest;
use crate::term::{Term, Topic};
use crate::yaml::Positions;

/// The plan, when the site has `data/plan.yaml` and it could be read, and every problem.
pub fn load(
    file: Option<&SourceFile>,
    config: &Config,
    services: &[Service],
) -> (Option<Plan>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let Some(file) = file else {
        return (None, diags);
    };
    let (record, positions) =
        match crate::yaml::parse::<PlanRecord>(&file.text, Path::new(PLAN_FILE), 0) {
            Ok(r) => r,
            Err(d) => {
                diags.push(d);
                return (None, diags);
            }
        };
    let keys = Keys::new(config, services);
    let mut at = At {
        positions: &positions,
        diags: &mut diags,
    };
    let plan = plan(&mut at, &record, &keys);
    (plan, diags)
}

/// A checker: pushes diagnostics at positions in data/plan.yaml.
struct At<'a> {
    positions: &'a Positions,
    diags: &'a mut Diagnostics,
}

impl At<'_> {
    fn error(&mut self, code: &'static str, path: &str, message: Msg, hint: Msg) {
        self.diags.push(
            Diagnostic::error(code, Path::new(PLAN_FILE), message)
                .at_opt(self.positions.value(path))
                .hint(hint),
        );
    }

    fn date(&mut self, path: &str, text: &str) -> Option<Date> {
        let d = crate::dates::parse(text);
        if d.is_none() {
            self.error(
                "E1002",
                path,
                tr!("«{text}» is not a date", "«{text}» — не дата"),
                tr!(
                    "write a date as \"2026-07-01\" (year, month, day)",
                    "напишіть дату як \"2026-07-01\" (рік, місяць, день)"
                ),
            );
        }
        d
    }

    /// Each of `values` is a key of `known` (E1001), resolved with its label.
    fn terms(
        &mut self,
        path: &str,
        values: &[String],
        known: &BTreeMap<String, String>,
        add: Msg,
    ) -> Vec<Term> {
        for (i, v) in values.iter().enumerate() {
            if known.contains_key(v) {
                continue;
            }
            let listed = known.keys().cloned().collect::<Vec<_>>().join(", ");
            let hint = match closest(v, known.keys().map(String::as_str)) {
                Some(best) => tr!(
                    "did you mean `{best}`? Known keys: {listed}",
                    "можливо, `{best}`? Відомі значення: {listed}"
                ),
                None => tr!(
                    "known keys: {listed}; add new ones {add}",
                    "відомі значення: {listed}; нові додають {add}"
                ),
            };
            self.error(
                "E1001",
                &format!("{path}.{i}"),
                tr!("unknown key `{v}`", "невідоме значення `{v}`"),
                hint,
            );
        }
        Term::all(values, known)
    }
}

/// What the keys of an indicator's lists may be, with their labels.
struct Keys<'a> {
    event_kinds: &'a BTreeMap<String, String>,
    venue_kinds: &'a BTreeMap<String, String>,
    audience: BTreeMap<String, String>,
    competence: BTreeMap<String, String>,
    services: BTreeMap<String, String>,
    topics: BTreeMap<String, String>,
}

impl<'a> Keys<'a> {
    fn new(config: &'a Config, services: &[Service]) -> Self {
        let terms = |key: &str| {
            config
                .taxonomy(key)
                .map(|t| t.terms.clone())
                .unwrap_or_default()
        };
        let services: BTreeMap<String, String> = services
            .iter()
            .map(|s| (s.key.clone(), s.name.clone()))
            .collect();
        let competence = terms("competence");
        let mut topics = competence.clone();
        topics.extend(services.clone());
        Keys {
            event_kinds: &config.vocabularies.event_kinds,
            venue_kinds: &config.vocabularies.venue_kinds,
            audience: terms("audience"),
            competence,
            services,
            topics,
        }
    }
}

fn plan(at: &mut At, r: &PlanRecord, keys: &Keys) -> Option<Plan> {
    let from = at.date("from", &r.from);
    let to = at.date("to", &r.to);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        at.error(
            "E1002",
            "to",
            tr!(
                "the plan ends ({t}) before it starts ({f})",
                "план закінчується ({t}) раніше, ніж починається ({f})"
            ),
            tr!(
                "from is the first day of the plan's term, to the last",
                "from — перший день строку плану, to — останній"
            ),
        );
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut measures = Vec::new();
    for (i, m) in r.measures.iter().enumerate() {
        if let Some(first) = seen.insert(m.number.as_str(), i) {
            at.error(
                "E1006",
                &format!("measures.{i}.number"),
                tr!(
                    "measure number {} is used twice",
                    "номер заходу {} використано двічі",
                    m.number
                ),
                tr!(
                    "the first measure with it is the {}th in the list; give each its own number",
                    "перший захід із ним — {}-й у переліку; дайте кожному свій номер",
                    first + 1
                ),
            );
        }
        measures.push(measure(at, &format!("measures.{i}"), m, keys));
    }
    let (from, to) = (from?, to?);
    (!at.diags.has_errors()).then(|| Plan {
        title: r.title.clone(),
        approved: r.approved.clone(),
        from,
        to,
        example: r.example,
        measures,
    })
}

fn measure(at: &mut At, path: &str, m: &MeasureRecord, keys: &Keys) -> Measure {
    Measure {
        number: m.number.clone(),
        title: m.title.clone(),
        content: m.content.clone(),
        responsible: m.responsible.clone(),
        term: m.term.clone(),
        indicators: m
            .indicators
            .iter()
            .enumerate()
            .map(|(j, ind)| indicator(at, &format!("{path}.indicators.{j}"), ind, keys))
            .collect(),
    }
}

/// Which of an indicator's lists and values make sense for what it counts.
fn allowed(count: Count) -> &'static [&'static str] {
    match count {
        Count::Sessions | Count::Events | Count::Hours | Count::Participants => {
            &["kinds", "topics", "audience"]
        }
        Count::Venues => &["kinds", "since"],
        Count::Instructions => &["services"],
        Count::Entered => &["values"],
    }
}

fn indicator(at: &mut At, path: &str, r: &IndicatorRecord, keys: &Keys) -> Indicator {
    let given = [
        ("kinds", !r.kinds.is_empty()),
        ("topics", !r.topics.is_empty()),
        ("audience", !r.audience.is_empty()),
        ("services", !r.services.is_empty()),
        ("since", r.since.is_some()),
        ("values", !r.values.is_empty()),
    ];
    let ok = allowed(r.count);
    for (field, _) in given.iter().filter(|(f, g)| *g && !ok.contains(f)) {
        let count = serde_json::to_value(r.count).unwrap_or_default();
        let count = count.as_str().unwrap_or_default();
        at.error(
            "E1004",
            &format!("{path}.{field}"),
            tr!(
                "`{field}` does not apply to count: {count}",
                "`{field}` не стосується count: {count}"
            ),
            tr!(
                "with count: {count} an indicator may have {}; remove `{field}` or change count",
                "з count: {count} показник може мати {}; приберіть `{field}` або змініть count",
                ok.join(", ")
            ),
        );
    }
    let kinds_known = if r.count == Count::Venues {
        (keys.venue_kinds, "venue_kinds")
    } else {
        (keys.event_kinds, "event_kinds")
    };
    let kinds = at.terms(
        &format!("{path}.kinds"),
        &r.kinds,
        kinds_known.0,
        tr!(
            "under [{}] in site.toml",
            "у site.toml під [{}]",
            kinds_known.1
        ),
    );
    let topics = at.terms(
        &format!("{path}.topics"),
        &r.topics,
        &keys.topics,
        tr!(
            "to data/services.yaml (e-services) or [taxonomies.competence.terms]",
            "у data/services.yaml (е-послуги) або в [taxonomies.competence.terms]"
        ),
    );
    let topics = topics
        .into_iter()
        .map(|t| {
            if keys.services.contains_key(&t.key) {
                Topic::Service(t)
            } else {
                Topic::Competence(Term::resolve(&t.key, &keys.competence))
            }
        })
        .collect();
    let audience = at.terms(
        &format!("{path}.audience"),
        &r.audience,
        &keys.audience,
        tr!(
            "under [taxonomies.audience.terms] in site.toml",
            "у site.toml під [taxonomies.audience.terms]"
        ),
    );
    let services = at.terms(
        &format!("{path}.services"),
        &r.services,
        &keys.services,
        tr!("to data/services.yaml", "у data/services.yaml"),
    );
    let since = r
        .since
        .as_deref()
        .and_then(|s| at.date(&format!("{path}.since"), s));
    Indicator {
        name: r.name.clone(),
        count: r.count,
        kinds,
        topics,
        audience,
        services,
        since,
        target: target(at, path, r.target),
        values: values(at, path, &r.values),
    }
}

/// A target is a number above zero (E1005).
fn target(at: &mut At, path: &str, target: Option<f64>) -> Option<f64> {
    let t = target?;
    if t > 0.0 && t.is_finite() {
        return Some(t);
    }
    at.error(
        "E1005",
        &format!("{path}.target"),
        tr!(
            "the target must be more than zero, not {t}",
            "ціль має бути більшою за нуль, а не {t}"
        ),
        tr!(
            "write the value the plan sets, or leave target out when it sets none",
            "напишіть значення з плану або не пишіть target, якщо план його не встановлює"
        ),
    );
    None
}

/// Entered values: each under a half-year, 0 or more (E1003).
fn values(at: &mut At, path: &str, values: &BTreeMap<String, f64>) -> Vec<(Period, f64)> {
    let mut out = Vec::new();
    for (key, &v) in values {
        let here = format!("{path}.values.{key}");
        let Some(period) = Period::half_year(key) else {
            at.error(
                "E1003",
                &here,
                tr!("«{key}» is not a half-year", "«{key}» — не півріччя"),
                tr!(
                    "write the half-year as \"2026-H1\" (January–June) or \"2026-H2\" (July–December)",
                    "напишіть півріччя як \"2026-H1\" (січень–червень) чи \"2026-H2\" (липень–грудень)"
                ),
            );
            continue;
        };
        if !(v >= 0.0 && v.is_finite()) {
            at.error(
                "E1003",
                &here,
                tr!(
                    "{v} cannot be a value of an indicator",
                    "{v} не може бути значенням показника"
                ),
                tr!(
                    "write the number reported for the half-year: 0 or more",
                    "напишіть число, про яке звітували за півріччя: 0 чи більше"
                ),
            );
            continue;
        }
        out.push((period, v));
    }
    out.sort_by_key(|(p, _)| p.from);
    out
}
