//! `hromada init`: a new hromada's repository, from what the binary carries.

use std::path::PathBuf;
use std::process::ExitCode;

use hromada::tr;

use super::{EXIT_CONTENT, EXIT_USAGE, fail, files};

#[derive(clap::Args)]
pub struct Args {
    /// The new repository's folder (must not exist, or be empty).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The hromada's name, as on its official documents.
    #[arg(long, value_name = "NAME")]
    pub hromada: String,
    /// Today's date for the placeholder event (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub now: Option<String>,
}

pub fn run(args: Args) -> ExitCode {
    let today = match hromada::dates::build_date(args.now.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            fail(e);
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let dir = &args.dir;
    match hromada::init::init(dir, &args.hromada, today) {
        Ok(n) => {
            eprintln!(
                "{}",
                tr!(
                    "Started {} ({}). Next: cd {0}; replace the placeholders in site.toml, data/venues.yaml and data/events.yaml; `hromada serve` to see it; `git init` and push to publish (docs/publikatsiia.md).",
                    "Створено {} ({}). Далі: cd {0}; замініть заготовки в site.toml, data/venues.yaml і data/events.yaml; `hromada serve` — щоб побачити сайт; `git init` і push — щоб опублікувати (docs/publikatsiia.md).",
                    dir.display(),
                    files(n)
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            fail(e);
            ExitCode::from(EXIT_CONTENT)
        }
    }
}
