//! Posters for events: for every event whose next session is within `[posters] ahead` of the
//! build date (and past ones with `[posters] past`), each format of `[posters] formats` — an
//! A4 PDF and a 1200×630 PNG by default — from the theme's SVG templates. Posters are cached
//! outside the output by a hash of everything that shapes them (the template's inputs —
//! event, venue, site settings, strings —, the templates, the fonts, the drawing code's
//! version), so an unchanged event is neither filled nor drawn again; drawing runs in
//! parallel.

use std::sync::OnceLock;

use rayon::prelude::*;
use tera::Context;

use super::records::DateWords;
use super::{Content, Output, Renderer, Scope, Templates};
use crate::config::posters::Format;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::poster::cache::PosterCache;
use crate::poster::qr::Qr;
use crate::poster::{Engine, Fonts, Overflow};
use crate::registry::Event;

mod inputs;

pub use inputs::poster_inputs;

/// The posters of upcoming events, drawn or taken from the cache the command hands in.
pub struct Posters<'a> {
    pub cache: &'a PosterCache,
}

/// Bumped when the rendering itself changes, so cached posters are made again.
const ENGINE_VERSION: &str = "hromada-posters-4";

/// The events that get posters in the site: those whose next session starts within
/// `[posters] ahead` of the build date (one under way counts), and past ones when the site
/// asks. The event page, the posters page and the renderer all ask here, so a page links
/// only posters that are drawn. (`hromada poster` draws any event on request.)
pub fn events(site: &Site) -> impl Iterator<Item = &Event> {
    site.registries
        .events
        .iter()
        .filter(|e| has_posters(site, e))
}

/// Whether an event gets posters in this build (see [`events`]).
pub fn has_posters(site: &Site, e: &Event) -> bool {
    let posters = &site.config.posters;
    match e.upcoming(site.now).next() {
        Some(next) => match site
            .now
            .checked_add(jiff::Span::new().days(posters.ahead_days))
        {
            Ok(last_day) => next.start.date() <= last_day,
            // Past the calendar's end: every upcoming event is within.
            Err(_) => true,
        },
        None => posters.past,
    }
}

/// The posters of one event in this build, as (format, output path); none when the event
/// gets no posters (see [`events`]).
pub fn files(site: &Site, e: &Event) -> Vec<(Format, String)> {
    if !has_posters(site, e) {
        return Vec::new();
    }
    site.config
        .posters
        .formats
        .iter()
        .filter(|f| site.theme.poster_files.contains_key(f.template))
        .map(|f| (*f, format!("{}{}", e.path, f.file)))
        .collect()
}

/// The engine with the site's poster templates and fonts.
pub fn engine(site: &Site) -> Result<Engine, Diagnostics> {
    let mut diags = Diagnostics::new();
    let fonts: Vec<(String, Vec<u8>)> = site
        .theme
        .poster_files
        .iter()
        .filter(|(n, _)| {
            let n = n.to_ascii_lowercase();
            n.ends_with(".ttf") || n.ends_with(".otf") || n.ends_with(".ttc")
        })
        .map(|(n, f)| (n.clone(), f.bytes.clone()))
        .collect();
    let (fonts, bad) = Fonts::load(&fonts);
    for name in bad {
        if let Some(f) = site.theme.poster_files.get(&name) {
            diags.push(
                Diagnostic::error(
                    "E0521",
                    &f.path,
                    tr!(
                        "this font file cannot be read",
                        "цей файл шрифту не читається"
                    ),
                )
                .hint(tr!(
                    "use a TrueType or OpenType font (.ttf, .otf) with Ukrainian letters",
                    "візьміть шрифт TrueType або OpenType (.ttf, .otf) з українськими літерами"
                )),
            );
        }
    }
    let mut templates = Vec::new();
    for (name, f) in site
        .theme
        .poster_files
        .iter()
        .filter(|(n, _)| n.ends_with(".svg") && !n.contains('/'))
    {
        match String::from_utf8(f.bytes.clone()) {
            Ok(t) => templates.push((name.clone(), t)),
            Err(_) => diags.push(Diagnostic::error(
                "E0006",
                &f.path,
                tr!(
                    "this file is not UTF-8 text",
                    "цей файл — не текст у кодуванні UTF-8"
                ),
            )),
        }
    }
    for f in &site.config.posters.formats {
        if !site.theme.poster_files.contains_key(f.template) {
            diags.push(
                Diagnostic::error(
                    "E0523",
                    crate::config::CONFIG_FILE,
                    tr!(
                        "the poster format `{}` has no template posters/{}",
                        "для формату афіші `{}` немає шаблону posters/{}",
                        f.key,
                        f.template
                    ),
                )
                .hint(tr!(
                    "remove it from [posters] formats, or add the template to the theme's (or the site's) posters/",
                    "приберіть його з formats у [posters] або додайте шаблон у posters/ теми (чи сайту)"
                )),
            );
        }
    }
    if fonts.is_empty() && !templates.is_empty() {
        diags.push(
            Diagnostic::error(
                "E0521",
                format!("themes/{}/posters/fonts", site.config.theme),
                tr!("the posters have no font", "для афіш немає шрифту"),
            )
            .hint(tr!(
                "put a .ttf font with Ukrainian letters (and its licence) in the theme's posters/fonts/",
                "покладіть шрифт .ttf з українськими літерами (і його ліцензію) в posters/fonts/ теми"
            )),
        );
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Engine::new(&templates, fonts).map_err(|e| {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error(
                "E0520",
                format!("themes/{}/posters", site.config.theme),
                tr!(
                    "a poster template cannot be read: {e}",
                    "шаблон афіші не читається: {e}"
                ),
            )
            .hint(tr!(
                "check the {{{{ }}}} and {{% %}} tags of the poster templates",
                "перевірте теги {{{{ }}}} і {{% %}} у шаблонах афіш"
            )),
        );
        d
    })
}

/// The cache's name for a poster: a hash of the drawing code's version, the format, every
/// poster template, the fonts and the template's inputs, with the format's extension.
fn cache_name(key_parts: &[&[u8]], format: &Format) -> String {
    use siphasher::sip128::Hasher128;
    use std::hash::Hasher;
    let mut h = siphasher::sip128::SipHasher13::new();
    for part in key_parts {
        h.write(&(part.len() as u64).to_le_bytes());
        h.write(part);
    }
    let ext = if format.png.is_some() { "png" } else { "pdf" };
    format!("{:032x}.{ext}", h.finish128().as_u128())
}

/// One warning per event and text box, naming every poster format it overflows.
fn overflow_warnings(found: Vec<(&Event, &'static str, Overflow)>) -> Vec<Diagnostic> {
    let mut grouped: Vec<(&Event, String, Vec<&'static str>)> = Vec::new();
    for (e, format, o) in found {
        match grouped
            .iter_mut()
            .find(|(ge, key, _)| ge.id == e.id && *key == o.key)
        {
            Some((_, _, formats)) => formats.push(format),
            None => grouped.push((e, o.key.clone(), vec![format])),
        }
    }
    grouped
        .into_iter()
        .map(|(e, key, formats)| {
            let what = if key == "title" {
                tr!("title", "назва")
            } else {
                tr!("«{key}» text", "текст «{key}»")
            };
            Diagnostic::warning(
                "W0901",
                &e.source.file,
                tr!(
                    "the {what} of event `{}` does not fit its box on the {} poster{}, even at the smallest size",
                    "{what} події `{}` не вміщається у свою рамку на {} {}, навіть найменшим кеглем",
                    e.id,
                    formats.join(tr!(" and ", " і ").as_str()),
                    crate::i18n::word(formats.len(), ["", "s"], ["афіші", "афішах", "афішах"])
                ),
            )
            .at_opt(if key == "title" { e.title_at } else { None })
            .hint(tr!(
                "the poster shows it whole, but crowded past its box; a title of up to about 100 letters fits",
                "афіша покаже її повністю, але тісно й поза рамкою; вміщається назва приблизно до 100 літер"
            ))
        })
        .collect()
}

/// A poster made: its output path, bytes, event, format, and the texts that overflowed.
type Made<'a> = (String, Vec<u8>, &'a Event, &'static str, Vec<Overflow>);

/// Renders the posters of the given events into `out`, in parallel.
pub fn render_events<'a>(
    site: &Site,
    engine: &Engine,
    cache: &PosterCache,
    events: impl Iterator<Item = &'a Event>,
    out: &mut Output,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let w = DateWords::new(site);
    let shared = shared(site);
    // The inputs once per event, then every poster of every event in parallel.
    let events: Vec<(&Event, EventInputs)> = events
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|e| {
            (
                e,
                EventInputs::new(poster_inputs(site, &w, e, &engine.fonts)),
            )
        })
        .collect();
    let jobs: Vec<(&Event, &EventInputs, Format, String)> = events
        .iter()
        .flat_map(|(e, inputs)| {
            files(site, e)
                .into_iter()
                .map(move |(f, p)| (*e, inputs, f, p))
        })
        .collect();
    let done: Vec<Result<Made, Diagnostic>> = jobs
        .par_iter()
        .map(|(e, inputs, format, path)| {
            let (bytes, overflows) = make(site, engine, cache, &shared, e, format, inputs)?;
            Ok((path.clone(), bytes, *e, format.key, overflows))
        })
        .collect();
    let mut overflowed = Vec::new();
    for r in done {
        match r {
            Ok((path, bytes, e, format, overflows)) => {
                overflowed.extend(overflows.into_iter().map(|o| (e, format, o)));
                if let Err(d) = out.insert(path, Content::Bytes(bytes), &e.source.file) {
                    diags.push(d);
                }
            }
            Err(d) => diags.push(d),
        }
    }
    diags.extend(overflow_warnings(overflowed));
    diags
}

/// A poster's file name (`poster.pdf`) and bytes.
pub type PosterFile = (&'static str, Vec<u8>);

/// One event's posters in every configured format, whether it is upcoming or not (for
/// `hromada poster`): (file name, bytes), and the layout's warnings.
pub fn render_one_event(
    site: &Site,
    engine: &Engine,
    cache: &PosterCache,
    e: &Event,
) -> Result<(Vec<PosterFile>, Diagnostics), Diagnostics> {
    let w = DateWords::new(site);
    let shared = shared(site);
    let inputs = EventInputs::new(poster_inputs(site, &w, e, &engine.fonts));
    let mut files = Vec::new();
    let mut overflowed = Vec::new();
    let mut errors = Diagnostics::new();
    for format in site
        .config
        .posters
        .formats
        .iter()
        .filter(|f| site.theme.poster_files.contains_key(f.template))
    {
        match make(site, engine, cache, &shared, e, format, &inputs) {
            Ok((bytes, overflows)) => {
                overflowed.extend(overflows.into_iter().map(|o| (e, format.key, o)));
                files.push((format.file, bytes));
            }
            Err(d) => errors.push(d),
        }
    }
    let mut warnings = Diagnostics::new();
    warnings.extend(overflow_warnings(overflowed));
    if errors.has_errors() {
        errors.extend(warnings);
        return Err(errors);
    }
    Ok((files, warnings))
}

fn fonts_hash_of(site: &Site) -> u64 {
    let font_files: Vec<(String, Vec<u8>)> = site
        .theme
        .poster_files
        .iter()
        .filter(|(n, _)| n.starts_with("fonts/"))
        .map(|(n, f)| (n.clone(), f.bytes.clone()))
        .collect();
    crate::poster::fonts_hash(&font_files)
}

/// What stays the same for every poster of a build: the fonts and templates, hashed.
struct Shared {
    fonts_hash: u64,
    /// The poster templates and the theme's strings they use.
    templates_hash: u64,
}

fn shared(site: &Site) -> Shared {
    use std::hash::Hasher;
    let mut h = siphasher::sip::SipHasher13::new();
    for (name, f) in site
        .theme
        .poster_files
        .iter()
        .filter(|(n, _)| n.ends_with(".svg"))
    {
        h.write(name.as_bytes());
        h.write(&f.bytes);
    }
    h.write(site.theme.string_table.to_string().as_bytes());
    Shared {
        fonts_hash: fonts_hash_of(site),
        templates_hash: h.finish(),
    }
}

/// One event's template inputs, shared by its formats: as text for the cache key, and its
/// QR code, made by the first of its posters that is drawn.
struct EventInputs {
    inputs: serde_json::Value,
    text: String,
    qr: OnceLock<Option<Qr>>,
}

impl EventInputs {
    fn new(inputs: serde_json::Value) -> Self {
        EventInputs {
            text: inputs.to_string(),
            inputs,
            qr: OnceLock::new(),
        }
    }
}

/// One poster of one event: its bytes and the texts that overflowed their boxes, from the
/// cache when these inputs were drawn before (the overflows are cached beside it).
fn make(
    site: &Site,
    engine: &Engine,
    cache: &PosterCache,
    shared: &Shared,
    e: &Event,
    format: &Format,
    event_inputs: &EventInputs,
) -> Result<(Vec<u8>, Vec<Overflow>), Diagnostic> {
    let inputs = &event_inputs.inputs;
    let name = cache_name(
        &[
            ENGINE_VERSION.as_bytes(),
            format.key.as_bytes(),
            &shared.templates_hash.to_le_bytes(),
            &shared.fonts_hash.to_le_bytes(),
            event_inputs.text.as_bytes(),
        ],
        format,
    );
    let cache_dir = site.sources.root.join(&site.config.posters.cache);
    if let Some(hit) = cache.get(&cache_dir, &name) {
        return Ok(hit);
    }
    let template = format!("themes/{}/posters/{}", site.config.theme, format.template);
    let mut ctx = Context::from_serialize(inputs).map_err(|err| {
        Diagnostic::error(
            "E0520",
            &template,
            tr!(
                "the poster of event `{}` cannot be made: {err}",
                "афішу події `{}` не вдається зробити: {err}",
                e.id
            ),
        )
    })?;
    let qr = event_inputs
        .qr
        .get_or_init(|| crate::poster::qr::qr(&site.permalink(&e.path)));
    ctx.insert("qr", qr);
    ctx.insert("t", &site.theme.string_table);
    let (svg, overflows) = engine.svg(format.template, &ctx).map_err(|err| {
        Diagnostic::error(
            "E0520",
            &template,
            tr!(
                "the poster of event `{}` cannot be made: {err}",
                "афішу події `{}` не вдається зробити: {err}",
                e.id
            ),
        )
        .hint(tr!(
            "check the poster template's tags and the names it uses",
            "перевірте теги шаблону афіші й назви, які він використовує"
        ))
    })?;
    let drawn = match format.png {
        Some((w, h)) => engine.png(&svg, w, h),
        None => engine.pdf(
            &svg,
            crate::poster::Meta {
                title: &e.title,
                lang: &site.config.language,
            },
        ),
    };
    let bytes = drawn.map_err(|err| {
        Diagnostic::error(
            "E0522",
            &template,
            tr!(
                "the poster of event `{}` cannot be drawn: {err}",
                "афішу події `{}` не вдається намалювати: {err}",
                e.id
            ),
        )
        .hint(tr!(
            "the template must be a whole SVG document with width, height and viewBox",
            "шаблон має бути цілим SVG-документом із width, height і viewBox"
        ))
    })?;
    cache.put(&cache_dir, &name, &bytes, &overflows);
    Ok((bytes, overflows))
}

impl Renderer for Posters<'_> {
    fn name(&self) -> &'static str {
        "posters"
    }

    fn render(
        &self,
        site: &Site,
        _templates: &Templates,
        _scope: &Scope,
        out: &mut Output,
    ) -> Diagnostics {
        if events(site).next().is_none() || site.config.posters.formats.is_empty() {
            return Diagnostics::new();
        }
        let engine = match engine(site) {
            Ok(e) => e,
            Err(d) => return d,
        };
        render_events(site, &engine, self.cache, events(site), out)
    }
}
