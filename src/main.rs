//! The `hromada` command line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use hromada::diag::{self, Diagnostic, Diagnostics};
use hromada::model::BuildOptions;

/// Builds a hromada's digital-literacy landing: Markdown instructions, YAML registries and
/// GeoJSON layers into a static, accessible website.
#[derive(Parser)]
#[command(name = "hromada", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds).
    Build {
        #[command(flatten)]
        common: Common,
        /// Output folder [default: public/ in the site's folder].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Do everything `build` does and report problems, but write nothing.
    Check {
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Args)]
struct Common {
    /// The site's folder (the one with site.toml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The build's date (YYYY-MM-DD or an RFC 3339 time); defaults to SOURCE_DATE_EPOCH,
    /// then today.
    #[arg(long, value_name = "DATE")]
    now: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

/// Exit codes: 0 success, 1 problems in the content, 2 wrong usage (clap's own).
const EXIT_CONTENT: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn report(diags: &Diagnostics, root: &Path) {
    if diags.is_empty() {
        return;
    }
    let bytes = diag::render(diags, root, diag::color_choice());
    let _ = std::io::stderr().write_all(&bytes);
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (common, out) = match cli.command {
        Command::Build { common, out } => {
            let out = out.unwrap_or_else(|| common.root.join("public"));
            (common, Some(out))
        }
        Command::Check { common } => (common, None),
    };
    let started = Instant::now();
    let now = match hromada::dates::build_date(common.now.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let root = common.root;
    if std::io::stderr().is_terminal() {
        eprintln!("Building {} …", root.display());
    }
    let opts = BuildOptions {
        now,
        drafts: common.drafts,
    };
    let built = match hromada::build(&root, &opts) {
        Ok(b) => b,
        Err(diags) => {
            report(&diags, &root);
            eprintln!(
                "Failed: {}, {}. The previous output was left as it was.",
                plural(diags.error_count(), "error", "errors"),
                plural(diags.warning_count(), "warning", "warnings")
            );
            return ExitCode::from(EXIT_CONTENT);
        }
    };
    report(&built.warnings, &root);
    let pages = built.site.pages.len();
    let files = built.output.len();
    let warnings = plural(built.warnings.warning_count(), "warning", "warnings");
    match out {
        None => {
            eprintln!(
                "Checked {}, {} in {:.2} s: no errors, {warnings}.",
                plural(pages, "page", "pages"),
                plural(files, "file", "files"),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Some(out) => match hromada::write::write(&built.output, &out, &root) {
            Ok(stats) => {
                eprintln!(
                    "Built {}, {} ({} unchanged) into {} in {:.2} s, {warnings}.",
                    plural(pages, "page", "pages"),
                    plural(files, "file", "files"),
                    stats.unchanged,
                    out.display(),
                    started.elapsed().as_secs_f64()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                let mut d = Diagnostics::new();
                d.push(Diagnostic::error("E0601", out.clone(), e.to_string()));
                report(&d, &root);
                ExitCode::from(EXIT_CONTENT)
            }
        },
    }
}
