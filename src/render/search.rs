//! The offline search: an index of instructions, pages, venues, events and e-services made
//! at build time, and the search page that reads it in the browser.
//!
//! Files, under the search page's folder (`poshuk/`):
//! - `index.json`: the shard of each first letter, the document chunks, counts;
//! - `t/<code points>.json`: terms starting with one letter (two on a large site) → flat
//!   `[doc, weight, …]` lists, at most [`MAX_POSTINGS`] documents a term;
//! - `d/<n>.json`: documents (address, title, kind, summary, date) in chunks of [`CHUNK`].
//!
//! A query downloads `index.json`, the shards of its words' first letters and the chunks of
//! the results it shows. Weights: title 8, summary and labels 4, headings 3, text 1.
//!
//! Residents' words: a document that holds a word or phrase of a group of synonyms
//! (`crate::synonyms`: «пенсіонер», «люди старшого віку» …) is indexed under every other of
//! the group too, and `index.json` lists the groups for the page's script.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tera::Context;

use super::pages::{render_standalone, virtual_page};
use super::records::DateWords;
use super::{Content, Output, Renderer, Scope, Templates};
use crate::diag::Diagnostics;
use crate::model::{Page, PageKind, Site};
use crate::registry::{Event, Service, Venue};
use crate::search::{term, words};
use crate::synonyms::{Matcher, Synonyms};
use crate::term::Term;

pub struct Search;

/// Documents per chunk file.
pub const CHUNK: usize = 500;
const TITLE: u32 = 8;
const LABELS: u32 = 4;
const HEADINGS: u32 = 3;
const TEXT: u32 = 1;
/// A word said many times in a text counts no more than this.
const MAX_WEIGHT: u32 = 24;
/// The most documents one term lists.
const MAX_POSTINGS: usize = 1000;
/// Above this many (term, document) pairs, shards are by the first two letters.
const TWO_LETTER_SHARDS: usize = 200_000;

#[derive(Serialize)]
struct Doc {
    /// Address.
    u: String,
    /// Title.
    t: String,
    /// Kind: i instruction, p page, v venue, e event, s e-service.
    k: &'static str,
    /// Summary, shown as the snippet.
    s: String,
    /// For events: when, in words.
    #[serde(skip_serializing_if = "String::is_empty")]
    d: String,
}

struct Entry {
    doc: Doc,
    fields: Vec<(u32, String)>,
}

/// Text of HTML: tags dropped, the common entities decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

fn label(map: &BTreeMap<String, String>, key: &str) -> String {
    map.get(key).cloned().unwrap_or_else(|| key.to_string())
}

fn taxonomy_labels(site: &Site, taxonomy: &str, keys: &[&str]) -> String {
    let Some(t) = site.config.taxonomy(taxonomy) else {
        return String::new();
    };
    keys.iter()
        .map(|k| label(&t.terms, k))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every document of the index, numbered in this order: content pages, the registries'
/// list pages, the taxonomies' pages (a whole audience, «Люди старшого віку»), venues,
/// events, e-services.
fn entries(site: &Site) -> Vec<Entry> {
    let search_path = format!("{}/", site.config.paths.search);
    let mut out: Vec<Entry> = site
        .pages
        .iter()
        .filter(|p| !(p.draft || p.is_home() || p.path == search_path))
        .map(|p| page_entry(site, p))
        .collect();
    out.extend(list_page_entries(site));
    out.extend(taxonomy_entries(site));
    out.extend(site.registries.venues.iter().map(|v| venue_entry(site, v)));
    let words = DateWords::new(site);
    out.extend(
        site.registries
            .events
            .iter()
            .map(|e| event_entry(site, &words, e)),
    );
    out.extend(site.services.iter().map(|s| service_entry(site, s)));
    out
}

/// A content page: an instruction or another page, found also by its e-service, audience
/// and competence and by its headings.
fn page_entry(site: &Site, p: &Page) -> Entry {
    let kind = if p.kind == PageKind::Instruction {
        "i"
    } else {
        "p"
    };
    let service = p
        .service
        .as_deref()
        .and_then(|s| site.service(s))
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let labels = [
        service,
        taxonomy_labels(site, "audience", &p.terms("audience")),
        taxonomy_labels(site, "competence", &p.terms("competence")),
    ]
    .join(" ");
    let headings = p
        .headings
        .iter()
        .map(|h| h.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Entry {
        doc: Doc {
            u: site.url(&p.path),
            t: p.title.clone(),
            k: kind,
            s: p.summary.clone(),
            d: String::new(),
        },
        fields: vec![
            (TITLE, p.title.clone()),
            (LABELS, format!("{} {labels}", p.summary)),
            (HEADINGS, headings),
            (TEXT, html_text(&p.html)),
        ],
    }
}

/// The registries' list pages, found by their titles.
fn list_page_entries(site: &Site) -> Vec<Entry> {
    use super::registry_pages::Job;
    let mut out = Vec::new();
    for (path, job) in super::registry_pages::plan(site) {
        let t = &site.theme.strings;
        let (title, summary) = match job {
            Job::Venues(1) => (&t.venues_title, &t.venues_summary),
            Job::Events(1) => (&t.events_title, &t.events_summary),
            Job::Archive(1) => (&t.archive_title, &t.archive_summary),
            Job::Services => (&t.services_title, &t.services_summary),
            Job::OpenData => (&t.open_data_title, &t.open_data_summary),
            _ => continue,
        };
        let (title, summary) = (title.clone(), summary.clone());
        out.push(Entry {
            doc: Doc {
                u: site.url(&path),
                t: title.clone(),
                k: "p",
                s: summary.clone(),
                d: String::new(),
            },
            fields: vec![(TITLE, title), (LABELS, summary)],
        });
    }
    out
}

/// The page of each taxonomy term that has pages («Люди старшого віку» under «Для кого»),
/// found by its label.
fn taxonomy_entries(site: &Site) -> Vec<Entry> {
    let mut out = Vec::new();
    for t in &site.taxonomies {
        let name = site
            .config
            .taxonomy(&t.key)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        for (key, label, pages) in &t.terms {
            if pages.is_empty() {
                continue;
            }
            out.push(Entry {
                doc: Doc {
                    u: site.url(&site.taxonomy_path(&t.key, Some(key))),
                    t: label.clone(),
                    k: "p",
                    s: name.clone(),
                    d: String::new(),
                },
                fields: vec![(TITLE, label.clone()), (LABELS, name.clone())],
            });
        }
    }
    out
}

/// A venue, found also by its kind, place, services and what it helps with.
fn venue_entry(site: &Site, venue: &Venue) -> Entry {
    let labels = [
        venue.kind.label.clone(),
        venue.settlement.clone(),
        venue.address.clone(),
        labels_of(&venue.services),
        labels_of(&venue.helps_with),
    ]
    .join(" ");
    Entry {
        doc: Doc {
            u: site.url(&venue.path),
            t: venue.name.clone(),
            k: "v",
            s: format!("{} · {}", venue.kind.label, venue.address),
            d: String::new(),
        },
        fields: vec![
            (TITLE, venue.name.clone()),
            (LABELS, labels),
            (TEXT, html_text(&venue.description_html)),
        ],
    }
}

/// The labels of `terms`, joined by spaces.
fn labels_of(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|t| t.label.clone())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An event, with when it next takes place (or last took place) in words, found also by
/// its kind, place, audience and organiser.
fn event_entry(site: &Site, words: &DateWords, e: &Event) -> Entry {
    let place = e
        .venue
        .map(|i| {
            let venue = &site.registries.venues[i];
            format!("{}, {}", venue.name, venue.address)
        })
        .unwrap_or_else(|| site.theme.strings.online.clone());
    let audience = Term::keys(&e.audience);
    let labels = [
        e.kind.label.clone(),
        place.clone(),
        taxonomy_labels(site, "audience", &audience),
        e.organizer.clone().unwrap_or_default(),
    ]
    .join(" ");
    let when = e
        .next_or_last(site.now)
        .map(|o| words.when(o.start, o.end))
        .unwrap_or_default();
    Entry {
        doc: Doc {
            u: site.url(&e.path),
            t: e.title.clone(),
            k: "e",
            s: format!("{} · {place}", e.kind.label),
            d: when,
        },
        fields: vec![
            (TITLE, e.title.clone()),
            (LABELS, labels),
            (TEXT, html_text(&e.description_html)),
        ],
    }
}

/// An e-service, found by its name, description and operator.
fn service_entry(site: &Site, s: &Service) -> Entry {
    Entry {
        doc: Doc {
            u: site.url(&crate::urls::service(&site.config, &s.key)),
            t: s.name.clone(),
            k: "s",
            s: s.description.clone(),
            d: String::new(),
        },
        fields: vec![
            (TITLE, s.name.clone()),
            (LABELS, format!("{} {}", s.description, s.operator)),
        ],
    }
}

/// The shard a term lives in: the code points of its first `prefix` letters, in hex.
pub fn shard_of(term: &str, prefix: usize) -> String {
    term.chars()
        .take(prefix)
        .map(|c| format!("{:04x}", c as u32))
        .collect()
}

/// Index files: path (relative to the search folder) → JSON.
fn index(site: &Site, entries: &[Entry]) -> BTreeMap<String, String> {
    let postings = postings(entries, &site.synonyms);
    let size: usize = postings.values().map(|l| l.len()).sum();
    // One letter per shard for a small site; two when the index is large.
    let prefix = if size > TWO_LETTER_SHARDS { 2 } else { 1 };
    let terms_count = postings.len();
    let mut shards: BTreeMap<String, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
    for (term, docs) in postings {
        let flat = docs
            .iter()
            .flat_map(|(d, w)| [*d, *w])
            .collect::<Vec<u32>>();
        shards
            .entry(shard_of(&term, prefix))
            .or_default()
            .insert(term, flat);
    }
    let mut files = BTreeMap::new();
    let chunks: Vec<String> = entries
        .chunks(CHUNK)
        .enumerate()
        .map(|(n, c)| {
            let docs: Vec<&Doc> = c.iter().map(|e| &e.doc).collect();
            let path = format!("d/{n}.json");
            files.insert(path.clone(), to_json(&docs));
            path
        })
        .collect();
    let mut shard_files = BTreeMap::new();
    for (key, terms) in &shards {
        let path = format!("t/{key}.json");
        files.insert(path.clone(), to_json(terms));
        shard_files.insert(key.clone(), path);
    }
    let base = site.url(&format!("{}/", site.config.paths.search));
    files.insert(
        "index.json".into(),
        to_json(&serde_json::json!({
            "version": 1,
            "base": base,
            "docs": entries.len(),
            "chunk": CHUNK,
            "chunks": chunks,
            "prefix": prefix,
            "shards": shard_files,
            "terms": terms_count,
            // Each group's words and phrases as terms: the page reads a query's phrase of
            // a group as the one term the index gave every text of the group.
            "synonyms": site.synonyms.groups,
        })),
    );
    files
}

/// Term → the documents it is in with its weight in each, in document order.
fn postings(entries: &[Entry], synonyms: &Synonyms) -> HashMap<String, Vec<(u32, u32)>> {
    use rayon::prelude::*;
    let matcher = synonyms.matcher();
    // Each document's terms and weights, in parallel; then term → [(doc, weight)] in doc order.
    let per_doc: Vec<HashMap<String, u32>> =
        entries.par_iter().map(|e| doc_terms(e, &matcher)).collect();
    let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
    for (doc, terms) in per_doc.into_iter().enumerate() {
        for (t, w) in terms {
            postings.entry(t).or_default().push((doc as u32, w));
        }
    }
    // A word in most documents says little about any of them: keep the documents where it
    // weighs most (title and summary first), so no list grows with the site.
    for list in postings.values_mut() {
        if list.len() > MAX_POSTINGS {
            list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(MAX_POSTINGS);
            list.sort_unstable();
        }
    }
    postings
}

/// A document's terms and their weights; a document that holds a word or phrase of a group
/// of synonyms has every other of the group too, weighing as much as the field it is in.
fn doc_terms(e: &Entry, synonyms: &Matcher) -> HashMap<String, u32> {
    // Words first (cheap): each distinct word numbered, with its weight, and each field as
    // the numbers of its words; then each distinct word's term once.
    let fields: Vec<(u32, Vec<String>)> = e.fields.iter().map(|(w, t)| (*w, words(t))).collect();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut words_of: Vec<(&str, u32)> = Vec::new();
    let mut seqs: Vec<(u32, Vec<usize>)> = Vec::with_capacity(fields.len());
    for (weight, ws) in &fields {
        let mut seq = Vec::with_capacity(ws.len());
        for word in ws {
            let id = *ids.entry(word).or_insert_with(|| {
                words_of.push((word, 0));
                words_of.len() - 1
            });
            let w = &mut words_of[id].1;
            *w = (*w + weight).min(MAX_WEIGHT);
            seq.push(id);
        }
        seqs.push((*weight, seq));
    }
    let term_of: Vec<String> = words_of.iter().map(|(w, _)| term(w)).collect();
    let mut terms: HashMap<String, u32> = HashMap::with_capacity(term_of.len());
    for (t, (_, weight)) in term_of.iter().zip(&words_of) {
        add_weight(&mut terms, t.clone(), *weight);
    }
    // Each group found, at the weight of the heaviest field it is in; a member is looked
    // for only where a word's term can start one.
    let starts: Vec<bool> = term_of.iter().map(|t| synonyms.starts(t)).collect();
    let mut groups: HashMap<usize, u32> = HashMap::new();
    for (weight, seq) in &seqs {
        if !seq.iter().any(|&id| starts[id]) {
            continue;
        }
        let seq_terms: Vec<&str> = seq.iter().map(|&id| term_of[id].as_str()).collect();
        let mut found = std::collections::BTreeSet::new();
        for (i, &id) in seq.iter().enumerate() {
            if starts[id] {
                synonyms.groups_at(&seq_terms, i, &mut found);
            }
        }
        for g in found {
            let w = groups.entry(g).or_insert(0);
            *w = (*w).max(*weight);
        }
    }
    for (g, weight) in groups {
        for member in synonyms.members(g) {
            let w = terms.entry(member.clone()).or_insert(0);
            *w = (*w).max(weight);
        }
    }
    terms
}

/// Adds `weight` to the weight of `key`, up to [`MAX_WEIGHT`].
fn add_weight(weights: &mut HashMap<String, u32>, key: String, weight: u32) {
    let v = weights.entry(key).or_insert(0);
    *v = (*v + weight).min(MAX_WEIGHT);
}

fn to_json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

#[derive(Serialize)]
struct TopicCtx {
    label: String,
    pages: Vec<LinkCtx>,
}

#[derive(Serialize)]
struct LinkCtx {
    title: String,
    url: String,
    summary: String,
}

/// Instructions by competence area, for the page without JavaScript.
fn topics(site: &Site) -> Vec<TopicCtx> {
    let link = |i: usize| {
        let p = &site.pages[i];
        LinkCtx {
            title: p.title.clone(),
            url: site.url(&p.path),
            summary: p.summary.clone(),
        }
    };
    let mut out: Vec<TopicCtx> = Vec::new();
    let mut listed = std::collections::BTreeSet::new();
    if let Some(t) = site.taxonomies.iter().find(|t| t.key == "competence") {
        for (_, label, pages) in &t.terms {
            let pages: Vec<usize> = pages
                .iter()
                .copied()
                .filter(|&i| site.pages[i].kind == PageKind::Instruction)
                .collect();
            listed.extend(pages.iter().copied());
            if !pages.is_empty() {
                out.push(TopicCtx {
                    label: label.clone(),
                    pages: pages.into_iter().map(link).collect(),
                });
            }
        }
    }
    let rest: Vec<LinkCtx> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(i, p)| p.kind == PageKind::Instruction && !p.draft && !listed.contains(i))
        .map(|(i, _)| link(i))
        .collect();
    if !rest.is_empty() {
        out.push(TopicCtx {
            label: site.theme.strings.search_other.clone(),
            pages: rest,
        });
    }
    out
}

impl Renderer for Search {
    fn name(&self) -> &'static str {
        "search"
    }
    fn memo(&self) -> super::Memo {
        super::Memo::Site
    }

    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        scope: &Scope,
        out: &mut Output,
    ) -> Diagnostics {
        if !scope.is_all() {
            return Diagnostics::new();
        }
        let mut diags = Diagnostics::new();
        let dir = format!("{}/", site.config.paths.search);
        let entries = entries(site);
        for (path, json) in index(site, &entries) {
            if let Err(d) = out.insert(
                format!("{dir}{path}"),
                Content::Bytes(json.into_bytes()),
                "search index",
            ) {
                diags.push(d);
            }
        }
        let title = site.theme.strings.search_title.clone();
        let summary = site.theme.strings.search_summary.clone();
        let page = virtual_page(site, &title, &summary, &dir);
        let mut ctx = Context::new();
        ctx.insert("topics", &topics(site));
        ctx.insert("search_index", &site.url(&format!("{dir}index.json")));
        if let Err(d) = render_standalone(
            templates,
            out,
            "search.html",
            &page,
            ctx,
            format!("{dir}index.html"),
        ) {
            diags.push(d);
        }
        diags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_text_drops_tags_and_decodes_entities() {
        assert_eq!(
            html_text("<p>Дія &amp; <a href=\"x\">ЦНАП</a></p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            vec!["Дія", "&", "ЦНАП"]
        );
    }

    #[test]
    fn shards_by_first_letter() {
        assert_eq!(shard_of("дія", 1), "0434");
        assert_eq!(shard_of("2026", 1), "0032");
        assert_eq!(shard_of("дія", 2), "04340456");
    }
}
