//! Entry points for the fuzz targets in `fuzz/` (cargo-fuzz, nightly) and for the test that
//! replays their seed corpora on stable. Each function takes arbitrary bytes, runs one reader
//! of the site's sources end to end through the functions the build uses, renders every
//! problem it reports (the error path must not panic either) and ignores the result.
//!
//! The settings, services and venues the inputs are checked against are the example site's
//! of this repository (`CARGO_MANIFEST_DIR`), read once; when they cannot be read, built-in
//! minimal ones stand in. Diagnostics are rendered with snippets of the input: the input is
//! written under a scratch folder in the system's temporary folder (`TMPDIR`), because
//! [`diag::render`] reads sources from a site folder. Nothing else is written.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::config::map::{LayerStyle, MapLayer};
use crate::config::{self, Config};
use crate::diag::{self, Diagnostic, Diagnostics, Location};
use crate::load::{Loaded, SourceFile};
use crate::model::BuildOptions;
use crate::registry::hours;
use crate::registry::records::VenueRecord;
use crate::yaml;

/// Settings used when the repository's `site.toml` cannot be read (the theme is still looked
/// up under the repository).
const MINIMAL_SITE: &str = "title = \"T\"\nbase_url = \"https://x.example/\"\nhromada = \"Х\"\n[hotline]\nphone = \"0 800 000 000\"\n";

/// The front matter of every neighbouring instruction: complete, so that they report nothing.
const NEIGHBOUR_FRONT: &str = "summary: Сусідня інструкція.\naudience: [adults]\ncompetence: information\nlevel: basic\nduration: 10\nreviewed: 2026-10-01\n";

/// The body of every neighbouring page: headings to link to.
const NEIGHBOUR_BODY: &str = "Вступ.\n\n## Що потрібно\n\nТелефон.\n\n## Кроки\n\n1. Відкрийте.\n2. Готово.\n\n## Що може піти не так\n\nНічого.\n";

/// Pages of the example site that its pages link to most, so that links and anchors of
/// the fuzzed page resolve as they would on the site. Short and valid: they report nothing.
const NEIGHBOURS: [&str; 4] = [
    "content/hariacha-liniia.md",
    "content/instruktsii/diia-pidpys.md",
    "content/instruktsii/diia-vstanovlennia.md",
    "content/instruktsii/shakhraistvo-dzvinky-sms.md",
];

/// Where the fuzzed page sits: an instruction, so that every front matter check runs.
const PAGE: &str = "content/instruktsii/fuzz.md";

/// What every input is checked against.
struct Context {
    /// The repository: the theme, the logo and the map's layers are looked up here.
    root: PathBuf,
    config: Config,
    /// The example site's `data/services.yaml`.
    services_file: Option<SourceFile>,
    /// The example site's venues, made light (events refer to them).
    venues: Option<SourceFile>,
    /// Pages for the fuzzed page to link to.
    neighbours: Vec<SourceFile>,
}

/// The pages of [`NEIGHBOURS`]; instructions about `service`.
fn neighbours(service: Option<&str>) -> Vec<SourceFile> {
    NEIGHBOURS
        .iter()
        .map(|path| {
            let title = path.trim_end_matches(".md").replace('/', " ");
            let front = match service {
                Some(key) if path.starts_with("content/instruktsii/") => {
                    format!("service: {key}\n{NEIGHBOUR_FRONT}")
                }
                _ => String::new(),
            };
            SourceFile {
                text: format!("---\ntitle: {title}\n{front}---\n{NEIGHBOUR_BODY}"),
                path: PathBuf::from(path),
            }
        })
        .collect()
}

/// The example site's venues without what is slow to check and not needed by events (hours
/// of every form, Markdown descriptions): the events target checks them on every input.
fn light_venues(text: &str) -> Option<String> {
    let path = Path::new(crate::registry::VENUES_FILE);
    let (mut records, _) = yaml::parse::<Vec<VenueRecord>>(text, path, 0).ok()?;
    for r in &mut records {
        r.hours = Some("24/7".into());
        r.description = None;
    }
    serde_yaml_ng::to_string(&records).ok()
}

fn context() -> Option<&'static Context> {
    static CONTEXT: OnceLock<Option<Context>> = OnceLock::new();
    CONTEXT
        .get_or_init(|| {
            let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
            let read = |rel: &str| std::fs::read_to_string(root.join(rel)).ok();
            let site = read(config::CONFIG_FILE).unwrap_or_else(|| MINIMAL_SITE.to_string());
            let config = config::parse_text(&site, &root)
                .or_else(|_| config::parse_text(MINIMAL_SITE, &root))
                .ok()?;
            let services_file = read(crate::registry::SERVICES_FILE).map(|text| SourceFile {
                path: PathBuf::from(crate::registry::SERVICES_FILE),
                text,
            });
            let (services, _) = crate::registry::services::parse(services_file.as_ref());
            let venues = read(crate::registry::VENUES_FILE).map(|text| SourceFile {
                text: light_venues(&text).unwrap_or(text),
                path: PathBuf::from(crate::registry::VENUES_FILE),
            });
            let neighbours = neighbours(services.first().map(|s| s.key.as_str()));
            Some(Context {
                neighbours,
                root,
                config,
                services_file,
                venues,
            })
        })
        .as_ref()
}

/// The build's date: fixed, so that a crash reproduces on any day.
fn options() -> BuildOptions {
    BuildOptions {
        now: jiff::civil::date(2026, 12, 1),
        drafts: false,
        base_url: None,
        keep_texts: false,
    }
}

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// A site read "from disk" with these files and nothing else.
fn loaded(
    ctx: &Context,
    content: Vec<SourceFile>,
    venue_files: Vec<SourceFile>,
    event_files: Vec<SourceFile>,
) -> Loaded {
    Loaded {
        root: ctx.root.clone(),
        config: ctx.config.clone(),
        content,
        config_file: SourceFile {
            path: "site.toml".into(),
            text: String::new(),
        },
        assets: vec![PathBuf::from("content/instruktsii/dii-vkhid.svg")],
        static_files: Default::default(),
        services_file: ctx.services_file.clone(),
        synonyms_file: None,
        plan_file: None,
        venue_files,
        event_files,
        map_files: Vec::new(),
        templates: Default::default(),
        string_table: Default::default(),
        strings: Default::default(),
        strings_by_lang: Default::default(),
        theme_assets: Default::default(),
        poster_files: Default::default(),
        logo: None,
    }
}

/// A scratch site folder for this process, where inputs are written so that
/// [`diag::render`] can show snippets of them.
fn scratch() -> Option<&'static Path> {
    static SCRATCH: OnceLock<Option<PathBuf>> = OnceLock::new();
    SCRATCH
        .get_or_init(|| {
            let dir = std::env::temp_dir().join(format!("hromada-fuzz-{}", std::process::id()));
            std::fs::create_dir_all(&dir).ok().map(|()| dir)
        })
        .as_deref()
}

/// Renders `diags` every way the tool can (terminal, JSON, GitHub annotations, the preview's
/// panel), with `sources` as the files they point into.
fn render_all(diags: &Diagnostics, sources: &[&SourceFile]) {
    if diags.is_empty() {
        return;
    }
    let _ = diag::json(diags);
    let _ = diag::github(diags);
    for d in diags.iter() {
        let _ = d.to_string();
    }
    let Some(dir) = scratch() else {
        return;
    };
    // Only the files the diagnostics point into: writing is most of the cost otherwise.
    let named = |f: &&&SourceFile| {
        diags
            .iter()
            .any(|d| d.file == f.path || d.related.iter().any(|(p, _, _)| *p == f.path))
    };
    for f in sources.iter().filter(named) {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(&path, &f.text);
    }
    let _ = diag::render(
        diags,
        dir,
        codespan_reporting::term::termcolor::ColorChoice::Never,
    );
    let _ = diag::panel(diags, dir);
}

/// Models the site (front matter, bodies, links, registries) and renders its problems.
fn model(loaded: Loaded, sources: &[&SourceFile]) {
    let diags = match crate::model::build(loaded, &options()) {
        Ok((_, warnings)) => warnings,
        Err(errors) => errors,
    };
    render_all(&diags, sources);
}

/// A page's text (front matter and Markdown) as an instruction of the example site: front
/// matter split and checked, body rendered to HTML (sanitised when it has raw HTML), links
/// resolved against a neighbouring page, every problem rendered.
pub fn frontmatter_markdown(data: &[u8]) {
    let Some(ctx) = context() else {
        return;
    };
    let page = SourceFile {
        path: PathBuf::from(PAGE),
        text: text(data),
    };
    let mut sources = vec![&page];
    sources.extend(&ctx.neighbours);
    let mut content = vec![page.clone()];
    content.extend(ctx.neighbours.iter().cloned());
    model(loaded(ctx, content, Vec::new(), Vec::new()), &sources);
}

/// A YAML text as `data/venues.yaml`, then as `data/events.yaml` (with the example site's
/// venues), then as `data/services.yaml`: parsed, each record checked, every problem
/// rendered.
pub fn registries(data: &[u8]) {
    let Some(ctx) = context() else {
        return;
    };
    let text = text(data);
    let as_venues = SourceFile {
        path: PathBuf::from(crate::registry::VENUES_FILE),
        text: text.clone(),
    };
    model(
        loaded(ctx, Vec::new(), vec![as_venues.clone()], Vec::new()),
        &[&as_venues],
    );

    let as_events = SourceFile {
        path: PathBuf::from(crate::registry::EVENTS_FILE),
        text: text.clone(),
    };
    let venues: Vec<SourceFile> = ctx.venues.iter().cloned().collect();
    let mut sources: Vec<&SourceFile> = venues.iter().collect();
    sources.push(&as_events);
    model(
        loaded(ctx, Vec::new(), venues.clone(), vec![as_events.clone()]),
        &sources,
    );

    let as_services = SourceFile {
        path: PathBuf::from(crate::registry::SERVICES_FILE),
        text,
    };
    let (_, diags) = crate::registry::services::parse(Some(&as_services));
    render_all(&diags, &[&as_services]);
}

/// A `site.toml` text, checked as the build checks it (the theme, logo and map layers are
/// looked up in this repository; nothing is written), every problem rendered.
pub fn site_toml(data: &[u8]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = SourceFile {
        path: PathBuf::from(config::CONFIG_FILE),
        text: text(data),
    };
    let diags = match config::parse_text(&file.text, root) {
        Ok(mut c) => {
            let _ = c.absolute(c.base_path());
            let _ = c.map.css();
            let warnings = std::mem::take(&mut c.warnings);
            let mut diags = Diagnostics::new();
            diags.extend(warnings);
            diags
        }
        Err(errors) => errors,
    };
    render_all(&diags, &[&file]);
}

/// A GeoJSON map layer: read (coordinates, look-alike letters in names, `crs`), then
/// projected and cut into shared arcs as the map needs, every problem rendered.
pub fn geojson(data: &[u8]) {
    let file = SourceFile {
        path: PathBuf::from("data/geo/fuzz.geojson"),
        text: text(data),
    };
    let (layer, problems) = crate::geo::load::read(&file.text, &file.path, Some("name"));
    if let Some(layer) = layer {
        let conf = |style, fit| MapLayer {
            name: "Шар".into(),
            file: file.path.clone(),
            style,
            label: Some("name".into()),
            fit,
            fill: None,
            stroke: None,
        };
        let layers = [conf(LayerStyle::Area, true), conf(LayerStyle::Point, false)];
        // Two venues in Kropyvnytskyi, as the map would mark them.
        let venues = [[32.2623, 48.5079], [32.2311, 48.5132]];
        let _ = crate::geo::prepare(&layers, vec![Some(layer.clone()), Some(layer)], &venues);
    }
    let mut diags = Diagnostics::new();
    diags.extend(problems);
    render_all(&diags, &[&file]);
}

/// An `hours:` value in OpenStreetMap opening_hours syntax: parsed, said in words and as
/// schema.org `openingHours`; a syntax error is reported at the character it names.
pub fn opening_hours(data: &[u8]) {
    let file = SourceFile {
        path: PathBuf::from(crate::registry::VENUES_FILE),
        text: text(data),
    };
    match hours::parse(&file.text) {
        Ok(expr) => {
            let weekdays: Vec<String> = [
                "понеділок",
                "вівторок",
                "середа",
                "четвер",
                "пʼятниця",
                "субота",
                "неділя",
            ]
            .map(String::from)
            .into();
            let words = hours::Words {
                weekdays: &weekdays,
                closed: "зачинено",
                always: "цілодобово",
                holidays: "святкові дні",
                every_day: "щодня",
            };
            let _ = hours::in_words(&expr, &words);
            let _ = hours::schema_org(&expr);
        }
        Err(e) => {
            let mut diags = Diagnostics::new();
            diags.push(
                Diagnostic::error("E0610", &file.path, crate::i18n::Msg::verbatim(e.message))
                    .at(Location::new(1, 1 + e.offset, 1)),
            );
            render_all(&diags, &[&file]);
        }
    }
}

/// Bytes received by the preview server: the request head parsed (method, target,
/// percent-decoding, refusals), and the bytes as a percent-encoded path.
pub fn http_request(data: &[u8]) {
    match crate::serve::parse_head(data) {
        crate::serve::ParseResult::Complete(r) => {
            let _ = crate::url::percent_decode(&r.path);
        }
        crate::serve::ParseResult::Refused(r) => {
            let _ = r.answer();
        }
        crate::serve::ParseResult::Partial => {}
    }
    let _ = crate::url::percent_decode(&String::from_utf8_lossy(data));
}

/// A fuzz target: arbitrary bytes in, nothing out.
pub type Target = fn(&[u8]);

/// Every fuzz target by name, for the replay test and for tools.
pub const TARGETS: [(&str, Target); 6] = [
    ("frontmatter_markdown", frontmatter_markdown),
    ("registries", registries),
    ("site_toml", site_toml),
    ("geojson", geojson),
    ("opening_hours", opening_hours),
    ("http_request", http_request),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_site_is_the_context() {
        let ctx = context().expect("the example site's settings load");
        assert!(ctx.services_file.is_some());
        assert!(ctx.venues.is_some());
    }

    /// Every seed of every target runs without a panic: the corpora double as regression
    /// tests on stable.
    #[test]
    fn seed_corpora_replay() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
        for (name, run) in TARGETS {
            let dir = corpus.join(name);
            let mut seeds: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .map(|e| e.unwrap().path())
                .collect();
            seeds.sort();
            assert!(!seeds.is_empty(), "no seeds for {name}");
            for seed in seeds {
                run(&std::fs::read(&seed).unwrap());
            }
        }
        if let Some(dir) = scratch() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
