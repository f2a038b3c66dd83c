//! `hromada build`: the site into its output folder, swapped in whole only when the build
//! succeeds.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use hromada::diag::{Diagnostic, Diagnostics};
use hromada::model::BuildOptions;
use hromada::poster::cache::Use;
use hromada::render::{Caches, memo};
use hromada::{i18n, tr};

use super::{Common, build_options, counts, report, report_failure, warnings};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// Output folder [default: public/ in the site's folder].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Build for this address instead of site.toml's base_url (a preview, a local test).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Render everything again, without reading or writing the build cache
    /// (.cache/build/; posters keep their own cache).
    #[arg(long)]
    pub no_cache: bool,
}

pub fn run(args: Args) -> ExitCode {
    let started = Instant::now();
    let opts = match build_options(&args.common) {
        Ok(o) => BuildOptions {
            base_url: args.base_url,
            ..o
        },
        Err(code) => return code,
    };
    let root = args.common.root;
    let out = args.out.unwrap_or_else(|| root.join("public"));
    // A folder that may not receive the output is refused before the work of building.
    if let Err(e) = hromada::write::check_target(&out, &root) {
        return write_failed(&out, &e, &root);
    }
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprintln!("{}", tr!("Building {} …", "Збираю {} …", root.display()));
    }
    let build_cache = if args.no_cache {
        memo::Use::Off
    } else {
        memo::Use::ReadWrite
    };
    let built = match hromada::build(&root, &opts, &Caches::new(Use::ReadWrite, build_cache)) {
        Ok(b) => b,
        Err(diags) => {
            let kept = tr!(
                " The previous output was left as it was.",
                " Попередній вихід залишено як був."
            );
            return report_failure(&diags, &root, kept.as_str());
        }
    };
    report(&built.warnings, &root);
    let (pages, files) = counts(&built.output);
    let warned = warnings(built.warnings.warning_count());
    // What was written where, for the next build (kept with the build cache).
    let manifest = (!args.no_cache).then(|| output_manifest(&root, &out));
    match hromada::write::write_with_manifest(&built.output, &out, &root, manifest.as_deref()) {
        Ok(stats) => {
            eprintln!(
                "{}",
                tr!(
                    "Built {pages}, {files} ({} unchanged) into {} in {:.2} s, {warned}.",
                    "Зібрано: {pages}, {files} (без змін — {}) у {} за {:.2} с; {warned}.",
                    stats.unchanged,
                    out.display(),
                    started.elapsed().as_secs_f64()
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => write_failed(&out, &e, &root),
    }
}

/// The build cache's record of the files written to `out` (one per output folder).
fn output_manifest(root: &Path, out: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::path::absolute(out)
        .unwrap_or_else(|_| out.to_path_buf())
        .hash(&mut h);
    root.join(hromada::render::memo::DIR)
        .join(format!("output-{:016x}.manifest", h.finish()))
}

/// E0701: the output folder was refused or could not be written; the previous output stays.
fn write_failed(out: &Path, e: &hromada::write::WriteError, root: &Path) -> ExitCode {
    let mut d = Diagnostics::new();
    d.push(Diagnostic::error(
        "E0701",
        out,
        i18n::Msg::verbatim(e.to_string()),
    ));
    report(&d, root);
    ExitCode::from(super::EXIT_CONTENT)
}
