//! Open data for national and regional integration: venues as GeoJSON (RFC 7946) and CSV,
//! events as JSON and CSV (one row per occurrence), and the JSON Schemas of the YAML files.

use crate::term::{Term, Topic};
use serde_json::{Value, json};

use super::{Content, Output, Renderer, Scope, Templates};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::registry::{Event, Venue, time};

pub struct OpenData;

fn venue_properties(site: &Site, v: &Venue) -> Value {
    json!({
        "id": v.id,
        "name": v.name,
        "kind": v.kind.key,
        "kind_label": v.kind.label,
        "address": v.address,
        "settlement": v.settlement,
        "opening_hours": v.hours,
        "phone": v.phone,
        "email": v.email,
        "website": v.website,
        "services": Term::keys(&v.services),
        "accessibility": Term::keys(&v.accessibility),
        "helps_with": Term::keys(&v.helps_with),
        "url": site.permalink(&v.path),
    })
}

pub fn venues_geojson(site: &Site) -> String {
    let features: Vec<Value> = site
        .registries
        .venues
        .iter()
        .map(|v| {
            json!({
                "type": "Feature",
                "id": v.id,
                "geometry": v.location.map(|(lon, lat)| json!({"type": "Point", "coordinates": [lon, lat]})),
                "properties": venue_properties(site, v),
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&json!({
        "type": "FeatureCollection",
        "features": features,
    }))
    .unwrap_or_default();
    s.push('\n');
    s
}

fn event_json(site: &Site, e: &Event) -> Value {
    let tz = time::kyiv();
    let occurrences: Vec<Value> = e
        .occurrences
        .iter()
        .map(|o| json!({"start": time::rfc3339(o.start_utc, &tz), "end": time::rfc3339(o.end_utc, &tz)}))
        .collect();
    json!({
        "id": e.id,
        "title": e.title,
        "kind": e.kind.key,
        "kind_label": e.kind.label,
        "venue": e.venue.map(|i| &site.registries.venues[i].id),
        "online": e.online,
        "audience": Term::keys(&e.audience),
        "topics": Topic::keys(&e.topics),
        "free": e.free,
        "price_uah": e.price,
        "registration": e.registration,
        "organizer": e.organizer,
        "url": site.permalink(&e.path),
        "repeat": e.repeat.as_ref().map(|r| json!({
            "every": "week",
            "until": r.until.to_string(),
            "except": r.except.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        })),
        "occurrences": occurrences,
    })
}

pub fn events_json(site: &Site) -> String {
    let events: Vec<Value> = site
        .registries
        .events
        .iter()
        .map(|e| event_json(site, e))
        .collect();
    let mut s = serde_json::to_string_pretty(&json!({
        "timezone": time::ZONE,
        "events": events,
    }))
    .unwrap_or_default();
    s.push('\n');
    s
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

pub fn venues_csv(site: &Site) -> Result<String, String> {
    let rows: Vec<Vec<String>> = site
        .registries
        .venues
        .iter()
        .map(|v| {
            vec![
                v.id.clone(),
                v.name.clone(),
                v.kind.key.clone(),
                v.settlement.clone(),
                v.address.clone(),
                v.location.map(|l| l.0.to_string()).unwrap_or_default(),
                v.location.map(|l| l.1.to_string()).unwrap_or_default(),
                opt(&v.hours),
                opt(&v.phone),
                opt(&v.email),
                opt(&v.website),
                Term::join_keys(&v.services, ";"),
                Term::join_keys(&v.accessibility, ";"),
                Term::join_keys(&v.helps_with, ";"),
                site.permalink(&v.path),
            ]
        })
        .collect();
    crate::spreadsheet::csv_text(
        &[
            "id",
            "name",
            "kind",
            "settlement",
            "address",
            "longitude",
            "latitude",
            "opening_hours",
            "phone",
            "email",
            "website",
            "services",
            "accessibility",
            "helps_with",
            "url",
        ],
        rows,
    )
}

pub fn events_csv(site: &Site) -> Result<String, String> {
    let tz = time::kyiv();
    let mut rows = Vec::new();
    for e in &site.registries.events {
        let venue = e.venue.map(|i| &site.registries.venues[i]);
        for o in &e.occurrences {
            rows.push(vec![
                e.id.clone(),
                e.title.clone(),
                e.kind.key.clone(),
                time::rfc3339(o.start_utc, &tz),
                time::rfc3339(o.end_utc, &tz),
                o.minutes().to_string(),
                venue.map(|v| v.id.clone()).unwrap_or_default(),
                venue.map(|v| v.name.clone()).unwrap_or_default(),
                venue.map(|v| v.settlement.clone()).unwrap_or_default(),
                opt(&e.online),
                Term::join_keys(&e.audience, ";"),
                Topic::keys(&e.topics).join(";"),
                e.free.map(|f| f.to_string()).unwrap_or_default(),
                e.price.map(|p| p.to_string()).unwrap_or_default(),
                site.permalink(&e.path),
            ]);
        }
    }
    crate::spreadsheet::csv_text(
        &[
            "event_id",
            "title",
            "kind",
            "start",
            "end",
            "minutes",
            "venue_id",
            "venue_name",
            "settlement",
            "online_url",
            "audience",
            "topics",
            "free",
            "price_uah",
            "url",
        ],
        rows,
    )
}

impl Renderer for OpenData {
    fn name(&self) -> &'static str {
        "open data"
    }
    fn memo(&self) -> super::Memo {
        super::Memo::SiteButPageTexts
    }

    fn render(
        &self,
        site: &Site,
        _templates: &Templates,
        _scope: &Scope,
        out: &mut Output,
    ) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let dir = &site.config.paths.open_data;
        let ((geojson, venues), (json, events)) = rayon::join(
            || rayon::join(|| venues_geojson(site), || venues_csv(site)),
            || rayon::join(|| events_json(site), || events_csv(site)),
        );
        let mut files: Vec<(String, Result<String, String>)> = vec![
            (format!("{dir}/venues.geojson"), Ok(geojson)),
            (format!("{dir}/venues.csv"), venues),
            (format!("{dir}/events.json"), Ok(json)),
            (format!("{dir}/events.csv"), events),
        ];
        // The registries' schemas describe the open data; the front matter's does not.
        for (name, text) in crate::registry::schema::registries() {
            files.push((format!("{dir}/schemas/{name}"), Ok(text)));
        }
        for (path, text) in files {
            let r = text
                .map_err(|e| {
                    Diagnostic::error(
                        "E0402",
                        "open data",
                        tr!(
                            "cannot write /{path}: {e}",
                            "не вдається записати /{path}: {e}"
                        ),
                    )
                })
                .and_then(|t| out.insert(path, Content::Bytes(t.into_bytes()), "open data"));
            if let Err(d) = r {
                diags.push(d);
            }
        }
        diags
    }
}
