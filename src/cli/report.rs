//! `hromada report`: what plans of measures report on, for a period, as Markdown, CSV or
//! JSON; with `--plan`, the table of `data/plan.yaml` with its indicators computed, also as
//! an office document (DOCX).

use std::io::Write;
use std::process::ExitCode;

use hromada::model::{BuildOptions, Site};
use hromada::plan::Period;
use hromada::tr;

use super::{Common, EXIT_CONTENT, EXIT_USAGE, fail, model_or_fail};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Csv,
    Json,
    /// An office document (Word, LibreOffice); only with --plan.
    Docx,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// A half-year, as the plans report: 2026-H1 (January–June) or 2026-H2 (July–December).
    #[arg(long, value_name = "YYYY-HN", conflicts_with_all = ["from", "to"])]
    pub period: Option<String>,
    /// First day of the period (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "to")]
    pub from: Option<String>,
    /// Last day of the period (YYYY-MM-DD), included.
    #[arg(long, value_name = "DATE", requires = "from")]
    pub to: Option<String>,
    /// The plan of measures (data/plan.yaml): its table with the indicators computed.
    #[arg(long)]
    pub plan: bool,
    #[arg(long, value_enum, default_value = "md")]
    pub format: Format,
    /// Write to this file instead of the standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

/// The period asked for: a half-year, or --from and --to.
fn period(args: &Args) -> Result<Period, String> {
    let parse = |what: &str, v: &str| {
        hromada::dates::parse(v).ok_or_else(|| {
            tr!(
                "--{what} `{v}` is not a date: write it as YYYY-MM-DD",
                "--{what} `{v}` — не дата: напишіть як РРРР-ММ-ДД"
            )
            .into_string()
        })
    };
    match (&args.period, &args.from, &args.to) {
        (Some(p), _, _) => Period::half_year(p).ok_or_else(|| {
            tr!(
                "--period `{p}` is not a half-year: write 2026-H1 or 2026-H2",
                "--period `{p}` — не півріччя: напишіть 2026-H1 чи 2026-H2"
            )
            .into_string()
        }),
        (None, Some(f), Some(t)) => {
            let (f, t) = (parse("from", f)?, parse("to", t)?);
            if f > t {
                return Err(tr!(
                    "--from must not be after --to",
                    "--from не може бути пізніше за --to"
                )
                .into_string());
            }
            Ok(Period::span(f, t))
        }
        _ => Err(tr!(
            "say the period: --period 2026-H2, or --from and --to",
            "вкажіть період: --period 2026-H2 або --from і --to"
        )
        .into_string()),
    }
}

pub fn run(args: Args) -> ExitCode {
    let checked = period(&args).and_then(|p| {
        let now = hromada::dates::build_date(args.common.now.as_deref())?;
        if args.format == Format::Docx && !args.plan {
            return Err(tr!(
                "--format docx is for the plan's table: add --plan",
                "--format docx — для таблиці плану: додайте --plan"
            )
            .into_string());
        }
        Ok((p, now))
    });
    let (period, now) = match checked {
        Ok(v) => v,
        Err(e) => {
            fail(e);
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let opts = BuildOptions {
        now,
        drafts: false,
        base_url: None,
        keep_texts: false,
    };
    let site = match model_or_fail(&args.common.root, &opts, tr!("The report", "Звітові")) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let bytes = if args.plan {
        plan_report(&site, &period, args.format)
    } else {
        indicator_report(&site, &period, args.format)
    };
    let written = bytes.and_then(|b| match &args.output {
        Some(path) => std::fs::write(path, b).map_err(|e| format!("{}: {e}", path.display())),
        None => std::io::stdout().write_all(&b).map_err(|e| e.to_string()),
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            fail(e);
            ExitCode::from(EXIT_CONTENT)
        }
    }
}

fn json(v: &impl serde::Serialize) -> Result<Vec<u8>, String> {
    serde_json::to_string_pretty(v)
        .map(|s| format!("{s}\n").into_bytes())
        .map_err(|e| e.to_string())
}

fn indicator_report(site: &Site, period: &Period, format: Format) -> Result<Vec<u8>, String> {
    let r = hromada::report::report(site, period.from, period.to);
    match format {
        Format::Md => Ok(hromada::report::markdown(&r).into_bytes()),
        Format::Csv => hromada::report::csv(&r).map(String::into_bytes),
        Format::Json | Format::Docx => json(&r),
    }
}

fn plan_report(site: &Site, period: &Period, format: Format) -> Result<Vec<u8>, String> {
    let Some(plan) = &site.plan else {
        return Err(tr!(
            "the site has no plan of measures: write it in data/plan.yaml (see docs/plan.md)",
            "у сайту немає плану заходів: запишіть його в data/plan.yaml (див. docs/plan.md)"
        )
        .into_string());
    };
    let v = hromada::plan::compute(site, plan, period);
    use hromada::report::plan as fmt;
    match format {
        Format::Md => Ok(fmt::markdown(&v).into_bytes()),
        Format::Csv => fmt::csv(&v).map(String::into_bytes),
        Format::Json => json(&v),
        Format::Docx => hromada::report::docx::docx(&v),
    }
}
