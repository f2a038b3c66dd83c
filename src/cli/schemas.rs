//! `hromada schemas`: the JSON Schemas editors' tools check the YAML files and front matter with.

use std::path::PathBuf;
use std::process::ExitCode;

use hromada::tr;

use super::write_files;

#[derive(clap::Args)]
pub struct Args {
    /// Folder to write them to.
    #[arg(long, value_name = "DIR", default_value = "schemas")]
    pub out: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    let files = hromada::registry::schema::all()
        .into_iter()
        .map(|(name, text)| (name.to_string(), text));
    match write_files(&args.out, files) {
        Ok(paths) => {
            for path in paths {
                eprintln!("{}", tr!("Wrote {}", "Записано {}", path.display()));
            }
        }
        Err(code) => return code,
    }
    ExitCode::SUCCESS
}
