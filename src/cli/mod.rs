//! The `hromada` command line: one file per command, each with its clap arguments and a
//! `run(args) -> ExitCode` that loads what it needs, calls the library and reports. This
//! file holds what the commands share: the arguments every site command takes, how problems
//! are printed, and the exit codes.
//!
//! Exit codes: 0 success; 1 problems in the content (or an output that cannot be written);
//! 2 wrong usage (clap's own, an unknown `--lang`, a date that does not parse).

mod build;
mod check;
mod init;
mod new;
mod poster;
mod report;
mod schemas;
mod serve;
mod theme;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use hromada::diag::{self, Diagnostics};
use hromada::i18n::{self, count};
use hromada::model::BuildOptions;
use hromada::tr;

/// Problems in the content, or an output folder that cannot be written.
pub const EXIT_CONTENT: u8 = 1;
/// Wrong usage.
pub const EXIT_USAGE: u8 = 2;

/// Builds a hromada's digital-literacy landing: Markdown instructions, YAML registries and
/// GeoJSON layers into a static, accessible website.
#[derive(Parser)]
#[command(name = "hromada", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language of messages: uk or en [default: HROMADA_LANG, else the site's
    /// `language`, else uk].
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds).
    Build(build::Args),
    /// Build the site in memory and serve it on http://127.0.0.1:PORT/, rebuilding when a
    /// file changes: open pages reload by themselves and errors show over the page.
    Serve(serve::Args),
    /// Do everything `build` does and report problems, but write nothing.
    Check(check::Args),
    /// Count what plans of measures report on, for a period: events held by kind and
    /// audience, hours of training, venues, instructions published and reviewed.
    Report(report::Args),
    /// Start a new instruction (a Markdown file with front matter and the uniform outline),
    /// event or venue (a record appended to data/events.yaml or data/venues.yaml).
    New(new::Args),
    /// Start a new hromada's repository in DIR, from any folder: the e-services, instructions
    /// and docs this binary carries, placeholder settings, a venue and an event, the
    /// publishing workflows for GitHub and GitLab, the editors' schemas and VS Code settings.
    Init(init::Args),
    /// The default theme this binary carries: `theme eject` copies it into the site.
    Theme(theme::Args),
    /// Render one event's posters (the formats of [posters] in site.toml) into a folder,
    /// whether the event is upcoming or past.
    Poster(poster::Args),
    /// Write the JSON Schemas of data/venues.yaml, data/events.yaml, data/services.yaml and
    /// of the front matter of pages.
    Schemas(schemas::Args),
}

/// What every command on a site takes.
#[derive(Args)]
pub struct Common {
    /// The site's folder (the one with site.toml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The build's date (YYYY-MM-DD or an RFC 3339 time); defaults to SOURCE_DATE_EPOCH,
    /// then today.
    #[arg(long, value_name = "DATE")]
    pub now: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

impl Command {
    /// The folder whose site.toml names the language of this command's messages.
    fn root(&self) -> Option<&Path> {
        match self {
            Command::Build(a) => Some(&a.common.root),
            Command::Serve(a) => Some(&a.common.root),
            Command::Check(a) => Some(&a.common.root),
            Command::Report(a) => Some(&a.common.root),
            Command::New(a) => Some(&a.common.root),
            Command::Poster(a) => Some(&a.common.root),
            Command::Init(_) => None,
            Command::Theme(a) => Some(a.root()),
            Command::Schemas(_) => None,
        }
    }
}

/// Parses the command line, sets the language of messages and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let env_lang = std::env::var("HROMADA_LANG").ok();
    let site_lang = cli.command.root().and_then(site_language);
    match i18n::choose(
        cli.lang.as_deref(),
        env_lang.as_deref(),
        site_lang.as_deref(),
    ) {
        Ok(lang) => i18n::set(lang),
        Err(unknown) => {
            eprintln!(
                "помилка: мови повідомлень `{unknown}` немає; є uk (українська) і en (English)\nerror: there are no messages in `{unknown}`; write --lang uk or --lang en"
            );
            return ExitCode::from(EXIT_USAGE);
        }
    }
    match cli.command {
        Command::Build(a) => build::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Check(a) => check::run(a),
        Command::Report(a) => report::run(a),
        Command::New(a) => new::run(a),
        Command::Init(a) => init::run(a),
        Command::Theme(a) => theme::run(a),
        Command::Poster(a) => poster::run(a),
        Command::Schemas(a) => schemas::run(a),
    }
}

/// The site's `language` from its site.toml, if it can be read (the full check comes later).
fn site_language(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(hromada::config::CONFIG_FILE)).ok()?;
    let table: toml::Table = text.parse().ok()?;
    table.get("language")?.as_str().map(str::to_string)
}

/// Prints problems for people on stderr (with colour on a terminal).
pub fn report(diags: &Diagnostics, root: &Path) {
    if diags.is_empty() {
        return;
    }
    let bytes = diag::render(diags, root, diag::color_choice());
    let _ = std::io::stderr().write_all(&bytes);
}

/// `error: …` (or «помилка: …») on stderr, for problems that are not about a file.
pub fn fail(message: impl std::fmt::Display) {
    eprintln!("{}", tr!("error: {message}", "помилка: {message}"));
}

pub fn errors(n: usize) -> String {
    count(n, ["error", "errors"], ["помилка", "помилки", "помилок"])
}

pub fn warnings(n: usize) -> String {
    count(
        n,
        ["warning", "warnings"],
        ["попередження", "попередження", "попереджень"],
    )
}

pub fn pages(n: usize) -> String {
    count(n, ["page", "pages"], ["сторінка", "сторінки", "сторінок"])
}

pub fn files(n: usize) -> String {
    count(n, ["file", "files"], ["файл", "файли", "файлів"])
}

/// The build options of a command: its date (`--now`, SOURCE_DATE_EPOCH or today) and drafts.
pub fn build_options(common: &Common) -> Result<BuildOptions, ExitCode> {
    match hromada::dates::build_date(common.now.as_deref()) {
        Ok(now) => Ok(BuildOptions {
            now,
            drafts: common.drafts,
            base_url: None,
            keep_texts: false,
        }),
        Err(e) => {
            fail(e);
            Err(ExitCode::from(EXIT_USAGE))
        }
    }
}

/// The site's model for a command that needs data without errors (`what` names the
/// command in the message); its warnings are reported.
pub fn model_or_fail(
    root: &Path,
    opts: &BuildOptions,
    what: i18n::Msg,
) -> Result<hromada::model::Site, ExitCode> {
    match hromada::model(root, opts) {
        Ok((site, warnings)) => {
            report(&warnings, root);
            Ok(site)
        }
        Err(diags) => {
            report(&diags, root);
            eprintln!(
                "{}",
                tr!(
                    "Failed: {}. {what} needs data without errors.",
                    "Не вдалося: {}. {what} потрібні дані без помилок.",
                    errors(diags.error_count())
                )
            );
            Err(ExitCode::from(EXIT_CONTENT))
        }
    }
}

/// A failed build's problems and the closing line («Не вдалося: 2 помилки, …»), with
/// `after` appended (what happened to the previous output).
pub fn report_failure(diags: &Diagnostics, root: &Path, after: &str) -> ExitCode {
    report(diags, root);
    eprintln!(
        "{}",
        tr!(
            "Failed: {}, {}.{after}",
            "Не вдалося: {}, {}.{after}",
            errors(diags.error_count()),
            warnings(diags.warning_count())
        )
    );
    ExitCode::from(EXIT_CONTENT)
}

/// Writes `files` (name → bytes) into the folder `out`, creating it; the paths written, or
/// the exit code after saying what could not be created or written.
pub fn write_files<B: AsRef<[u8]>>(
    out: &Path,
    files: impl IntoIterator<Item = (String, B)>,
) -> Result<Vec<PathBuf>, ExitCode> {
    if let Err(e) = std::fs::create_dir_all(out) {
        fail(tr!(
            "cannot create {}: {e}",
            "не вдається створити {}: {e}",
            out.display()
        ));
        return Err(ExitCode::from(EXIT_CONTENT));
    }
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = out.join(name);
        if let Err(e) = std::fs::write(&path, bytes) {
            fail(tr!(
                "cannot write {}: {e}",
                "не вдається записати {}: {e}",
                path.display()
            ));
            return Err(ExitCode::from(EXIT_CONTENT));
        }
        written.push(path);
    }
    Ok(written)
}

/// The counts of a built site for the closing line: its pages and files.
pub fn counts(output: &hromada::render::Output) -> (String, String) {
    // Every HTML page of the output: content, lists, venues, events, redirects.
    let html = output
        .files()
        .keys()
        .filter(|k| k.ends_with(".html"))
        .count();
    (pages(html), files(output.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
