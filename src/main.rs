//! The `hromada` command line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};

use hromada::diag::{self, Diagnostic, Diagnostics};
use hromada::i18n::{self, count};
use hromada::model::BuildOptions;
use hromada::tr;

/// Builds a hromada's digital-literacy landing: Markdown instructions, YAML registries and
/// GeoJSON layers into a static, accessible website.
#[derive(Parser)]
#[command(name = "hromada", version, about, long_about = None)]
struct Cli {
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
    Build {
        #[command(flatten)]
        common: Common,
        /// Output folder [default: public/ in the site's folder].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Build for this address instead of site.toml's base_url (a preview, a local test).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Build the site in memory and serve it on http://127.0.0.1:PORT/, rebuilding when a
    /// file changes: open pages reload by themselves and errors show over the page.
    Serve {
        #[command(flatten)]
        common: Common,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Listen on every network interface, not only this computer's (for a phone on a
        /// trusted local network).
        #[arg(long)]
        lan: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Do everything `build` does and report problems, but write nothing.
    Check {
        #[command(flatten)]
        common: Common,
        /// How to report problems: text for people (stderr), json for tools, or github for
        /// annotations on a pull request's lines (both on stdout).
        #[arg(long, value_enum, default_value = "text")]
        format: DiagFormat,
        /// Also check links to other sites (with curl; working ones are remembered in
        /// .cache/links.json for a week).
        #[arg(long)]
        external: bool,
        /// Seconds to wait for each external site.
        #[arg(long, value_name = "SECS", default_value_t = 10)]
        timeout: u64,
    },
    /// Count what plans of measures report on, for a period: events held by kind and
    /// audience, hours of training, venues, instructions published and reviewed.
    Report {
        #[command(flatten)]
        common: Common,
        /// First day of the period (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day of the period (YYYY-MM-DD), included.
        #[arg(long, value_name = "DATE")]
        to: String,
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
    },
    /// Start a new instruction (a Markdown file with front matter and the uniform outline),
    /// event or venue (a record appended to data/events.yaml or data/venues.yaml).
    New {
        #[command(flatten)]
        common: Common,
        #[arg(value_enum)]
        what: NewKind,
        /// The title (of an instruction or event) or the name (of a venue).
        title: String,
        /// The e-service an instruction is about [default: the first in data/services.yaml].
        #[arg(long, value_name = "KEY")]
        service: Option<String>,
        /// The venue of an event [default: the first venue; online when there is none].
        #[arg(long, value_name = "ID")]
        venue: Option<String>,
        /// The settlement of a venue.
        #[arg(long, value_name = "NAME", default_value = "Назва населеного пункту")]
        settlement: String,
    },
    /// Start a new hromada's repository in DIR from this one: its theme, e-services and
    /// instructions, placeholder settings, a venue and an event, the publishing workflows
    /// for GitHub and GitLab, the editors' schemas and VS Code settings.
    Init {
        /// The new repository's folder (must not exist, or be empty).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The hromada's name, as on its official documents.
        #[arg(long, value_name = "NAME")]
        hromada: String,
        /// The repository to start from (the one with themes/).
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Today's date for the placeholder event (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        now: Option<String>,
    },
    /// Render one event's posters (the formats of [posters] in site.toml) into a folder,
    /// whether the event is upcoming or past.
    Poster {
        #[command(flatten)]
        common: Common,
        /// The event's id in the events file.
        #[arg(value_name = "EVENT_ID")]
        id: String,
        /// Folder to write the posters to.
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
    },
    /// Write the JSON Schemas of data/venues.yaml, data/events.yaml, data/services.yaml and
    /// of the front matter of pages.
    Schemas {
        /// Folder to write them to.
        #[arg(long, value_name = "DIR", default_value = "schemas")]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum NewKind {
    Instruction,
    Event,
    Venue,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum DiagFormat {
    Text,
    Json,
    Github,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ReportFormat {
    Md,
    Csv,
    Json,
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

fn errors(n: usize) -> String {
    count(n, ["error", "errors"], ["помилка", "помилки", "помилок"])
}

fn warnings(n: usize) -> String {
    count(
        n,
        ["warning", "warnings"],
        ["попередження", "попередження", "попереджень"],
    )
}

fn pages(n: usize) -> String {
    count(n, ["page", "pages"], ["сторінка", "сторінки", "сторінок"])
}

fn files(n: usize) -> String {
    count(n, ["file", "files"], ["файл", "файли", "файлів"])
}

/// `error: …` (or «помилка: …») on stderr, for problems that are not about a file.
fn fail(message: impl std::fmt::Display) {
    eprintln!("{}", tr!("error: {message}", "помилка: {message}"));
}

/// The site's `language` from its site.toml, if it can be read (the full check comes later).
fn site_language(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(hromada::config::CONFIG_FILE)).ok()?;
    let table: toml::Table = text.parse().ok()?;
    table.get("language")?.as_str().map(str::to_string)
}

/// The folder whose site.toml names the language of this command's messages.
fn root_of(command: &Command) -> Option<&Path> {
    match command {
        Command::Build { common, .. }
        | Command::Serve { common, .. }
        | Command::Check { common, .. }
        | Command::Report { common, .. }
        | Command::New { common, .. }
        | Command::Poster { common, .. } => Some(&common.root),
        Command::Init { root, .. } => Some(root),
        Command::Schemas { .. } => None,
    }
}

/// The build options of a command: its date (`--now`, SOURCE_DATE_EPOCH or today) and drafts.
fn build_options(common: &Common) -> Result<BuildOptions, ExitCode> {
    match hromada::dates::build_date(common.now.as_deref()) {
        Ok(now) => Ok(BuildOptions {
            now,
            drafts: common.drafts,
            base_url: None,
        }),
        Err(e) => {
            fail(e);
            Err(ExitCode::from(EXIT_USAGE))
        }
    }
}

/// The site's model for a command that needs data without errors (`what` names the
/// command in the message); its warnings are reported.
fn model_or_fail(
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

fn schemas(out: &Path) -> ExitCode {
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

fn run_report(common: Common, from: &str, to: &str, format: ReportFormat) -> ExitCode {
    let parse = |what: &str, v: &str| {
        hromada::dates::parse(v).ok_or_else(|| {
            tr!(
                "--{what} `{v}` is not a date: write it as YYYY-MM-DD",
                "--{what} `{v}` — не дата: напишіть як РРРР-ММ-ДД"
            )
            .into_string()
        })
    };
    let (from, to, now) = match (
        parse("from", from),
        parse("to", to),
        hromada::dates::build_date(common.now.as_deref()),
    ) {
        (Ok(f), Ok(t), Ok(n)) if f <= t => (f, t, n),
        (Ok(_), Ok(_), Ok(_)) => {
            fail(tr!(
                "--from must not be after --to",
                "--from не може бути пізніше за --to"
            ));
            return ExitCode::from(EXIT_USAGE);
        }
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            fail(e);
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let opts = BuildOptions {
        now,
        drafts: false,
        base_url: None,
    };
    let site = match model_or_fail(&common.root, &opts, tr!("The report", "Звітові")) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let r = hromada::report::report(&site, from, to);
    let text = match format {
        ReportFormat::Md => Ok(hromada::report::markdown(&r)),
        ReportFormat::Csv => hromada::report::csv(&r),
        ReportFormat::Json => serde_json::to_string_pretty(&r)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| e.to_string()),
    };
    match text {
        Ok(t) => {
            let _ = std::io::stdout().write_all(t.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            fail(e);
            ExitCode::from(EXIT_CONTENT)
        }
    }
}

/// `check --format json|github`: every problem on stdout in that format, the exit code as
/// for text.
fn check_for_tools(common: Common, format: DiagFormat, external: Option<Duration>) -> ExitCode {
    let opts = match build_options(&common) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let (diags, code) = match hromada::check(&common.root, &opts, external) {
        Ok(b) => (b.warnings, ExitCode::SUCCESS),
        Err(d) => (d, ExitCode::from(EXIT_CONTENT)),
    };
    let text = match format {
        DiagFormat::Json => diag::json(&diags),
        _ => diag::github(&diags),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    code
}

/// The ids of the records in YAML list files (`- id: …` lines).
fn record_ids(files: &[hromada::load::SourceFile]) -> Vec<String> {
    files
        .iter()
        .flat_map(|f| f.text.lines())
        .filter_map(|l| l.trim_start().strip_prefix("- id:"))
        .map(|id| id.trim().trim_matches('"').to_string())
        .collect()
}

fn new(
    common: Common,
    what: NewKind,
    title: &str,
    service: Option<String>,
    venue: Option<String>,
    settlement: &str,
) -> ExitCode {
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
        NewKind::Instruction => {
            let Some(service) = service.or_else(|| loaded.services.first().map(|s| s.key.clone()))
            else {
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
        NewKind::Event => {
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
        NewKind::Venue => {
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

fn poster(common: Common, id: &str, out: &Path) -> ExitCode {
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
    if let Err(e) = std::fs::create_dir_all(out) {
        fail(tr!(
            "cannot create {}: {e}",
            "не вдається створити {}: {e}",
            out.display()
        ));
        return ExitCode::from(EXIT_CONTENT);
    }
    for (name, bytes) in files {
        let path = out.join(format!("{id}-{name}"));
        if let Err(e) = std::fs::write(&path, bytes) {
            fail(tr!(
                "cannot write {}: {e}",
                "не вдається записати {}: {e}",
                path.display()
            ));
            return ExitCode::from(EXIT_CONTENT);
        }
        println!("{}", path.display());
    }
    ExitCode::SUCCESS
}

fn init(root: &Path, dir: &Path, hromada: &str, now: Option<&str>) -> ExitCode {
    let today = match hromada::dates::build_date(now) {
        Ok(d) => d,
        Err(e) => {
            fail(e);
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match hromada::init::init(root, dir, hromada, today) {
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

fn serve(common: Common, port: u16, lan: bool, open: bool) -> ExitCode {
    let build = match build_options(&common) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let opts = hromada::serve::Options {
        root: common.root,
        build,
        port,
        lan,
        open,
    };
    match hromada::serve::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            fail(e);
            ExitCode::from(EXIT_CONTENT)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let env_lang = std::env::var("HROMADA_LANG").ok();
    let site_lang = root_of(&cli.command).and_then(site_language);
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
    let (common, out, base_url, external) = match cli.command {
        Command::Report {
            common,
            from,
            to,
            format,
        } => return run_report(common, &from, &to, format),
        Command::Schemas { out } => return schemas(&out),
        Command::Init {
            dir,
            hromada,
            root,
            now,
        } => return init(&root, &dir, &hromada, now.as_deref()),
        Command::Serve {
            common,
            port,
            lan,
            open,
        } => return serve(common, port, lan, open),
        Command::Poster { common, id, out } => return poster(common, &id, &out),
        Command::New {
            common,
            what,
            title,
            service,
            venue,
            settlement,
        } => return new(common, what, &title, service, venue, &settlement),
        Command::Build {
            common,
            out,
            base_url,
        } => {
            let out = out.unwrap_or_else(|| common.root.join("public"));
            (common, Some(out), base_url, None)
        }
        Command::Check {
            common,
            format,
            external,
            timeout,
        } => {
            let external = external.then(|| Duration::from_secs(timeout));
            if format != DiagFormat::Text {
                return check_for_tools(common, format, external);
            }
            (common, None, None, external)
        }
    };
    let started = Instant::now();
    let opts = match build_options(&common) {
        Ok(o) => BuildOptions { base_url, ..o },
        Err(code) => return code,
    };
    let root = common.root;
    if std::io::stderr().is_terminal() {
        eprintln!("{}", tr!("Building {} …", "Збираю {} …", root.display()));
    }
    // A folder that may not receive the output is refused before the work of building.
    if let Some(out) = &out
        && let Err(e) = hromada::write::check_target(out, &root)
    {
        return write_failed(out, &e, &root);
    }
    let built = match if out.is_some() {
        let caches = hromada::render::Caches::new(hromada::poster::cache::Use::ReadWrite);
        hromada::build(&root, &opts, &caches)
    } else {
        hromada::check(&root, &opts, external)
    } {
        Ok(b) => b,
        Err(diags) => {
            report(&diags, &root);
            eprintln!(
                "{}",
                tr!(
                    "Failed: {}, {}.{}",
                    "Не вдалося: {}, {}.{}",
                    errors(diags.error_count()),
                    warnings(diags.warning_count()),
                    if out.is_some() {
                        tr!(
                            " The previous output was left as it was.",
                            " Попередній вихід залишено як був."
                        )
                        .into_string()
                    } else {
                        String::new()
                    }
                )
            );
            return ExitCode::from(EXIT_CONTENT);
        }
    };
    report(&built.warnings, &root);
    // Every HTML page of the output: content, lists, venues, events, redirects.
    let pages = built
        .output
        .files()
        .keys()
        .filter(|k| k.ends_with(".html"))
        .count();
    let files = built.output.len();
    let warned = warnings(built.warnings.warning_count());
    let (pages, files) = (self::pages(pages), self::files(files));
    match out {
        None => {
            eprintln!(
                "{}",
                tr!(
                    "Checked {pages}, {files} in {:.2} s: no errors, {warned}.",
                    "Перевірено: {pages}, {files} за {:.2} с; помилок немає, {warned}.",
                    started.elapsed().as_secs_f64()
                )
            );
            ExitCode::SUCCESS
        }
        Some(out) => match hromada::write::write(&built.output, &out, &root) {
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
        },
    }
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
    ExitCode::from(EXIT_CONTENT)
}
