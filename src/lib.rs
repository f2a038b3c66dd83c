//! hromada: builds a hromada's digital-literacy landing from Markdown, YAML and GeoJSON.
//!
//! The pipeline runs one way: [`load`] reads the files, [`model`] builds one immutable
//! [`model::Site`] and checks it, [`render`] turns it into an in-memory [`render::Output`],
//! and [`write`] swaps it into the output folder.

// Diagnostics travel in `Result::Err`; they are the rare path, built once per problem, so
// their size does not matter and boxing them would only add noise.
#![allow(clippy::result_large_err)]

// First, so that `tr!` is in scope in every module below.
#[macro_use]
pub mod i18n;

pub mod check;
pub mod collate;
pub mod config;
pub mod content;
pub mod dates;
pub mod diag;
pub mod embedded;
#[doc(hidden)]
pub mod fuzzing;
pub mod geo;
pub mod init;
pub mod load;
pub mod model;
pub mod plan;
pub mod poster;
pub mod publish;
pub mod registry;
pub mod render;
pub mod report;
pub mod sandbox;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod source;
pub mod spreadsheet;
pub mod suggest;
pub mod synonyms;
pub mod term;
pub mod timing;
pub mod url;
pub mod urls;
pub mod values;
pub mod write;
pub mod yaml;

use std::path::Path;

use diag::Diagnostics;

/// A site built in memory, with the warnings found on the way.
pub struct Built {
    pub site: model::Site,
    pub output: render::Output,
    pub warnings: Diagnostics,
}

/// Load and model the site under `root`, without rendering (for reports).
pub fn model(
    root: &Path,
    opts: &model::BuildOptions,
) -> Result<(model::Site, Diagnostics), Diagnostics> {
    let loaded = load::load(root)?;
    model::build(loaded, opts)
}

/// Load, model and render the site under `root`, with the caches the command allows.
/// Errors stop the build; all of them are returned together, with the warnings.
pub fn build(
    root: &Path,
    opts: &model::BuildOptions,
    caches: &render::Caches,
) -> Result<Built, Diagnostics> {
    let t = timing::Timer::start();
    let loaded = load::load(root)?;
    t.lap("load");
    let (site, mut warnings) = model::build(loaded, opts)?;
    t.lap("model");
    let rendered = render::render(&site, caches);
    t.lap("render");
    match rendered {
        Ok((output, render_warnings)) => {
            warnings.extend(render_warnings);
            Ok(Built {
                site,
                output,
                warnings,
            })
        }
        Err(mut errors) => {
            errors.extend(warnings);
            Err(errors)
        }
    }
}

/// `build` plus the checks of [`check::output`]: links and anchors in every output page,
/// images without alt text; with `external` (a timeout per address), links to other sites
/// too. Returns the built site with every warning, or all problems.
/// `check` writes nothing: the poster cache is only read.
pub fn check(
    root: &Path,
    opts: &model::BuildOptions,
    external: Option<std::time::Duration>,
) -> Result<Built, Diagnostics> {
    let caches = render::Caches::new(poster::cache::Use::ReadOnly, render::memo::Use::ReadOnly);
    let opts = model::BuildOptions {
        keep_texts: true,
        ..opts.clone()
    };
    let mut built = build(root, &opts, &caches)?;
    let t = timing::Timer::start();
    let (mut found, links) = check::output(&built.site, &built.output);
    t.lap("check output");
    if let Some(timeout) = external {
        match check::external::check(&built.site, &links, timeout) {
            Ok((d, asked)) => {
                eprintln!(
                    "{}",
                    tr!(
                        "External links: {} addresses, {asked} asked, {} from {}.",
                        "Зовнішні посилання: адрес — {}, перевірено зараз — {asked}, взято з {2} — {1}.",
                        links.len(),
                        links.len() - asked,
                        check::external::CACHE_FILE
                    )
                );
                found.extend(d);
            }
            Err(e) => found.push(diag::Diagnostic::error("E0702", "--external", e)),
        }
    }
    if found.has_errors() {
        let mut all = found;
        all.extend(built.warnings);
        return Err(all);
    }
    built.warnings.extend(found);
    Ok(built)
}
