//! `hromada poster EVENT_ID`: one event's posters into a folder, upcoming or past.

use std::path::PathBuf;
use std::process::ExitCode;

use hromada::tr;

use super::{
    Common, EXIT_CONTENT, EXIT_USAGE, build_options, fail, model_or_fail, report, write_files,
};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// The event's id in the events file.
    #[arg(value_name = "EVENT_ID")]
    pub id: String,
    /// Folder to write the posters to.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    let Args { common, id, out } = args;
    let (id, out) = (id.as_str(), out.as_path());
    let opts = match build_options(&common) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let site = match model_or_fail(&common.root, &opts, tr!("Posters", "Афішам")) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Some(event) = site.registries.events.iter().find(|e| e.id == id) else {
        let ids = site.registries.events.iter().map(|e| e.id.as_str());
        match hromada::suggest::closest(id, ids) {
            Some(c) => fail(tr!(
                "there is no event `{id}`; did you mean `{c}`?",
                "події `{id}` немає; можливо, `{c}`?"
            )),
            None => fail(tr!(
                "there is no event `{id}` in the events files",
                "події `{id}` немає у файлах подій"
            )),
        }
        return ExitCode::from(EXIT_USAGE);
    };
    let cache = hromada::poster::cache::PosterCache::new(hromada::poster::cache::Use::ReadWrite);
    let made = hromada::render::posters::engine(&site).and_then(|engine| {
        hromada::render::posters::render_one_event(&site, &engine, &cache, event)
    });
    let (files, warnings) = match made {
        Ok(x) => x,
        Err(diags) => {
            report(&diags, &common.root);
            return ExitCode::from(EXIT_CONTENT);
        }
    };
    report(&warnings, &common.root);
    if files.is_empty() {
        fail(tr!(
            "the theme has no poster templates for the formats in [posters]",
            "у темі немає шаблонів афіш для форматів із [posters]"
        ));
        return ExitCode::from(EXIT_CONTENT);
    }
    let named = files
        .into_iter()
        .map(|(name, bytes)| (format!("{id}-{name}"), bytes));
    match write_files(out, named) {
        Ok(paths) => {
            for path in paths {
                println!("{}", path.display());
            }
        }
        Err(code) => return code,
    }
    ExitCode::SUCCESS
}
