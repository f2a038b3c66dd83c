//! `hromada serve`: the site built in memory and served on this computer, rebuilt on change.

use std::process::ExitCode;

use super::{Common, EXIT_CONTENT, build_options, fail};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Listen on every network interface, not only this computer's (for a phone on a
    /// trusted local network).
    #[arg(long)]
    pub lan: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

pub fn run(args: Args) -> ExitCode {
    let build = match build_options(&args.common) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let opts = hromada::serve::Options {
        root: args.common.root,
        build,
        port: args.port,
        lan: args.lan,
        open: args.open,
    };
    match hromada::serve::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            fail(e);
            ExitCode::from(EXIT_CONTENT)
        }
    }
}
