//! Structured data (schema.org JSON-LD): `HowTo` with the numbered steps for instructions,
//! `WebSite` and `GovernmentOrganization` for the home page.

use serde_json::{Value, json};

use crate::model::{Page, PageKind, Site};
use crate::registry::{Event, Service, Signup, Venue, time};

/// JSON that is safe inside `<script type="application/ld+json">`.
fn script_safe(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn organization(site: &Site) -> Value {
    let c = &site.config;
    let mut contact = json!({
        "@type": "ContactPoint",
        "telephone": c.hotline.phone,
        "contactType": "hotline",
        "availableLanguage": c.language,
    });
    if !c.hotline.hours.is_empty() {
        contact["hoursAvailable"] = json!(c.hotline.hours);
    }
    if let Some(e) = &c.hotline.email {
        contact["email"] = json!(e);
    }
    json!({
        "@type": "GovernmentOrganization",
        "@id": format!("{}#organization", c.base_url),
        "name": c.hromada,
        "url": c.base_url,
        "telephone": c.hotline.phone,
        "contactPoint": contact,
    })
}

pub fn for_page(site: &Site, p: &Page) -> String {
    let c = &site.config;
    let url = site.permalink(&p.path);
    let v = if p.is_home() {
        json!({
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "WebSite",
                    "@id": format!("{}#website", c.base_url),
                    "name": c.title,
                    "description": c.description,
                    "url": c.base_url,
                    "inLanguage": c.language,
                    "publisher": {"@id": format!("{}#organization", c.base_url)},
                },
                organization(site),
            ]
        })
    } else if p.kind == PageKind::Instruction {
        let steps: Vec<Value> = p
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                json!({
                    "@type": "HowToStep",
                    "position": i + 1,
                    "text": s,
                    "url": format!("{url}#krok-{}", i + 1),
                })
            })
            .collect();
        let mut v = json!({
            "@context": "https://schema.org",
            "@type": "HowTo",
            "name": p.title,
            "description": p.summary,
            "url": url,
            "inLanguage": c.language,
            "step": steps,
            "publisher": organization(site),
        });
        if let Some(d) = p.duration {
            v["totalTime"] = json!(format!("PT{d}M"));
        }
        if let Some(r) = p.reviewed {
            v["dateModified"] = json!(r.to_string());
        }
        if let Some(s) = p.service.as_deref().and_then(|k| site.service(k)) {
            v["about"] = json!({
                "@type": "GovernmentService",
                "name": s.name,
                "url": s.url,
                "provider": {"@type": "GovernmentOrganization", "name": s.operator},
            });
        }
        if !p.audience.is_empty() {
            let labels: Vec<&str> = p.audience.iter().map(|a| a.label.as_str()).collect();
            v["audience"] = json!({"@type": "Audience", "audienceType": labels.join(", ")});
        }
        if let Some(l) = &p.level {
            v["educationalLevel"] = json!(l.label);
        }
        v
    } else {
        json!({
            "@context": "https://schema.org",
            "@type": if p.kind == PageKind::Section { "CollectionPage" } else { "WebPage" },
            "name": p.title,
            "description": p.summary,
            "url": url,
            "inLanguage": c.language,
        })
    };
    script_safe(&v)
}

fn place(site: &Site, v: &Venue) -> Value {
    let mut p = json!({
        "@type": site.config.vocabularies.venue_type(&v.kind.key),
        "@id": format!("{}#place", site.permalink(&v.path)),
        "name": v.name,
        "url": site.permalink(&v.path),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": v.address,
            "addressLocality": v.settlement,
            "addressCountry": "UA",
        },
    });
    if let Some((lon, lat)) = v.location {
        p["geo"] = json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon});
    }
    p
}

/// `Library` / `GovernmentOffice` / `Place` for a venue page.
pub fn for_venue(site: &Site, v: &Venue) -> String {
    let mut p = place(site, v);
    p["@context"] = json!("https://schema.org");
    if let Some(ph) = &v.phone {
        p["telephone"] = json!(ph);
    }
    if let Some(e) = &v.email {
        p["email"] = json!(e);
    }
    if let Some(w) = &v.website {
        p["sameAs"] = json!(w);
    }
    if let Some(h) = &v.hours_schema
        && !h.is_empty()
    {
        p["openingHours"] = json!(h);
    }
    let features: Vec<Value> = v
        .services
        .iter()
        .chain(&v.accessibility)
        .map(|t| &t.label)
        .map(|label| json!({"@type": "LocationFeatureSpecification", "name": label, "value": true}))
        .collect();
    if !features.is_empty() {
        p["amenityFeature"] = json!(features);
    }
    p["isAccessibleForFree"] = json!(true);
    script_safe(&p)
}

/// `Event` for an event page: the next occurrence (or the last, for a past event), the
/// weekly schedule when it repeats, where (Place and/or VirtualLocation) and what it costs.
pub fn for_event(site: &Site, e: &Event) -> String {
    let tz = time::kyiv();
    let Some(o) = e.next_or_last(site.now) else {
        return String::new();
    };
    let mode = match (e.venue.is_some(), e.online.is_some()) {
        (true, true) => "https://schema.org/MixedEventAttendanceMode",
        (false, true) => "https://schema.org/OnlineEventAttendanceMode",
        _ => "https://schema.org/OfflineEventAttendanceMode",
    };
    let mut locations = Vec::new();
    if let Some(i) = e.venue {
        locations.push(place(site, &site.registries.venues[i]));
    }
    if let Some(u) = &e.online {
        locations.push(json!({"@type": "VirtualLocation", "url": u}));
    }
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": e.title,
        "url": site.permalink(&e.path),
        "startDate": time::rfc3339(o.start_utc, &tz),
        "endDate": time::rfc3339(o.end_utc, &tz),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": mode,
        "location": if locations.len() == 1 { locations.remove(0) } else { json!(locations) },
        "inLanguage": site.config.language,
        "organizer": match &e.organizer {
            Some(name) => json!({"@type": "Organization", "name": name}),
            None => organization(site),
        },
    });
    if let Some(free) = e.free {
        v["isAccessibleForFree"] = json!(free);
    }
    if let Some(offer) = offer(site, e) {
        v["offers"] = offer;
    }
    if let Some(places) = e.registration.as_ref().and_then(|r| r.places) {
        v["maximumAttendeeCapacity"] = json!(places);
        if e.signup(site.now) == Signup::Full {
            v["remainingAttendeeCapacity"] = json!(0);
        }
    }
    if !e.audience.is_empty() {
        let labels: Vec<&str> = e.audience.iter().map(|a| a.label.as_str()).collect();
        v["audience"] = json!({"@type": "Audience", "audienceType": labels.join(", ")});
    }
    if let Some(r) = &e.repeat {
        let days = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        let wd = days[e.start.date().weekday().to_monday_zero_offset() as usize];
        let mut schedule = json!({
            "@type": "Schedule",
            "repeatFrequency": "P1W",
            "byDay": format!("https://schema.org/{wd}"),
            "startDate": e.start.date().to_string(),
            "endDate": r.until.to_string(),
            "startTime": e.start.strftime("%H:%M").to_string(),
            "endTime": e.end.strftime("%H:%M").to_string(),
            "scheduleTimezone": time::ZONE,
        });
        if !r.except.is_empty() {
            let except: Vec<String> = r.except.iter().map(|d| d.to_string()).collect();
            schedule["exceptDate"] = json!(except);
        }
        v["eventSchedule"] = schedule;
    }
    script_safe(&v)
}

/// An event's `Offer`: its price when one is known (0 when free), and whether one can still
/// sign up at the build's date — `InStock` only while registration is open and the event
/// upcoming, `SoldOut` when full, `OutOfStock` once `registration.until` has passed,
/// `Discontinued` once the event is over —, valid through the deadline. None when neither a
/// price nor anything about places and deadlines is known.
fn offer(site: &Site, e: &Event) -> Option<Value> {
    let price = match e.free {
        Some(true) => Some(0.0),
        _ => e.price,
    };
    let reg = e.registration.as_ref();
    let limited = reg.is_some_and(|r| r.full.is_some() || r.places.is_some())
        || e.registration_until.is_some();
    if price.is_none() && !limited {
        return None;
    }
    let availability = match e.signup(site.now) {
        Signup::Open => "InStock",
        Signup::Full => "SoldOut",
        Signup::Closed => "OutOfStock",
        Signup::Past => "Discontinued",
    };
    let mut offer = json!({
        "@type": "Offer",
        "availability": format!("https://schema.org/{availability}"),
        "url": reg.and_then(|r| r.url.clone()).unwrap_or_else(|| site.permalink(&e.path)),
    });
    if let Some(p) = price {
        // A whole price as a whole number (200, not 200.0).
        offer["price"] = if p.fract() == 0.0 && p.abs() < 1e15 {
            json!(p as i64)
        } else {
            json!(p)
        };
        offer["priceCurrency"] = json!("UAH");
    }
    if let Some(d) = e.registration_until {
        // A date alone is that whole day; an hour is Kyiv time, with its offset.
        let through = d
            .time
            .and_then(|t| d.date.to_datetime(t).to_zoned(time::kyiv()).ok());
        offer["validThrough"] = json!(match through {
            Some(z) => z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            None => d.date.to_string(),
        });
    }
    Some(offer)
}

/// `CollectionPage` listing the pages at `items`.
pub fn collection<'a>(
    site: &Site,
    title: &str,
    path: &str,
    items: impl Iterator<Item = &'a str>,
) -> String {
    let parts: Vec<Value> = items
        .enumerate()
        .map(|(i, p)| json!({"@type": "ListItem", "position": i + 1, "url": site.permalink(p)}))
        .collect();
    script_safe(&json!({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": title,
        "url": site.permalink(path),
        "inLanguage": site.config.language,
        "mainEntity": {"@type": "ItemList", "itemListElement": parts},
    }))
}

/// `GovernmentService` for an e-service page.
pub fn for_service(site: &Site, s: &Service, path: &str) -> String {
    script_safe(&json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": s.name,
        "description": s.description,
        "url": site.permalink(path),
        "sameAs": s.url,
        "provider": {"@type": "GovernmentOrganization", "name": s.operator},
        "areaServed": {"@type": "Country", "name": "Україна"},
    }))
}
