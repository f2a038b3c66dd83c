//! Sections and taxonomies: every content folder a section (with a page made up where the
//! folder has no `_index.md`), pages and subsections in display order, and each taxonomy
//! term's pages.

use std::collections::HashMap;
use std::path::PathBuf;

use super::page::{content_rel, humanize};
use super::{Page, PageKind, Section, TaxonomyIndex};
use crate::config::Config;

/// Pages in display order: by weight (pages without one last), then title (in Ukrainian
/// alphabetical order), then address.
fn sort_key(p: &Page) -> (bool, i64, Vec<u8>, String) {
    (
        p.weight.is_none(),
        p.weight.unwrap_or(0),
        crate::collate::key(&p.title),
        p.path.clone(),
    )
}

/// Groups pages into sections (creating a page for folders without `_index.md`) and sorts
/// pages and sections by weight, then title.
pub(super) fn build_sections(pages: &mut Vec<Page>, config: &Config) -> Vec<Section> {
    let dirs = section_dirs(pages);
    add_missing_section_pages(pages, &dirs, config);
    order_by_source(pages);
    let mut sections = link_sections(&dirs, pages);
    sort_sections(&mut sections, pages);
    sections
}

/// Every folder that holds a page, and its parents, is a section: their paths under
/// `content/`, sorted (the top level's is empty).
fn section_dirs(pages: &[Page]) -> Vec<String> {
    let mut dirs: Vec<String> = vec![String::new()];
    for p in pages {
        let dir = if p.kind == PageKind::Section {
            p.source.parent().map(content_rel).unwrap_or_default()
        } else {
            p.section.clone()
        };
        let mut acc = String::new();
        for part in dir.split('/').filter(|s| !s.is_empty()) {
            if !acc.is_empty() {
                acc.push('/');
            }
            acc.push_str(part);
            dirs.push(acc.clone());
        }
    }
    dirs.sort();
    dirs.dedup();
    dirs
}

/// Pages in a fixed order, so that every index below is stable; a section's page belongs to
/// its own folder.
fn order_by_source(pages: &mut [Page]) {
    pages.sort_by(|a, b| a.source.cmp(&b.source));
    for p in pages.iter_mut() {
        if p.kind == PageKind::Section {
            p.section = p.source.parent().map(content_rel).unwrap_or_default();
        }
    }
}

/// A section page for each folder without `_index.md`, titled after the folder (the top
/// level after the site).
fn add_missing_section_pages(pages: &mut Vec<Page>, dirs: &[String], config: &Config) {
    for dir in dirs {
        let exists = pages
            .iter()
            .any(|p| p.kind == PageKind::Section && p.path == crate::urls::content_dir(dir));
        if !exists {
            pages.push(made_up_section_page(dir, config));
        }
    }
}

/// The page of a folder without `_index.md`: a title and nothing else.
fn made_up_section_page(dir: &str, config: &Config) -> Page {
    let name = dir.rsplit('/').next().unwrap_or("");
    let title = if dir.is_empty() {
        config.title.clone()
    } else {
        humanize(name)
    };
    Page {
        source: PathBuf::from("content").join(dir).join("_index.md"),
        kind: PageKind::Section,
        section: dir.to_string(),
        path: crate::urls::content_dir(dir),
        title,
        summary: String::new(),
        weight: None,
        draft: false,
        html: String::new(),
        headings: Vec::new(),
        steps: Vec::new(),
        word_count: 0,
        reviewed: None,
        stale: false,
        service: None,
        audience: Vec::new(),
        competence: None,
        level: None,
        duration: None,
        aliases: Vec::new(),
        template: None,
        lang: None,
        extra: Default::default(),
    }
}

/// The sections of `dirs`, each with its page, its pages and its subsections (unsorted).
fn link_sections(dirs: &[String], pages: &[Page]) -> Vec<Section> {
    let mut sections: Vec<Section> = dirs
        .iter()
        .map(|dir| Section {
            dir: dir.clone(),
            page: pages
                .iter()
                .position(|p| p.kind == PageKind::Section && &p.section == dir)
                .unwrap_or(0),
            pages: Vec::new(),
            subsections: Vec::new(),
        })
        .collect();
    let section_index: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), i))
        .collect();
    for (i, p) in pages.iter().enumerate() {
        if p.kind != PageKind::Section
            && let Some(&s) = section_index.get(&p.section)
        {
            sections[s].pages.push(i);
        }
    }
    for (i, dir) in dirs.iter().enumerate() {
        if dir.is_empty() {
            continue;
        }
        let parent = dir.rsplit_once('/').map_or("", |x| x.0);
        if let Some(&pi) = section_index.get(parent) {
            sections[pi].subsections.push(i);
        }
    }
    sections
}

/// Each section's pages and subsections in display order.
fn sort_sections(sections: &mut [Section], pages: &[Page]) {
    // Sort keys computed once per page, not once per comparison.
    let keys: Vec<_> = pages.iter().map(sort_key).collect();
    for s in sections.iter_mut() {
        s.pages.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    }
    let section_pages: Vec<usize> = sections.iter().map(|s| s.page).collect();
    for s in sections.iter_mut() {
        s.subsections
            .sort_by(|&a, &b| keys[section_pages[a]].cmp(&keys[section_pages[b]]));
    }
}

/// Each taxonomy's terms that some page has, with those pages in display order.
pub(super) fn build_taxonomies(pages: &[Page], config: &Config) -> Vec<TaxonomyIndex> {
    let keys: Vec<_> = pages.iter().map(sort_key).collect();
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    config
        .taxonomies
        .iter()
        .map(|t| TaxonomyIndex {
            key: t.key.clone(),
            terms: t
                .terms
                .iter()
                .map(|(term, label)| {
                    let with: Vec<usize> = order
                        .iter()
                        .copied()
                        .filter(|&i| pages[i].terms(&t.key).contains(&term.as_str()))
                        .collect();
                    (term.clone(), label.clone(), with)
                })
                .filter(|(_, _, with)| !with.is_empty())
                .collect(),
        })
        .collect()
}
