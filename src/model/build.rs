//! Builds the `Site` from what was loaded: every page drafted (`page.rs`), one page per
//! address, the link index, the pages built, the registries and the map, then sections and
//! taxonomies (`sections.rs`).

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use rayon::prelude::*;

use super::links::LinkIndex;
use super::page::{Draft, PageContext, content_rel, draft, page_from_draft};
use super::sections::{build_sections, build_taxonomies};
use super::{Asset, Page, PageKind, Site, Sources, Theme};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::load::Loaded;
use crate::registry::Service;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub now: Date,
    pub drafts: bool,
    /// Publish at this address instead of site.toml's `base_url` (a preview, a local check).
    pub base_url: Option<String>,
    /// Keep the text of every content page in `Sources` after modelling: `check` points at
    /// the line that made a problem it finds in the output. A build does not need them, and
    /// at 10,000 pages they are 30 MB of its peak.
    pub keep_texts: bool,
}

/// The site built from what was loaded, and every problem found; `Err` (with them all) when
/// any is an error.
pub fn build(loaded: Loaded, opts: &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    build_with_index(loaded, opts).map(|(site, _, diags)| (site, diags))
}

/// [`build`], with the link index the pages were built against: the preview keeps it to
/// re-model one edited page alone (`patch.rs`).
pub fn build_with_index(
    mut loaded: Loaded,
    opts: &BuildOptions,
) -> Result<(Site, LinkIndex, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    if let Some(url) = &opts.base_url
        && let Err(d) = loaded.config.set_base_url(url)
    {
        diags.push(d);
        return Err(diags);
    }
    diags.extend(loaded.config.warnings.iter().cloned());
    let (services, service_problems) =
        crate::registry::services::parse(loaded.services_file.as_ref());
    diags.extend(service_problems);
    let (synonyms, synonym_problems) = crate::synonyms::parse(loaded.synonyms_file.as_ref());
    diags.extend(synonym_problems);
    let (plan, plan_problems) =
        crate::plan::load(loaded.plan_file.as_ref(), &loaded.config, &services);
    diags.extend(plan_problems);

    // 1. Front matter of every file, and the headings each body will have. A file whose
    // front matter cannot be read is still known to links (as `broken`), so that one mistake
    // is reported once, not again at every link to it.
    let t = crate::timing::Timer::start();
    let (drafts_all, broken) = read_drafts(&loaded, &mut diags);
    // A page still holding `new`'s outline placeholders: a warning for a draft, an error
    // for a page to publish.
    diags.extend(drafts_all.iter().filter_map(|d| {
        let s = &d.split;
        crate::scaffold::placeholder(d.source, s.body, s.body_line_offset, s.front.draft)
    }));
    // Drafts stay out unless asked for.
    let (drafts, left_out): (Vec<Draft>, Vec<Draft>) = drafts_all
        .into_iter()
        .partition(|d| opts.drafts || !d.split.front.draft);

    // 2. URLs: one page per URL.
    check_unique_paths(&drafts, &mut diags);

    // 3. Everything a link may point at.
    let (assets, files) = content_assets(&loaded);
    let index = link_index(&drafts, &broken, &left_out, files, &loaded);

    // 4. Bodies, links and front matter checks, in parallel.
    let mut pages = build_pages(&drafts, &index, &loaded, &services, opts.now, &mut diags);
    check_aliases(&pages, &mut diags);
    t.lap("  pages");

    let registries = registries(
        &loaded.venue_files,
        &loaded.event_files,
        &loaded.config,
        &services,
        opts.now,
        &mut diags,
    );
    t.lap("  registries");

    let map = build_map(&loaded.map_files, &loaded.config, &registries, &mut diags);
    t.lap("  map layers");

    if diags.has_errors() {
        return Err(diags);
    }

    // 5. Sections, in display order.
    let sections = build_sections(&mut pages, &loaded.config);
    let taxonomies = build_taxonomies(&pages, &loaded.config);

    let site = Site {
        config: loaded.config,
        now: opts.now,
        pages,
        sections,
        taxonomies,
        services,
        synonyms,
        plan,
        registries,
        map,
        theme: Theme {
            templates: loaded.templates,
            string_table: loaded.string_table,
            strings: loaded.strings,
            strings_by_lang: loaded.strings_by_lang,
            assets: loaded.theme_assets,
            poster_files: loaded.poster_files,
            logo: loaded.logo,
        },
        sources: Sources {
            root: loaded.root,
            static_files: loaded.static_files,
            assets,
            texts: std::iter::once(loaded.config_file)
                .chain(loaded.content.into_iter().filter(|_| opts.keep_texts))
                .map(|f| (f.path, f.text))
                .collect(),
        },
    };
    Ok((site, index, diags))
}

/// The draft of every content file, and the drafts of files whose front matter has a
/// problem (reported here), which links still know.
fn read_drafts<'a>(
    loaded: &'a Loaded,
    diags: &mut Diagnostics,
) -> (Vec<Draft<'a>>, Vec<Draft<'a>>) {
    let instructions_dir = loaded
        .config
        .paths
        .instructions
        .trim_matches('/')
        .to_string();
    let parsed: Vec<(Option<Diagnostic>, Option<Draft>)> = loaded
        .content
        .par_iter()
        .map(|f| draft(f, &instructions_dir))
        .collect();
    let mut drafts_all = Vec::with_capacity(parsed.len());
    let mut broken = Vec::new();
    for (problem, draft) in parsed {
        match (problem, draft) {
            (None, Some(d)) => drafts_all.push(d),
            (Some(e), d) => {
                diags.push(e);
                broken.extend(d);
            }
            (None, None) => {}
        }
    }
    (drafts_all, broken)
}

/// Two pages at one address are an error (E0211), reported at the later file.
fn check_unique_paths(drafts: &[Draft], diags: &mut Diagnostics) {
    let mut by_path: BTreeMap<&str, &Draft> = BTreeMap::new();
    for d in drafts {
        if d.path.is_empty() && d.kind != PageKind::Section {
            continue;
        }
        if let Some(other) = by_path.insert(&d.path, d) {
            let (first, second) = if other.source < d.source {
                (other, d)
            } else {
                (d, other)
            };
            diags.push(same_address(first, second));
        }
    }
}

/// E0211: `second` would be published at the address of `first`.
fn same_address(first: &Draft, second: &Draft) -> Diagnostic {
    Diagnostic::error(
        "E0211",
        second.source,
        tr!(
            "two pages would be published at /{}",
            "дві сторінки вийшли б за однією адресою /{}",
            second.path
        ),
    )
    .at_opt(
        second
            .split
            .positions
            .value("slug")
            .or(Some(Location::new(1, 1, 1))),
    )
    .related(
        first.source,
        None,
        tr!(
            "the other page with this address",
            "друга сторінка з цією адресою"
        ),
    )
    .hint(tr!(
        "give one of them another file name or a different `slug` in its front matter",
        "дайте одній із них іншу назву файлу або інший `slug` у налаштуваннях сторінки"
    ))
}

/// The files beside the pages, each with its output path, and every file a link may name:
/// static files and those (by their path under `content/`) → output path.
fn content_assets(loaded: &Loaded) -> (Vec<Asset>, HashMap<String, String>) {
    let mut assets = Vec::new();
    let mut files: HashMap<String, String> = loaded
        .static_files
        .keys()
        .map(|k| (k.clone(), k.clone()))
        .collect();
    for a in &loaded.assets {
        let rel = content_rel(a);
        let output = match rel.rsplit_once('/') {
            Some((dir, name)) => format!("{}{name}", crate::urls::content_dir(dir)),
            None => rel.clone(),
        };
        files.insert(rel, output.clone());
        assets.push(Asset {
            source: a.clone(),
            output,
        });
    }
    (assets, files)
}

/// Everything a link may point at: pages (broken ones too) with their anchors, files, and
/// the drafts left out of this build.
fn link_index(
    drafts: &[Draft],
    broken: &[Draft],
    left_out: &[Draft],
    files: HashMap<String, String>,
    loaded: &Loaded,
) -> LinkIndex {
    LinkIndex {
        pages: drafts
            .iter()
            .chain(broken)
            .map(|d| (d.rel.clone(), (d.path.clone(), d.anchors.clone())))
            .collect(),
        page_paths: drafts
            .iter()
            .map(|d| (d.path.clone(), d.rel.clone()))
            .collect(),
        files,
        drafts: left_out.iter().map(|d| d.rel.clone()).collect(),
        base_path: loaded.config.base_path().to_string(),
    }
}

/// Every page built from its draft, in parallel; their problems in the drafts' order.
fn build_pages(
    drafts: &[Draft],
    index: &LinkIndex,
    loaded: &Loaded,
    services: &[Service],
    now: Date,
    diags: &mut Diagnostics,
) -> Vec<Page> {
    let cx = PageContext {
        config: &loaded.config,
        strings_by_lang: &loaded.strings_by_lang,
        services,
        now,
    };
    let results: Vec<(Page, Diagnostics)> = drafts
        .par_iter()
        .map(|d| page_from_draft(d, index, &cx))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    for (p, ds) in results {
        diags.extend(ds);
        pages.push(p);
    }
    pages
}

/// The venues and events, with the warnings about them that need the build's date.
pub(super) fn registries(
    venue_files: &[crate::source::SourceFile],
    event_files: &[crate::source::SourceFile],
    config: &crate::config::Config,
    services: &[Service],
    now: Date,
    diags: &mut Diagnostics,
) -> crate::registry::Registries {
    let (registries, registry_diags) =
        crate::registry::build(venue_files, event_files, config, services);
    diags.extend(registry_diags);
    registration_warnings(&registries, now, diags);
    crate::registry::deadline_warnings(&registries.events, now, diags);
    registries
}

/// The map's layers read and prepared; `None` when there is nothing to draw.
pub(super) fn build_map(
    map_files: &[crate::source::SourceFile],
    config: &crate::config::Config,
    registries: &crate::registry::Registries,
    diags: &mut Diagnostics,
) -> Option<crate::geo::Map> {
    let layers_config = &config.map.layers;
    let read: Vec<_> = map_files
        .par_iter()
        .zip(layers_config.par_iter())
        .map(|(f, l)| crate::geo::load::read(&f.text, &f.path, l.label.as_deref()))
        .collect();
    let mut layers = Vec::with_capacity(read.len());
    for (layer, ds) in read {
        diags.extend(ds);
        layers.push(layer);
    }
    let venues: Vec<[f64; 2]> = registries
        .venues
        .iter()
        .filter_map(|v| v.location.map(|(lon, lat)| [lon, lat]))
        .collect();
    crate::geo::prepare(layers_config, layers, &venues)
}

/// An alias must not be another page's address, nor another page's alias (E0212).
fn check_aliases(pages: &[Page], diags: &mut Diagnostics) {
    let paths: HashMap<&str, &Page> = pages.iter().map(|p| (p.path.as_str(), p)).collect();
    let mut aliases: HashMap<&str, &Page> = HashMap::new();
    for p in pages {
        for a in &p.aliases {
            if let Some(other) = paths.get(a.as_str()) {
                diags.push(alias_is_an_address(p, a, other));
            } else if let Some(other) = aliases.insert(a, p)
                && other.source != p.source
            {
                diags.push(alias_used_twice(p, a, other));
            }
        }
    }
}

/// E0212: the alias `a` of `p` is the address of `other`.
fn alias_is_an_address(p: &Page, a: &str, other: &Page) -> Diagnostic {
    Diagnostic::error(
        "E0212",
        &p.source,
        tr!(
            "alias /{a} is the address of another page",
            "стара адреса /{a} — це адреса іншої сторінки"
        ),
    )
    .related(
        &other.source,
        None,
        tr!("the page at that address", "сторінка з цією адресою"),
    )
    .hint(tr!(
        "remove the alias; an alias is only for an old address that no page uses now",
        "приберіть її: стара адреса (alias) — лише для адреси, якою тепер не користується жодна сторінка"
    ))
}

/// E0212: the alias `a` of `p` is also an alias of `other`.
fn alias_used_twice(p: &Page, a: &str, other: &Page) -> Diagnostic {
    Diagnostic::error(
        "E0212",
        &p.source,
        tr!(
            "alias /{a} is also an alias of another page",
            "стара адреса /{a} є й в іншої сторінки"
        ),
    )
    .related(
        &other.source,
        None,
        tr!(
            "the other page with this alias",
            "друга сторінка з цією старою адресою"
        ),
    )
    .hint(tr!(
        "an old address can redirect to one page only; remove one alias",
        "стара адреса може вести лише на одну сторінку; приберіть одну з них"
    ))
}

/// An upcoming event that says nothing about registration (W0627): residents ask that first.
/// Past events are left alone, they are history.
fn registration_warnings(
    registries: &crate::registry::Registries,
    now: Date,
    diags: &mut Diagnostics,
) {
    for e in &registries.events {
        if e.registration.is_none() && !e.is_past(now) {
            diags.push(
                Diagnostic::warning(
                    "W0627",
                    &e.source.file,
                    tr!(
                        "event `{}` says nothing about registration",
                        "у події `{}` нічого не сказано про реєстрацію",
                        e.id
                    ),
                )
                .at_opt(e.record_at)
                .hint(tr!(
                    "residents ask first whether to sign up: add registration: with phone, url or note; when anyone can just come, write registration: {{note: \"Не потрібна — просто приходьте\"}}",
                    "мешканці насамперед питають, чи треба записуватися: додайте registration: з phone, url або note; якщо можна просто прийти, напишіть registration: {{note: \"Не потрібна — просто приходьте\"}}"
                )),
            );
        }
    }
}
