//! One page re-modelled alone, for the preview. When an edit leaves everything that other
//! pages, lists and links read of a page as it was — its address, kind, anchors and front
//! matter — only its text fields (`html`, `headings`, `steps`, `word_count`) change, and
//! the rest of the kept `Site` stands as a whole build would make it. Anything else (a new
//! title, a heading renamed, a problem in the front matter) is not patched: the caller
//! models the whole site again. Likewise the registries: an edit to the venues or events
//! files changes the registries (and the map when a venue moved) and nothing else of the
//! site, so they are made again alone from the kept files.

use super::links::LinkIndex;
use super::page::{PageContext, draft, page_from_draft};
use super::{BuildOptions, Page, Site};
use crate::diag::Diagnostics;
use crate::source::SourceFile;

/// The files a whole build made the registries and the map from, kept by the preview.
#[derive(Clone)]
pub struct RegistryFiles {
    pub venues: Vec<SourceFile>,
    pub events: Vec<SourceFile>,
    pub map: Vec<SourceFile>,
}

impl RegistryFiles {
    pub fn of(loaded: &crate::load::Loaded) -> Self {
        RegistryFiles {
            venues: loaded.venue_files.clone(),
            events: loaded.event_files.clone(),
            map: loaded.map_files.clone(),
        }
    }

    /// Lays a re-read file over the kept one; `false` when it is none of them (a new
    /// events file, a file removed): the whole site is modelled again.
    pub fn replace(&mut self, file: SourceFile) -> bool {
        let kept = self
            .venues
            .iter_mut()
            .chain(self.events.iter_mut())
            .find(|f| f.path == file.path);
        match kept {
            Some(kept) => {
                *kept = file;
                true
            }
            None => false,
        }
    }
}

/// Makes the registries again from `files` (one of which an edit changed) and, when a venue
/// moved, the map; returns their problems and the files those are about, whose old ones they
/// replace. `None` when the registries now have an error.
pub fn registries(
    site: &mut Site,
    files: &RegistryFiles,
    opts: &BuildOptions,
) -> Option<(Diagnostics, Vec<std::path::PathBuf>)> {
    let mut diags = Diagnostics::new();
    let registries = super::build::registries(
        &files.venues,
        &files.events,
        &site.config,
        &site.services,
        opts.now,
        &mut diags,
    );
    let mut about: Vec<_> = files
        .venues
        .iter()
        .chain(&files.events)
        .map(|f| f.path.clone())
        .collect();
    let locations = |r: &crate::registry::Registries| -> Vec<Option<(f64, f64)>> {
        r.venues.iter().map(|v| v.location).collect()
    };
    let moved = locations(&registries) != locations(&site.registries);
    let map = moved.then(|| {
        about.extend(files.map.iter().map(|f| f.path.clone()));
        super::build::build_map(&files.map, &site.config, &registries, &mut diags)
    });
    if diags.has_errors() {
        return None;
    }
    if let Some(map) = map {
        site.map = map;
    }
    site.registries = registries;
    Some((diags, about))
}

/// Lays the new text of `file` (a content page that was already in `site`) over the page
/// kept for it, and returns that page's problems; `None` when the edit changes more than
/// the page's text, or brings an error, and the whole site must be modelled again.
pub fn page_text(
    site: &mut Site,
    index: &LinkIndex,
    file: &SourceFile,
    opts: &BuildOptions,
) -> Option<Diagnostics> {
    let instructions_dir = site.config.paths.instructions.trim_matches('/').to_string();
    let (problem, draft) = draft(file, &instructions_dir);
    let draft = draft.filter(|_| problem.is_none())?;
    if draft.split.front.draft && !opts.drafts {
        return None;
    }
    let at = site.pages.iter().position(|p| p.source == file.path)?;
    let (path, anchors) = index.pages.get(&draft.rel)?;
    if *path != draft.path || *anchors != draft.anchors {
        return None;
    }
    let cx = PageContext {
        config: &site.config,
        strings_by_lang: &site.theme.strings_by_lang,
        services: &site.services,
        now: opts.now,
    };
    let (new, mut diags) = page_from_draft(&draft, index, &cx);
    // As `build.rs` checks every draft: `new`'s outline placeholders left in the page.
    let split = &draft.split;
    diags.extend(crate::scaffold::placeholder(
        draft.source,
        split.body,
        split.body_line_offset,
        split.front.draft,
    ));
    if diags.has_errors() || !same_but_text(&site.pages[at], &new) {
        return None;
    }
    let old = &mut site.pages[at];
    old.html = new.html;
    old.headings = new.headings;
    old.steps = new.steps;
    old.word_count = new.word_count;
    if let Some(text) = site.sources.texts.get_mut(&file.path) {
        text.clone_from(&file.text);
    }
    Some(diags)
}

/// Whether two models of one page differ only in their text. Every field is named, so a
/// new field does not compile until it is sorted here. `section` is not compared: a whole
/// build sets a section page's from its folder (`sections.rs`), and the file is the same.
fn same_but_text(kept: &Page, new: &Page) -> bool {
    let Page {
        source,
        kind,
        section: _,
        path,
        title,
        summary,
        weight,
        draft,
        html: _,
        headings: _,
        steps: _,
        word_count: _,
        reviewed,
        stale,
        service,
        audience,
        competence,
        level,
        duration,
        aliases,
        template,
        lang,
        extra,
    } = new;
    *source == kept.source
        && *kind == kept.kind
        && *path == kept.path
        && *title == kept.title
        && *summary == kept.summary
        && *weight == kept.weight
        && *draft == kept.draft
        && *reviewed == kept.reviewed
        && *stale == kept.stale
        && *service == kept.service
        && *audience == kept.audience
        && *competence == kept.competence
        && *level == kept.level
        && *duration == kept.duration
        && *aliases == kept.aliases
        && *template == kept.template
        && *lang == kept.lang
        && *extra == kept.extra
}
