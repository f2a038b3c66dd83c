//! `hromada new`: an instruction, event or venue that builds at once.

use std::process::ExitCode;

use hromada::tr;

use super::{Common, EXIT_CONTENT, build_options, fail, report};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    Instruction,
    Event,
    Venue,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    #[arg(value_enum)]
    pub what: Kind,
    /// The title (of an instruction or event) or the name (of a venue).
    pub title: String,
    /// The e-service an instruction is about [default: the first in data/services.yaml].
    #[arg(long, value_name = "KEY")]
    pub service: Option<String>,
    /// The venue of an event [default: the first venue; online when there is none].
    #[arg(long, value_name = "ID")]
    pub venue: Option<String>,
    /// The settlement of a venue.
    #[arg(long, value_name = "NAME", default_value = "Назва населеного пункту")]
    pub settlement: String,
}

/// A record as far as `new` needs it: its id (other fields are not read).
#[derive(serde::Deserialize)]
struct Id {
    id: String,
}

/// The ids of the records in YAML list files, read by the registries' own parser (so a
/// record written `-   id: …` or with the id further down is counted too).
fn record_ids(files: &[hromada::load::SourceFile]) -> Vec<String> {
    files
        .iter()
        .flat_map(|f| {
            let read = hromada::yaml::parse_records::<Id>(&f.text, &f.path);
            let ids = read.records.into_iter().map(|(_, r)| r.id);
            ids.chain(read.unreadable_ids).collect::<Vec<_>>()
        })
        .collect()
}

/// The key of the site's first e-service.
fn first_service(loaded: &hromada::load::Loaded) -> Option<String> {
    let (services, _) = hromada::registry::services::parse(loaded.services_file.as_ref());
    services.first().map(|s| s.key.clone())
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        common,
        what,
        title,
        service,
        venue,
        settlement,
    } = args;
    let (title, settlement) = (title.as_str(), settlement.as_str());
    let today = match build_options(&common) {
        Ok(o) => o.now,
        Err(code) => return code,
    };
    let loaded = match hromada::load::load(&common.root) {
        Ok(l) => l,
        Err(diags) => {
            report(&diags, &common.root);
            return ExitCode::from(EXIT_CONTENT);
        }
    };
    let root = &common.root;
    let made = match what {
        Kind::Instruction => {
            let Some(service) = service.or_else(|| first_service(&loaded)) else {
                fail(tr!(
                    "data/services.yaml has no e-services; add one first",
                    "у data/services.yaml немає е-послуг; спершу додайте одну"
                ));
                return ExitCode::from(EXIT_CONTENT);
            };
            hromada::scaffold::instruction(
                root,
                &loaded.config.paths.instructions,
                title,
                &service,
                today,
            )
        }
        Kind::Event => {
            let venues = record_ids(&loaded.venue_files);
            let venue = venue.or_else(|| venues.first().cloned());
            hromada::scaffold::event(
                root,
                title,
                &record_ids(&loaded.event_files),
                venue.as_deref(),
                today,
            )
        }
        Kind::Venue => {
            hromada::scaffold::venue(root, title, &record_ids(&loaded.venue_files), settlement)
        }
    };
    match made {
        Ok(m) => {
            println!("{}", m.file.display());
            eprintln!("{}", tr!("Next: {}.", "Далі: {}.", m.next));
            ExitCode::SUCCESS
        }
        Err(e) => {
            fail(e);
            ExitCode::from(EXIT_CONTENT)
        }
    }
}
