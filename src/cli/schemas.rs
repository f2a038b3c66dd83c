//! `hromada schemas`: the JSON Schemas editors' tools check the YAML files and front matter with.

use std::path::PathBuf;
use std::process::ExitCode;

use hromada::tr;

use super::{EXIT_CONTENT, fail};

#[derive(clap::Args)]
pub struct Args {
    /// Folder to write them to.
    #[arg(long, value_name = "DIR", default_value = "schemas")]
    pub out: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    let out = &args.out;
    if let Err(e) = std::fs::create_dir_all(out) {
        fail(tr!(
            "cannot create {}: {e}",
            "не вдається створити {}: {e}",
            out.display()
        ));
        return ExitCode::from(EXIT_CONTENT);
    }
    for (name, text) in hromada::registry::schema::all() {
        let path = out.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            fail(tr!(
                "cannot write {}: {e}",
                "не вдається записати {}: {e}",
                path.display()
            ));
            return ExitCode::from(EXIT_CONTENT);
        }
        eprintln!("{}", tr!("Wrote {}", "Записано {}", path.display()));
    }
    ExitCode::SUCCESS
}
