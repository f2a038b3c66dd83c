//! `hromada report`: what plans of measures report on, for a period, as Markdown, CSV or JSON.

use std::io::Write;
use std::process::ExitCode;

use hromada::model::BuildOptions;
use hromada::tr;

use super::{Common, EXIT_CONTENT, EXIT_USAGE, fail, model_or_fail};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Md,
    Csv,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// First day of the period (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// Last day of the period (YYYY-MM-DD), included.
    #[arg(long, value_name = "DATE")]
    pub to: String,
    #[arg(long, value_enum, default_value = "md")]
    pub format: Format,
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        common,
        from,
        to,
        format,
    } = args;
    let (from, to) = (from.as_str(), to.as_str());
    let parse = |what: &str, v: &str| {
        hromada::dates::parse(v).ok_or_else(|| {
            tr!(
                "--{what} `{v}` is not a date: write it as YYYY-MM-DD",
                "--{what} `{v}` — не дата: напишіть як РРРР-ММ-ДД"
            )
            .into_string()
        })
    };
    let (from, to, now) = match (
        parse("from", from),
        parse("to", to),
        hromada::dates::build_date(common.now.as_deref()),
    ) {
        (Ok(f), Ok(t), Ok(n)) if f <= t => (f, t, n),
        (Ok(_), Ok(_), Ok(_)) => {
            fail(tr!(
                "--from must not be after --to",
                "--from не може бути пізніше за --to"
            ));
            return ExitCode::from(EXIT_USAGE);
        }
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
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
    let site = match model_or_fail(&common.root, &opts, tr!("The report", "Звітові")) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let r = hromada::report::report(&site, from, to);
    let text = match format {
        Format::Md => Ok(hromada::report::markdown(&r)),
        Format::Csv => hromada::report::csv(&r),
        Format::Json => serde_json::to_string_pretty(&r)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| e.to_string()),
    };
    match text {
        Ok(t) => {
            let _ = std::io::stdout().write_all(t.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            fail(e);
            ExitCode::from(EXIT_CONTENT)
        }
    }
}
