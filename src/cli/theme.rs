//! `hromada theme eject`: the theme this binary carries, copied into the site for forking.

use std::path::PathBuf;
use std::process::ExitCode;

use hromada::tr;

use super::{EXIT_CONTENT, fail, files};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: ThemeCommand,
}

#[derive(clap::Subcommand)]
pub enum ThemeCommand {
    /// Copy the default theme the binary carries into the site's themes/default/, to change
    /// it there (the site's files then override the carried ones, file by file).
    Eject(EjectArgs),
}

#[derive(clap::Args)]
pub struct EjectArgs {
    /// The site's folder (the one with site.toml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Overwrite theme files the site already has.
    #[arg(long)]
    pub force: bool,
}

impl Args {
    pub fn root(&self) -> &std::path::Path {
        match &self.command {
            ThemeCommand::Eject(a) => &a.root,
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    let ThemeCommand::Eject(args) = args.command;
    match hromada::embedded::eject(&args.root, args.force) {
        Ok(written) => {
            for path in &written {
                println!("{}", path.display());
            }
            eprintln!(
                "{}",
                tr!(
                    "Wrote the default theme into {} ({}). Change it there: the site's files override the theme the binary carries, file by file.",
                    "Типову тему записано в {} ({}). Змінюйте її там: файли сайту замінюють тему з програми, файл за файлом.",
                    args.root.join(hromada::embedded::THEME_DIR).display(),
                    files(written.len())
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
