//! «Де допоможуть»: places by what a resident needs help with — an e-service, any help with
//! a phone or computer, or classes for children — each with whether it is open now, a call
//! button and a route link.
//!
//! Whether a place is open is said in the browser (`themes/default/assets/nearby.js`), at the
//! reader's time in Kyiv, from the week of minutes the build makes of its hours
//! ([`crate::registry::hours::week`]): no opening-hours syntax is parsed in the browser.
//! Without the script every card still has its hours in words, the call and the route.
//!
//! This renderer makes a page per need (`mistsia/dopomoha/` any help,
//! `mistsia/dopomoha/<service>/`, `mistsia/dopomoha/dlia-ditei/`) and
//! `mistsia/dopomoha/index.json`, every place with what it helps with, where it is and its
//! week, for the script that finds the nearest (the reader's position never leaves the
//! device). The cards of the other lists of places (`/mistsia/`, an e-service's page, the
//! short list on an instruction's page) are made here too ([`place`], [`short_list`]).

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::context::Crumb;
use super::pages::virtual_page;
use super::records::{self, VenueBrief};
use super::{Content, Output, Renderer, Scope, Templates};
use crate::diag::Diagnostics;
use crate::model::Site;
use crate::registry::{Service, Venue};

pub struct Nearby;

/// Kinds of venue that are children's places (a code club, a school's lab): offered for
/// children's classes, and for an e-service only when they say they help with it — never
/// to an adult who asks for any help with a phone.
pub const CHILDREN_KINDS: &[&str] = &["code-club", "school-lab"];
/// The need of children's classes, in the need pages' addresses.
pub const CHILDREN: &str = "dlia-ditei";
/// The consultations service: someone there helps in person.
const CONSULTATIONS: &str = "consultations";
/// How many places the short list of an instruction's or e-service's page names.
pub const SHORT: usize = 5;

/// What a resident needs help with.
#[derive(Debug, Clone, Copy)]
pub enum Need<'a> {
    /// Any help with a phone or computer: a place where someone helps in person.
    Any,
    Service(&'a Service),
    Children,
}

impl<'a> Need<'a> {
    /// The key in addresses and in the places' data (empty for any help).
    pub fn key(&self) -> &'a str {
        match self {
            Need::Any => "",
            Need::Service(s) => &s.key,
            Need::Children => CHILDREN,
        }
    }

    fn label(&self, site: &Site) -> String {
        match self {
            Need::Any => site.theme.strings.nearby_any.clone(),
            Need::Service(s) => s.name.clone(),
            Need::Children => site.theme.strings.nearby_children.clone(),
        }
    }

    /// Whether `v` is a place for this need.
    pub fn helps(&self, v: &Venue) -> bool {
        match self {
            Need::Any => {
                !is_for_children(v)
                    && (!v.helps_with.is_empty()
                        || v.services.iter().any(|s| s.key == CONSULTATIONS))
            }
            Need::Service(s) => v.helps_with.iter().any(|h| h.key == s.key),
            Need::Children => is_for_children(v),
        }
    }

    fn path(&self, site: &Site) -> String {
        crate::urls::help(&site.config, self.key())
    }
}

pub fn is_for_children(v: &Venue) -> bool {
    CHILDREN_KINDS.contains(&v.kind.key.as_str())
}

/// Every need some place answers: any help first, then the e-services in the catalogue's
/// order, then children's classes.
pub fn needs(site: &Site) -> Vec<Need<'_>> {
    std::iter::once(Need::Any)
        .chain(site.services.iter().map(Need::Service))
        .chain(std::iter::once(Need::Children))
        .filter(|n| site.registries.venues.iter().any(|v| n.helps(v)))
        .collect()
}

/// A need as a link to its page.
#[derive(Serialize)]
pub struct NeedLink {
    pub label: String,
    pub url: String,
    pub count: usize,
    pub current: bool,
}

/// The needs as links, none marked.
pub fn need_links(site: &Site) -> Vec<NeedLink> {
    links(site, &need_lists(site), None)
}

/// The needs of `lists` as links, the one with key `current` marked.
fn links(site: &Site, lists: &[(Need, Vec<&Venue>)], current: Option<&str>) -> Vec<NeedLink> {
    lists
        .iter()
        .map(|(n, venues)| NeedLink {
            label: n.label(site),
            url: site.url(&n.path(site)),
            count: venues.len(),
            current: current == Some(n.key()),
        })
        .collect()
}

/// A place as its card shows it: the venue's brief, how to call it and get there, and the
/// week the script says «open now» from.
#[derive(Serialize, Clone)]
pub struct Place {
    #[serde(flatten)]
    pub brief: VenueBrief,
    pub phone: Option<String>,
    /// `tel:+380522000001`.
    pub tel: Option<String>,
    /// `geo:48.5106,32.2605`: the phone's map app shows the place and the way there.
    pub geo: Option<String>,
    /// [`crate::registry::hours::Week::compact`], when the hours have a week.
    pub week: Option<String>,
}

/// Degrees with five decimals: about a metre, enough to find a door.
fn degrees(x: f64) -> String {
    let s = format!("{x:.5}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

fn week(v: &Venue) -> Option<String> {
    v.hours_parsed
        .as_ref()
        .and_then(crate::registry::hours::week)
        .map(|w| w.compact())
}

pub fn place(site: &Site, v: &Venue) -> Place {
    Place {
        brief: records::venue_brief(site, v),
        phone: v.phone.clone(),
        tel: v.phone.as_deref().map(super::context::tel_link),
        geo: v
            .location
            .map(|(lon, lat)| format!("geo:{},{}", degrees(lat), degrees(lon))),
        week: week(v),
    }
}

/// The short list of the places that help with an e-service, for its instructions' and its
/// own page: the first [`SHORT`], those of the settlement with the most places (the
/// hromada's centre) first; the script puts the open ones first, or the nearest.
#[derive(Serialize)]
pub struct ShortList {
    pub need: String,
    /// The e-service's key, for the script.
    pub key: String,
    pub places: Vec<Place>,
    pub total: usize,
    /// The page of all of them.
    pub url: String,
    /// The places' data, for the nearest.
    pub data: String,
}

pub fn short_list(site: &Site, service: &str) -> Option<ShortList> {
    let sv = site.service(service)?;
    let need = Need::Service(sv);
    let all: Vec<&Venue> = site
        .registries
        .venues_by_place()
        .filter(|v| need.helps(v))
        .collect();
    if all.is_empty() {
        return None;
    }
    let mut per_settlement: std::collections::HashMap<&str, usize> = Default::default();
    for v in &all {
        *per_settlement.entry(&v.settlement_slug).or_default() += 1;
    }
    let mut first = all.clone();
    // Stable: within a settlement, the registry's alphabetical order.
    first.sort_by_key(|v| std::cmp::Reverse(per_settlement[v.settlement_slug.as_str()]));
    Some(ShortList {
        need: sv.name.clone(),
        key: sv.key.clone(),
        places: first.iter().take(SHORT).map(|v| place(site, v)).collect(),
        total: all.len(),
        url: site.url(&need.path(site)),
        data: site.url(&crate::urls::help_data(&site.config)),
    })
}

/// «Де з цим допоможуть» of each e-service as HTML, made once: every instruction of an
/// e-service shows the same places, and making them for each page again was most of what
/// the short list cost (at 10,000 instructions, 0.4 s of CPU in Tera).
pub struct ShortLists {
    html: std::collections::HashMap<String, String>,
}

impl ShortLists {
    /// The short list of every e-service some place helps with, in the site's language (a
    /// template that fails leaves its service out: each page then makes it and says why).
    pub fn new(site: &Site, templates: &Templates) -> Self {
        let html = site
            .services
            .iter()
            .filter_map(|s| {
                let list = short_list(site, &s.key)?;
                let mut ctx = Context::new();
                ctx.insert("nearby", &list);
                ctx.insert("nearby_html", &None::<String>);
                let html = templates.render(NEARBY_PARTIAL, &ctx, None).ok()?;
                Some((s.key.clone(), html.trim().to_string()))
            })
            .collect();
        ShortLists { html }
    }

    pub fn html(&self, service: &str) -> Option<&str> {
        self.html.get(service).map(String::as_str)
    }
}

/// The partial of the short list.
const NEARBY_PARTIAL: &str = "partials/nearby.html";

/// Places of one settlement.
#[derive(Serialize)]
pub struct Group {
    pub title: String,
    pub items: Vec<Place>,
}

/// Places grouped by settlement, in the order given.
pub fn by_settlement(site: &Site, venues: &[&Venue]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for v in venues {
        match groups.last_mut() {
            Some(g) if g.title == v.settlement => g.items.push(place(site, v)),
            _ => groups.push(Group {
                title: v.settlement.clone(),
                items: vec![place(site, v)],
            }),
        }
    }
    groups
}

/// The places' data for the script: the needs' keys, the kinds' and settlements' names
/// once each, and per place `[id, name, kind, address, settlement, lat, lon, phone, week,
/// hours in words, [needs], step-free]` (numbers index the lists; no location is `null`).
fn data(site: &Site) -> String {
    let needs = needs(site);
    let mut kinds = Names::default();
    let mut places = Names::default();
    let mut rows = Vec::new();
    for v in site.registries.venues_by_place() {
        let k = kinds.index(&v.kind.label);
        let p = places.index(&v.settlement);
        let helps: Vec<usize> = needs
            .iter()
            .enumerate()
            .filter(|(_, n)| n.helps(v))
            .map(|(i, _)| i)
            .collect();
        let (lat, lon) = match v.location {
            Some((lon, lat)) => (
                serde_json::Value::from(degrees(lat).parse::<f64>().unwrap_or(lat)),
                serde_json::Value::from(degrees(lon).parse::<f64>().unwrap_or(lon)),
            ),
            None => (serde_json::Value::Null, serde_json::Value::Null),
        };
        rows.push(serde_json::json!([
            v.id,
            v.name,
            k,
            v.address,
            p,
            lat,
            lon,
            v.phone.as_deref().unwrap_or(""),
            week(v).unwrap_or_default(),
            hours_text(site, v),
            helps,
            u8::from(v.is_step_free()),
        ]));
    }
    let json = serde_json::json!({
        "venues": site.url(&format!("{}/", site.config.paths.venues)),
        "needs": needs.iter().map(|n| n.key()).collect::<Vec<_>>(),
        "kinds": kinds.list,
        "settlements": places.list,
        "places": rows,
    });
    serde_json::to_string(&json).unwrap_or_default()
}

/// Names listed once each, in the order first met.
#[derive(Default)]
struct Names<'a> {
    list: Vec<&'a str>,
    at: std::collections::HashMap<&'a str, usize>,
}

impl<'a> Names<'a> {
    /// The index of `s`, added at the end when new.
    fn index(&mut self, s: &'a str) -> usize {
        *self.at.entry(s).or_insert_with(|| {
            self.list.push(s);
            self.list.len() - 1
        })
    }
}

/// The hours as the cards say them: in words, or as written when too rich for words.
fn hours_text(site: &Site, v: &Venue) -> String {
    let brief = records::venue_brief(site, v);
    match (brief.hours_words, brief.hours) {
        (Some(lines), _) => lines
            .iter()
            .map(|l| {
                if l.times.is_empty() {
                    l.days.clone()
                } else {
                    format!("{}: {}", l.days, l.times)
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        (None, Some(h)) => h,
        (None, None) => String::new(),
    }
}

/// The places for each need, in the registry's order.
fn need_lists(site: &Site) -> Vec<(Need<'_>, Vec<&Venue>)> {
    needs(site)
        .into_iter()
        .map(|n| {
            let venues = site
                .registries
                .venues_by_place()
                .filter(|v| n.helps(v))
                .collect();
            (n, venues)
        })
        .collect()
}

/// Every need page's path (each page of each list), for the sitemap.
pub fn paths(site: &Site) -> Vec<String> {
    need_lists(site)
        .iter()
        .flat_map(|(need, venues)| {
            let list = need.path(site);
            (1..=super::paging::count(venues.len(), site.config.per_page))
                .map(move |n| crate::urls::list_page(&list, n))
        })
        .collect()
}

/// What a need page's template shows besides the places.
#[derive(Serialize)]
struct NeedCtx {
    key: String,
    label: String,
}

impl Nearby {
    /// Page `n` of the places for `need`, at `path`.
    fn need_page(
        site: &Site,
        templates: &Templates,
        lists: &[(Need, Vec<&Venue>)],
        (need, venues): &(Need, Vec<&Venue>),
        (path, n): (&str, usize),
    ) -> Result<String, crate::diag::Diagnostic> {
        let list = need.path(site);
        let t = &site.theme.strings;
        let label = need.label(site);
        let title = match need {
            Need::Any => t.nearby_any_title.clone(),
            _ => t.nearby_need_title.replace("{need}", &label),
        };
        let per_page = site.config.per_page;
        let total = super::paging::count(venues.len(), per_page);
        let paging = super::paging::Paging::new(site, &list, n, total);
        let shown = super::paging::slice(venues, n, per_page);
        let title = paging.title(site, &title);
        let mut page = virtual_page(site, &title, &t.nearby_summary, path);
        let venues_path = format!("{}/", site.config.paths.venues);
        page.breadcrumbs.push(Crumb {
            title: t.venues_title.clone(),
            url: site.url(&venues_path),
        });
        page.jsonld =
            super::jsonld::collection(site, &title, path, shown.iter().map(|v| v.path.as_str()));
        let mut ctx = Context::new();
        ctx.insert("page", &page);
        ctx.insert("needs", &links(site, lists, Some(need.key())));
        ctx.insert(
            "need",
            &NeedCtx {
                key: need.key().to_string(),
                label,
            },
        );
        ctx.insert("groups", &by_settlement(site, shown));
        ctx.insert("count", &venues.len());
        ctx.insert("all_url", &site.url(&venues_path));
        ctx.insert(
            "places_data",
            &site.url(&crate::urls::help_data(&site.config)),
        );
        ctx.insert("paging", &paging);
        templates.render("venue_list.html", &ctx, None)
    }
}

impl Renderer for Nearby {
    fn name(&self) -> &'static str {
        "nearby"
    }

    fn kind(&self) -> super::Kind {
        super::Kind::Pages
    }

    fn memo(&self) -> super::Memo {
        super::Memo::SiteButPageTexts
    }

    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        scope: &Scope,
        out: &mut Output,
    ) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if site.registries.venues.is_empty() {
            return diags;
        }
        if scope.is_all()
            && let Err(d) = out.insert(
                crate::urls::help_data(&site.config),
                Content::Bytes(data(site).into_bytes()),
                "need pages",
            )
        {
            diags.push(d);
        }
        let lists = need_lists(site);
        let mut jobs = Vec::new();
        for list in &lists {
            let first = list.0.path(site);
            for n in 1..=super::paging::count(list.1.len(), site.config.per_page) {
                let path = crate::urls::list_page(&first, n);
                if scope.wants(&path) {
                    jobs.push((list, path, n));
                }
            }
        }
        let pages: Vec<_> = jobs
            .par_iter()
            .map(|(list, path, n)| {
                Self::need_page(site, templates, &lists, list, (path, *n))
                    .map(|html| (format!("{path}index.html"), html))
            })
            .collect();
        for page in pages {
            if let Err(d) = page.and_then(|(path, html)| {
                out.insert(path, Content::Bytes(html.into_bytes()), "need pages")
            }) {
                diags.push(d);
            }
        }
        diags
    }
}
