//! `hromada check`: everything `build` does, and the checks of the output (links, anchors,
//! images without alt text; other sites' links with `--external`), writing nothing.

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use hromada::{diag, tr};

use super::{Common, EXIT_CONTENT, build_options, counts, report, report_failure, warnings};

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Github,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// How to report problems: text for people (stderr), json for tools, or github for
    /// annotations on a pull request's lines (both on stdout).
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Also check links to other sites (with curl; working ones are remembered in
    /// .cache/links.json for a week).
    #[arg(long)]
    pub external: bool,
    /// Seconds to wait for each external site.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub timeout: u64,
}

pub fn run(args: Args) -> ExitCode {
    let started = Instant::now();
    let opts = match build_options(&args.common) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let root = &args.common.root;
    let external = args.external.then(|| Duration::from_secs(args.timeout));
    if args.format == Format::Text && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprintln!("{}", tr!("Building {} …", "Збираю {} …", root.display()));
    }
    let result = hromada::check(root, &opts, external);
    if args.format != Format::Text {
        return for_tools(result, args.format);
    }
    let built = match result {
        Ok(b) => b,
        Err(diags) => return report_failure(&diags, root, ""),
    };
    report(&built.warnings, root);
    let (pages, files) = counts(&built.output);
    let warned = warnings(built.warnings.warning_count());
    eprintln!(
        "{}",
        tr!(
            "Checked {pages}, {files} in {:.2} s: no errors, {warned}.",
            "Перевірено: {pages}, {files} за {:.2} с; помилок немає, {warned}.",
            started.elapsed().as_secs_f64()
        )
    );
    ExitCode::SUCCESS
}

/// `--format json|github`: every problem on stdout in that format, the exit code as for text.
fn for_tools(result: Result<hromada::Built, diag::Diagnostics>, format: Format) -> ExitCode {
    let (diags, code) = match result {
        Ok(b) => (b.warnings, ExitCode::SUCCESS),
        Err(d) => (d, ExitCode::from(EXIT_CONTENT)),
    };
    let text = match format {
        Format::Json => diag::json(&diags),
        _ => diag::github(&diags),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    code
}
