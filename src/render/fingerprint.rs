//! What a renderer's files are a function of, as two hashes of the modelled site: the
//! pages' texts, and everything else. The build cache keeps a renderer's files under the
//! hash of what it reads (`Renderer::memo`), so a renderer runs again exactly when
//! something it reads changed.
//!
//! The hashes are of the model, not of the files read: the model is a function of the
//! files, the settings and the build's date, so equal models render equal output. Into
//! "everything else" also go this program's own bytes (a cache is never trusted across
//! versions, nor across two builds of one version) and the site's folder (copied files are
//! named by path).

use std::fmt::{self, Debug, Write as _};
use std::hash::Hasher;
use std::sync::OnceLock;

use siphasher::sip128::{Hasher128, SipHasher13};

use crate::model::{Page, Site, Sources, Theme};
use crate::source::AssetSource;

/// The two hashes of a site, and each page's text apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The pages' own texts: their HTML, headings, steps and word counts.
    pub page_texts: u128,
    /// Each page's text, by the page's output path (`instruktsii/diia/`).
    pub page_text: std::collections::BTreeMap<String, u128>,
    /// Everything else a renderer may read.
    pub rest: u128,
}

/// What of the site a renderer reads, for the build cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Memo {
    /// Its files are not kept (posters have their own cache; copied files are read when
    /// written).
    Never,
    /// Everything, the pages' texts too.
    Site,
    /// Everything but the pages' texts (`html`, `headings`, `steps`, `word_count` of a
    /// [`Page`]): a renderer that shows pages only by title, summary and address.
    SiteButPageTexts,
    /// Everything but the pages' texts, and each page's own text for that page's files
    /// only: after a page's text changed, only that page is made again (rendered with
    /// [`super::Scope::Pages`]) and laid over the files kept.
    SiteAndEachPageText,
}

impl Fingerprint {
    pub fn of(site: &Site) -> Self {
        // Every field is named (no `..`): a new field of the site does not compile until
        // it is hashed here (or said to be read by no renderer).
        let Site {
            config,
            now,
            pages,
            sections,
            taxonomies,
            services,
            synonyms,
            plan,
            registries,
            map,
            theme,
            sources,
        } = site;
        let Sources {
            root,
            static_files,
            assets,
            // What `check` keeps to point at lines; no renderer reads it.
            texts: _,
        } = sources;
        let mut text = SipHasher13::new();
        let mut page_text = std::collections::BTreeMap::new();
        let mut rest = SipHasher13::new();
        rest.write_u128(program_id());
        rest.write(root.as_os_str().as_encoded_bytes());
        debug_into(&mut rest, config);
        debug_into(&mut rest, now);
        for p in pages {
            let mut own = SipHasher13::new();
            page_into(&mut rest, &mut own, p);
            let own = own.finish128().as_u128();
            text.write_u128(own);
            page_text.insert(p.path.clone(), own);
        }
        debug_into(&mut rest, sections);
        debug_into(&mut rest, taxonomies);
        debug_into(&mut rest, services);
        debug_into(&mut rest, synonyms);
        debug_into(&mut rest, plan);
        debug_into(&mut rest, registries);
        debug_into(&mut rest, map);
        theme_into(&mut rest, theme);
        debug_into(&mut rest, static_files);
        debug_into(&mut rest, assets);
        Fingerprint {
            page_texts: text.finish128().as_u128(),
            page_text,
            rest: rest.finish128().as_u128(),
        }
    }

    /// The key of a renderer's files: its name and the hashes of what it reads; `None` for
    /// a renderer whose files are never kept.
    pub fn key(&self, renderer: &str, memo: Memo) -> Option<u128> {
        let mut h = SipHasher13::new();
        h.write(renderer.as_bytes());
        h.write_u8(0);
        h.write_u128(self.rest);
        match memo {
            Memo::Never => return None,
            Memo::Site => h.write_u128(self.page_texts),
            Memo::SiteButPageTexts | Memo::SiteAndEachPageText => {}
        }
        Some(h.finish128().as_u128())
    }
}

/// A page's fields, the texts apart from the rest. Every field is named (no `..`), so a
/// new field of `Page` does not compile until it is sorted into one of the two.
fn page_into(rest: &mut SipHasher13, text: &mut SipHasher13, p: &Page) {
    let Page {
        source,
        kind,
        section,
        path,
        title,
        summary,
        weight,
        draft,
        html,
        headings,
        steps,
        word_count,
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
    } = p;
    debug_into(
        rest,
        &(
            source, kind, section, path, title, summary, weight, draft, reviewed, stale,
        ),
    );
    debug_into(
        rest,
        &(
            service, audience, competence, level, duration, aliases, template, lang, extra,
        ),
    );
    text.write(path.as_bytes());
    text.write_u8(0);
    text.write(html.as_bytes());
    text.write_u8(0);
    debug_into(text, &(headings, steps, word_count));
}

fn theme_into(h: &mut SipHasher13, t: &Theme) {
    let Theme {
        templates,
        string_table,
        strings,
        strings_by_lang,
        assets,
        poster_files,
        logo,
    } = t;
    debug_into(h, templates);
    debug_into(h, string_table);
    debug_into(h, strings);
    debug_into(h, strings_by_lang);
    for a in assets.values().chain(poster_files.values()).chain(logo) {
        asset_into(h, a);
    }
}

fn asset_into(h: &mut SipHasher13, a: &AssetSource) {
    h.write(a.path.as_os_str().as_encoded_bytes());
    h.write_u8(0);
    h.write_usize(a.bytes.len());
    h.write(&a.bytes);
}

/// Feeds a value's `Debug` text to the hasher without building the text.
fn debug_into(h: &mut SipHasher13, v: &impl Debug) {
    struct W<'a>(&'a mut SipHasher13);
    impl fmt::Write for W<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let _ = write!(W(h), "{v:?}");
    h.write_u8(0);
}

/// A hash of this program's own file, made once: a cache written by another version (or
/// another build of the same version) is never read. When the file cannot be read, a
/// value no cache holds.
pub fn program_id() -> u128 {
    static ID: OnceLock<u128> = OnceLock::new();
    *ID.get_or_init(|| {
        let mut h = SipHasher13::new();
        h.write(env!("CARGO_PKG_VERSION").as_bytes());
        match std::env::current_exe().and_then(std::fs::read) {
            Ok(bytes) => h.write(&bytes),
            Err(_) => h.write_u128(std::process::id() as u128 ^ now_nanos()),
        }
        h.finish128().as_u128()
    })
}

fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_by_renderer_and_by_what_it_reads() {
        let a = Fingerprint {
            page_texts: 1,
            page_text: Default::default(),
            rest: 2,
        };
        let b = Fingerprint {
            page_texts: 3,
            page_text: Default::default(),
            rest: 2,
        };
        assert_eq!(a.key("x", Memo::Never), None);
        assert_ne!(a.key("x", Memo::Site), a.key("y", Memo::Site));
        assert_ne!(a.key("x", Memo::Site), b.key("x", Memo::Site));
        assert_eq!(
            a.key("x", Memo::SiteButPageTexts),
            b.key("x", Memo::SiteButPageTexts)
        );
        assert_eq!(program_id(), program_id());
    }
}
